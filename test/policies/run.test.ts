/** The runner: exceptions, disabled packs, blocking, output or not, and --only scoping. */
import { describe, expect, it } from "vitest";
import { TODAY, exceptionDoc, model, output, stackJson, tenant, type SuppliersDoc, type TenantDoc } from "./helpers.js";
import { restrictToTenants, runPolicies } from "../../policies/run.js";

const high = { level: "high", classifiedInformation: false, personalData: "none" } as const;
const exposed = (exceptions: TenantDoc["exceptions"] = []) =>
  tenant("acme", { security: high, services: { "container-hosting": { namespaces: { apps: { cpu: 1, memory: "1Gi", storage: "1Gi", pods: 5 } }, ingress: { hosts: ["a.example.se"] } } }, exceptions });
const ex = exceptionDoc;

describe("runPolicies", () => {
  it("blocks on an error finding that no exception excuses", () => {
    const r = runPolicies(model([exposed()]), { today: TODAY });
    expect(r.blocking.map((f) => f.rule)).toEqual(["EXP-003"]);
    expect(r.summary).toMatchObject({ errors: 1, blocking: 1, excepted: 0, activeExceptions: 0, outputChecked: false });
  });

  it("lets an active exception excuse the error: shown as excepted, not blocking, listed with what it excuses", () => {
    const r = runPolicies(model([exposed([ex()])]), { today: TODAY });
    expect(r.blocking).toEqual([]);
    expect(r.findings).toMatchObject([{ rule: "EXP-003", severity: "error", exceptedBy: { ref: "RA-2026-12", expires: "2026-12-31", line: expect.any(Number) } }]);
    expect(r.exceptions).toMatchObject([{ tenant: "acme", rule: "EXP-003", ref: "RA-2026-12", file: "tenants/acme.yaml", excuses: 1 }]);
    expect(r.summary).toMatchObject({ errors: 1, blocking: 0, excepted: 1, activeExceptions: 1 });
  });

  it.each([
    ["expired", ex({ expires: "2026-05-31" }), "HYG-003"],
    ["short of reason", ex({ reason: "approved" }), "HYG-002"],
    ["for another rule", ex({ rule: "EXP-004" }), undefined],
  ])("does not let an exception %s excuse anything", (_what, exception, hygiene) => {
    const r = runPolicies(model([exposed([exception])]), { today: TODAY });
    expect(r.blocking.map((f) => f.rule).sort()).toEqual(["EXP-003", ...(hygiene ? [hygiene] : [])].sort());
    expect(r.exceptions.filter((e) => e.rule === "EXP-003")).toEqual([]);
  });

  it("lists an active exception that excuses nothing with excuses 0", () => {
    const r = runPolicies(model([tenant("acme", { exceptions: [ex({ rule: "EXP-004" })] })]), { today: TODAY });
    expect(r.exceptions).toMatchObject([{ rule: "EXP-004", excuses: 0 }]);
  });

  it("never excuses a hard rule, even when the tenant names it", () => {
    const classified = tenant("acme", { security: { level: "low", classifiedInformation: true, personalData: "none" }, exceptions: [ex({ rule: "ADM-003" })] });
    const r = runPolicies(model([classified]), { today: TODAY });
    expect(r.blocking.map((f) => f.rule)).toEqual(["ADM-003", "HYG-001"]);
  });

  it("drops the findings of a pack the tenant's supplier turned off, for that supplier only", () => {
    const disable = (supplier: string) => ({
      suppliers: (d: SuppliersDoc): SuppliersDoc =>
        ({ ...d, suppliers: d.suppliers.map((s) => (s.id === supplier ? { ...s, policy: { disabledPacks: ["exposure"] } } : s)) }),
    });
    expect(runPolicies(model([exposed()], disable("forsakringskassan")), { today: TODAY }).findings).toEqual([]);
    expect(runPolicies(model([exposed()], disable("skatteverket")), { today: TODAY }).blocking.map((f) => f.rule)).toEqual(["EXP-003"]);
  });

  it("keeps mandatory packs on, and reports the attempt to turn one off", () => {
    const m = model([tenant("acme", { security: { level: "low", classifiedInformation: true, personalData: "none" } })], {
      suppliers: (d) => ({ ...d, suppliers: d.suppliers.map((s) => ({ ...s, policy: { disabledPacks: ["admission"] } })) }),
    });
    expect(runPolicies(m, { today: TODAY }).blocking.map((f) => f.rule)).toEqual(["HYG-005", "HYG-005", "ADM-003"]);
  });

  it("checks the isolation baseline only when given output, and says which it did", () => {
    const stacks = stackJson("good");
    delete (stacks.get("tenant--acme--fk-a")!.resource as Record<string, unknown>).kubernetes_resource_quota_v1;
    const m = model([tenant("acme"), tenant("other")]);
    expect(runPolicies(m, { today: TODAY }).summary.outputChecked).toBe(false);
    const r = runPolicies(m, { today: TODAY, output: output(stacks) });
    expect(r.summary.outputChecked).toBe(true);
    // The fixture output is hand-written, not synthesized from m: ISO-007 reports each of its three blocks.
    expect(r.blocking.map((f) => f.rule).sort()).toEqual(["ISO-003", "ISO-007", "ISO-007", "ISO-007"]);
  });

  it("sorts findings by file and line", () => {
    const r = runPolicies(model([exposed(), tenant("bad", { security: { level: "low", classifiedInformation: true, personalData: "ordinary" } })]), { today: TODAY });
    expect(r.findings.map((f) => `${f.file}:${f.rule}`)).toEqual(["tenants/acme.yaml:EXP-003", "tenants/bad.yaml:ADM-003", "tenants/bad.yaml:AGR-003"]);
  });
});

