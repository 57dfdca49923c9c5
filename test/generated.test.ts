/** Generated files are never edited by hand: these fail when a committed copy is stale (`npm run generate`). */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GOLDEN_DIR, REVIEW_DOC, SCHEMA_DIR, renderFlagTable, renderGolden, renderSchemas, renderRuleTable } from "../scripts/generated.js";
import { ALL_RULES } from "../policies/packs.js";
import { ROOT } from "./helpers/repo.js";

const committed = (dir: string, pattern: RegExp) =>
  Object.fromEntries(readdirSync(join(ROOT, dir)).filter((n) => pattern.test(n)).map((n) => [n, readFileSync(join(ROOT, dir, n), "utf8")]));

describe("generated files", () => {
  it("the JSON Schemas match the zod schemas", () => {
    expect(committed(SCHEMA_DIR, /\.schema\.json$/)).toEqual(renderSchemas());
  });

  it("the README's rule table lists every rule as the code defines it", () => {
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(renderRuleTable());
  });

  it("docs/review.md's flag table lists every kind of risk flag as review/flags/ defines it", () => {
    expect(readFileSync(join(ROOT, REVIEW_DOC), "utf8")).toContain(renderFlagTable());
  });

  it("docs/policies.md describes exactly the rules of the packs", () => {
    const documented = [...readFileSync(join(ROOT, "docs", "policies.md"), "utf8").matchAll(/^\| ([A-Z]{3}-\d{3}) \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(ALL_RULES.map((r) => r.id));
  });

  it("one golden file per stack of the example repository, each up to date", () => {
    const golden = renderGolden(ROOT);
    const onDisk = committed(GOLDEN_DIR, /\.tf\.json$/);
    expect(Object.keys(onDisk).sort()).toEqual(Object.keys(golden).sort());
    for (const [name, text] of Object.entries(golden)) expect(onDisk[name], `${GOLDEN_DIR}/${name} is stale: run npm run generate`).toBe(text);
  });
});
