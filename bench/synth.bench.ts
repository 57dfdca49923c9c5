/**
 * `npm run bench [-- --tenants N] [--floor] [--runs R]`: synthesizes N synthetic tenants (default 1,000,
 * mirrored, every service) and prints one JSON line: tenants, stacks, resources, wall seconds and peak RSS
 * of the full synth (which runs every policy pack and the isolation proof before writing), of a one-tenant
 * `--only` synth in the same repository, of `review` of a one-tenant pull request, of `check --out` on the
 * full output, and of a full synth of two connected tenants that use every cap of model/schema.ts (the
 * largest legal tenant files). Every command runs the compiled build (dist/) in a fresh Node process, as
 * `samdrift` does, with a stack cache of its own: the full synth starts with it empty (cold), and the
 * incremental figures follow it: the same synth again (nothing changed), the pull request's synth with one
 * tenant file changed, and one run with `--no-cache`.
 *
 * `--floor` also times the bare-cdktf floor (bench/floor.mjs: a plain cdktf program emitting the same
 * stacks through generic resources) on the same output, alternating with samdrift's full synth for R runs
 * (default 3), and reports both medians and their ratio: samdrift's cost over the framework's own.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateRepository, writeLargestTenants } from "./generate.js";

const { values } = parseArgs({
  options: { tenants: { type: "string", default: "1000" }, keep: { type: "boolean", default: false }, floor: { type: "boolean", default: false }, runs: { type: "string" } },
});
const tenants = Number(values.tenants);
if (!Number.isInteger(tenants) || tenants < 1) throw new Error("--tenants takes a positive whole number");
const runs = Number(values.runs ?? (values.floor ? "3" : "1"));
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a positive whole number");

const root = resolve(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "samdrift-bench-"));
const largestDir = mkdtempSync(join(tmpdir(), "samdrift-bench-largest-"));

interface Measured {
  readonly code: number;
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly processSeconds: number;
}

/** The stack cache of the measured commands: emptied before each cold run (cli/synth-cache.ts). */
const cache = mkdtempSync(join(tmpdir(), "samdrift-bench-cache-"));

