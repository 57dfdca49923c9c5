/**
 * The one reader of a synthesized output folder (docs/output-format.md): cdktf's `manifest.json` lists the
 * stacks; each `stacks/<id>/cdk.tf.json` is Terraform JSON with the `"//".samdrift` block. Every command
 * (check, synth's gate, isolation, review) reads a folder once, with {@link readOutput}, and hands the same
 * parsed stacks to the policy rules, the isolation proof and the review.
 *
 * Pure: it parses the texts an {@link OutputSource} hands it; the file reading is cli/output.ts's.
 * @see https://developer.hashicorp.com/terraform/language/syntax/json
 */
import { createHash } from "node:crypto";
import { SamdriftError } from "../model/errors.js";
import { isObject, one, str, type JsonObject } from "../lib/json.js";
import { resourceLines } from "./lines.js";
import { samdriftBlockSchema, type SiteMeta, type TenantMeta } from "./schema.js";
import { byEntryKey, byKey } from "../lib/sort.js";

/** Where the files of an output folder come from: the file system (cli/output.ts), or memory in tests. */
export interface OutputSource {
  /** Text of a file, by its path relative to the folder (forward slashes). Throws, naming the file, when it cannot be read. */
  read(path: string): string;
  /** The path shown in messages and findings for a file of the folder (e.g. relative to the working directory). */
  shown(path: string): string;
}

/** An output file that is not what samdrift writes: an INVALID_FIELD problem naming the file and the field. */
export class OutputFormatError extends SamdriftError {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super([{ code: "INVALID_FIELD", file, line: 1, col: 1, field, message: reason }]);
    this.name = "OutputFormatError";
  }
}

export type StackKind = "site" | "tenant-site" | "other";

/** One resource of a stack, by its Terraform address `<type>.<name>`. */
export interface OutputResource {
  readonly type: string;
  readonly name: string;
  /** Terraform address, `<type>.<name>`. */
  readonly address: string;
  /** The resource's body as written (a one-item list read as its object). */
  readonly body: JsonObject;
  /** Line of the resource's key in cdk.tf.json; 1 when it cannot be found. */
  readonly line: number;
}

export interface OutputStack {
  /** Stack id, e.g. `tenant--mfof--fk-a`. */
  readonly id: string;
  /** Path shown in findings and messages (see {@link OutputSource.shown}). */
  readonly file: string;
  /** From the samdrift block, else from the id. */
  readonly kind: StackKind;
  /** The tenant, from the samdrift block, else from the id. */
  readonly tenant?: string;
  /** The site, from the samdrift block, else from the id. */
  readonly site?: string;
  /** The samdrift block of a site stack. */
  readonly siteMeta?: SiteMeta;
  /** The samdrift block of a tenant stack. */
  readonly tenantMeta?: TenantMeta;
  /** Resources sorted by address. */
  readonly resources: readonly OutputResource[];
  /** The whole file as parsed. */
  readonly json: JsonObject;
  /** SHA-256 of the file's text, when read with `digests` ({@link readOutput}). */
  readonly digest?: string;
}

export interface SynthOutput {
  /** Stacks sorted by id. */
  readonly stacks: readonly OutputStack[];
}

export interface ManifestStack {
  readonly id: string;
  /** Path of cdk.tf.json relative to the output folder. */
  readonly path: string;
}


/** A stack id's kind, tenant and site: `site--<site>`, `tenant--<tenant>--<site>` (split at the first `--`). */
export function parseStackId(id: string): { kind: StackKind; tenant?: string; site?: string } {
  const site = /^site--(.+)$/.exec(id);
  if (site) return { kind: "site", site: site[1]! };
  const tenant = /^tenant--(.+?)--(.+)$/.exec(id);
  if (tenant) return { kind: "tenant-site", tenant: tenant[1]!, site: tenant[2]! };
  return { kind: "other" };
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new OutputFormatError(file, "", `not JSON (${(e as Error).message.split("\n")[0]}); run samdrift synth again`);
  }
}

