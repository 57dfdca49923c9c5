/**
 * `npm run bench [-- --tenants N]`: synthesizes N synthetic tenants (default 1,000, mirrored, every
 * service) and prints one JSON line: tenants, stacks, resources, wall seconds and peak RSS of the full
 * synth (which runs every policy pack and the isolation proof before writing), of a one-tenant `--only`
 * synth in the same repository, of `check --out` on the full output, and of a full synth of two connected
 * tenants that use every cap of model/schema.ts (the largest legal tenant files).
 * Goals on a 2-core machine: full synth within 30 s and 1.5 GB; `--only` within 3 s.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateRepository, writeLargestTenants } from "./generate.js";

const { values } = parseArgs({ options: { tenants: { type: "string", default: "1000" }, keep: { type: "boolean", default: false } } });
const tenants = Number(values.tenants);
if (!Number.isInteger(tenants) || tenants < 1) throw new Error("--tenants takes a positive whole number");

const root = resolve(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "samdrift-bench-"));
const largestDir = mkdtempSync(join(tmpdir(), "samdrift-bench-largest-"));

/** Runs `samdrift <args>` in a fresh Node process (as a user would), returning its own measurements. */
function measure(args: string[], cwd = dir): { code: number; seconds: number; peakRssMb: number; processSeconds: number } {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), join(root, "bench", "measure.ts"), ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const processSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const last = r.stderr.trim().split("\n").pop() ?? "{}";
  const m = JSON.parse(last) as { code: number; seconds: number; peakRssMb: number };
  if (m.code !== 0) throw new Error(`samdrift ${args.join(" ")} failed:\n${r.stderr}`);
  return { ...m, processSeconds };
}

try {
  generateRepository(dir, tenants);
  const full = measure(["synth"]);
  const stacks = readdirSync(join(dir, "cdktf.out", "stacks"));
  const resources = resourcesIn(dir);
  const only = measure(["synth", "--only", "t0000", "--out", "only.out"]);
  // What the pull-request workflow runs on the whole repository: every pack and the isolation proof.
  const check = measure(["check", "--out", "cdktf.out", "--format", "json"]);
  // What one hostile file can cost at most: two connected tenants at every cap of model/schema.ts.
  generateRepository(largestDir, 0);
  writeLargestTenants(largestDir);
  const largest = measure(["synth"], largestDir);
  process.stdout.write(
    `${JSON.stringify({
      tenants,
      stacks: stacks.length,
      resources,
      wallSeconds: round(full.processSeconds),
      commandSeconds: round(full.seconds),
      peakRssMb: full.peakRssMb,
      onlyOneTenantWallSeconds: round(only.processSeconds),
      onlyOneTenantPeakRssMb: only.peakRssMb,
      checkWallSeconds: round(check.processSeconds),
      checkPeakRssMb: check.peakRssMb,
      largestTenantsResources: resourcesIn(largestDir),
      largestTenantsWallSeconds: round(largest.processSeconds),
      largestTenantsPeakRssMb: largest.peakRssMb,
    })}\n`,
  );
} finally {
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
