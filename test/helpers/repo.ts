/** Temporary copies of an example (examples/<name>/), mutated per test, and running commands on them. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import type { CliIo } from "../../cli/io.js";
import { STATE_SUPPLIERS, exampleDir, type ExampleName } from "./examples.js";
import { main } from "../../cli/main.js";

export { ROOT, STATE_SUPPLIERS, exampleDir, exampleTenant, type ExampleName } from "./examples.js";

const made: string[] = [];
afterEach(() => {
  while (made.length > 0) rmSync(made.pop()!, { recursive: true, force: true });
});

/** A copy of an example's catalogue/ and tenants/ in a fresh folder, removed after the test. */
export function copyExample(example: ExampleName = STATE_SUPPLIERS): string {
  const dir = mkdtempSync(join(tmpdir(), "samdrift-test-"));
  made.push(dir);
  cpSync(join(exampleDir(example), "catalogue"), join(dir, "catalogue"), { recursive: true });
  cpSync(join(exampleDir(example), "tenants"), join(dir, "tenants"), { recursive: true });
  return dir;
}

export const writeTenant = (dir: string, name: string, text: string): void => writeFileSync(join(dir, "tenants", name), text);
export const editFile = (dir: string, rel: string, edit: (text: string) => string): void =>
  writeFileSync(join(dir, rel), edit(readFileSync(join(dir, rel), "utf8")));

/** Runs a samdrift command in-process in `cwd`, capturing its output. */
export async function run(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runWithEnv(cwd, {}, ...argv);
}

/** {@link run} with environment variables (the command sees only these). */
export async function runWithEnv(cwd: string, env: Readonly<Record<string, string>>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { cwd, env, out: (s) => void (out += s), err: (s) => void (err += s) };
  const code = await main(argv, io);
  return { code, out, err };
}

/** Every file below `dir` with its content, by relative path. */
export function snapshotDir(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else files[p] = readFileSync(join(dir, p), "utf8");
    }
  };
  walk("");
  return files;
}
