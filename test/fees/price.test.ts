/** Fees of one tenant: worked examples computed by hand here, rounding, billing start and end, estimates. */
import { describe, expect, it } from "vitest";
import { parseYaml } from "../../model/source.js";
import { feeFileSchema } from "../../model/fees.js";
import { priceTenant } from "../../fees/price.js";
import { formatSek, oreOf, scaleOre } from "../../model/money.js";
import { minimalTenant } from "../helpers/model.js";
import { FEES, MIRRORED, book, tenant } from "./fixtures.js";

describe("fees of one tenant", () => {
  it("prices a mirrored tenant line by line, the mirror site at its share (worked by hand)", () => {
    const fees = priceTenant(tenant(MIRRORED), book(), "2025-07");
    // Quantities: 2 namespaces; cpu 1.5 + 0.7 = 2.2 → 3 cores; memory 3 + 0.5 = 3.5 → 4 GiB; storage 15 GiB; 3 keys; 1 KV engine.
    // fk-a in full; fk-b at 0.6: 2500 → 1500, 350 → 210, 45.50 → 27.30, 3 → 1.80, 800 → 480, 300 → 180.
    expect(fees.lines.map((l) => [l.service, l.unit, l.site, l.quantity, formatSek(l.unitPrice), formatSek(l.amount)])).toEqual([
      ["container-hosting", "namespace-month", "fk-a", 2, "2500.00", "5000.00"],
      ["container-hosting", "namespace-month", "fk-b", 2, "1500.00", "3000.00"],
      ["container-hosting", "cpu-core-month", "fk-a", 3, "350.00", "1050.00"],
      ["container-hosting", "cpu-core-month", "fk-b", 3, "210.00", "630.00"],
      ["container-hosting", "memory-GiB-month", "fk-a", 4, "45.50", "182.00"],
      ["container-hosting", "memory-GiB-month", "fk-b", 4, "27.30", "109.20"],
      ["container-hosting", "storage-GiB-month", "fk-a", 15, "3.00", "45.00"],
      ["container-hosting", "storage-GiB-month", "fk-b", 15, "1.80", "27.00"],
      ["secrets", "engine-month", "fk-a", 1, "800.00", "800.00"],
      ["secrets", "engine-month", "fk-b", 1, "480.00", "480.00"],
      ["encryption", "key-month", "fk-a", 3, "300.00", "900.00"],
      ["encryption", "key-month", "fk-b", 3, "180.00", "540.00"],
    ]);
    // fk-a: 5000 + 1050 + 182 + 45 + 800 + 900 = 7977.00; fk-b: 3000 + 630 + 109.20 + 27 + 480 + 540 = 4786.20.
    expect(formatSek(fees.monthly)).toBe("12763.20");
    expect(fees.lines.every((l) => l.amount === l.quantity * l.unitPrice)).toBe(true);
    expect(fees).toMatchObject({ estimate: false, billed: true, billingFrom: "2025-06", schedule: "2025-01-01", unpriced: [] });
    expect(formatSek(fees.invoiced)).toBe("12763.20");
  });

  it("takes the schedule in force: from 2026 the cpu price is 380.00 (fk-b 228.00)", () => {
    const fees = priceTenant(tenant(MIRRORED), book(), "2026-01");
    // 12763.20 + 3 × (380 − 350) + 3 × (228 − 210) = 12763.20 + 90 + 54
    expect(formatSek(fees.monthly)).toBe("12907.20");
    expect(fees.schedule).toBe("2026-01-01");
  });

  it("starts billing in the first whole month at least startsAfterMonths after acceptance, with the onboarding fee once", () => {
    // Accepted 2025-02-14: the first whole month is March; three months later is June.
    const t = tenant(MIRRORED);
    expect(priceTenant(t, book(), "2025-05")).toMatchObject({ billed: false, invoiced: 0, billingFrom: "2025-06" });
    const first = priceTenant(t, book(), "2025-06");
    expect(first.lines.at(-1)).toEqual({ service: "onboarding", unit: "onboarding", site: "", quantity: 1, unitPrice: 15_000_000, amount: 15_000_000 });
    expect(formatSek(first.invoiced)).toBe("162763.20");
    expect(priceTenant(t, book(), "2025-07").lines.some((l) => l.unit === "onboarding")).toBe(false);
    // Accepted on the first of a month: that month counts as the first whole one.
    const onFirst = tenant(MIRRORED.replace("acceptedAt: 2025-02-14", "acceptedAt: 2025-03-01"));
    expect(priceTenant(onFirst, book(), "2025-06").billingFrom).toBe("2025-06");
    const never = book(FEES.replace("startsAfterMonths: 3", "startsAfterMonths: 0"));
    expect(priceTenant(onFirst, never, "2025-03").billed).toBe(true);
  });

  it("ends billing with the month of the agreed exit", () => {
    const leaving = tenant(MIRRORED.replace("phase: run,", "phase: decommission, exit: { ref: EX-1, date: 2026-03-10 },"));
    expect(priceTenant(leaving, book(), "2026-03")).toMatchObject({ billed: true, billingTo: "2026-03" });
    expect(priceTenant(leaving, book(), "2026-04")).toMatchObject({ billed: false, invoiced: 0 });
  });

  it("gives a tenant in initiate or plan an estimate, never invoiced, with its onboarding fee", () => {
    const planned = tenant(MIRRORED.replace("phase: run, ref: FK-TEST-1, acceptedAt: 2025-02-14", "phase: plan"));
    const fees = priceTenant(planned, book(), "2025-07");
    expect(fees).toMatchObject({ estimate: true, billed: false, invoiced: 0 });
    expect(formatSek(fees.monthly)).toBe("12763.20");
    expect(formatSek(fees.onboarding)).toBe("150000.00");
    expect(fees.billingFrom).toBeUndefined();
  });

  it("sums fractional quotas exactly before rounding up: 100m + 0.2 + 700m is one core, not two", () => {
    const t = tenant(minimalTenant("acme").replace("apps: { cpu: 1, memory: 1Gi, storage: 1Gi, pods: 5 }",
      'a: { cpu: 100m, memory: 1Gi, storage: 1Gi, pods: 5 }\n      b: { cpu: "0.2", memory: 1Gi, storage: 1Gi, pods: 5 }\n      c: { cpu: 700m, memory: 1Gi, storage: 1Gi, pods: 5 }'));
    const cpu = priceTenant(t, book(), "2025-07").lines.find((l) => l.unit === "cpu-core-month");
    expect(cpu?.quantity).toBe(1);
  });

  it("bills each site in full by default", () => {
    const fees = priceTenant(tenant(MIRRORED), book(FEES.replace('mirroring: { charge: share, mirrorShare: "0.6" }\n', "")), "2025-07");
    expect(formatSek(fees.monthly)).toBe("15954.00"); // 2 × 7977.00
  });

  it("lists a chosen service without a price as unpriced", () => {
    const fees = priceTenant(tenant(`${MIRRORED}  monitoring: {}\n`), book(), "2025-07");
    expect(fees.unpriced).toEqual(["monitoring"]);
    expect(priceTenant(tenant(MIRRORED), book(), "2024-12")).toMatchObject({ unpriced: ["container-hosting", "secrets", "encryption"], monthly: 0 });
  });
});

