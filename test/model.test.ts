/** The model layer: the example is valid, and each kind of mistake gets its own clear error. */
import { describe, expect, it } from "vitest";
import { buildModel } from "../model/model.js";
import { formatProblem } from "../model/errors.js";
import { parseQuantity, cidrProblem } from "../model/primitives.js";
import { MAX_ALIASES, MAX_FILE_BYTES } from "../model/source.js";
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
    expect(problems[0]!.message).toContain('"low"|"moderate"|"high"|"very-high"');
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
    expect(problems[0]!.message).toBe('group "digg-platform" already belongs to tenant "digg" (tenants/digg.yaml); a group gives access, so each tenant needs its own');
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

  it("a site id too long for derived stack names", () => {
    const cat = exampleCatalogue();
    const sites = { ...cat.sites, text: cat.sites.text.replace("id: fk-a", `id: ${"f".repeat(21)}`) };
    const problems = problemsWith({}, { ...cat, sites });
    expect(problems[0]).toMatchObject({ code: "INVALID_FIELD", field: "sites.0.id" });
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
