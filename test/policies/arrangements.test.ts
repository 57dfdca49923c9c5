/**
 * The arrangement rules (ADM-004 and the swedish-ordinance, municipal-federation and danish-municipal packs),
 * one compliant and one non-compliant case each, on the example catalogue with Skatteverket turned into a
 * supplier of another arrangement where a rule needs one.
 */
import { describe, expect, it } from "vitest";
import { check, model, tenant, type SuppliersDoc } from "./helpers.js";
import { adm004 } from "../../policies/rules/adm-004-identifier-scheme.js";
import { ord001 } from "../../policies/rules/ord-001-state-agencies-only.js";
import { ord002 } from "../../policies/rules/ord-002-ordinance-exclusions.js";
import { fed001 } from "../../policies/rules/fed-001-member-only.js";
import { fed002 } from "../../policies/rules/fed-002-members-listed.js";
import { dkm001 } from "../../policies/rules/dkm-001-danish-municipalities.js";
import { dkm002 } from "../../policies/rules/dkm-002-processor-agreement-on.js";
import { cvrOf, cvrNumber, orgNumber } from "../../model/primitives.js";

type SupplierDoc = SuppliersDoc["suppliers"][number];
/** Skatteverket's entry changed as given (it keeps its very-high sites skv-a and skv-b). */
const skv = (change: Partial<SupplierDoc>) => ({
  suppliers: (d: SuppliersDoc): SuppliersDoc => ({ ...d, suppliers: d.suppliers.map((s) => (s.id === "skatteverket" ? { ...s, ...change } : s)) }),
});
const onSkv = { supplier: "skatteverket", agreement: { phase: "run" as const, ref: "SKV-2026-0001", acceptedAt: "2026-01-15" }, resilience: { sites: ["skv-a", "skv-b"], priority: 2 } };
const federation = skv({ arrangement: "municipal-federation", serves: ["municipality"], members: [{ name: "Gnosjö kommun", orgNumber: "212999-0020" }] });
const danish = skv({ arrangement: "danish-municipal", serves: ["municipality"] });
const municipality = (orgId: { orgNumber: string } | { cvr: string }, name = "Gnosjö kommun") => ({ agency: { name, ...orgId, kind: "municipality" as const } });

describe("organisation identifiers", () => {
  it("check a CVR number by modulus 11 and a Swedish number by Luhn, each naming its scheme", () => {
    expect(cvrNumber.safeParse("29189846").success).toBe(true);
    expect(cvrOf("1374813")).toBe("13748136"); // Erhvervsstyrelsen's worked example
    expect(cvrNumber.safeParse("29189847").error?.issues[0]?.message).toMatch(/^a Danish CVR number whose digits pass the modulus-11 check/);
    expect(cvrNumber.safeParse("DK29189846").error?.issues.map((i) => i.message)).toEqual(["a Danish CVR number written as eight digits, NNNNNNNN (no spaces, no DK prefix)"]);
    expect(orgNumber.safeParse("202100-6355").error?.issues[0]?.message).toMatch(/^a Swedish organisation number whose last digit/);
  });
});

describe("ADM-004 identifier scheme of the arrangement", () => {
  it("accepts a CVR number at a Danish supplier and refuses a Swedish number there", () => {
    expect(check(adm004, model([tenant("kbh", { ...onSkv, ...municipality({ cvr: "29189846" }, "Københavns Kommune") })], danish))).toEqual([]);
    expect(check(adm004, model([tenant("kbh", { ...onSkv, ...municipality({ orgNumber: "212999-0020" }) })], danish))).toMatchObject([
      { field: "agency.orgNumber", message: expect.stringContaining("knows its tenants by Danish CVR number; write agency.cvr") },
    ]);
  });
  it("refuses a CVR number at a Swedish state supplier", () => {
    expect(check(adm004, model([tenant("dk", municipality({ cvr: "29189846" }))]))).toMatchObject([{ field: "agency.cvr" }]);
  });
});

