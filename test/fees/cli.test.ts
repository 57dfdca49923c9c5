/** `samdrift fees` on the example: every tenant priced, each format, bad flags refused in our words. */
import { describe, expect, it } from "vitest";
import { copyExample, editFile, run } from "../helpers/repo.js";

describe("samdrift fees", () => {
  it("prices every example tenant, estimates marked, every line quantity × unit price", async () => {
    const dir = copyExample();
    const { code, out, err } = await run(dir, "fees", "--month", "2026-12", "--format", "json");
    expect(code).toBe(0);
    expect(err).toBe("");
    const json = JSON.parse(out) as { currency: string; tenants: { id: string; estimate: boolean; unpriced: string[]; lines: { quantity: number; unitPrice: string; amount: string }[] }[]; withoutFees: string[] };
    expect(json.currency).toBe("SEK");
    expect(json.withoutFees).toEqual([]);
    expect(json.tenants.filter((t) => t.estimate).map((t) => t.id)).toEqual(["bolagsverket"]);
    const cents = (sek: string) => BigInt(sek.replace(".", ""));
    for (const t of json.tenants) {
      expect(t.unpriced, t.id).toEqual([]);
      expect(t.lines.length, t.id).toBeGreaterThan(0);
      for (const l of t.lines) expect(cents(l.amount)).toBe(BigInt(l.quantity) * cents(l.unitPrice));
    }
  });

  it("writes CSV rows and a three-year forecast", async () => {
    const dir = copyExample();
    const csv = await run(dir, "fees", "--month", "2026-12", "--format", "csv");
    expect(csv.out.split("\r\n")[0]).toBe("month,tenant,supplier,service,site,amount_sek");
    expect(csv.out).toContain("2026-12,mfof,forsakringskassan,container-hosting,fk-a,");
    const forecast = await run(dir, "fees", "--month", "2026-12", "--forecast", "3", "--format", "csv");
    expect(forecast.out.split("\r\n")[0]).toBe("tenant,supplier,estimate,sek_2026,sek_2027,sek_2028");
  });

  it("says which tenant uses a service its supplier's schedule does not price", async () => {
    const dir = copyExample();
    editFile(dir, "catalogue/fees/forsakringskassan.yaml", (t) => t.replaceAll(/^ {6}monitoring: .*\n/gm, ""));
    const { code, err } = await run(dir, "fees", "--month", "2026-12");
    expect(code).toBe(0);
    expect(err).toContain("samdrift fees: tenant digg uses monitoring, which forsakringskassan's schedule in force in 2026-12 does not price (FIN-003)");
  });

  it("refuses a month or a forecast it cannot read", async () => {
    const dir = copyExample();
    expect((await run(dir, "fees", "--month", "2026-13")).err).toContain('fees: --month must be a month written YYYY-MM, not "2026-13"');
    expect((await run(dir, "fees", "--forecast", "0")).err).toContain('fees: --forecast must be a whole number of years from 1 to 10, not "0"');
  });
});
