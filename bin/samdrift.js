#!/usr/bin/env node
// The `samdrift` command: runs the compiled CLI in dist/ with plain node (`npm run build` compiles it;
// `npm ci` builds it through the `prepare` script). When the TypeScript sources sit next to dist/ (a
// checkout, not an installed package), a build older than any source refuses to run, so that edited code
// never runs stale: `npm run build` after a change, or `npm run dev -- <command>` to run the sources.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));
const stamp = join(root, "dist", "build-stamp");

function newestSource() {
  const config = join(root, "tsconfig.build.json");
  if (!existsSync(config)) return undefined;
  let newest = { file: "", mtime: 0 };
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith(".ts")) {
        const mtime = statSync(join(root, rel)).mtimeMs;
        if (mtime > newest.mtime) newest = { file: rel, mtime };
      }
    }
  };
  for (const entry of JSON.parse(readFileSync(config, "utf8")).include) {
    const path = join(root, entry);
    if (!existsSync(path)) continue;
    if (statSync(path).isDirectory()) walk(entry);
    else if (statSync(path).mtimeMs > newest.mtime) newest = { file: entry, mtime: statSync(path).mtimeMs };
  }
  return newest.file === "" ? undefined : newest;
}

if (!existsSync(stamp)) {
  process.stderr.write("samdrift: no compiled build in dist/; run npm run build (npm ci does it too)\n");
  process.exit(1);
}
const newest = newestSource();
if (newest && newest.mtime > statSync(stamp).mtimeMs) {
  process.stderr.write(`samdrift: dist/ is older than ${newest.file}; run npm run build (or npm run dev -- <command> to run the sources)\n`);
  process.exit(1);
}
const { runProcess } = await import("../dist/cli/main.js");
await runProcess();