describe("restrictToTenants", () => {
  it("keeps the chosen tenants' findings and exceptions, and every catalogue or site finding", () => {
    const big = (id: string) => tenant(id, { services: { "container-hosting": { namespaces: { apps: { cpu: 250, memory: "1Gi", storage: "1Gi", pods: 5 } } } } });
    const r = runPolicies(model([exposed([ex()]), big("b1"), big("b2")]), { today: TODAY });
    expect(new Set(r.findings.map((f) => f.rule))).toEqual(new Set(["EXP-003", "CAP-001"]));
    const only = restrictToTenants(r, ["b1"]);
    expect(only.findings.map((f) => [f.rule, f.tenant])).toEqual([["CAP-001", ""], ["CAP-001", ""]]);
    expect(only.exceptions).toEqual([]);
    expect(only.summary).toMatchObject({ errors: 2, blocking: 2, excepted: 0, activeExceptions: 0 });
  });
});

describe("exceptions for flows name the peer they excuse", () => {
  const level = (l: "low" | "moderate" | "high") => ({ level: l, classifiedInformation: false, personalData: "none" }) as const;
  const flow = (peer: string) => ({ from: `hi/apps`, to: `${peer}/apps`, ports: [443], ref: `ISA-${peer}` });
  const writeDown = (peer?: string) => ex({ rule: "CON-001", reason: "Register extract to mo1 accepted by the agency's CISO", ref: "CISO-1", ...(peer ? { peer } : {}) });
  const tenants = (exceptions: TenantDoc["exceptions"], mo2Level: "moderate" | "high") => [
    tenant("hi", { security: level("high"), connections: [flow("mo1"), flow("mo2")], exceptions }),
    tenant("mo1", { security: level("moderate"), connections: [flow("mo1")] }),
    tenant("mo2", { security: level(mo2Level), connections: [flow("mo2")] }),
  ];

  it("excuses the write-down to the peer it names and never one to another peer, caused by that peer's change", () => {
    // hi accepted its flow to mo1. mo2's own pull request lowers mo2 to moderate: the new write-down to mo2
    // must block, although hi has a CON-001 exception.
    const before = runPolicies(model(tenants([writeDown("mo1")], "high")), { today: TODAY });
    expect(before.blocking).toEqual([]);
    const after = runPolicies(model(tenants([writeDown("mo1")], "moderate")), { today: TODAY });
    expect(after.blocking.map((f) => [f.rule, f.tenant, f.peer])).toEqual([["CON-001", "hi", "mo2"]]);
    expect(after.findings.filter((f) => f.exceptedBy).map((f) => f.peer)).toEqual(["mo1"]);
  });

  it("refuses a CON-001 exception that names no peer, and a peer on a rule about none (HYG-001)", () => {
    const r = runPolicies(model([...tenants([writeDown()], "moderate"), tenant("acme", { exceptions: [ex({ peer: "mo1" })] })]), { today: TODAY });
    const hyg = r.findings.filter((f) => f.rule === "HYG-001").map((f) => [f.tenant, f.field]);
    expect(hyg).toEqual([["acme", "exceptions.0.peer"], ["hi", "exceptions.0"]]);
    expect(r.blocking.map((f) => f.rule)).toContain("CON-001");
  });

  it("counts an exception per peer as used (HYG-006), and one for a peer with no write-down as unused", () => {
    const both = [writeDown("mo1"), ex({ rule: "CON-001", peer: "mo2", reason: "Register extract to mo2 accepted by the CISO", ref: "CISO-2" })];
    const r = runPolicies(model(tenants(both, "moderate")), { today: TODAY });
    expect(r.findings.filter((f) => f.rule === "HYG-006")).toEqual([]);
    const stale = runPolicies(model(tenants(both, "high")), { today: TODAY });
    expect(stale.findings.filter((f) => f.rule === "HYG-006").map((f) => f.message)).toEqual([expect.stringContaining("CON-001 finds nothing about mo2 for hi")]);
  });

  it("--only keeps a finding the selected tenant causes, though it is filed on its peer", () => {
    const r = runPolicies(model(tenants([writeDown("mo1")], "moderate")), { today: TODAY });
    expect(restrictToTenants(r, ["mo2"]).blocking.map((f) => [f.rule, f.tenant, f.peer])).toEqual([["CON-001", "hi", "mo2"]]);
    expect(restrictToTenants(r, ["mo1"]).blocking).toEqual([]);
  });
});