/** Runs a measuring script in a fresh Node process, returning its own figures and the process's wall time. */
function timed(script: string, args: string[], cwd: string): Measured {
  const started = process.hrtime.bigint();
  const env = { ...process.env, SAMDRIFT_CACHE: cache };
  const r = spawnSync(process.execPath, [join(root, "bench", script), ...args], { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const processSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const last = r.stderr.trim().split("\n").pop() ?? "{}";
  const m = JSON.parse(last) as { code: number; seconds: number; peakRssMb: number };
  if (m.code !== 0) throw new Error(`${script} ${args.join(" ")} failed:\n${r.stderr}`);
  return { ...m, processSeconds };
}

/** `samdrift <args>` from the compiled build, as a user runs it. */
const measure = (args: string[], cwd = dir): Measured => timed("measure.mjs", args, cwd);

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  generateRepository(dir, tenants);
  const fulls: Measured[] = [];
  const floors: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    rmSync(join(dir, "cdktf.out"), { recursive: true, force: true });
    // Cold: an empty stack cache, which the run fills.
    rmSync(cache, { recursive: true, force: true });
    fulls.push(measure(["synth"]));
    if (values.floor) floors.push(timed("floor.mjs", [join(dir, "cdktf.out"), join(dir, "floor.out")], dir));
    rmSync(join(dir, "floor.out"), { recursive: true, force: true });
  }
  const full = fulls[fulls.length - 1]!;
  const stacks = readdirSync(join(dir, "cdktf.out", "stacks"));
  const resources = resourcesIn(dir);
  // The same full synth again: every stack unchanged, copied from the cache the cold run filled.
  const unchanged = measure(["synth"]);
  // The same without the cache: every stack built, none kept.
  const noCache = measure(["synth", "--no-cache"]);
  // One tenant's stacks, built (--only keys its stacks apart from a full synth's), every file's parse kept.
  const only = measure(["synth", "--only", "t0000", "--out", "only.out"]);
  // The same again: its two stacks kept too.
  const onlyAgain = measure(["synth", "--only", "t0000", "--out", "only.out"]);
  // A one-tenant pull request: the base output above, the head with one tenant's quota raised.
  const head = mkdtempSync(join(tmpdir(), "samdrift-bench-head-"));
  cpSync(join(dir, "catalogue"), join(head, "catalogue"), { recursive: true });
  cpSync(join(dir, "tenants"), join(head, "tenants"), { recursive: true });
  const file = join(head, "tenants", "t0000.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("apps: { cpu: 4,", "apps: { cpu: 6,"));
  // The pull request's full synth: one tenant file changed, every other stack copied from the cache.
  const oneChanged = measure(["synth"], head);
  const review = measure(["review", "--base", join(dir, "cdktf.out"), "--head", join(head, "cdktf.out"), "--format", "json"]);
  rmSync(head, { recursive: true, force: true });
  // What the pull-request workflow runs on the whole repository: every pack and the isolation proof.
  const check = measure(["check", "--out", "cdktf.out", "--format", "json"]);
  // What one hostile file can cost at most: two connected tenants at every cap of model/schema.ts.
  generateRepository(largestDir, 0);
  writeLargestTenants(largestDir);
  const largest = measure(["synth"], largestDir);
  const fullMedian = median(fulls.map((m) => m.processSeconds));
  const floorMedian = values.floor ? median(floors.map((m) => m.processSeconds)) : undefined;
  process.stdout.write(
    `${JSON.stringify({
      tenants,
      stacks: stacks.length,
      resources,
      runs,
      wallSeconds: round(fullMedian),
      wallSecondsEachRun: fulls.map((m) => round(m.processSeconds)),
      commandSeconds: round(median(fulls.map((m) => m.seconds))),
      peakRssMb: full.peakRssMb,
      ...(floorMedian === undefined
        ? {}
        : {
            floorWallSeconds: round(floorMedian),
            floorWallSecondsEachRun: floors.map((m) => round(m.processSeconds)),
            floorPeakRssMb: floors[floors.length - 1]!.peakRssMb,
            samdriftOverFloor: round(fullMedian / floorMedian),
          }),
      unchangedWallSeconds: round(unchanged.processSeconds),
      unchangedPeakRssMb: unchanged.peakRssMb,
      oneFileChangedWallSeconds: round(oneChanged.processSeconds),
      oneFileChangedPeakRssMb: oneChanged.peakRssMb,
      noCacheWallSeconds: round(noCache.processSeconds),
      noCachePeakRssMb: noCache.peakRssMb,
      onlyOneTenantWallSeconds: round(only.processSeconds),
      onlyOneTenantPeakRssMb: only.peakRssMb,
      onlyOneTenantAgainWallSeconds: round(onlyAgain.processSeconds),
      reviewOneTenantWallSeconds: round(review.processSeconds),
      reviewOneTenantPeakRssMb: review.peakRssMb,
      checkWallSeconds: round(check.processSeconds),
      checkPeakRssMb: check.peakRssMb,
      largestTenantsResources: resourcesIn(largestDir),
      largestTenantsWallSeconds: round(largest.processSeconds),
      largestTenantsPeakRssMb: largest.peakRssMb,
    })}\n`,
  );
} finally {
  rmSync(cache, { recursive: true, force: true });
  if (!values.keep) for (const d of [dir, largestDir]) rmSync(d, { recursive: true, force: true });
  else process.stderr.write(`kept ${dir} and ${largestDir}\n`);
}

/** Resources in every stack of `<root>/cdktf.out`. */
function resourcesIn(root: string): number {
  const stacksDir = join(root, "cdktf.out", "stacks");
  let n = 0;
  for (const id of readdirSync(stacksDir)) {
    const json = JSON.parse(readFileSync(join(stacksDir, id, "cdk.tf.json"), "utf8")) as { resource?: Record<string, Record<string, unknown>> };
    for (const byType of Object.values(json.resource ?? {})) n += Object.keys(byType).length;
  }
  return n;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
