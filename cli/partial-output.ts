/**
 * A partial output (`synth --only`) never stands where a full one is expected. It holds only the selected
 * tenants' stacks, so review would read every other stack as destroyed and the deploy workflow would
 * destroy them. synth marks it with {@link PARTIAL_MARKER}, refuses to write it over a full output, and
 * every command that judges a whole output (review, check --out, isolation) refuses a marked one.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { usage } from "./args.js";

/** The marker file in the root of a partial output folder. */
export const PARTIAL_MARKER = "samdrift-partial.json";

export function writePartialMarker(dir: string, only: readonly string[]): void {
  const note = "written by samdrift synth --only: holds only these tenants' stacks; not an output to review or deploy as a whole";
  writeFileSync(join(dir, PARTIAL_MARKER), `${JSON.stringify({ partial: true, only: [...only].sort(), note }, null, 2)}\n`);
}

/** The tenants a marked partial output holds, or `undefined` for a full output (or no output at all). */
export function partialTenants(dir: string): readonly string[] | undefined {
  const marker = join(dir, PARTIAL_MARKER);
  if (!existsSync(marker)) return undefined;
  try {
    const json = JSON.parse(readFileSync(marker, "utf8")) as { only?: unknown };
    return Array.isArray(json.only) ? json.only.map(String) : [];
  } catch {
    // A damaged marker still marks the folder partial.
    return [];
  }
}

/** Throws a usage error when `dir` is a partial output; `what` names the command and flag for the message. */
export function refusePartial(dir: string, shown: string, what: string): void {
  const only = partialTenants(dir);
  if (only === undefined) return;
  throw usage(`${what} ${shown} is a partial output (synth --only ${only.join(",") || "?"}): it lacks every other tenant's stacks, which would read as destroyed; synthesize without --only into it first`);
}

/**
 * Refuses `synth --only` into a folder that holds a full output: the partial one would replace it. A
 * partial output may replace a partial one, and any synth may replace either with a full one.
 */
export function refuseReplacingFull(out: string, shown: string): void {
  if (existsSync(join(out, "manifest.json")) && partialTenants(out) === undefined) {
    throw usage(`synth: --only would replace the full output in ${shown} with one holding only the selected tenants' stacks; review and deploy would read every other stack as destroyed. Write it to a folder of its own with --out DIR (nothing was written)`);
  }
}
