/**
 * A synthesized output folder (docs/output-format.md) as typed plain data for the isolation analysis:
 * cdktf's `manifest.json` lists the stacks; each `stacks/<id>/cdk.tf.json` is Terraform JSON with the
 * `"//".samdrift` block recording what the tenant file declared.
 *
 * Pure: the CLI reads the files and passes their texts here. Terraform JSON allows a single nested block
 * as an object or as a list of objects, so {@link one} and {@link many} accept both.
 * @see https://developer.hashicorp.com/terraform/language/syntax/json
 */
import { z } from "zod";
import { parsePorts, PortSyntaxError } from "./ports.js";
import { resourceLines } from "../lib/resource-lines.js";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

/** An output file that is not what samdrift writes; says which file and which field. */
export class OutputFormatError extends Error {
  override readonly name = "OutputFormatError";
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
  ) {
    super(`${file}: ${field === "" ? "" : `${field}: `}${message}`);
  }
}

export const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** A single nested block: an object, or the only object of a list. */
export function one(v: unknown): JsonObject | undefined {
  if (isObject(v)) return v;
  if (Array.isArray(v) && v.length >= 1 && isObject(v[0])) return v[0];
  return undefined;
}

/** A repeated nested block: a list of objects, or one object. Absent is an empty list. */
export function many(v: unknown): JsonObject[] {
  if (Array.isArray(v)) return v.filter(isObject);
  if (isObject(v)) return [v];
  return [];
}

export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(str).filter((s): s is string => s !== undefined) : []);
export function stringMap(v: unknown): Record<string, string> {
  const o = one(v);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(o ?? {})) {
    const s = str(val);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

// ------------------------------------------------------------------------------------- samdrift blocks

const endpointSchema = z.object({
  namespace: z.string(),
  podLabels: z.record(z.string(), z.string()).optional(),
  ports: z.array(z.number().int()).optional(),
});
export type PlatformEndpointMeta = z.infer<typeof endpointSchema>;

const siteMetaSchema = z.object({
  kind: z.literal("site"),
  site: z.string(),
  supplier: z.string(),
  platform: z.object({
    dns: endpointSchema.optional(),
    ingress: endpointSchema.optional(),
    monitoring: endpointSchema.optional(),
    backup: endpointSchema.optional(),
  }),
  vault: z.object({ kubernetesAuthPath: z.string(), pkiPath: z.string() }),
});
export type SiteMeta = z.infer<typeof siteMetaSchema>;

/** Ports as the declared blocks write them (`TCP/443`), checked here so that a bad one names its field. */
const portList = z.array(z.string()).superRefine((items, ctx) => {
  try {
    parsePorts(items);
  } catch (e) {
    if (!(e instanceof PortSyntaxError)) throw e;
    ctx.addIssue({ code: "custom", message: e.message });
  }
});

const tenantMetaSchema = z.object({
  kind: z.literal("tenant-site"),
  tenant: z.string(),
  site: z.string(),
  supplier: z.string(),
  file: z.string().optional(),
  phase: z.string().optional(),
  namespaces: z.array(z.string()),
  declared: z.object({
    ingress: z.array(z.string()).default([]),
    egress: z.array(z.object({ from: z.string(), cidr: z.string(), ports: portList })).default([]),
    connections: z.array(z.object({ from: z.string(), to: z.string(), ports: portList, ref: z.string().optional() })).default([]),
    monitoring: z.boolean().default(false),
    backup: z.boolean().default(false),
  }),
  vault: z.object({
    authBackend: z.string().optional(),
    authRole: z.string().optional(),
    adminGroup: z.string().optional(),
    viewGroup: z.string().optional(),
    kvMount: z.string().optional(),
    transitMount: z.string().optional(),
    pkiMount: z.string().optional(),
    pkiRole: z.string().optional(),
    policies: z.array(z.string()).default([]),
  }),
});
export type TenantMeta = z.infer<typeof tenantMetaSchema>;

// ---------------------------------------------------------------------------------------------- stacks

export interface OutputResource {
  readonly type: string;
  readonly name: string;
  /** Terraform address, `<type>.<name>`. */
  readonly address: string;
  readonly body: JsonObject;
  /** Line of the resource's key in cdk.tf.json; 1 when it cannot be found. */
  readonly line: number;
}

export interface OutputStack {
  /** Stack id, e.g. `tenant--mfof--fk-a`. */
  readonly name: string;
  /** Path shown in findings (relative to the working directory, forward slashes). */
  readonly file: string;
  readonly site?: SiteMeta;
  readonly tenant?: TenantMeta;
  readonly resources: readonly OutputResource[];
}

export interface SynthOutput {
  readonly stacks: readonly OutputStack[];
}

export interface ManifestStack {
  readonly name: string;
  /** Path of cdk.tf.json relative to the output folder. */
  readonly path: string;
}

/** The stacks of cdktf's `manifest.json`, sorted by name. */
export function parseManifest(file: string, text: string): ManifestStack[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new OutputFormatError(file, "", `not JSON (${(e as Error).message}); run samdrift synth again`);
  }
  const stacks = isObject(parsed) ? parsed.stacks : undefined;
  if (!isObject(stacks)) throw new OutputFormatError(file, "stacks", "missing; this is not a cdktf manifest");
  return Object.entries(stacks)
    .map(([name, s]) => {
      const path = isObject(s) ? str(s.synthesizedStackPath) : undefined;
      if (!path) throw new OutputFormatError(file, `stacks.${name}.synthesizedStackPath`, "missing");
      return { name, path };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** One stack's cdk.tf.json: its samdrift block and every resource with its line. */
export function parseStack(name: string, file: string, text: string): OutputStack {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new OutputFormatError(file, "", `not JSON (${(e as Error).message}); run samdrift synth again`);
  }
  if (!isObject(parsed)) throw new OutputFormatError(file, "", "not a JSON object");
  const comment = one(parsed["//"]);
  const block = comment ? comment.samdrift : undefined;
  let site: SiteMeta | undefined;
  let tenant: TenantMeta | undefined;
  if (block !== undefined) {
    const kind = isObject(block) ? block.kind : undefined;
    const schema = kind === "site" ? siteMetaSchema : kind === "tenant-site" ? tenantMetaSchema : undefined;
    if (!schema) throw new OutputFormatError(file, "//.samdrift.kind", `is ${JSON.stringify(kind)}; expected "site" or "tenant-site"`);
    const r = schema.safeParse(block);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new OutputFormatError(file, ["//", "samdrift", ...issue.path.map(String)].join("."), `${issue.message} (see docs/output-format.md)`);
    }
    if (r.data.kind === "site") site = r.data;
    else tenant = r.data;
  }
  const resources: OutputResource[] = [];
  const resourceBlock = one(parsed.resource);
  // Lines of every resource key in one pass over the text: a lookup per resource would rescan the file.
  const lines = resourceLines(text);
  for (const [type, byName] of Object.entries(resourceBlock ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const [rname, body] of Object.entries(one(byName) ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const b = one(body);
      if (!b) continue;
      const address = `${type}.${rname}`;
      resources.push({ type, name: rname, address, body: b, line: lines.get(address) ?? 1 });
    }
  }
  return { name, file, ...(site ? { site } : {}), ...(tenant ? { tenant } : {}), resources };
}

/** Each stack's resources by type and name, indexed once: references resolve in constant time. */
const byAddress = new WeakMap<OutputStack, ReadonlyMap<string, OutputResource>>();
function resourceAt(stack: OutputStack, type: string, name: string): OutputResource | undefined {
  let index = byAddress.get(stack);
  if (!index) {
    index = new Map(stack.resources.map((r) => [`${r.type}.${r.name}`, r]));
    byAddress.set(stack, index);
  }
  return index.get(`${type}.${name}`);
}

// ------------------------------------------------------------------------------------------ references

const REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_]+|\[[0-9]+\])*)\}$/;

