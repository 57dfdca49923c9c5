/** The month's statement over several tenants, its formats, and the three-year view, worked by hand. */
import { describe, expect, it } from "vitest";
import { feeForecast, feeStatement } from "../../fees/statement.js";
import { feesCsv, feesJson, feesText, renderForecast } from "../../fees/render.js";
import { formatSek } from "../../model/money.js";
import { MIRRORED, book, tenant } from "./fixtures.js";

const acme = tenant(MIRRORED);
const planned = tenant(MIRRORED.replace("id: acme", "id: planned").replace("phase: run, ref: FK-TEST-1, acceptedAt: 2025-02-14", "phase: plan"));
const elsewhere = tenant(MIRRORED.replace("id: acme", "id: other").replace("supplier: forsakringskassan", "supplier: skatteverket"));
const books = new Map([["forsakringskassan", book()]]);

describe("fee statement", () => {
  const s = feeStatement([acme, planned, elsewhere], books, "2025-07");

  it("totals what is invoiced per supplier and site, and keeps estimates apart", () => {
    expect(formatSek(s.totals.invoiced)).toBe("12763.20");
    expect(formatSek(s.totals.estimated)).toBe("12763.20");
    expect([...s.totals.bySite].map(([k, v]) => [k, formatSek(v)])).toEqual([["fk-a", "7977.00"], ["fk-b", "4786.20"]]);
    expect([...s.totals.bySupplier].map(([k, v]) => [k, formatSek(v)])).toEqual([["forsakringskassan", "12763.20"]]);
    expect(s.withoutFees).toEqual(["other"]);
  });

  it("writes JSON with amounts as SEK text, every amount exactly quantity × unit price", () => {
    const json = JSON.parse(feesJson(s)) as { tenants: { id: string; estimate: boolean; monthly: string; lines: { quantity: number; unitPrice: string; amount: string }[] }[]; totals: { invoiced: string } };
    expect(json.tenants.map((t) => [t.id, t.estimate, t.monthly])).toEqual([["acme", false, "12763.20"], ["planned", true, "12763.20"]]);
    const cents = (sek: string) => BigInt(sek.replace(".", ""));
    for (const l of json.tenants[0]!.lines) expect(cents(l.amount)).toBe(BigInt(l.quantity) * cents(l.unitPrice));
    expect(json.totals.invoiced).toBe("12763.20");
  });

  it("writes CSV with one row per tenant, service, site and month, estimates left out", () => {
    expect(feesCsv(s).split("\r\n")).toEqual([
      "month,tenant,supplier,service,site,amount_sek",
      "2025-07,acme,forsakringskassan,container-hosting,fk-a,6277.00",
      "2025-07,acme,forsakringskassan,container-hosting,fk-b,3766.20",
      "2025-07,acme,forsakringskassan,secrets,fk-a,800.00",
      "2025-07,acme,forsakringskassan,secrets,fk-b,480.00",
      "2025-07,acme,forsakringskassan,encryption,fk-a,900.00",
      "2025-07,acme,forsakringskassan,encryption,fk-b,540.00",
      "",
    ]);
  });

  it("marks an estimate plainly in the text", () => {
    expect(feesText(s)).toContain("planned (forsakringskassan): ESTIMATE (phase before build): 12 763.20 a month once billed, onboarding 150 000.00; nothing is invoiced");
  });
});

describe("three-year view", () => {
  it("sums each calendar year from the schedules known today and the agreement dates", () => {
    const [a, p] = feeForecast([acme, planned], books, "2025-07", 3);
    // acme: billed from 2025-06 (7 months of 12763.20, onboarding 150000), then 12 months of 12907.20 (2026 schedule).
    expect([...a!.years].map(([y, v]) => [y, formatSek(v)])).toEqual([["2025", "239342.40"], ["2026", "154886.40"], ["2027", "154886.40"]]);
    // planned: as if accepted 2025-07-01, billed from 2025-10: 3 months and the onboarding fee in 2025.
    expect(p!.estimate).toBe(true);
    expect(formatSek(p!.years.get("2025")!)).toBe("188289.60");
    expect(renderForecast([a!], "csv").split("\r\n")[1]).toBe("acme,forsakringskassan,,239342.40,154886.40,154886.40");
  });
});
