/**
 * The finance pack: one compliant and at least one non-compliant fixture per rule, on the example's fee
 * files (changed as each case needs). Amounts in messages are computed by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { check, model, skvTenant, tenant, type FeesDoc, type TenantDoc } from "./helpers.js";
import { fin001 } from "../../policies/rules/fin-001-cost-estimate.js";
import { fin002 } from "../../policies/rules/fin-002-retroactive-schedule.js";
import { fin003 } from "../../policies/rules/fin-003-service-priced.js";
import { fin004 } from "../../policies/rules/fin-004-yearly-increase.js";

const exampleFees = (docs: FeesDoc[]) => docs;
/** The example fee files with Försäkringskassan's changed. */
const fkFees = (change: (doc: FeesDoc) => FeesDoc) => (docs: FeesDoc[]) => docs.map((d) => (d.supplier === "forsakringskassan" ? change(d) : d));
const estimate = (communicatedAt: string): TenantDoc["agreement"] =>
  ({ phase: "run", ref: "FK-2026-0001", acceptedAt: "2026-01-15", costEstimate: { onboarding: "180000.00", monthly: "5456.00", communicatedAt, ref: "FK-EST-2025-1" } });

describe("FIN-001 cost estimate before commitment", () => {
  it("passes a tenant in run whose estimate was communicated before acceptance, and any tenant when fees are not adopted", () => {
    expect(check(fin001, model([tenant("acme", { agreement: estimate("2025-11-20") })], { fees: exampleFees }))).toEqual([]);
    expect(check(fin001, model([tenant("acme")]))).toEqual([]);
  });
  it("passes a tenant in plan without an estimate yet", () => {
    expect(check(fin001, model([tenant("acme", { agreement: { phase: "plan" } })], { fees: exampleFees }))).toEqual([]);
  });
  it("refuses a tenant in run without an estimate, at agreement", () => {
    const [f, ...rest] = check(fin001, model([tenant("acme")], { fees: exampleFees }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: "FIN-001", severity: "error", field: "agreement", message: expect.stringContaining("phase run needs agreement.costEstimate") });
  });
  it("refuses an estimate communicated after acceptance, or after today", () => {
    expect(check(fin001, model([tenant("acme", { agreement: estimate("2026-02-01") })], { fees: exampleFees }))).toMatchObject([
      { field: "agreement.costEstimate.communicatedAt", message: expect.stringContaining("communicated on 2026-02-01, after the delivery was accepted (2026-01-15)") },
    ]);
    const building: TenantDoc["agreement"] = { phase: "build", ref: "FK-1", costEstimate: { onboarding: "0", monthly: "0", communicatedAt: "2026-07-01", ref: "FK-EST-1" } };
    expect(check(fin001, model([tenant("acme", { agreement: building })], { fees: exampleFees }))).toMatchObject([
      { field: "agreement.costEstimate.communicatedAt", message: expect.stringContaining("dated 2026-07-01, after today (2026-06-01)") },
    ]);
  });
});

describe("FIN-002 no retroactive schedule", () => {
  it("passes the example's fee files", () => {
    expect(check(fin002, model([tenant("acme")], { fees: exampleFees }))).toEqual([]);
  });
  it("refuses a schedule valid before it was published, at its validFrom in the fee file", () => {
    const late = fkFees((d) => ({ ...d, schedules: d.schedules.map((s, i) => (i === 1 ? { ...s, published: "2026-02-10" } : s)) }));
    const [f, ...rest] = check(fin002, model([tenant("acme")], { fees: late }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: "FIN-002", tenant: "", supplier: "forsakringskassan", file: "catalogue/fees/forsakringskassan.yaml", field: "schedules.1.validFrom" });
    expect(f!.line).toBeGreaterThan(1);
    expect(f!.message).toBe("supplier forsakringskassan, catalogue/fees/forsakringskassan.yaml, schedules.1.validFrom: the schedule is valid from 2026-01-01, before it was published (2026-02-10); prices may not change retroactively: move validFrom to the first of a month on or after 2026-02-10");
  });
});

describe("FIN-003 every used service priced", () => {
  it("passes a tenant whose services the schedule in force prices, and says nothing when fees are not adopted", () => {
    expect(check(fin003, model([tenant("acme"), skvTenant("skv")], { fees: exampleFees }))).toEqual([]);
    expect(check(fin003, model([tenant("acme", { services: { secrets: {} } })]))).toEqual([]);
  });
  it("refuses a service the schedule in force this month does not price, at the service", () => {
    const noSecrets = fkFees((d) => ({ ...d, schedules: d.schedules.map((s, i) => (i === 1 ? { ...s, prices: { ...s.prices, secrets: undefined } } : s)) }));
    const m = model([tenant("acme", { services: { "container-hosting": { namespaces: { apps: { cpu: 1, memory: "1Gi", storage: "1Gi", pods: 5 } } }, secrets: {} } })], { fees: noSecrets });
    expect(check(fin003, m)).toMatchObject([{ rule: "FIN-003", field: "services.secrets", message: expect.stringContaining("the schedule in force in 2026-06 (valid from 2026-01-01) gives no price for it") }]);
  });
  it("refuses a tenant in build or later whose supplier has no fee file while another supplier has one", () => {
    const onlyFk = (docs: FeesDoc[]) => docs.filter((d) => d.supplier === "forsakringskassan");
    expect(check(fin003, model([tenant("acme"), skvTenant("skv")], { fees: onlyFk }))).toMatchObject([
      { tenant: "skv", field: "supplier", message: expect.stringContaining("skatteverket has no fee file") },
    ]);
    expect(check(fin003, model([skvTenant("skv", { agreement: { phase: "plan" } })], { fees: onlyFk }))).toEqual([]);
  });
});

describe("FIN-004 yearly increase within the supplier's limit", () => {
  it("passes the example's schedules (every rise under 10 %)", () => {
    expect(check(fin004, model([tenant("acme"), skvTenant("skv")], { fees: exampleFees }))).toEqual([]);
  });
  it("warns a year ahead of a schedule already known that raises the fee beyond the limit", () => {
    // acme: 1 namespace, 2 cores, 4 GiB memory, 10 GiB storage on fk-a (in full) and fk-b (at 0.6).
    // 2026: fk-a 2500 + 2×350 + 4×45 + 10×3 = 3410.00; fk-b 1500 + 2×210 + 4×27 + 10×1.80 = 2046.00: 5456.00.
    // 2027 with cpu at 700: fk-a 2550 + 1400 + 184 + 31 = 4165.00; fk-b 1530 + 840 + 110.40 + 18.60 = 2499.00: 6664.00.
    // 6664 / 5456 = 1.2214: +22.1 %, above forsakringskassan's 10 %.
    const dearCpu = fkFees((d) => ({
      ...d,
      schedules: d.schedules.map((s, i) => (i === 2 ? { ...s, prices: { ...s.prices, "container-hosting": { ...s.prices["container-hosting"], "cpu-core-month": "700.00" } } } : s)),
    }));
    const [f, ...rest] = check(fin004, model([tenant("acme")], { fees: dearCpu }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: "FIN-004", severity: "warning", tenant: "acme", field: "services" });
    expect(f!.message).toContain("raise the monthly fee from 5 456.00 SEK (2026-01) to 6 664.00 SEK (2027-01), +22.1% a year, more than forsakringskassan's 10%");
  });
});
