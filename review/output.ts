/**
 * Reading a synthesized output folder (docs/output-format.md) into plain typed data: each stack's id, kind,
 * tenant and site, samdrift's `"//".samdrift` block and its resources in canonical form. Pure: the CLI
 * reads the files and passes their parsed JSON here.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { SamdriftError, type Problem } from "../model/errors.js";
import { canonical, isObject, one, stableStringify, str, type Json, type JsonObject } from "./values.js";

// ------------------------------------------------------------------------------------------ samdrift block

const approval = z.object({ change: z.string(), ref: z.string(), by: z.string() });
const endpoint = z.object({
  namespace: z.string(),
  podLabels: z.record(z.string(), z.string()).optional(),
  ports: z.array(z.number()).optional(),
});

const siteMetaSchema = z.object({
  kind: z.literal("site"),
  site: z.string(),
  supplier: z.string(),
  zone: z.string().optional(),
  maxSecurityLevel: z.string().optional(),
  platform: z.record(z.string(), endpoint).default({}),
  vault: z.object({ kubernetesAuthPath: z.string().optional(), pkiPath: z.string().optional() }).default({}),
  stateBackend: z.string().optional(),
  /** The site's supplier's policy settings; absent in outputs written before samdrift recorded them. */
  policy: z
    .object({
      disabledPacks: z.array(z.string()).default([]),
      thresholds: z.record(z.string(), z.number()).default({}),
      privateRanges: z.array(z.string()).default([]),
      excluded: z.array(z.object({ name: z.string(), orgNumber: z.string().optional() })).default([]),
    })
    .optional(),
});

const tenantMetaSchema = z.object({
  kind: z.literal("tenant-site"),
  tenant: z.string(),
  site: z.string(),
  supplier: z.string(),
  file: z.string().optional(),
  securityLevel: z.string(),
  personalData: z.string().optional(),
  phase: z.string(),
  agreementRef: z.string().optional(),
  /** Exit terms of a tenant in `decommission`, when the synth records them. */
  exit: z.object({ ref: z.string(), date: z.string() }).optional(),
  priority: z.number().optional(),
  placement: z.array(z.string()),
  namespaces: z.array(z.string()).default([]),
  declared: z
    .object({
      ingress: z.array(z.string()).default([]),
      egress: z.array(z.object({ from: z.string(), cidr: z.string(), ports: z.array(z.string()), reason: z.string() })).default([]),
      connections: z.array(z.object({ from: z.string(), to: z.string(), ports: z.array(z.string()), ref: z.string() })).default([]),
      monitoring: z.boolean().optional(),
      backup: z.boolean().optional(),
    })
    .default({ ingress: [], egress: [], connections: [] }),
  vault: z
    .object({
      authBackend: z.string().optional(),
      authRole: z.string().optional(),
      adminGroup: z.string().optional(),
      viewGroup: z.string().optional(),
      kvMount: z.string().optional(),
      transitMount: z.string().optional(),
      transitKeys: z.array(z.string()).optional(),
      pkiMount: z.string().optional(),
      pkiRole: z.string().optional(),
      policies: z.array(z.string()).default([]),
    })
    .default({ policies: [] }),
  approvals: z.array(approval).default([]),
});

export type Approval = z.infer<typeof approval>;
export type SiteMeta = z.infer<typeof siteMetaSchema>;
export type TenantMeta = z.infer<typeof tenantMetaSchema>;
export type PlatformEndpoint = z.infer<typeof endpoint>;

// ------------------------------------------------------------------------------------------------ stacks

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

export type StackKind = "site" | "tenant-site" | "other";

