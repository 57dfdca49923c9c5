/**
 * `npm run generate`: rewrites schema/*.json from the code, test/golden/<example>/*.tf.json from the code
 * and each example in examples/ (never from the supplier's own catalogue/ and tenants/), and the rule table
 * in docs/policies.md from the rules themselves, and the flag table in docs/review.md from review/flags/.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GOLDEN_DIR, REVIEW_DOC, RULES_DOC, SCHEMA_DIR, exampleNames, renderGolden, renderSchemas, withFlagTable, withRuleTable } from "./generated.js";

function writeAll(dir: string, files: Record<string, string>, pattern: RegExp): void {
  mkdirSync(dir, { recursive: true });
  // Remove stale files (a stack that no longer exists) so the folder mirrors the output exactly.
  for (const name of readdirSync(dir)) if (pattern.test(name) && !(name in files)) rmSync(join(dir, name));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  process.stdout.write(`wrote ${Object.keys(files).length} files to ${dir}/\n`);
}

writeAll(SCHEMA_DIR, renderSchemas(), /\.schema\.json$/);
const examples = exampleNames(process.cwd());
// The golden files of an example that no longer exists go with it.
for (const e of readdirSync(GOLDEN_DIR, { withFileTypes: true })) {
  if (!examples.includes(e.name)) rmSync(join(GOLDEN_DIR, e.name), { recursive: true, force: true });
}
for (const example of examples) writeAll(join(GOLDEN_DIR, example), renderGolden(process.cwd(), example), /\.tf\.json$/);
writeFileSync(RULES_DOC, withRuleTable(readFileSync(RULES_DOC, "utf8")));
process.stdout.write(`wrote the rule table in ${RULES_DOC}\n`);
writeFileSync(REVIEW_DOC, withFlagTable(readFileSync(REVIEW_DOC, "utf8")));
process.stdout.write(`wrote the flag table in ${REVIEW_DOC}\n`);
