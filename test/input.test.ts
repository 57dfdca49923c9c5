/**
 * Input a hostile or careless tenant-file author writes: text that looks like one thing and is another,
 * keys that JavaScript objects treat specially, placeholders left in, and lists long enough to make
 * synthesis slow. Each is refused when the file is read, at the field that holds it.
 */
import { describe, expect, it } from "vitest";
import { buildModel } from "../model/model.js";
import {
  MAX_APPROVALS, MAX_CERT_DOMAINS, MAX_EXCEPTIONS, MAX_INGRESS_HOSTS, MAX_LABELS, MAX_TENANT_SITES, MAX_TRANSIT_KEYS,
} from "../model/schema.js";
import { PLACEHOLDER_NAME, PLACEHOLDER_ORG_NUMBER } from "../model/primitives.js";
import { matchText, visibleLength } from "../lib/text.js";
import { MAX_PROBLEMS_PER_FILE } from "../model/source.js";
import { exampleCatalogue, minimalTenant, problemsWith } from "./helpers/model.js";

const onT1 = (text: string) => problemsWith({ "tenants/t1.yaml": text }).filter((p) => p.file === "tenants/t1.yaml");
const fields = (problems: readonly { code: string; field: string }[]) => problems.map((p) => [p.code, p.field]);

describe("invisible characters", () => {
  it("are refused in an agency name, naming the code point, so an excluded agency cannot hide behind one", () => {
    const problems = onT1(minimalTenant("t1").replace('"Test agency"', '"Försvars\\u200Bmakten"'));
    expect(fields(problems)).toEqual([["INVISIBLE_CHARACTER", "agency.name"]]);
    expect(problems[0]!.message).toContain("U+200B (zero-width space) at position 9");
  });

  it("are refused in every kind of text: reasons, references, keys, whatever the character", () => {
    const cases: [string, string, string][] = [
      // 20 zero-width joiners would pass a length rule that counts code units.
      [`exceptions: [ { rule: EXP-003, reason: "${"\\u200D".repeat(20)}", expires: 2027-01-01, ref: RA-1 } ]\n`, "exceptions.0.reason", "U+200D"],
      // A right-to-left override makes "gpj.exe" read as "exe.jpg".
      [`exceptions: [ { rule: EXP-003, reason: "reviewed and accepted \\u202Eslarutan", expires: 2027-01-01, ref: RA-1 } ]\n`, "exceptions.0.reason", "U+202E"],
      [`approvals: [ { change: remove-tenant, ref: CR-1, by: "Anna\\u2066 Andersson" } ]\n`, "approvals.0.by", "U+2066"],
      [`approvals: [ { change: remove-tenant, ref: CR-1, by: "Anna\\u00ADAndersson" } ]\n`, "approvals.0.by", "U+00AD"],
      [`approvals: [ { change: remove-tenant, ref: CR-1, by: "Anna\\u0007" } ]\n`, "approvals.0.by", "U+0007"],
    ];
    for (const [extra, field, cp] of cases) {
      const problems = onT1(minimalTenant("t1", extra));
      expect(fields(problems), field).toEqual([["INVISIBLE_CHARACTER", field]]);
      expect(problems[0]!.message).toContain(cp);
    }
    const key = onT1(minimalTenant("t1").replace("      apps:", '      "ap\\uFEFFps":'));
    expect(key.map((p) => p.code)).toContain("INVISIBLE_CHARACTER");
  });

  it("leave multi-line text its line feeds and tabs", () => {
    const reason = "Citizen e-service;\\n\\trisk assessment RA-12 accepts exposure";
    expect(onT1(minimalTenant("t1", `exceptions: [ { rule: EXP-003, reason: "${reason}", expires: 2027-01-01, ref: RA-1 } ]\n`))).toEqual([]);
  });

  it("are refused in the catalogue too", () => {
    const catalogue = exampleCatalogue();
    catalogue.suppliers = { ...catalogue.suppliers, text: catalogue.suppliers.text.replace("{ name: Försvarsmakten }", '{ name: "Försvarsmakten\\u200C" }') };
    const problems = buildModel(catalogue, []).problems;
    expect(fields(problems)).toEqual([["INVISIBLE_CHARACTER", "excludedOrganisations.0.name"]]);
  });
});

describe("one form for comparing and measuring human text", () => {
  it("folds case, compatibility forms and spacing, and drops what a reader cannot see", () => {
    expect(matchText("  ＦÖＲＳＶＡＲＳ\u00a0MAKTEN\u200b ")).toBe(matchText("försvars makten"));
    expect(matchText("ﬁnansinspektionen")).toBe("finansinspektionen");
    expect(visibleLength("\u200d".repeat(20))).toBe(0);
    expect(visibleLength("e\u0301")).toBe(1);
    expect(visibleLength("a    b")).toBe(3);
  });
});

