/**
 * The synthesized output as the isolation-baseline rules see it: each stack's parsed cdk.tf.json, its
 * `"//".samdrift` block (docs/output-format.md) and the line of every resource. Parsing is pure;
 * {@link loadSynthOutput} is the one function in policies/ that reads files, for the runner's callers.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { resourceLines } from "../lib/resource-lines.js";

/** What a tenant stack's `"//".samdrift` block says, as far as the baseline rules need it. */
const tenantStackMeta = z.looseObject({
  kind: z.literal("tenant-site"),
  tenant: z.string(),
  site: z.string(),
  supplier: z.string(),
  file: z.string(),
  namespaces: z.array(z.string()),
  vault: z.looseObject({
    authBackend: z.string(),
    pkiMount: z.string().optional(),
  }),
});
export type TenantStackMeta = z.infer<typeof tenantStackMeta>;

const siteStackMeta = z.looseObject({
  kind: z.literal("site"),
  site: z.string(),
  supplier: z.string(),
  vault: z.looseObject({ kubernetesAuthPath: z.string(), pkiPath: z.string() }),
});
export type SiteStackMeta = z.infer<typeof siteStackMeta>;

/** One resource of a stack: `<type>.<name>` and its body as synthesized. */
export interface ResourceOutput {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly body: Readonly<Record<string, unknown>>;
  /** Line of the resource in cdk.tf.json (1 when it cannot be found). */
  readonly line: number;
}

export interface StackOutput {
  /** Stack id, e.g. `tenant--mfof--fk-a`. */
  readonly id: string;
  /** Path shown in findings: relative to the working directory, forward slashes. */
  readonly file: string;
  readonly resources: readonly ResourceOutput[];
  /** Present for a tenant stack whose samdrift block could be read. */
  readonly tenant?: TenantStackMeta;
  /** Present for a site stack whose samdrift block could be read. */
  readonly site?: SiteStackMeta;
}

export interface SynthOutput {
  readonly stacks: readonly StackOutput[];
}

export const isTenantStackId = (id: string): boolean => id.startsWith("tenant--");

const record = (v: unknown): Readonly<Record<string, unknown>> | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** Parses one stack's cdk.tf.json text. Throws, naming the file, when the text is not a JSON object. */
export function parseStack(id: string, file: string, text: string): StackOutput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: invalid JSON (${(e as Error).message})`);
  }
  const json = record(parsed);
  if (!json) throw new Error(`${file}: not a JSON object`);
  const lines = resourceLines(text);
  const resources: ResourceOutput[] = [];
  for (const [type, byName] of Object.entries(record(json.resource) ?? {})) {
    for (const [name, body] of Object.entries(record(byName) ?? {})) {
      const address = `${type}.${name}`;
      resources.push({ type, name, address, body: record(body) ?? {}, line: lines.get(address) ?? 1 });
    }
  }
  const meta = record(json["//"])?.samdrift;
  const tenant = tenantStackMeta.safeParse(meta);
  const site = siteStackMeta.safeParse(meta);
  return {
    id,
    file,
    resources,
    ...(tenant.success ? { tenant: tenant.data } : {}),
    ...(site.success ? { site: site.data } : {}),
  };
}

/**
 * Reads every `stacks/<id>/cdk.tf.json` under `outdir`, sorted by stack id. `display` turns an absolute
 * path into the path shown in findings. Throws (with the file named) on unreadable or invalid JSON.
 */
export function loadSynthOutput(outdir: string, display: (absolute: string) => string): SynthOutput {
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) return { stacks: [] };
  const stacks = readdirSync(stacksDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .flatMap((id) => {
      const path = join(stacksDir, id, "cdk.tf.json");
      if (!existsSync(path)) return [];
      return [parseStack(id, display(path), readFileSync(path, "utf8"))];
    });
  return { stacks };
}

// ------------------------------------------------------------------------------------- reading resources

/** A single-item block is an object or a one-item list in the JSON; both read as the object. */
export function block(value: unknown): Readonly<Record<string, unknown>> | undefined {
  if (Array.isArray(value)) return value.length === 1 ? record(value[0]) : undefined;
  return record(value);
}

/** A list-valued attribute, whatever its items. */
export const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

export const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

export const resourcesOf = (stack: StackOutput, ...types: string[]): ResourceOutput[] =>
  stack.resources.filter((r) => types.includes(r.type));

/** Each stack's namespace resources by name, indexed once: every namespaced resource looks one up. */
const namespaceIndex = new WeakMap<StackOutput, ReadonlyMap<string, ResourceOutput>>();
function namespacesOf(stack: StackOutput): ReadonlyMap<string, ResourceOutput> {
  let index = namespaceIndex.get(stack);
  if (!index) {
    const byName = new Map<string, ResourceOutput>();
    for (const r of resourcesOf(stack, "kubernetes_namespace", "kubernetes_namespace_v1")) if (!byName.has(r.name)) byName.set(r.name, r);
    index = byName;
    namespaceIndex.set(stack, index);
  }
  return index;
}

const NAMESPACE_REF = /^\$\{kubernetes_namespace(?:_v1)?\.([^.}]+)\.(?:metadata\[0\]\.name|metadata\.0\.name|id)\}$/;

/**
 * The namespace a namespaced resource lives in: its `metadata.namespace`, literal or a reference to a
 * namespace resource of the same stack. Undefined when it cannot be known from the stack alone.
 */
export function namespaceOf(stack: StackOutput, resource: ResourceOutput): string | undefined {
  const value = str(block(resource.body.metadata)?.namespace);
  if (value === undefined) return undefined;
  const ref = NAMESPACE_REF.exec(value);
  if (!ref) return value.includes("${") ? undefined : value;
  const target = namespacesOf(stack).get(ref[1]!);
  const name = target ? str(block(target.body.metadata)?.name) : undefined;
  return name !== undefined && !name.includes("${") ? name : undefined;
}
