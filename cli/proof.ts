/**
 * The isolation proof (analysis/) as `check` and `synth` run it: read a complete output folder, compute
 * what every tenant can reach and read, and return the undeclared accesses as findings. The proof needs
 * every stack of a site (the platform namespaces come from the site stack, flows need both tenants), so it
 * runs on full outputs only.
 */
import { checkIsolation } from "../analysis/verdict.js";
import { NetworkAnalysisError } from "../analysis/netpol.js";
import type { Finding } from "../policies/finding.js";
import { readSynthOutput } from "./isolation.js";
import { usage } from "./args.js";

/**
 * Findings of the isolation proof on the output in `outdir`; file names relative to `cwd`.
 * A site whose selectors are too many to enumerate exactly is reported as a usage error, never passed.
 */
export function isolationProof(command: string, outdir: string, cwd: string): Finding[] {
  try {
    return checkIsolation(readSynthOutput(outdir, cwd)).findings;
  } catch (e) {
    if (e instanceof NetworkAnalysisError) throw usage(`${command}: the isolation proof cannot decide: ${e.message}`);
    throw e;
  }
}