describe("keys that JavaScript objects treat specially", () => {
  it("are refused in every map, never dropped or looked up by accident", () => {
    for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty", "__defineGetter__", "__samdrift"]) {
      const problems = onT1(minimalTenant("t1").replace("      apps:", `      ${JSON.stringify(key)}:`));
      expect(problems.map((p) => [p.code, p.field]), key).toContainEqual(["RESERVED_KEY", `services.container-hosting.namespaces.${key}`]);
    }
  });

  it("are never found where nobody declared them: a connection to digg/constructor names no namespace", () => {
    const problems = onT1(minimalTenant("t1", "connections: [ { from: t1/apps, to: digg/constructor, ports: [443], ref: ISA-1 } ]\n"));
    expect(problems.map((p) => [p.code, p.field])).toContainEqual(["UNKNOWN_NAMESPACE", "connections.0.to"]);
  });

  it("are refused in the catalogue's maps (labels, thresholds, fee prices)", () => {
    const catalogue = exampleCatalogue();
    const fees = catalogue.fees!.map((f) => ({ ...f, text: f.text.replace("secrets: { ", "secrets: { __proto__: 1, ") }));
    const problems = buildModel({ ...catalogue, fees }, []).problems;
    expect(new Set(problems.map((p) => p.code))).toEqual(new Set(["RESERVED_KEY"]));
    expect(problems[0]!.field).toMatch(/^schedules\.\d+\.prices\.secrets\.__proto__$/);
  });
});

describe("organisation numbers and placeholders", () => {
  it("refuses a number whose check digit is wrong, or that is a personal identity number", () => {
    for (const [number, hint] of [["202100-0002", "check digit"], ["850101-0007", "month"]] as const) {
      const problems = onT1(minimalTenant("t1").replace("202100-0001", number));
      expect(fields(problems), number).toEqual([["INVALID_FIELD", "agency.orgNumber"]]);
      expect(problems[0]!.message).toContain(hint);
    }
  });

  it("lets a scaffolded file keep new-tenant's placeholders while it creates nothing", () => {
    const scaffolded = minimalTenant("t1")
      .replace('"Test agency"', JSON.stringify(PLACEHOLDER_NAME))
      .replace("202100-0001", PLACEHOLDER_ORG_NUMBER)
      .replace("phase: run, ref: FK-TEST-1, acceptedAt: 2025-01-01", "phase: initiate");
    expect(onT1(scaffolded)).toEqual([]);
  });

  it("refuses the placeholders from phase build on, however the name is written", () => {
    for (const name of [PLACEHOLDER_NAME, "todo agency", " TODO"]) {
      const file = minimalTenant("t1").replace('"Test agency"', JSON.stringify(name)).replace("202100-0001", PLACEHOLDER_ORG_NUMBER);
      expect(fields(onT1(file)), name).toEqual([["PLACEHOLDER", "agency.orgNumber"], ["PLACEHOLDER", "agency.name"]]);
    }
  });
});

describe("lists longer than a tenant may have", () => {
  const many = (n: number, f: (i: number) => string) => Array.from({ length: n + 1 }, (_, i) => f(i)).join(", ");
  it("are refused for every list of a tenant file, each at its own cap", () => {
    const cases: [string, string, string][] = [
      ["    ingress: { hosts: [" + many(MAX_INGRESS_HOSTS, (i) => `h${i}.t1.example.se`) + "] }\n", "", "services.container-hosting.ingress.hosts"],
      ["  certificates: { domains: [" + many(MAX_CERT_DOMAINS, (i) => `c${i}.t1.example.se`) + "] }\n", "", "services.certificates.domains"],
      ["  encryption: { keys: [" + many(MAX_TRANSIT_KEYS, (i) => `k${i}`) + "] }\n", "", "services.encryption.keys"],
      ["", `exceptions: [ ${many(MAX_EXCEPTIONS, (i) => `{ rule: EXP-003, reason: "reason number ${i} for this exception", expires: 2027-01-01, ref: RA-${i} }`)} ]\n`, "exceptions"],
      ["", `approvals: [ ${many(MAX_APPROVALS, (i) => `{ change: "drop-site:s${i}", ref: CR-${i}, by: Anna }`)} ]\n`, "approvals"],
    ];
    for (const [service, top, field] of cases) {
      const problems = onT1(minimalTenant("t1", service) + top);
      expect(fields(problems), field).toEqual([["TOO_MANY_ENTRIES", field]]);
      expect(problems[0]!.message).toMatch(/^at most \d+ /);
    }
    const sites = onT1(minimalTenant("t1").replace("sites: [fk-a]", `sites: [${many(MAX_TENANT_SITES, (i) => `s${i}`)}]`));
    expect(sites.map((p) => [p.code, p.field])).toContainEqual(["TOO_MANY_ENTRIES", "resilience.sites"]);
  });

  it("are refused for the catalogue's maps too", () => {
    const catalogue = exampleCatalogue();
    const labels = Array.from({ length: MAX_LABELS + 1 }, (_, i) => `l${i}: v`).join(", ");
    catalogue.sites = { ...catalogue.sites, text: catalogue.sites.text.replace(/podLabels: \{[^}]*\}/, `podLabels: { ${labels} }`) };
    const problems = buildModel(catalogue, []).problems;
    expect(problems.map((p) => p.code)).toEqual(["TOO_MANY_ENTRIES"]);
    expect(problems[0]!.field).toMatch(/podLabels$/);
  });
});

describe("a file with a flood of problems", () => {
  it("reports the first ones and how many more, not every token after a missing quote", () => {
    const entries = Array.from({ length: 400 }, (_, i) => `  - { change: "drop-site:s${i}, ref: CR-${i}, by: Anna }`).join("\n");
    const problems = onT1(`${minimalTenant("t1")}approvals:\n${entries}\n`);
    expect(problems).toHaveLength(MAX_PROBLEMS_PER_FILE);
    expect(problems.at(-1)!.message).toMatch(/^and \d+ more problems after this one in the file; fix these and run again$/);
  });
});
