/**
 * The review's view of a stack, built from a synthesized stack (output/read.ts) or from a Terraform plan
 * (plan-summary.ts): its resources by address in canonical form, and digests that tell whether anything
 * Terraform reads has changed. Reading the output folder and the `"//".samdrift` block is output/'s.
 */
import { createHash } from "node:crypto";
import { canonical, one, stableStringify, type Json, type JsonObject } from "../lib/json.js";
import type { OutputStack } from "../output/read.js";
import { byKey } from "../lib/sort.js";

/** One resource of a stack, by its Terraform address `<type>.<name>`. */
export interface ResourceEntry {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** Attributes in canonical form, without meta-arguments (`lifecycle`, `depends_on`, `provider`, ...). */
  readonly values: JsonObject;
  /** `lifecycle.prevent_destroy` as written. */
  readonly preventDestroy: boolean;
}

/** A stack as the review compares it: what output/ reads of it, its resources by address, and digests. */
export interface StackOutput extends Pick<OutputStack, "id" | "file" | "kind" | "tenant" | "site" | "siteMeta" | "tenantMeta"> {
  readonly resources: ReadonlyMap<string, ResourceEntry>;
  /**
   * Digest of everything Terraform reads (the stack without `"//"` comments): two stacks with the same
   * digest deploy the same way, so a stack whose digest is unchanged needs no deploy.
   */
  readonly digest: string;
  /** Digest of the non-resource configuration (`terraform` backend and providers, `provider`, ...). */
  readonly configDigest: string;
}

export interface OutputFolder {
  /** Stacks by id, sorted by id. */
  readonly stacks: ReadonlyMap<string, StackOutput>;
}

/** Meta-arguments of a resource block: they shape how Terraform handles it, not what it creates. */
const META_ARGUMENTS = new Set(["//", "lifecycle", "depends_on", "provider", "count", "for_each", "provisioner", "connection"]);

const digestOf = (value: Json): string => createHash("sha256").update(stableStringify(value)).digest("hex");

/** A synthesized stack as the review compares it. */
export function reviewStack(stack: OutputStack): StackOutput {
  const resources = new Map<string, ResourceEntry>();
  for (const r of stack.resources) {
    const values: Record<string, Json> = {};
    for (const [k, v] of Object.entries(r.body)) if (!META_ARGUMENTS.has(k)) values[k] = v;
    resources.set(r.address, {
      address: r.address,
      type: r.type,
      name: r.name,
      values: canonical(values) as JsonObject,
      preventDestroy: one(r.body.lifecycle)?.prevent_destroy === true,
    });
  }
  const withoutComments = canonical(stack.json) as JsonObject;
  const config: Record<string, Json> = {};
  for (const [k, v] of Object.entries(withoutComments)) if (k !== "resource") config[k] = v;
  return {
    id: stack.id,
    file: stack.file,
    kind: stack.kind,
    ...(stack.tenant !== undefined ? { tenant: stack.tenant } : {}),
    ...(stack.site !== undefined ? { site: stack.site } : {}),
    ...(stack.siteMeta ? { siteMeta: stack.siteMeta } : {}),
    ...(stack.tenantMeta ? { tenantMeta: stack.tenantMeta } : {}),
    resources,
    digest: digestOf(withoutComments),
    configDigest: digestOf(config),
  };
}

/** Stacks into an output folder, sorted by id. */
export function outputFolder(stacks: Iterable<StackOutput>): OutputFolder {
  return { stacks: new Map([...stacks].sort(byKey((s) => s.id)).map((s) => [s.id, s] as const)) };
}
