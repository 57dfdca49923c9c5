/**
 * `samdrift synth`: catalogue and tenant files to `cdktf.out/`. All or nothing: the output is written to a
 * temporary folder beside the target and swapped in only when everything succeeded, so a failed run never
 * leaves a partial output (in which missing stacks would read as "destroy" to the next deploy).
 */
import { mkdtempSync, renameSync, rmSync, existsSync, mkdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { CliIo, Command } from "./io.js";
import { EXIT } from "./io.js";
import { INPUT_OPTIONS, onlyList, parse, usage } from "./args.js";
import { displayPath, loadModel } from "./inputs.js";
import { SamdriftError } from "../model/errors.js";
import type { Model } from "../model/model.js";
import { synthModel } from "../stacks/synth.js";
import { planModel } from "../model/plan.js";
import { reportProblems } from "./report.js";

export const synth: Command = async (args, io) => {
  const { values } = parse("synth", args, { ...INPUT_OPTIONS, out: { type: "string" } });
  const loaded = loadModel(io.cwd, { catalogueDir: values.catalogue, tenantsDir: values.tenants });
  if (!loaded.ok) return reportProblems(io, loaded.problems, "synth");
  const model = loaded.value;
  const only = checkOnly(model, onlyList(values.only));
  const out = resolve(io.cwd, values.out ?? io.env.CDKTF_OUTDIR ?? "cdktf.out");
  const gate = await policyGate(model, io);
  if (gate !== EXIT.ok) return gate;
  const plan = planModel(model);
  const stacks = writeAtomically(out, (tmp) => synthModel(model, { outdir: tmp, plan, finalOutdir: displayPath(io.cwd, out), ...(only ? { only } : {}) }).stacks);
  const tenants = new Set(plan.tenantSites.filter((t) => !only || only.includes(t.tenant.id)).map((t) => t.tenant.id));
  io.out(`samdrift: synthesized ${stacks.length} stacks (${tenants.size} tenants with resources${only ? "" : `, ${plan.sites.length} sites`}) into ${displayPath(io.cwd, out) || "."}\n`);
  return EXIT.ok;
};

/** Every id in `--only` must be a tenant; a typo must not synthesize nothing and report success. */
function checkOnly(model: Model, only: string[] | undefined): string[] | undefined {
  if (!only) return undefined;
  const known = new Set(model.tenants.map((e) => e.tenant.id));
  const unknown = only.filter((id) => !known.has(id));
  if (only.length === 0) throw usage("synth: --only needs at least one tenant id");
  if (unknown.length > 0) throw usage(`synth: --only names unknown tenant(s): ${unknown.join(", ")}; tenants are: ${[...known].join(", ")}`);
  return only;
}

/**
 * Error-level policy findings block synth. The policy runner is loaded lazily so that commands which do
 * not need it pay nothing for it.
 */
async function policyGate(model: Model, io: CliIo): Promise<number> {
  const { synthGate } = await import("./gate.js");
  return synthGate(model, io);
}

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

export { SamdriftError };