/** The stacks listed in cdktf's `manifest.json`, sorted by id. `file` is only used in messages. */
export function parseManifest(file: string, text: string): ManifestStack[] {
  const manifest = parseJson(file, text);
  const stacks = isObject(manifest) ? manifest.stacks : undefined;
  if (!isObject(stacks)) throw new OutputFormatError(file, "stacks", "missing; this is not a cdktf manifest (is this a `samdrift synth` output folder?)");
  return Object.entries(stacks)
    .map(([id, entry]) => {
      const path = isObject(entry) ? str(entry.synthesizedStackPath) : undefined;
      if (path === undefined) throw new OutputFormatError(file, `stacks.${id}.synthesizedStackPath`, "missing: cdktf writes the stack file path here");
      if (path.split(/[\\/]/).includes("..") || path.startsWith("/")) {
        throw new OutputFormatError(file, `stacks.${id}.synthesizedStackPath`, `"${path}" leaves the output folder; stack files must lie inside it`);
      }
      return { id, path };
    })
    .sort(byKey((s) => s.id));
}

/**
 * One stack's cdk.tf.json text. `file` is only used in messages. A `"//".samdrift` block that does not have
 * the documented shape is an error (a review or a proof that silently missed it would report too little), as
 * is a resource that is not an object; a stack without a block is read by its id.
 */
export function parseStack(id: string, file: string, text: string): OutputStack {
  const json = parseJson(file, text);
  if (!isObject(json)) throw new OutputFormatError(file, "", "not a JSON object");
  const block = one(json["//"])?.samdrift;
  let siteMeta: SiteMeta | undefined;
  let tenantMeta: TenantMeta | undefined;
  if (block !== undefined) {
    const kind = isObject(block) ? block.kind : undefined;
    if (kind !== "site" && kind !== "tenant-site") throw new OutputFormatError(file, "//.samdrift.kind", `is ${JSON.stringify(kind ?? null)}; expected "site" or "tenant-site"`);
    const parsed = samdriftBlockSchema.safeParse(block);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new OutputFormatError(file, ["//", "samdrift", ...issue.path.map(String)].join("."), `${issue.message} (see docs/output-format.md)`);
    }
    if (parsed.data.kind === "site") siteMeta = parsed.data;
    else tenantMeta = parsed.data;
  }
  const fromId = parseStackId(id);
  const tenant = tenantMeta?.tenant ?? fromId.tenant;
  const site = siteMeta?.site ?? tenantMeta?.site ?? fromId.site;

  const resourceBlock = json.resource;
  if (resourceBlock !== undefined && !isObject(resourceBlock)) throw new OutputFormatError(file, "resource", "expected an object of resource types");
  // Lines of every resource key in one pass over the text: a lookup per resource would rescan the file.
  const lines = resourceLines(text);
  const resources: OutputResource[] = [];
  for (const [type, byName] of Object.entries(resourceBlock ?? {}).sort(byEntryKey)) {
    if (!isObject(byName)) throw new OutputFormatError(file, `resource.${type}`, "expected an object of resources by name");
    for (const [name, raw] of Object.entries(byName).sort(byEntryKey)) {
      const body = one(raw);
      if (!body) throw new OutputFormatError(file, `resource.${type}.${name}`, "expected a resource object");
      const address = `${type}.${name}`;
      resources.push({ type, name, address, body, line: lines.get(address) ?? 1 });
    }
  }
  return {
    id,
    file,
    kind: siteMeta ? "site" : tenantMeta ? "tenant-site" : fromId.kind,
    ...(tenant !== undefined ? { tenant } : {}),
    ...(site !== undefined ? { site } : {}),
    ...(siteMeta ? { siteMeta } : {}),
    ...(tenantMeta ? { tenantMeta } : {}),
    resources,
    json,
  };
}

/**
 * Reads an output folder: the manifest, then every stack it lists, each file read and parsed once. With
 * `digests`, each stack also carries a SHA-256 of its text (what a kept proof is keyed by).
 */
