/** The model layer: the example is valid, and each kind of mistake gets its own clear error. */
import { describe, expect, it } from "vitest";
import { buildModel } from "../model/model.js";
import { formatProblem } from "../model/errors.js";
import { parseQuantity, cidrProblem } from "../model/primitives.js";
import { MAX_ALIASES, MAX_FILE_BYTES } from "../model/source.js";
import { MAX_CONNECTIONS, MAX_EGRESS_RULES, MAX_NAMESPACES, MAX_PORTS } from "../model/schema.js";
import { exampleCatalogue, exampleTenantFiles, minimalTenant, problemsWith } from "./helpers/model.js";

const codes = (problems: readonly { code: string }[]) => problems.map((p) => p.code);

describe("the example repository", () => {
  it("is valid and sorted by tenant id", () => {
    const r = buildModel(exampleCatalogue(), exampleTenantFiles());
    expect(r.problems).toEqual([]);
    expect(r.ok && r.value.tenants.map((t) => t.tenant.id)).toEqual([
      "bolagsverket", "digg", "ekobrott", "isof", "kronofogden", "mfof", "statskontoret",
    ]);
  });
});

describe("fails on tenant files with", () => {
  it("an unknown field, naming file, line, column and field", () => {
    const problems = problemsWith({ "tenants/t1.yaml": minimalTenant("t1", "colour: blue\n") });
    expect(problems.map(formatProblem)).toEqual([
      'tenants/t1.yaml:12:1: colour: unknown field "colour"; check the spelling against the JSON Schema in schema/ [UNKNOWN_FIELD]',
    ]);
  });

  it("a typo in a nested field", () => {
    const text = minimalTenant("t1").replace("pods: 5", "pod: 5");
    const problems = problemsWith({ "tenants/t1.yaml": text });
    expect(codes(problems).sort()).toEqual(["MISSING_FIELD", "UNKNOWN_FIELD"]);
    expect(problems.find((p) => p.code === "UNKNOWN_FIELD")).toMatchObject({
      line: 11, field: "services.container-hosting.namespaces.apps.pod",
    });
  });

  it("every problem of every file in one run", () => {
    const problems = problemsWith({
      "tenants/t1.yaml": minimalTenant("t1").replace("level: low", "level: secret"),
      "tenants/t2.yaml": minimalTenant("t2").replace("cpu: 1,", "cpu: lots,"),
    });
    expect(problems.map((p) => `${p.file} ${p.field}`)).toEqual([
      "tenants/t1.yaml security.level",
      "tenants/t2.yaml services.container-hosting.namespaces.apps.cpu",
    ]);
    expect(problems[0]!.message).toBe('the string "secret" is not allowed; use one of low, moderate, high, very-high');
  });

  it("malformed quantities", () => {
    const [p] = problemsWith({ "tenants/t1.yaml": minimalTenant("t1").replace("memory: 1Gi", "memory: 1GB") });
    expect(p).toMatchObject({ code: "INVALID_FIELD", field: "services.container-hosting.namespaces.apps.memory" });
    expect(p!.message).toContain('"1GB" is not a Kubernetes quantity');
  });

  it("malformed CIDRs and host bits set", () => {
    const egress = (cidr: string) => `    egress: [ { cidr: "${cidr}", ports: [443], reason: "test register" } ]\n`;
    const bad = problemsWith({ "tenants/t1.yaml": minimalTenant("t1", egress("192.0.2.300/32")) });
    expect(bad[0]!.message).toContain("is not a CIDR");
    const hostBits = problemsWith({ "tenants/t1.yaml": minimalTenant("t1", egress("192.0.2.10/24")) });
    expect(hostBits[0]!.message).toContain("did you mean 192.0.2.0/24?");
    expect(hostBits[0]!.field).toBe("services.container-hosting.egress.0.cidr");
    const v6 = problemsWith({ "tenants/t1.yaml": minimalTenant("t1", egress("2001:db8::1/32")) });
    expect(v6[0]!.message).toContain("did you mean 2001:db8::/32?");
    const mapped = problemsWith({ "tenants/t1.yaml": minimalTenant("t1", egress("::ffff:10.1.0.0/104")) });
    expect(mapped[0]!.message).toContain("did you mean ::ffff:a00:0/104?");
    expect(problemsWith({ "tenants/t1.yaml": minimalTenant("t1", egress("::ffff:10.0.0.0/104")) })).toEqual([]);
    const leadingZero = problemsWith({ "tenants/t1.yaml": minimalTenant("t1", egress("192.0.02.10/32")) });
    expect(leadingZero[0]!.message).toContain("is not a CIDR");
  });

  it("a file name that differs from its id", () => {
    const [p] = problemsWith({ "tenants/other.yaml": minimalTenant("t1") });
    expect(p).toMatchObject({ code: "FILE_NAME_MISMATCH", file: "tenants/other.yaml", line: 1, field: "id" });
  });

  it("duplicate ids", () => {
    const problems = problemsWith({ "tenants/t1.yaml": minimalTenant("t1"), "tenants/t1.yml": minimalTenant("t1") });
    expect(problems.map((p) => p.code)).toEqual(["DUPLICATE_ID"]);
    expect(problems[0]!.message).toContain("already declared in tenants/t1.yaml");
  });

  it("an unknown supplier", () => {
    const [p] = problemsWith({ "tenants/t1.yaml": minimalTenant("t1").replace("supplier: forsakringskassan", "supplier: fk") });
    expect(p).toMatchObject({ code: "UNKNOWN_SUPPLIER", field: "supplier", line: 3 });
    expect(p!.message).toContain("forsakringskassan, skatteverket");
  });

  it("an unknown site and a site of another supplier", () => {
    const problems = problemsWith({ "tenants/t1.yaml": minimalTenant("t1").replace("sites: [fk-a]", "sites: [fk-c, skv-a]") });
    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ["UNKNOWN_SITE", "resilience.sites.0"],
      ["SITE_OF_OTHER_SUPPLIER", "resilience.sites.1"],
    ]);
    expect(problems[0]!.message).toContain("forsakringskassan's sites are: fk-a, fk-b");
  });

  it("an unknown service and a service the supplier does not offer", () => {
    const unknown = problemsWith({ "tenants/t1.yaml": minimalTenant("t1", "  email: {}\n") });
    expect(unknown.map((p) => [p.code, p.field])).toEqual([["UNKNOWN_SERVICE", "services.email"]]);
    const notOffered = problemsWith({
      "tenants/t1.yaml": minimalTenant("t1", "  monitoring: {}\n").replace("supplier: forsakringskassan", "supplier: skatteverket").replace("[fk-a]", "[skv-a]"),
    });
    expect(notOffered.map((p) => p.code)).toEqual(["SERVICE_NOT_OFFERED"]);
    expect(notOffered[0]!.message).toContain('supplier "skatteverket" does not offer "monitoring"');
  });

  it("names that would exceed Kubernetes limits", () => {
    const id = "a".repeat(30);
    const text = minimalTenant(id).replace("apps:", `${"n".repeat(40)}:`);
    const problems = problemsWith({ [`tenants/${id}.yaml`]: text });
    expect(problems.map((p) => p.code)).toEqual(["NAME_TOO_LONG"]);
    expect(problems[0]!.message).toBe(`namespace name "${id}-${"n".repeat(40)}" is 71 characters; Kubernetes allows 63: shorten the tenant id or the namespace key`);
    const longId = problemsWith({ [`tenants/${"b".repeat(31)}.yaml`]: minimalTenant("b".repeat(31)) });
    expect(longId[0]).toMatchObject({ code: "INVALID_FIELD", field: "id" });
    expect(longId[0]!.message).toContain("at most 30 characters");
  });

  it("text that could break out of a generated Vault policy", () => {
    const group = problemsWith({ "tenants/t1.yaml": minimalTenant("t1").replace("adminGroup: t1-admins", 'adminGroup: "x\\" } path \\"*\\" {"') });
    expect(group.map((p) => [p.code, p.field])).toEqual([["POLICY_INJECTION", "contacts.adminGroup"]]);
    const domain = problemsWith({ "tenants/t1.yaml": minimalTenant("t1", '  certificates: { domains: ["a.se\\" }"] }\n') });
    expect(domain.map((p) => [p.code, p.field])).toEqual([["POLICY_INJECTION", "services.certificates.domains.0"]]);
  });

  it("a group, certificate domain or ingress host that already belongs to another tenant", () => {
    const t1 = minimalTenant("t1", "    ingress: { hosts: [mfof.example.se] }\n  certificates: { domains: [api.digg.example.se] }\n").replace("adminGroup: t1-admins", "adminGroup: digg-platform");
    const problems = problemsWith({ "tenants/t1.yaml": t1 });
    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ["DUPLICATE_CLAIM", "contacts.adminGroup"],
      ["DUPLICATE_CLAIM", "services.certificates.domains.0"],
      ["DUPLICATE_CLAIM", "services.container-hosting.ingress.hosts.0"],
    ]);
    expect(problems[0]!.message).toBe(
      'group "digg-platform" already belongs to tenant "digg" (tenants/digg.yaml, group "digg-platform"); a group gives access, so each tenant needs its own: change it here, not in tenants/digg.yaml',
    );
  });

  it("one group for both admin and view", () => {
    const [p] = problemsWith({ "tenants/t1.yaml": minimalTenant("t1").replace("adminGroup: t1-admins", "adminGroup: t1-admins, viewGroup: t1-admins") });
    expect(p).toMatchObject({ code: "DUPLICATE_CLAIM", field: "contacts.viewGroup" });
  });

  it("YAML that is not valid", () => {
    const [p] = problemsWith({ "tenants/t1.yaml": "id: t1\nagency: { name: x\n" });
    expect(p).toMatchObject({ code: "YAML_SYNTAX", file: "tenants/t1.yaml" });
    expect(p!.message).toMatch(/^invalid YAML: /);
  });

  it("duplicate keys", () => {
    const [p] = problemsWith({ "tenants/t1.yaml": minimalTenant("t1").replace("supplier: forsakringskassan", "supplier: forsakringskassan\nsupplier: skatteverket") });
    expect(p).toMatchObject({ code: "YAML_SYNTAX", line: 4 });
  });

  it("an empty file and a file of comments only", () => {
    expect(codes(problemsWith({ "tenants/t1.yaml": "" }))).toEqual(["YAML_EMPTY"]);
    expect(codes(problemsWith({ "tenants/t1.yaml": "# nothing yet\n\n" }))).toEqual(["YAML_EMPTY"]);
  });

  it("no error for blank lines and comments before the content, however many", () => {
    // A regular expression over the whole file once took exponential time on leading blank space.
    const text = `${"  \n".repeat(200)}# the tenant\n${minimalTenant("t1")}`;
    expect(problemsWith({ "tenants/t1.yaml": text })).toEqual([]);
    expect(codes(problemsWith({ "tenants/t1.yaml": `${" ".repeat(5000)}\n` }))).toEqual(["YAML_EMPTY"]);
  });

  it("a file that is not a mapping", () => {
    expect(codes(problemsWith({ "tenants/t1.yaml": "- a\n- b\n" }))).toEqual(["INVALID_FIELD"]);
  });

  it("a huge file", () => {
    const text = minimalTenant("t1") + `# ${"x".repeat(MAX_FILE_BYTES)}\n`;
    const [p] = problemsWith({ "tenants/t1.yaml": text });
    expect(p).toMatchObject({ code: "YAML_TOO_LARGE", line: 1 });
  });

  it("a YAML alias bomb", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    const [p] = problemsWith({ "tenants/t1.yaml": `${levels.join("\n")}\n` });
    expect(p).toMatchObject({ code: "YAML_ALIAS_BOMB" });
    expect(p!.message).toContain(`at most ${MAX_ALIASES}`);
  });

  it("a one-sided connection, naming both files", () => {
    const digg = exampleTenantFiles().find((f) => f.path === "tenants/digg.yaml")!.text.replace(/connections:[\s\S]*$/, "");
    const problems = problemsWith({ "tenants/digg.yaml": digg });
    expect(problems.map((p) => [p.code, p.file, p.field])).toEqual([["CONNECTION_ONE_SIDED", "tenants/mfof.yaml", "connections.0"]]);
    expect(problems[0]!.message).toContain("declared in tenants/mfof.yaml but not in tenants/digg.yaml");
  });

  it("a connection written differently on the two sides", () => {
    const digg = exampleTenantFiles().find((f) => f.path === "tenants/digg.yaml")!.text.replace("ports: [443]", "ports: [8443]");
    const problems = problemsWith({ "tenants/digg.yaml": digg });
    expect(problems.map((p) => [p.code, p.file])).toEqual([
      ["CONNECTION_ONE_SIDED", "tenants/digg.yaml"],
      ["CONNECTION_ONE_SIDED", "tenants/mfof.yaml"],
    ]);
  });

  it("a connection to an undeclared namespace or between tenants that share no site", () => {
    const t1 = minimalTenant("t1", "connections: [ { from: t1/apps, to: t2/web, ports: [443], ref: ISA-1 } ]\n");
    const t2 = minimalTenant("t2", "connections: [ { from: t1/apps, to: t2/web, ports: [443], ref: ISA-1 } ]\n").replace("[fk-a]", "[fk-b]");
    const problems = problemsWith({ "tenants/t1.yaml": t1, "tenants/t2.yaml": t2 });
    expect(problems.map((p) => `${p.file} ${p.code}`).sort()).toEqual([
      "tenants/t1.yaml CONNECTION_NO_SHARED_SITE",
      "tenants/t1.yaml UNKNOWN_NAMESPACE",
      "tenants/t2.yaml CONNECTION_NO_SHARED_SITE",
      "tenants/t2.yaml UNKNOWN_NAMESPACE",
    ]);
  });
  it("'--' in a tenant id or a namespace key, which stack ids use as their separator", () => {
    // tenant--mfof--x--fk-a would match 'tenant--mfof--*'; a + b--c and a--b + c would both be tenant--a--b--c.
    const id = problemsWith({ "tenants/mfof--x.yaml": minimalTenant("mfof--x") });
    expect(id.map(formatProblem)).toEqual([
      "tenants/mfof--x.yaml:1:1: id: may not contain '--': stack ids join tenant and site ids with '--' (tenant--<tenant>--<site>), so it would make them ambiguous [INVALID_FIELD]",
    ]);
    const key = problemsWith({ "tenants/t1.yaml": minimalTenant("t1").replace("apps:", "a--b:") });
    expect(key.map((p) => [p.code, p.field])).toEqual([["INVALID_FIELD", "services.container-hosting.namespaces.a--b"]]);
    expect(key[0]!.message).toContain("may not contain '--'");
  });

  it("a value of the wrong type, saying what was found rather than that it is missing", () => {
    const wrong = (from: string, to: string) => problemsWith({ "tenants/t1.yaml": minimalTenant("t1").replace(from, to) }).map(formatProblem);
    expect(wrong("priority: 3", "priority: high")).toEqual([
      'tenants/t1.yaml:6:30: resilience.priority: expected a number, got the string "high" [INVALID_FIELD]',
    ]);
    expect(wrong("pods: 5", 'pods: "20"')).toEqual([
      'tenants/t1.yaml:11:50: services.container-hosting.namespaces.apps.pods: expected a number, got the string "20" [INVALID_FIELD]',
    ]);
    expect(wrong("classifiedInformation: false", 'classifiedInformation: "no"')).toEqual([
      'tenants/t1.yaml:5:25: security.classifiedInformation: expected true or false, got the string "no" [INVALID_FIELD]',
    ]);
    expect(wrong("contacts: { adminGroup: t1-admins }", "contacts: [x]")).toEqual([
      "tenants/t1.yaml:7:1: contacts: expected a mapping, got a list [INVALID_FIELD]",
    ]);
    expect(wrong("pods: 5", "pods: .inf")[0]).toContain("expected a number, got .inf [INVALID_FIELD]");
    expect(wrong(", priority: 3", "")[0]).toContain("resilience.priority: required field is missing (expected a number) [MISSING_FIELD]");
    expect(wrong("priority: 3", "priority: ")[0]).toContain("resilience.priority: expected a number, got an empty value; write a value, or leave the field out if it is optional [INVALID_FIELD]");
    // Left out is missing whatever the field's check is (a quantity is a union of number and text).
    expect(wrong("cpu: 1, ", "")[0]).toContain("services.container-hosting.namespaces.apps.cpu: required field is missing [MISSING_FIELD]");
  });

  it("a value out of range or of the wrong form, in our words with the value found, never zod's", () => {
    const wrong = (from: string, to: string) => problemsWith({ "tenants/t1.yaml": minimalTenant("t1").replace(from, to) }).map(formatProblem);
    const cases: [string, string, string][] = [
      ["priority: 3", "priority: 7", "resilience.priority: the number 7 is too large: at most 5 is allowed [INVALID_FIELD]"],
      ["priority: 3", "priority: 0", "resilience.priority: the number 0 is too small: at least 1 is allowed [INVALID_FIELD]"],
      ["priority: 3", "priority: 2.5", "resilience.priority: expected a whole number, got the number 2.5 [INVALID_FIELD]"],
      ['name: "Test agency"', 'name: " "', "agency.name: is empty; write a value [INVALID_FIELD]"],
      ["pods: 5", "pods: 0", "services.container-hosting.namespaces.apps.pods: the number 0 is too small: more than 0 is allowed [INVALID_FIELD]"],
      ["phase: run", "phase: running", 'agreement.phase: the string "running" is not allowed; use one of initiate, plan, build, run, decommission [INVALID_FIELD]'],
      // A schema's own message is kept.
      ["cpu: 1,", "cpu: true,", "services.container-hosting.namespaces.apps.cpu: true is not a Kubernetes quantity; write a number with an optional suffix: m, k, M, G, T, Ki, Mi, Gi, Ti (e.g. 500m, 32Gi) [INVALID_FIELD]"],
      ["Test agency", "x".repeat(300), `agency.name: the string "${"x".repeat(40)}..." is too long: at most 200 characters are allowed [INVALID_FIELD]`],
    ];
    for (const [from, to, expected] of cases) {
      const problems = wrong(from, to);
      expect(problems, to.slice(0, 30)).toHaveLength(1);
      expect(problems[0]!.replace(/^tenants\/t1\.yaml:\d+:\d+: /, "")).toBe(expected);
      expect(problems[0]).not.toMatch(/Too (big|small)|Invalid (input|option|string)|expected (number|string|int)\b/);
    }
  });

  it("a repeated egress rule or connection, not only a repeated port", () => {
    const rule = '{ cidr: 192.0.2.1/32, ports: [443], reason: "register" }';
    const problems = problemsWith({ "tenants/t1.yaml": minimalTenant("t1", `    egress: [ ${rule}, { reason: "register", ports: [443], cidr: 192.0.2.1/32 } ]\n`) });
    expect(problems.map((p) => [p.code, p.field, p.message])).toEqual([
      ["DUPLICATE_ENTRY", "services.container-hosting.egress.1", "a mapping is already entry 0 of this list; list each entry once"],
    ]);
  });

  it("a tenant id whose namespaces would start kube- or openshift-, or take the site's state namespace", () => {
    for (const id of ["kube-a", "openshift-x"]) {
      expect(problemsWith({ [`tenants/${id}.yaml`]: minimalTenant(id) }).map((p) => [p.code, p.field])).toEqual([["RESERVED_NAME", "id"]]);
    }
    const cat = exampleCatalogue();
    const sites = { ...cat.sites, text: cat.sites.text.replace("state: { backend: local }", "state: { backend: kubernetes, namespace: tf-state }") };
    const problems = problemsWith({ "tenants/tf.yaml": minimalTenant("tf").replace("apps:", "state:") }, { ...cat, sites });
    expect(problems.map((p) => [p.code, p.field, p.message])).toEqual([
      ["RESERVED_NAME", "services.container-hosting.namespaces.state", 'namespace name "tf-state" holds the Terraform state of site fk-a; choose another namespace key'],
    ]);
  });

  it("text that Terraform or cdktf would interpret, in any field", () => {
    const problems = problemsWith({
      "tenants/t1.yaml": minimalTenant("t1", '    egress: [ { cidr: 192.0.2.1/32, ports: [443], reason: "register %{ if true }" } ]\n').replace('"Test agency"', '"Agency ${var.x}"'),
      "tenants/t2.yaml": minimalTenant("t2").replace('"Test agency"', '"#{TfToken[NUMBER.1]}"'),
    });
    expect(problems.map((p) => [p.file, p.code, p.field])).toEqual([
      ["tenants/t1.yaml", "TERRAFORM_SYNTAX", "agency.name"],
      ["tenants/t1.yaml", "TERRAFORM_SYNTAX", "services.container-hosting.egress.0.reason"],
      ["tenants/t2.yaml", "TERRAFORM_SYNTAX", "agency.name"],
    ]);
    expect(formatProblem(problems[0]!)).toBe(
      'tenants/t1.yaml:2:11: agency.name: text may not hold "${": Terraform reads "${" and "%{" as template syntax and cdktf reads "#{TfToken[" as a token, so it would not reach the output as written [TERRAFORM_SYNTAX]',
    );
    expect(problems[1]!.message).toContain('may not hold "%{"');
    expect(problems[2]!.message).toContain('may not hold "#{TfToken["');
  });

  it("every problem of a file in one run: how it is written and its schema", () => {
    const text = minimalTenant("t1").replace('"Test agency"', '"Agency ${var.x}"').replace("pods: 5", 'pods: "5"');
    expect(text).toContain('pods: "5"');
    expect(problemsWith({ "tenants/t1.yaml": text }).map((p) => [p.code, p.field])).toEqual([
      ["TERRAFORM_SYNTAX", "agency.name"],
      ["INVALID_FIELD", "services.container-hosting.namespaces.apps.pods"],
    ]);
  });

  it("the same entry twice in a list, naming the repeat and the first", () => {
    const listed = (extra: string, from = "", to = "") => problemsWith({ "tenants/t1.yaml": minimalTenant("t1", extra).replace(from, to) });
    const keys = listed("  encryption: { keys: [docs, docs] }\n");
    expect(keys.map(formatProblem)).toEqual([
      'tenants/t1.yaml:12:30: services.encryption.keys.1: the string "docs" is already entry 0 of this list; list each entry once [DUPLICATE_ENTRY]',
    ]);
    const cases: [string, string, string, string][] = [
      ["    ingress: { hosts: [a.example.se, b.example.se, a.example.se] }\n", "", "", "services.container-hosting.ingress.hosts.2"],
      ["  certificates: { domains: [a.example.se, a.example.se] }\n", "", "", "services.certificates.domains.1"],
      ["    egress: [ { cidr: 192.0.2.1/32, ports: [443, 8443, 443], reason: register } ]\n", "", "", "services.container-hosting.egress.0.ports.2"],
      ["connections: [ { from: t1/apps, to: digg/api, ports: [443, 443], ref: ISA-1 } ]\n", "", "", "connections.0.ports.1"],
      ["", "sites: [fk-a]", "sites: [fk-a, fk-a]", "resilience.sites.1"],
    ];
    for (const [extra, from, to, field] of cases) expect(listed(extra, from, to).map((p) => [p.code, p.field])).toEqual([["DUPLICATE_ENTRY", field]]);
  });

  it("more namespaces, egress rules, connections or ports than a tenant may have", () => {
    const namespaces = Array.from({ length: MAX_NAMESPACES + 1 }, (_, i) => `      n${i}: { cpu: 1, memory: 1Gi, storage: 1Gi, pods: 5 }\n`).join("");
    const many = problemsWith({ "tenants/t1.yaml": minimalTenant("t1").replace(/ {6}apps:.*\n/, namespaces) });
    expect(many.map((p) => [p.code, p.field, p.message])).toEqual([
      ["TOO_MANY_ENTRIES", "services.container-hosting.namespaces", "at most 20 namespaces per tenant; ask the supplier to split the tenant or to raise the limit"],
    ]);
    const rules = Array.from({ length: MAX_EGRESS_RULES + 1 }, (_, i) => `{ cidr: 192.0.2.${i}/32, ports: [443], reason: register }`);
    const egress = problemsWith({ "tenants/t1.yaml": minimalTenant("t1", `    egress: [ ${rules.join(", ")} ]\n`) });
    expect(egress.map((p) => [p.code, p.field])).toEqual([["TOO_MANY_ENTRIES", "services.container-hosting.egress"]]);
    expect(egress[0]!.message).toContain("at most 50 egress rules per tenant");
    const flows = Array.from({ length: MAX_CONNECTIONS + 1 }, (_, i) => `{ from: t1/apps, to: digg/api, ports: [${i + 1}], ref: ISA-1 }`);
    const connections = problemsWith({ "tenants/t1.yaml": minimalTenant("t1", `connections: [ ${flows.join(", ")} ]\n`) });
    expect(connections.map((p) => [p.code, p.field])).toEqual([["TOO_MANY_ENTRIES", "connections"]]);
    expect(connections[0]!.message).toContain("at most 50 connections per tenant");
    const manyPorts = Array.from({ length: MAX_PORTS + 1 }, (_, i) => 8000 + i).join(", ");
    const ports = problemsWith({ "tenants/t1.yaml": minimalTenant("t1", `    egress: [ { cidr: 192.0.2.1/32, ports: [${manyPorts}], reason: register } ]\n`) });
    expect(ports.map((p) => [p.code, p.field, p.message])).toEqual([
      ["TOO_MANY_ENTRIES", "services.container-hosting.egress.0.ports", "at most 20 ports per egress rule or connection; split it in two, or ask the supplier to raise the limit"],
    ]);
  });

  it("a tenant id that Vault or Kubernetes reserves, or that is a site's Vault path", () => {
    for (const id of ["sys", "auth", "identity", "cubbyhole", "audit", "kube", "openshift", "default"]) {
      const problems = problemsWith({ [`tenants/${id}.yaml`]: minimalTenant(id) });
      expect(problems.map((p) => [p.code, p.field])).toEqual([["RESERVED_NAME", "id"]]);
    }
    expect(problemsWith({ "tenants/sys.yaml": minimalTenant("sys") })[0]!.message).toBe(
      '"sys" is reserved: Vault reserves the path sys/ for itself; choose another tenant id',
    );
    const pki = problemsWith({ "tenants/pki.yaml": minimalTenant("pki") });
    expect(pki.map((p) => [p.code, p.field])).toEqual([["RESERVED_NAME", "id"]]);
    expect(pki[0]!.message).toContain('tenant id "pki" is the Vault PKI mount of sites fk-a, fk-b, skv-a, skv-b');
    // Auth methods live under auth/, apart from secrets engines: a tenant may share the auth path's name.
    expect(problemsWith({ "tenants/kubernetes.yaml": minimalTenant("kubernetes") })).toEqual([]);
  });

  it("a namespace name that is a platform namespace of the tenant's site", () => {
    const problems = problemsWith({ "tenants/ingress.yaml": minimalTenant("ingress").replace("apps:", "nginx:") });
    expect(problems.map(formatProblem)).toEqual([
      'tenants/ingress.yaml:11:7: services.container-hosting.namespaces.nginx: namespace name "ingress-nginx" is the ingress namespace of site fk-a; choose another namespace key [RESERVED_NAME]',
    ]);
  });

  it("two tenants generating the same namespace name, naming both files", () => {
    const problems = problemsWith({
      "tenants/ab.yaml": minimalTenant("ab").replace("apps:", "web-x:"),
      "tenants/ab-web.yaml": minimalTenant("ab-web").replace("apps:", "x:").replace("phase: run, ref: FK-TEST-1, acceptedAt: 2025-01-01", "phase: plan"),
    });
    expect(problems.map((p) => [p.code, p.file, p.field])).toEqual([["DUPLICATE_CLAIM", "tenants/ab-web.yaml", "services.container-hosting.namespaces.x"]]);
    expect(problems[0]!.message).toContain('namespace name "ab-web-x" already belongs to tenant "ab" (tenants/ab.yaml');
  });

  it("zero quantities in either form, and .inf or .nan", () => {
    const quota = (from: string, to: string) => problemsWith({ "tenants/t1.yaml": minimalTenant("t1").replace(from, to) }).map((p) => p.message);
    expect(quota("cpu: 1,", 'cpu: "0",')).toEqual(['a quantity must be greater than zero, not "0"']);
    expect(quota("memory: 1Gi", "memory: 0Gi")).toEqual(['a quantity must be greater than zero, not "0Gi"']);
    expect(quota("cpu: 1,", "cpu: 0,")).toEqual(["a quantity must be greater than zero"]);
    expect(quota("cpu: 1,", "cpu: .inf,")[0]).toMatch(/^\.inf is not a Kubernetes quantity; write a number/);
    expect(quota("cpu: 1,", "cpu: .nan,")[0]).toMatch(/^\.nan is not a Kubernetes quantity/);
  });

  it("two YAML documents in one file, but not one document that starts with ---", () => {
    expect(problemsWith({ "tenants/t1.yaml": `${minimalTenant("t1")}---\nid: t2\n` }).map(formatProblem)).toEqual([
      "tenants/t1.yaml:12:1: one YAML document per file: remove the second '---' and what follows it, or move that document to a file of its own [YAML_SYNTAX]",
    ]);
    expect(problemsWith({ "tenants/t1.yaml": `---\n${minimalTenant("t1")}` })).toEqual([]);
  });

  it("a key that is a list or a mapping", () => {
    const problems = problemsWith({ "tenants/t1.yaml": `${minimalTenant("t1")}? [a, b]\n: c\n` });
    expect(problems.map(formatProblem)).toEqual(["tenants/t1.yaml:12:3: a key must be a plain name, not a list or a mapping [YAML_SYNTAX]"]);
  });
});