describe("ORD-001 state agencies only", () => {
  it("accepts a state agency and refuses a municipality even when serves lists it", () => {
    const widened = { suppliers: (d: SuppliersDoc): SuppliersDoc => ({ ...d, suppliers: d.suppliers.map((s) => ({ ...s, serves: ["state-agency", "municipality"] as const })) }) };
    expect(check(ord001, model([tenant("a")], widened))).toEqual([]);
    expect(check(ord001, model([tenant("gnosjo", municipality({ orgNumber: "212999-0020" }))], widened))).toMatchObject([{ field: "agency.kind", message: expect.stringContaining("covers state agencies only") }]);
  });
  it("leaves the tenants of other arrangements alone", () => {
    expect(check(ord001, model([tenant("gnosjo", { ...onSkv, ...municipality({ orgNumber: "212999-0020" }) })], federation))).toEqual([]);
  });
});

describe("ORD-002 the ordinance's excluded agencies are listed", () => {
  it("accepts the example catalogue and names an agency dropped from it", () => {
    expect(check(ord002, model([]))).toEqual([]);
    const dropped = { suppliers: (d: SuppliersDoc): SuppliersDoc => ({ ...d, excludedOrganisations: d.excludedOrganisations!.filter((o) => o.name !== "Säkerhetspolisen") }) };
    expect(check(ord002, model([], dropped))).toMatchObject([{ tenant: "", message: expect.stringContaining("does not name Säkerhetspolisen") }]);
  });
});

describe("FED-001 members only", () => {
  it("accepts a member by organisation number and refuses a non-member of the same name", () => {
    expect(check(fed001, model([tenant("gnosjo", { ...onSkv, ...municipality({ orgNumber: "212999-0020" }) })], federation))).toEqual([]);
    expect(check(fed001, model([tenant("gnosjo", { ...onSkv, ...municipality({ orgNumber: "212999-0079" }) })], federation))).toMatchObject([
      { field: "agency.orgNumber", message: expect.stringContaining("212999-0079 is not a member of Skatteverket") },
    ]);
  });
});

describe("FED-002 members listed", () => {
  it("accepts a federation with members and refuses one without, or members at another arrangement", () => {
    expect(check(fed002, model([], federation))).toEqual([]);
    expect(check(fed002, model([], skv({ arrangement: "municipal-federation", members: [] })))).toMatchObject([{ message: expect.stringContaining("lists its members") }]);
    expect(check(fed002, model([], skv({ members: [{ name: "Gnosjö kommun" }] })))).toMatchObject([{ field: "suppliers.1.members", message: expect.stringContaining("only for arrangement municipal-federation") }]);
    expect(check(fed002, model([], skv({ arrangement: "municipal-federation", members: [{ name: "Gnosjö kommun" }] })))).toMatchObject([{ field: "suppliers.1.members.0" }]);
  });
});

describe("DKM-001 Danish municipalities only", () => {
  it("accepts a municipality and refuses a region", () => {
    expect(check(dkm001, model([tenant("kbh", { ...onSkv, ...municipality({ cvr: "29189846" }, "Københavns Kommune") })], danish))).toEqual([]);
    const region = { ...onSkv, agency: { name: "Region Hovedstaden", cvr: "29190623", kind: "region" as const } };
    expect(check(dkm001, model([tenant("rh", region)], skv({ arrangement: "danish-municipal", serves: ["municipality", "region"] })))).toMatchObject([{ field: "agency.kind" }]);
  });
});

describe("DKM-002 processor-agreement rule stays on", () => {
  it("accepts a Danish supplier with every pack on and refuses one that turns agreement off", () => {
    expect(check(dkm002, model([], danish))).toEqual([]);
    expect(check(dkm002, model([], skv({ arrangement: "danish-municipal", policy: { disabledPacks: ["agreement"] } })))).toMatchObject([
      { field: "suppliers.1.policy.disabledPacks.0", message: expect.stringContaining("GDPR Art. 28") },
    ]);
  });
});
