/**
 * The isolation proof (analysis/) as the commands run it: on a complete output as read once by the command
 * (cli/output.ts), computing what every tenant can reach and read. The proof needs every stack of a site
 * (the platform namespaces come from the site stack, flows need both tenants), so it runs on full outputs
 * only.
 *
 * Each site's proof is kept in the cache (cli/cache.ts), in `<cache>/proofs-v1/<key>`, keyed by the
 * proving code and the site's stack texts (analysis/verdict.ts `siteProofKey`): a site none of whose stacks
 * changed is not proven again. The output must then be read with digests.
 */
import { join } from "node:path";
import { checkIsolation, type ProofStore, type SiteProof } from "../analysis/verdict.js";
import { NetworkAnalysisError } from "../analysis/netpol.js";
import type { IsolationMatrix } from "../analysis/matrix.js";
import type { Finding } from "../policies/finding.js";
import type { SynthOutput } from "../output/read.js";
import { usage } from "./args.js";
import { JsonEntries, codeIdentity } from "./cache.js";

/** Folders of the code that proves: every module analysis/verdict.ts imports lies in them (test/proof-cache.test.ts). */
export const PROOF_CODE_DIRS = ["analysis", "output", "lib", "policies", "model"] as const;

/** Kept site proofs beyond this many are removed, oldest use first (a repository has tens of sites). */
export const MAX_PROOFS = 2_000;

/** The kept site proofs in `<dir>/proofs-v1`. */
export class DiskProofStore extends JsonEntries<SiteProof> implements ProofStore {
  readonly code = codeIdentity(PROOF_CODE_DIRS);

  constructor(dir: string) {
    super(join(dir, "proofs-v1"), (p) => typeof p.matrix === "object" && p.matrix !== null && Array.isArray(p.findings));
  }

  override prune(max = MAX_PROOFS): void {
    super.prune(max);
  }
}

/**
 * The proof of `output`: the isolation matrix and every undeclared access as findings. With `cache` (a
 * folder from cli/cache.ts), sites proven before with the same stacks are taken from it. A site whose
 * selectors are too many to enumerate exactly is reported as a usage error, never passed.
 */
export function provenIsolation(command: string, output: SynthOutput, cache: string | undefined): { matrix: IsolationMatrix; findings: Finding[] } {
  try {
    return proveWithCache(output, cache);
  } catch (e) {
    if (e instanceof NetworkAnalysisError) throw usage(`${command}: the isolation proof cannot decide: ${e.message}`);
    throw e;
  }
}

/** `checkIsolation` with the site proofs kept in `cache` (none when undefined); throws what it throws. */
export function proveWithCache(output: SynthOutput, cache: string | undefined): { matrix: IsolationMatrix; findings: Finding[] } {
  const store = cache ? new DiskProofStore(cache) : undefined;
  const result = checkIsolation(output, store);
  store?.prune();
  return result;
}

/** The findings of {@link provenIsolation}. */
export function isolationProof(command: string, output: SynthOutput, cache: string | undefined): Finding[] {
  return provenIsolation(command, output, cache).findings;
}
