/**
 * The annual report in a real browser: Debian's Chromium, headless, driven by playwright-core. The page
 * renders with no console error and no network request, every number on it equals the JSON twin's, each
 * picture is present and drawn, and a screenshot at A4 width is kept (test-artifacts/report.png, and
 * docs/report.png for the README). Without Chromium the test fails and says how to install it.
 */
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT, copyExample, run } from "../helpers/repo.js";
import { openChromium } from "../helpers/browser.js";
import type { AnnualReport } from "../../report/build.js";

describe("the annual report in Chromium", () => {
  it("fails, saying how to install it, when Chromium is missing", async () => {
    await expect(openChromium("/nonexistent/chromium")).rejects.toThrow("Chromium is not installed at /nonexistent/chromium; this test needs it and never skips. Install Debian's package: apt-get install -y chromium (see docs/report.md)");
  });

  it("renders offline without errors, shows the JSON twin's numbers and every picture, and is saved as a screenshot at A4 width", { timeout: 120_000 }, async () => {
    const dir = copyExample();
    const { code, err } = await run(dir, "report", "--year", "2024", "--today", "2026-12-06", "--out", "report.html", "--json", "report.json");
    expect(code, err).toBe(0);
    const twin = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as AnnualReport;

    const browser = await openChromium();
    try {
      const page = await browser.context.newPage();
      const url = pathToFileURL(join(dir, "report.html")).href;
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
      page.on("request", (r) => {
        if (r.url() !== url) requests.push(r.url());
      });
      await page.goto(url, { waitUntil: "load" });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);

      // Every number on the page is the JSON twin's, and every number of the twin is on the page.
      const shown = await page.$$eval("[data-metric]", (els) => els.map((el) => [el.getAttribute("data-metric") ?? "", el.textContent ?? ""] as const));
      for (const [key, value] of shown) expect(value, key).toBe(String(twin.metrics[key]));
      expect(new Set(shown.map(([key]) => key))).toEqual(new Set(Object.keys(twin.metrics)));
      expect(twin.metrics.tenants).toBe(7);

      // Each picture is there, has a size and draws something.
      const pictures = [
        { selector: "svg#tenant-site-map", marks: "circle.placement", least: twin.tenants.filter((t) => t.phase !== "plan" && t.phase !== "initiate").length },
        { selector: "svg#phase-funnel", marks: "rect.bar", least: 3 },
        ...twin.isolation.map((v) => ({ selector: `svg#heat-${v.site}`, marks: "rect.cell", least: v.tenants.length ** 2 })),
      ];
      for (const { selector, marks, least } of pictures) {
        const box = await page.locator(selector).boundingBox();
        expect(box, selector).not.toBeNull();
        expect(box!.width * box!.height, selector).toBeGreaterThan(0);
        expect(await page.locator(`${selector} ${marks}`).count(), selector).toBeGreaterThanOrEqual(Math.max(1, least));
      }
      expect(await page.locator("svg#tenant-site-map line.mirror").count()).toBe(twin.tenants.filter((t) => t.mirrored && t.phase !== "plan").length);

      mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
      const png = join(ROOT, "test-artifacts", "report.png");
      await page.screenshot({ path: png, fullPage: true });
      expect(readFileSync(png).subarray(1, 4).toString()).toBe("PNG");
      copyFileSync(png, join(ROOT, "docs", "report.png"));
    } finally {
      await browser.close();
    }
  });
});