export interface StackOutput {
  readonly id: string;
  /** Path of the stack file relative to the output folder, e.g. `stacks/site--fk-a/cdk.tf.json`. */
  readonly file: string;
  readonly kind: StackKind;
  readonly tenant?: string;
  readonly site?: string;
  readonly siteMeta?: SiteMeta;
  readonly tenantMeta?: TenantMeta;
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

function invalid(file: string, field: string, message: string): SamdriftError {
  const p: Problem = { code: "INVALID_FIELD", file, line: 1, col: 1, field, message };
  return new SamdriftError([p]);
}

/** A stack id's tenant and site: `site--<site>`, `tenant--<tenant>--<site>` (split at the first `--`). */
export function parseStackId(id: string): { kind: StackKind; tenant?: string; site?: string } {
  const site = /^site--(.+)$/.exec(id);
  if (site) return { kind: "site", site: site[1]! };
  const tenant = /^tenant--(.+?)--(.+)$/.exec(id);
  if (tenant) return { kind: "tenant-site", tenant: tenant[1]!, site: tenant[2]! };
  return { kind: "other" };
}

/**
 * The stacks listed in cdktf's `manifest.json`, with their stack file paths (relative to the folder).
 * Throws a `SamdriftError` naming the manifest when it is not cdktf's shape.
 */
export function parseManifest(manifest: unknown, file = "manifest.json"): { id: string; file: string }[] {
  if (!isObject(manifest) || !isObject(manifest.stacks)) {
    throw invalid(file, "stacks", "expected cdktf's manifest with a `stacks` object; is this a `samdrift synth` output folder?");
  }
  return Object.entries(manifest.stacks)
    .map(([id, entry]) => {
      const path = isObject(entry) ? str(entry.synthesizedStackPath) : undefined;
      if (path === undefined) throw invalid(file, `stacks.${id}.synthesizedStackPath`, "missing: cdktf writes the stack file path here");
      if (path.split(/[\\/]/).includes("..") || path.startsWith("/")) {
        throw invalid(file, `stacks.${id}.synthesizedStackPath`, `"${path}" leaves the output folder; stack files must lie inside it`);
      }
      return { id, file: path };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const digestOf = (value: Json): string => createHash("sha256").update(stableStringify(value)).digest("hex");

/**
 * One stack file's parsed JSON into a `StackOutput`. `file` is only used in messages. A `"//".samdrift`
 * block that does not have the documented shape is an error (a review that silently missed it would
 * report too little); stacks without one are read as `other` or by their id.
 */
export function parseStack(id: string, file: string, json: unknown): StackOutput {
  if (!isObject(json)) throw invalid(file, "", "expected a Terraform JSON object");
  const comment = one(json["//"]);
  const rawMeta = comment?.samdrift;
  let siteMeta: SiteMeta | undefined;
  let tenantMeta: TenantMeta | undefined;
  if (rawMeta !== undefined) {
    const kind = isObject(rawMeta) ? rawMeta.kind : undefined;
    const schema = kind === "site" ? siteMetaSchema : kind === "tenant-site" ? tenantMetaSchema : undefined;
    if (!schema) throw invalid(file, "//.samdrift.kind", `expected "site" or "tenant-site", found ${JSON.stringify(kind ?? null)}`);
    const parsed = schema.safeParse(rawMeta);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw invalid(file, ["//", "samdrift", ...issue.path.map(String)].join("."), `${issue.message} (see docs/output-format.md)`);
    }
    if (parsed.data.kind === "site") siteMeta = parsed.data;
    else tenantMeta = parsed.data as TenantMeta;
  }
  const fromId = parseStackId(id);
  const kind: StackKind = siteMeta ? "site" : tenantMeta ? "tenant-site" : fromId.kind;
  const tenant = tenantMeta?.tenant ?? fromId.tenant;
  const site = siteMeta?.site ?? tenantMeta?.site ?? fromId.site;

  const resources = new Map<string, ResourceEntry>();
  const resourceBlock = json.resource;
  if (resourceBlock !== undefined && !isObject(resourceBlock)) throw invalid(file, "resource", "expected an object of resource types");
  for (const [type, byName] of Object.entries(resourceBlock ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!isObject(byName)) throw invalid(file, `resource.${type}`, "expected an object of resources by name");
    for (const [name, raw] of Object.entries(byName).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const block = one(raw);
      if (!block) throw invalid(file, `resource.${type}.${name}`, "expected a resource object");
      const values: Record<string, Json> = {};
      for (const [k, v] of Object.entries(block)) if (!META_ARGUMENTS.has(k)) values[k] = v;
      const lifecycle = one(block.lifecycle);
      resources.set(`${type}.${name}`, {
        address: `${type}.${name}`,
        type,
        name,
        values: canonical(values) as JsonObject,
        preventDestroy: lifecycle?.prevent_destroy === true,
      });
    }
  }
  const withoutComments = canonical(json) as JsonObject;
  const config: Record<string, Json> = {};
  for (const [k, v] of Object.entries(withoutComments)) if (k !== "resource") config[k] = v;
  return {
    id,
    file,
    kind,
    ...(tenant !== undefined ? { tenant } : {}),
    ...(site !== undefined ? { site } : {}),
    ...(siteMeta ? { siteMeta } : {}),
    ...(tenantMeta ? { tenantMeta } : {}),
    resources,
    digest: digestOf(withoutComments),
    configDigest: digestOf(config),
  };
}

/** Stacks into an output folder, sorted by id. */
export function outputFolder(stacks: Iterable<StackOutput>): OutputFolder {
  return { stacks: new Map([...stacks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((s) => [s.id, s] as const)) };
}
