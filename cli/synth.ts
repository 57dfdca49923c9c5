/**
 * `samdrift synth`: catalogue and tenant files to `cdktf.out/`. All or nothing: the output is written to a
 * temporary folder beside the target and swapped in only when everything succeeded, so a failed run never
 * leaves a partial output (in which missing stacks would read as "destroy" to the next deploy).
 */
import { mkdtempSync, renameSync, rmSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { CliIo, Command } from "./io.js";
import { EXIT } from "./io.js";
import { CACHE_FLAG, INPUT_FLAGS, TODAY_FLAG, checkOnly, onlyList, parse, todayOf, usage, type CommandSpec, type Flags, type Parsed } from "./args.js";
import { displayPath, inputFolders, loadModel } from "./inputs.js";
import { hasResources, type Model } from "../model/model.js";
import { selectedPlan, type WorkerPool } from "../stacks/synth.js";
import type { CachedSynthResult } from "../stacks/synth-cache.js";
import { startWorkers, synthesizeForCommand } from "./synth-cache.js";
import { chosenCacheDir } from "./cache.js";
import { planModel } from "../model/plan.js";
import { reportProblems } from "./report.js";
import { policyGate, Refused } from "./gate.js";
import { refuseReplacingFull, writePartialMarker } from "./partial-output.js";
import { FEES_RECORD_FILE, feesRecord, feesRecordText } from "../output/fees.js";
import { monthOf } from "../fees/months.js";

const SPEC = {
  name: "synth",
  flags: {
    ...INPUT_FLAGS,
    out: { type: "string", value: "DIR", help: "output folder, replaced wholesale (default: $CDKTF_OUTDIR, else cdktf.out)" },
    ...TODAY_FLAG,
    ...CACHE_FLAG,
  },
} as const satisfies CommandSpec<Flags>;

export const synth: Command = async (args, io) => {
  const { values } = parse(SPEC, args);
  const today = todayOf("synth", values.today);
  const out = resolve(io.cwd, values.out ?? io.env.CDKTF_OUTDIR ?? "cdktf.out");
  const inputs = inputFolders(io.cwd, values);
  const cache = chosenCacheDir(io, { noCache: values["no-cache"] === true, inside: [...inputs, out] });
  // A full synth builds many stacks on a cold cache: its worker threads load cdktf while the files are read.
  const pool = values.only === undefined ? startWorkers(io) : undefined;
  try {
    return await synthesizeInto(io, { values, today, out, inputs, cache, pool });
  } finally {
    await pool?.close();
  }
};

interface SynthRun {
  readonly values: Parsed<typeof SPEC.flags>["values"];
  readonly today: string;
  readonly out: string;
  readonly inputs: readonly string[];
  readonly cache: string | undefined;
  readonly pool: WorkerPool | undefined;
}

async function synthesizeInto(io: CliIo, run: SynthRun): Promise<number> {
  const { values, today, out, inputs, cache, pool } = run;
  const loaded = loadModel(io.cwd, { catalogueDir: values.catalogue, tenantsDir: values.tenants, baseTenantsDir: values["base-tenants"] }, cache);
  if (!loaded.ok) return reportProblems(io, loaded.problems, "synth");
  const model = loaded.value;
  const only = checkOnly("synth", model, onlyList(values.only));
  if (only) checkOnlyHasResources(model, only);
  checkReplaceable(out, [io.cwd, ...inputs]);
  if (only) refuseReplacingFull(out, displayPath(io.cwd, out) || ".");
  const plan = planModel(model);
  const selected = selectedPlan(model, { plan, ...(only ? { only } : {}) });
  let result: CachedSynthResult;
  try {
    result = await writeAtomically(out, async (tmp) => {
      const synthesized = await synthesizeForCommand(io, { outdir: tmp, plan: selected, withSites: !only, cache, ...(pool ? { pool } : {}) });
      policyGate(model, io, { outdir: tmp, texts: synthesized.texts, cache, today, ...(only ? { only } : {}) });
      if (only) writePartialMarker(tmp, only);
      // The review prices base and head from their records (docs/output-format.md), in the month of --today.
      writeFileSync(join(tmp, FEES_RECORD_FILE), feesRecordText(feesRecord(model, monthOf(today))));
      return synthesized;
    });
  } catch (e) {
    if (e instanceof Refused) return EXIT.error;
    throw e;
  }
  const tenants = new Set(selected.tenantSites.map((t) => t.tenant.id));
  const reused = result.reused.length > 0 ? `; ${result.reused.length} unchanged, copied from the stack cache` : "";
  io.out(`samdrift: synthesized ${result.stacks.length} stacks (${tenants.size} tenants with resources${only ? "" : `, ${plan.sites.length} sites`}${reused}) into ${displayPath(io.cwd, out) || "."}\n`);
  return EXIT.ok;
}

/**
 * Tenants in `initiate` or `plan` have no stacks: `--only` naming one asks for output that cannot be
 * produced, which must not pass as an empty success (nor replace the output folder with nothing).
 */
function checkOnlyHasResources(model: Model, only: readonly string[]): void {
  const idle = model.tenants.filter((e) => only.includes(e.tenant.id) && !hasResources(e.tenant));
  if (idle.length === 0) return;
  const named = idle.map((e) => `${e.tenant.id} (phase ${e.tenant.agreement.phase})`).join(", ");
  throw usage(`synth: --only names tenant(s) with no resources to synthesize: ${named}; a tenant has stacks from phase build on, so leave it out of --only (nothing was written)`);
}

/**
 * The output folder is replaced wholesale, so it must be a previous output (it has a manifest.json) or
 * empty or absent, and must not hold the working directory or the input folders: `--out .` must never
 * delete a repository.
 */
export function checkReplaceable(out: string, keep: readonly string[]): void {
  const shown = out;
  for (const dir of keep) {
    const rel = relative(out, dir);
    if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))) {
      throw usage(`synth: --out ${shown} would replace a folder holding ${dir}; choose a folder of its own, such as cdktf.out`);
    }
  }
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw usage(`synth: --out ${shown} is a file; choose a folder, such as cdktf.out`);
  if (readdirSync(out).length > 0 && !existsSync(join(out, "manifest.json"))) {
    throw usage(`synth: --out ${shown} is not empty and holds no manifest.json, so it is not a synth output; samdrift replaces its output folder wholesale, so choose another`);
  }
}

/** A temporary folder of a run older than this was left by a run that was killed; no run takes this long. */
const STALE_MS = 60 * 60 * 1000;

/**
 * Removes the temporary folders next to `out` that killed runs left behind (a killed process cannot clean
 * up, and synth runs without yielding to signal handlers). Only folders older than {@link STALE_MS} go,
 * so a run going on in parallel keeps its own.
 */
export function removeStaleTemporaries(out: string, now = Date.now()): void {
  const dir = dirname(out);
  const ours = [`.${basename(out)}.tmp-`, `.${basename(out)}.old-`];
  for (const name of readdirSync(dir).filter((n) => ours.some((prefix) => n.startsWith(prefix)))) {
    const path = join(dir, name);
    // A parallel run may remove its own folder between the listing and here: nothing left to do then.
    const modified = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
    if (modified !== undefined && now - modified > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
}

/** Runs `write` into a fresh temporary folder next to `out`, then replaces `out` with it. */
export async function writeAtomically<T>(out: string, write: (tmp: string) => Promise<T>): Promise<T> {
  mkdirSync(dirname(out), { recursive: true });
  removeStaleTemporaries(out);
  const tmp = mkdtempSync(join(dirname(out), `.${basename(out)}.tmp-`));
  let result: T;
  try {
    result = await write(tmp);
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
