/**
 * Debian's Chromium, headless, for tests that open a page in a real browser. A missing browser is a
 * failure with the command that installs it: such a test never skips and never passes silently.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
/** No network of its own, no updates, no sync, no GPU: the page is all it does. */
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
/** A4 is 210 mm wide: 794 CSS pixels at 96 per inch. */
export const A4_WIDTH = 794;

/** A browser with a fresh profile (passed as --user-data-dir); `close()` closes it and removes the profile. */
export async function openChromium(executable = CHROMIUM): Promise<{ readonly context: BrowserContext; close(): Promise<void> }> {
  if (!existsSync(executable)) {
    throw new Error(`Chromium is not installed at ${executable}; this test needs it and never skips. Install Debian's package: apt-get install -y chromium (see docs/report.md)`);
  }
  const profile = mkdtempSync(join(tmpdir(), "samdrift-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: executable, headless: true, args: ARGS, viewport: { width: A4_WIDTH, height: 1123 } });
  return {
    context,
    async close() {
      await context.close();
      // Chromium's helpers may still be flushing the profile for a moment after the browser exits.
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
