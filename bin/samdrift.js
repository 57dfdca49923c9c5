#!/usr/bin/env node
// The `samdrift` command: runs cli/main.ts through tsx's loader, so no build step is needed.
import { register } from "tsx/esm/api";
import { fileURLToPath } from "node:url";

register();
const { main } = await import(fileURLToPath(new URL("../cli/main.ts", import.meta.url)));
const io = {
  cwd: process.cwd(),
  env: process.env,
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};
process.exitCode = await main(process.argv.slice(2), io);
