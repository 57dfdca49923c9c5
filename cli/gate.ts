/**
 * The policy gate of `synth`: every policy pack and the isolation proof run on the model and on the freshly synthesized output
 * (still in its temporary folder), and an error-level finding that no exception excuses refuses the run
 * before the output is swapped in, with the same messages `check` prints.
 */
import type { CliIo } from "./io.js";
import type { Model } from "../model/model.js";
import { runPolicies, restrictToTenants } from "../policies/run.js";
import { formatBlocking } from "../policies/report.js";
import { displayPath } from "./inputs.js";
import { readOutputFolder } from "./output.js";
import { isolationProof } from "./proof.js";

/** Thrown inside the atomic write so that nothing is written; the messages are already printed. */
export class Refused extends Error {
  constructor(readonly blocking: number) {
    super(`refused by ${blocking} blocking policy error(s)`);
  }
}

export interface GateOptions {
  /** The synthesized output to judge (the temporary folder). */
  readonly outdir: string;
  /** Stack texts already in memory, by path in `outdir`: judged as they are instead of read back. @default - none */
  readonly texts?: ReadonlyMap<string, string>;
  /** The cache folder kept site proofs come from (cli/proof.ts). @default - none: every site is proven */
  readonly cache?: string | undefined;
  /** Date exceptions are judged against, YYYY-MM-DD. */
  readonly today: string;
  /** Judge only these tenants' findings (`--only`). @default - every tenant */
  readonly only?: readonly string[];
}

/**
 * Throws `Refused` (after printing why) when a blocking finding remains. The isolation proof needs a
 * complete output, so with `only` it is left to `check` (and a line says so).
 */
export function policyGate(model: Model, io: CliIo, options: GateOptions): void {
  const output = readOutputFolder(options.outdir, {
    shown: (absolute) => displayPath(options.outdir, absolute),
    digests: options.cache !== undefined && !options.only,
    ...(options.texts ? { texts: options.texts } : {}),
  });
  const external = options.only ? [] : isolationProof("synth", output, options.cache);
  if (options.only) io.err("samdrift synth: --only writes part of the output, so the isolation proof did not run; samdrift check runs it on every stack.\n");
  const full = runPolicies(model, { today: options.today, output, external });
  const result = options.only ? restrictToTenants(full, options.only) : full;
  if (result.blocking.length === 0) return;
  io.err(formatBlocking(result, "synth"));
  throw new Refused(result.blocking.length);
}
