/**
 * `npm run generate`: rewrites schema/*.json and test/golden/*.tf.json from the code and the example
 * repository, and the rule table in docs/policies.md from the rules themselves.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GOLDEN_DIR, RULES_DOC, SCHEMA_DIR, renderGolden, renderSchemas, withRuleTable } from "./generated.js";

function writeAll(dir: string, files: Record<string, string>, pattern: RegExp): void {
  mkdirSync(dir, { recursive: true });
  // Remove stale files (a stack that no longer exists) so the folder mirrors the output exactly.
  for (const name of readdirSync(dir)) if (pattern.test(name) && !(name in files)) rmSync(join(dir, name));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  process.stdout.write(`wrote ${Object.keys(files).length} files to ${dir}/\n`);
}

writeAll(SCHEMA_DIR, renderSchemas(), /\.schema\.json$/);
writeAll(GOLDEN_DIR, renderGolden(process.cwd()), /\.tf\.json$/);
writeFileSync(RULES_DOC, withRuleTable(readFileSync(RULES_DOC, "utf8")));
process.stdout.write(`wrote the rule table in ${RULES_DOC}\n`);