describe("money", () => {
  it("reads SEK text with at most two decimals, and whole numbers, exactly", () => {
    expect([oreOf("350.00"), oreOf("45.5"), oreOf("0.05"), oreOf(800), oreOf("0")]).toEqual([35_000, 4_550, 5, 80_000, 0]);
    expect([oreOf("1.234"), oreOf("-1"), oreOf(350.5), oreOf(""), oreOf("1e3"), oreOf("01")]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
  it("rounds a scaled price half up to a whole öre", () => {
    expect(scaleOre(5, 5_000)).toBe(3); // 2.5 öre
    expect(scaleOre(5, 4_999)).toBe(2); // 2.4995 öre
    expect(scaleOre(4_550, 3_333)).toBe(1_517); // 1516.515 öre
    expect(formatSek(-1_50)).toBe("-1.50");
  });
  it("refuses a YAML decimal in a fee file, naming the field", () => {
    const r = parseYaml("catalogue/fees/forsakringskassan.yaml", FEES.replace('namespace-month: "2500.00"', "namespace-month: 2500.5"), feeFileSchema);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0]).toMatchObject({ field: "schedules.0.prices.container-hosting.namespace-month", line: 11 });
      expect(r.problems[0]!.message).toMatch(/^the number 2500\.5 is not an amount in SEK/);
    }
  });
});

describe("fee units", () => {
  it("the registry has one unit per id of the model's vocabulary, in its order", async () => {
    const { FEE_UNITS } = await import("../../fees/units/registry.js");
    const { FEE_UNIT_IDS } = await import("../../model/fees.js");
    expect(FEE_UNITS.map((u) => u.id)).toEqual([...FEE_UNIT_IDS]);
  });
});
