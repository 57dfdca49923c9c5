/**
 * `samdrift synth`: catalogue and tenant files to `cdktf.out/`. All or nothing: the output is written to a
 * temporary folder beside the target and swapped in only when everything succeeded, so a failed run never
 * leaves a partial output (in which missing stacks would read as "destroy" to the next deploy).
 */
import { mkdtempSync, renameSync, rmSync, existsSync, mkdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Command } from "./io.js";
import { EXIT } from "./io.js";
import { INPUT_OPTIONS, checkOnly, onlyList, parse, todayOf } from "./args.js";
import { displayPath, loadModel } from "./inputs.js";
import { synthModel } from "../stacks/synth.js";
import { planModel } from "../model/plan.js";
import { reportProblems } from "./report.js";
import { policyGate, Refused } from "./gate.js";

export const synth: Command = async (args, io) => {
  const { values } = parse("synth", args, { ...INPUT_OPTIONS, out: { type: "string" }, today: { type: "string" } });
  const today = todayOf("synth", values.today);
  const loaded = loadModel(io.cwd, { catalogueDir: values.catalogue, tenantsDir: values.tenants });
  if (!loaded.ok) return reportProblems(io, loaded.problems, "synth");
  const model = loaded.value;
  const only = checkOnly("synth", model, onlyList(values.only));
  const out = resolve(io.cwd, values.out ?? io.env.CDKTF_OUTDIR ?? "cdktf.out");
  const plan = planModel(model);
  let stacks: readonly string[];
  try {
    stacks = writeAtomically(out, (tmp) => {
      const result = synthModel(model, { outdir: tmp, plan, finalOutdir: displayPath(io.cwd, out), ...(only ? { only } : {}) });
      policyGate(model, io, { outdir: tmp, today, ...(only ? { only } : {}) });
      return result.stacks;
    });
  } catch (e) {
    if (e instanceof Refused) return EXIT.error;
    throw e;
  }
  const tenants = new Set(plan.tenantSites.filter((t) => !only || only.includes(t.tenant.id)).map((t) => t.tenant.id));
  io.out(`samdrift: synthesized ${stacks.length} stacks (${tenants.size} tenants with resources${only ? "" : `, ${plan.sites.length} sites`}) into ${displayPath(io.cwd, out) || "."}\n`);
  return EXIT.ok;
};

/** Runs `write` into a fresh temporary folder next to `out`, then replaces `out` with it. */
export function writeAtomically<T>(out: string, write: (tmp: string) => T): T {
  mkdirSync(dirname(out), { recursive: true });
  const tmp = mkdtempSync(join(dirname(out), `.${basename(out)}.tmp-`));
  let result: T;
  try {
    result = write(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const old = existsSync(out) ? mkdtempSync(join(dirname(out), `.${basename(out)}.old-`)) : undefined;
  if (old) renameSync(out, join(old, "previous"));
  try {
    renameSync(tmp, out);
  } catch (e) {
    if (old) renameSync(join(old, "previous"), out);
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    if (old) rmSync(old, { recursive: true, force: true });
  }
  return result;
}
