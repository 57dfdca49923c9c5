/**
 * How many threads `samdrift synth` synthesizes with (stacks/synth.ts `synthModelInParallel`):
 * `SAMDRIFT_WORKERS` when set (a whole number from 1; `1` keeps synth in one thread), else as many as the
 * processors Node may use, at most {@link MAX_WORKERS}: each thread loads cdktf and the provider bindings
 * of its own, and past the processor count threads only wait for one another.
 */
import { availableParallelism } from "node:os";
import { usage } from "./args.js";

export const MAX_WORKERS = 4;

export function synthWorkers(env: Readonly<Record<string, string | undefined>>): number {
  const set = env.SAMDRIFT_WORKERS;
  if (set === undefined || set === "") return Math.min(availableParallelism(), MAX_WORKERS);
  if (!/^[1-9][0-9]*$/.test(set)) throw usage(`SAMDRIFT_WORKERS is "${set}"; it takes a whole number of threads from 1 (1 synthesizes in one thread), or leave it unset for one per processor (at most ${MAX_WORKERS})`);
  return Number(set);
}