/**
 * Resolves a whole-string Terraform reference to another resource of the same stack
 * (`${kubernetes_namespace_v1.ns.metadata[0].name}`) to the literal it names; other strings are
 * returned as they are. `.id` of a namespace is its name.
 */
export function resolveReference(stack: OutputStack, value: string): string {
  const m = REFERENCE.exec(value);
  if (!m) return value;
  const target = resourceAt(stack, m[1]!, m[2]!);
  if (!target) return value;
  const steps = [...m[3]!.matchAll(/\.([A-Za-z0-9_]+)|\[([0-9]+)\]/g)].map((s) => s[1] ?? Number(s[2]));
  if (steps.length === 1 && steps[0] === "id" && target.type.startsWith("kubernetes_namespace")) {
    return str(one(target.body.metadata)?.name) ?? value;
  }
  let cur: unknown = target.body;
  for (const step of steps) {
    if (typeof step === "number") cur = Array.isArray(cur) ? cur[step] : step === 0 && isObject(cur) ? cur : undefined;
    else cur = isObject(cur) ? cur[step] : Array.isArray(cur) && isObject(cur[0]) ? cur[0][step] : undefined;
  }
  return str(cur) ?? value;
}

/**
 * Stacks grouped by the site their samdrift block names, sites sorted. A stack without a block would
 * escape the analysis, so it is an {@link OutputFormatError}.
 */
export function stacksBySite(output: SynthOutput): Map<string, OutputStack[]> {
  const bySite = new Map<string, OutputStack[]>();
  for (const s of output.stacks) {
    const site = s.site?.site ?? s.tenant?.site;
    if (site === undefined) throw new OutputFormatError(s.file, "//.samdrift", "missing, so this stack cannot be placed on a site; run samdrift synth again");
    bySite.set(site, [...(bySite.get(site) ?? []), s]);
  }
  return new Map([...bySite.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
