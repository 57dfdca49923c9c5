/** Generated files are never edited by hand: these fail when a committed copy is stale (`npm run generate`). */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GOLDEN_DIR, REVIEW_DOC, RULES_DOC, SCHEMA_DIR, exampleNames, renderFlagTable, renderGolden, renderSchemas, renderRuleTable } from "../scripts/generated.js";
import { ALL_RULES } from "../policies/packs.js";
import { ROOT, STATE_SUPPLIERS } from "./helpers/examples.js";

const committed = (dir: string, pattern: RegExp) =>
  Object.fromEntries(readdirSync(join(ROOT, dir)).filter((n) => pattern.test(n)).map((n) => [n, readFileSync(join(ROOT, dir, n), "utf8")]));

describe("generated files", () => {
  it("the JSON Schemas match the zod schemas", () => {
    expect(committed(SCHEMA_DIR, /\.schema\.json$/)).toEqual(renderSchemas());
  });

  it("docs/policies.md's rule table lists every rule as the code defines it", () => {
    expect(readFileSync(join(ROOT, RULES_DOC), "utf8")).toContain(renderRuleTable());
  });

  it("docs/review.md's flag table lists every kind of risk flag as review/flags/ defines it", () => {
    expect(readFileSync(join(ROOT, REVIEW_DOC), "utf8")).toContain(renderFlagTable());
  });

  it("docs/policies.md says exactly what each rule of the packs checks", () => {
    const details = readFileSync(join(ROOT, RULES_DOC), "utf8").split("### Exactly what each rule checks")[1] ?? "";
    const documented = [...details.matchAll(/^\| ([A-Z]{3}-\d{3}) \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(ALL_RULES.map((r) => r.id));
  });

  it("one golden folder per example, and none for the supplier's own catalogue/ and tenants/", () => {
    expect(exampleNames(ROOT)).toContain(STATE_SUPPLIERS);
    expect(readdirSync(join(ROOT, GOLDEN_DIR)).sort()).toEqual(exampleNames(ROOT));
  });

  it.each(exampleNames(ROOT))("one golden file per stack of examples/%s, each up to date", (example) => {
    const golden = renderGolden(ROOT, example);
    const dir = join(GOLDEN_DIR, example);
    const onDisk = committed(dir, /\.tf\.json$/);
    expect(Object.keys(onDisk).sort()).toEqual(Object.keys(golden).sort());
    for (const [name, text] of Object.entries(golden)) expect(onDisk[name], `${dir}/${name} is stale: run npm run generate`).toBe(text);
  });
});