describe("fails on catalogue files with", () => {
  it("a site of an unknown supplier", () => {
    const cat = exampleCatalogue();
    const sites = { ...cat.sites, text: cat.sites.text.replace("supplier: skatteverket", "supplier: trafikverket") };
    const problems = problemsWith({}, { ...cat, sites });
    expect(problems[0]).toMatchObject({ code: "UNKNOWN_SUPPLIER", file: "catalogue/sites.yaml", field: "sites.2.supplier", line: 37 });
    // The tenants placed on that site now point at a site of another supplier, and say so.
    expect(new Set(problems.slice(1).map((p) => p.code))).toEqual(new Set(["SITE_OF_OTHER_SUPPLIER"]));
  });

  it("state key and schema prefixes Terraform or PostgreSQL would refuse", () => {
    const cat = exampleCatalogue();
    const withState = (from: string, to: string) => problemsWith({}, { ...cat, sites: { ...cat.sites, text: cat.sites.text.replace(from, to) } });
    expect(withState("keyPrefix: samdrift,", "keyPrefix: samdrift/,")[0]).toMatchObject({ code: "INVALID_FIELD", field: "sites.2.state.keyPrefix", message: expect.stringContaining("may not start or end with '/'") });
    expect(withState("keyPrefix: samdrift,", "keyPrefix: a//b,")[0]).toMatchObject({ field: "sites.2.state.keyPrefix", message: expect.stringContaining("may not contain '//'") });
    expect(withState("schemaPrefix: samdrift", `schemaPrefix: ${"s".repeat(21)}`)[0]).toMatchObject({ code: "INVALID_FIELD", field: "sites.3.state.schemaPrefix" });
  });

  it("a site id too long for derived stack names", () => {
    const cat = exampleCatalogue();
    const sites = { ...cat.sites, text: cat.sites.text.replace("id: fk-a", `id: ${"f".repeat(21)}`) };
    const problems = problemsWith({}, { ...cat, sites });
    expect(problems[0]).toMatchObject({ code: "INVALID_FIELD", field: "sites.0.id" });
  });

  it("'--' in a site id, or text Terraform would interpret", () => {
    const cat = exampleCatalogue();
    const sites = { ...cat.sites, text: cat.sites.text.replace("k8s-app: kube-dns", '"${x}": kube-dns') };
    const problems = problemsWith({}, { ...cat, sites });
    expect(problems.map((p) => [p.code, p.field])).toEqual([["TERRAFORM_SYNTAX", "sites.0.kubernetes.dns.podLabels.${x}"]]);
    const dashes = problemsWith({}, { ...cat, sites: { ...cat.sites, text: cat.sites.text.replace("id: fk-a", "id: fk--a") } });
    expect(dashes[0]).toMatchObject({ code: "INVALID_FIELD", field: "sites.0.id" });
    expect(dashes[0]!.message).toContain("may not contain '--'");
    const services = { ...cat.services, text: cat.services.text.replace("Isolated Kubernetes namespaces", "Isolated %{ for x } namespaces") };
    expect(problemsWith({}, { ...cat, services }).map((p) => [p.code, p.field])).toEqual([["TERRAFORM_SYNTAX", "services.0.description"]]);
  });
});

describe("primitives", () => {
  it("parses Kubernetes quantities into base units", () => {
    expect(parseQuantity("500m")).toBe(0.5);
    expect(parseQuantity("32Gi")).toBe(32 * 2 ** 30);
    expect(parseQuantity("1.5T")).toBe(1.5e12);
    expect(parseQuantity(8)).toBe(8);
  });

  it("accepts canonical IPv4 and IPv6 CIDRs", () => {
    expect(cidrProblem("10.0.0.0/8")).toBeUndefined();
    expect(cidrProblem("2001:db8::/32")).toBeUndefined();
    expect(cidrProblem("2001:db8::1/32")).toContain("did you mean 2001:db8::/32?");
    expect(cidrProblem("10.0.0.0/33")).toContain("exceeds 32");
  });
});
