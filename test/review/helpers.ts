/**
 * Review fixtures made the way CI makes them: copy the example tenants and catalogue, change a tenant
 * file, synthesize with the real synth, and review base against head.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { afterAll } from "vitest";
import type { CliIo } from "../../cli/io.js";
import { loadModel } from "../../cli/inputs.js";
import { synthModel } from "../../stacks/synth.js";
import { copyExample } from "../helpers/repo.js";
import { outputFolder, reviewStack, type OutputFolder } from "../../review/stacks.js";
import { readOutputFolder } from "../../cli/output.js";
import { buildReview, type Report, type ReviewOptions } from "../../review/report.js";

const outputs: string[] = [];
afterAll(() => {
  while (outputs.length > 0) rmSync(outputs.pop()!, { recursive: true, force: true });
});

/** Edits a tenant file of an example copy. */
export type Edit = (dir: string) => void;

export const editTenant = (id: string, edit: (text: string) => string): Edit => (dir) => {
  const path = join(dir, "tenants", `${id}.yaml`);
  writeFileSync(path, edit(readFileSync(path, "utf8")));
};
export const removeTenant = (id: string): Edit => (dir) => rmSync(join(dir, "tenants", `${id}.yaml`));
export const addTenant = (id: string, text: string): Edit => (dir) => writeFileSync(join(dir, "tenants", `${id}.yaml`), text);

/** Replaces `from` by `to` in a tenant file, failing when `from` is not there (the example changed). */
export const replaceIn = (id: string, from: string, to: string): Edit =>
  editTenant(id, (text) => {
    if (!text.includes(from)) throw new Error(`tenants/${id}.yaml no longer contains ${JSON.stringify(from)}`);
    return text.replace(from, to);
  });

/** Synthesizes the example with `edits` applied into a fresh output folder (kept until the file's tests end). */
export function synthExample(...edits: Edit[]): string {
  const dir = copyExample();
  for (const edit of edits) edit(dir);
  const loaded = loadModel(dir, {});
  if (!loaded.ok) throw new Error(`example does not load: ${loaded.problems.map((p) => `${p.file}: ${p.message}`).join("; ")}`);
  const out = mkdtempSync(join(tmpdir(), "samdrift-review-"));
  outputs.push(out);
  synthModel(loaded.value, { outdir: out });
  return out;
}

/** Reads an output folder the way the CLI does. */
export function readFolder(dir: string): OutputFolder {
  const output = readOutputFolder(dir, { shown: (p) => relative(dir, p).split(sep).join("/") });
  return outputFolder(output.stacks.map(reviewStack));
}

/** Review of two synthesized folders. */
export const reviewOf = (base: string, head: string, options: ReviewOptions = {}): Report => buildReview(readFolder(base), readFolder(head), options);

/** Runs a command in-process, capturing its output. */
export async function runCommand(
  command: (args: readonly string[], io: CliIo) => Promise<number>,
  cwd: string,
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await command(args, { cwd, env: {}, out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

/** Summary lines of a tenant in a report. */
export const summaryOf = (report: Report, tenant: string): string[] =>
  report.tenants.find((t) => t.tenant === tenant)?.summary.map((l) => l.text) ?? [];

export const flagKinds = (report: Report): string[] => report.flags.map((f) => f.kind);
