/** `samdrift report` on the example: the year's funnel from the files' dates, escaping, and flags refused. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyExample, editFile, run } from "../helpers/repo.js";
import type { AnnualReport } from "../../report/build.js";
import { html } from "../../lib/html.js";

async function report(dir: string, year: string): Promise<{ json: AnnualReport; page: string }> {
  const { code, err } = await run(dir, "report", "--year", year, "--today", "2026-12-06", "--out", "r.html", "--json", "r.json");
  expect(code, err).toBe(0);
  expect(err).toBe("samdrift report: wrote r.html\nsamdrift report: wrote r.json\n");
  return { json: JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as AnnualReport, page: readFileSync(join(dir, "r.html"), "utf8") };
}

describe("samdrift report", () => {
  it("counts the year's onboardings from the dates it names: signed (notified), accepted, exit", async () => {
    const dir = copyExample();
    const y2024 = (await report(dir, "2024")).json;
    expect(y2024.funnel.started.map((s) => s.tenant)).toEqual(["mfof", "kronofogden"]);
    expect(y2024.funnel.completed.map((s) => s.tenant)).toEqual(["mfof", "kronofogden"]);
    const y2026 = await report(dir, "2026");
    expect(y2026.json.funnel.abandoned).toEqual([{ tenant: "statskontoret", date: "2026-12-31" }]);
    expect(y2026.json.date).toBe("2026-12-06");
    expect(y2026.page).toContain("agreement.notified.coordinator");
    expect(y2026.json.isolation.every((v) => v.verdict === "isolated")).toBe(true);
  });

  it("escapes every text from the files and loads nothing from outside", async () => {
    const dir = copyExample();
    editFile(dir, "tenants/isof.yaml", (t) => t.replace('name: "Institutet för språk och folkminnen"', 'name: "<script>alert(1)</script> & Co"'));
    const { page } = await report(dir, "2026");
    expect(page).not.toContain("<script>");
    expect(page).toContain(html("<script>alert(1)</script> & Co"));
    expect(page).not.toMatch(/(src|href)=["']?https?:/);
  });

  it("refuses a missing or unreadable year", async () => {
    const dir = copyExample();
    expect((await run(dir, "report")).err).toContain("report: --year is required, e.g. --year 2026");
    expect((await run(dir, "report", "--year", "26")).err).toContain('report: --year must be a year written YYYY, not "26"');
  });
});