export function readOutput(source: OutputSource, options: { readonly digests?: boolean } = {}): SynthOutput {
  const manifest = parseManifest(source.shown("manifest.json"), source.read("manifest.json"));
  return {
    stacks: manifest.map((s) => {
      const text = source.read(s.path);
      const stack = parseStack(s.id, source.shown(s.path), text);
      return options.digests ? { ...stack, digest: createHash("sha256").update(text).digest("hex") } : stack;
    }),
  };
}

/** The stack's `"//".samdrift` block as written, unparsed (for comparing it key by key with what the files give). */
export const rawSamdriftBlock = (stack: OutputStack): JsonObject | undefined => {
  const block = one(stack.json["//"])?.samdrift;
  return isObject(block) ? block : undefined;
};

/** Resources of the given types. */
export const resourcesOf = (stack: OutputStack, ...types: string[]): OutputResource[] => stack.resources.filter((r) => types.includes(r.type));

/**
 * Stacks grouped by the site their samdrift block names, sites sorted. A stack without a block would
 * escape the analysis, so it is an {@link OutputFormatError}.
 */
export function stacksBySite(output: SynthOutput): Map<string, OutputStack[]> {
  const bySite = new Map<string, OutputStack[]>();
  for (const s of output.stacks) {
    const site = s.siteMeta?.site ?? s.tenantMeta?.site;
    if (site === undefined) throw new OutputFormatError(s.file, "//.samdrift", "missing, so this stack cannot be placed on a site; run samdrift synth again");
    const stacks = bySite.get(site);
    if (stacks) stacks.push(s);
    else bySite.set(site, [s]);
  }
  return new Map([...bySite.entries()].sort(byEntryKey));
}

// ------------------------------------------------------------------------------------------ references

/** Each stack's resources by address, indexed once: references resolve in constant time. */
const byAddress = new WeakMap<OutputStack, ReadonlyMap<string, OutputResource>>();
function resourceAt(stack: OutputStack, address: string): OutputResource | undefined {
  let index = byAddress.get(stack);
  if (!index) {
    index = new Map(stack.resources.map((r) => [r.address, r]));
    byAddress.set(stack, index);
  }
  return index.get(address);
}

const REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_]+|\[[0-9]+\])*)\}$/;

/**
 * Resolves a whole-string Terraform reference to another resource of the same stack
 * (`${kubernetes_namespace_v1.ns.metadata[0].name}`, or the legacy `.metadata.0.name`) to the literal it
 * names; other strings, and references that cannot be followed, are returned as they are. `.id` of a
 * namespace is its name.
 */
export function resolveReference(stack: OutputStack, value: string): string {
  const m = REFERENCE.exec(value);
  if (!m) return value;
  const target = resourceAt(stack, `${m[1]!}.${m[2]!}`);
  if (!target) return value;
  const steps = [...m[3]!.matchAll(/\.([A-Za-z0-9_]+)|\[([0-9]+)\]/g)].map((s) => (s[2] !== undefined || /^[0-9]+$/.test(s[1]!) ? Number(s[2] ?? s[1]) : s[1]!));
  if (steps.length === 1 && steps[0] === "id" && target.type.startsWith("kubernetes_namespace")) {
    return str(one(target.body.metadata)?.name) ?? value;
  }
  let cur: unknown = target.body;
  for (const step of steps) {
    if (typeof step === "number") cur = Array.isArray(cur) ? cur[step] : step === 0 && isObject(cur) ? cur : undefined;
    else cur = isObject(cur) ? cur[step] : one(cur)?.[step];
  }
  return str(cur) ?? value;
}

/**
 * The namespace a namespaced resource lives in: its `metadata.namespace`, literal or a reference to a
 * resource of the same stack. Undefined when it cannot be known from the stack alone.
 */
export function namespaceOf(stack: OutputStack, resource: OutputResource): string | undefined {
  const value = str(one(resource.body.metadata)?.namespace);
  if (value === undefined) return undefined;
  const resolved = resolveReference(stack, value);
  return resolved.includes("${") ? undefined : resolved;
}
