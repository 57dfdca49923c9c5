/** The modules a source file imports, for tests that check what a cache's code identity covers. */
import { readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { ROOT } from "./examples.js";

/** Every repository file `entry` imports, directly or not, by relative import (`entry` included). */
export function importedFiles(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, spec] of readFileSync(join(ROOT, file), "utf8").matchAll(/from "(\.{1,2}\/[^"]+)"/g)) {
      visit(relative(ROOT, join(ROOT, file, "..", spec!.replace(/\.js$/, ".ts"))).split(sep).join("/"));
    }
  };
  visit(entry);
  return seen;
}
