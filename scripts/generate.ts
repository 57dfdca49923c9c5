/**
 * `npm run generate`: rewrites schema/*.json and test/golden/*.tf.json from the code and the example
 * repository, the rule table in README.md from the rules themselves, and the flag table in docs/review.md
 * from review/flags/.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GOLDEN_DIR, REVIEW_DOC, SCHEMA_DIR, renderGolden, renderSchemas, withFlagTable, withRuleTable } from "./generated.js";

function writeAll(dir: string, files: Record<string, string>, pattern: RegExp): void {
  mkdirSync(dir, { recursive: true });
  // Remove stale files (a stack that no longer exists) so the folder mirrors the output exactly.
  for (const name of readdirSync(dir)) if (pattern.test(name) && !(name in files)) rmSync(join(dir, name));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  process.stdout.write(`wrote ${Object.keys(files).length} files to ${dir}/\n`);
}

writeAll(SCHEMA_DIR, renderSchemas(), /\.schema\.json$/);
writeAll(GOLDEN_DIR, renderGolden(process.cwd()), /\.tf\.json$/);
writeFileSync("README.md", withRuleTable(readFileSync("README.md", "utf8")));
process.stdout.write("wrote the rule table in README.md\n");
writeFileSync(REVIEW_DOC, withFlagTable(readFileSync(REVIEW_DOC, "utf8")));
process.stdout.write(`wrote the flag table in ${REVIEW_DOC}\n`);
