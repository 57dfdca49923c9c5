/**
 * The isolation proof (analysis/) as `check` and `synth` run it: read a complete output folder, compute
 * what every tenant can reach and read, and return the undeclared accesses as findings. The proof needs
 * every stack of a site (the platform namespaces come from the site stack, flows need both tenants), so it
 * runs on full outputs only.
 */
import { checkIsolation } from "../analysis/verdict.js";
import { NetworkAnalysisError } from "../analysis/netpol.js";
import type { Finding } from "../policies/finding.js";
import type { SynthOutput } from "../output/read.js";
import { usage } from "./args.js";

/**
 * Findings of the isolation proof on an output folder as read once by the command (cli/output.ts).
 * A site whose selectors are too many to enumerate exactly is reported as a usage error, never passed.
 */
export function isolationProof(command: string, output: SynthOutput): Finding[] {
  try {
    return checkIsolation(output).findings;
  } catch (e) {
    if (e instanceof NetworkAnalysisError) throw usage(`${command}: the isolation proof cannot decide: ${e.message}`);
    throw e;
  }
}
