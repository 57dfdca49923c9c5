/** Synthesizing constructs and models in tests, and reading resources out of the JSON. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Construct } from "constructs";
import { Testing } from "../../lib/cdktf.js";
import type { Model } from "../../model/model.js";
import { synthModel } from "../../stacks/synth.js";

export type Json = Record<string, unknown>;

/** Resources of `type` from a construct synthesized on its own, by their `metadata.name` or `name`. */
export function synthConstruct(build: (scope: Construct) => void): Record<string, Record<string, Json>> {
  return (JSON.parse(Testing.synthScope(build)) as { resource: Record<string, Record<string, Json>> }).resource;
}

/** The named resources of one type, keyed by their Kubernetes or Vault name. */
export function byName(resources: Record<string, Record<string, Json>>, type: string): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const r of Object.values(resources[type] ?? {})) {
    const meta = r.metadata as { name?: string; namespace?: string } | undefined;
    const name = meta?.name ? `${meta.namespace ? `${meta.namespace}/` : ""}${meta.name}` : String(r.name ?? r.role_name ?? r.path);
    out[name] = r;
  }
  return out;
}

/** Synthesizes a model into a temporary folder and returns each stack's parsed cdk.tf.json. */
export function synthStacks(model: Model, only?: readonly string[]): Record<string, Json> {
  const out = mkdtempSync(join(tmpdir(), "samdrift-synth-"));
  try {
    const { stacks } = synthModel(model, { outdir: out, ...(only ? { only } : {}) });
    return Object.fromEntries(stacks.map((id) => [id, JSON.parse(readFileSync(join(out, "stacks", id, "cdk.tf.json"), "utf8")) as Json]));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
