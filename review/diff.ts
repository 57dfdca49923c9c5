/**
 * Resource-level difference of two output folders: which stacks were added, changed or removed, and for
 * each resource whether Terraform will create, update, replace or destroy it, with the attributes that
 * change. Resources are matched by address (`<type>.<name>`, derived from construct ids), the same way
 * Terraform matches configuration to state.
 */
import type { OutputFolder, ResourceEntry, StackOutput } from "./stacks.js";
import type { StackKind } from "../output/read.js";
import { isArray, isObject, jsonEqual, type Json, type JsonObject } from "../lib/json.js";
import { pathIndex, pathKey } from "./values.js";
import { uniqueSorted } from "../lib/sort.js";

export type Action = "create" | "update" | "replace" | "destroy";
export const ACTIONS: readonly Action[] = ["create", "update", "replace", "destroy"];

export interface AttributeChange {
  /** Attribute path in canonical form, e.g. `spec.hard["requests.cpu"]`. */
  readonly path: string;
  /** Absent when the attribute is added. */
  readonly before?: Json;
  /** Absent when the attribute is removed. */
  readonly after?: Json;
  /** The change makes Terraform destroy the resource and create a new one. */
  readonly forcesNew: boolean;
  /** The value is sensitive: it is never printed (plans only). */
  readonly sensitive?: boolean;
}

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly action: Action;
  /** Attributes before (absent for create). */
  readonly before?: JsonObject;
  /** Attributes after (absent for destroy). */
  readonly after?: JsonObject;
  /** For update and replace: what changes. Empty for create and destroy. */
  readonly attributes: readonly AttributeChange[];
  /** `lifecycle.prevent_destroy` before and after, when known. */
  readonly preventDestroy?: { readonly before: boolean; readonly after: boolean };
  /** Why Terraform plans this action, when a plan says (`replace_because_tainted`, ...). */
  readonly reason?: string;
}

export type StackStatus = "added" | "changed" | "removed";

export interface StackDiff {
  readonly id: string;
  readonly kind: StackKind;
  readonly tenant?: string;
  readonly site?: string;
  readonly status: StackStatus;
  readonly base?: StackOutput;
  readonly head?: StackOutput;
  readonly resources: readonly ResourceChange[];
  /** Terraform sees a difference (stack added or removed, or anything but comments changed): deploy it. */
  readonly deploy: boolean;
  /** Non-resource configuration changed (backend, providers). */
  readonly configChanged: boolean;
}

export interface OutputDiff {
  /** Stacks with any difference, including comment-only ones, sorted by id. */
  readonly stacks: readonly StackDiff[];
  /** Number of stacks present on both sides with no difference at all. */
  readonly unchanged: number;
}

/**
 * Attributes whose change forces a new resource (destroy, then create), for the resource types samdrift
 * emits. Paths are canonical (`metadata.name`, not `metadata[0].name`); a rule covers everything below
 * its path. `samdrift: true` marks attributes the provider updates in place but review treats as replace,
 * because everything that names the old value breaks or its data moves. docs/review.md renders this table.
 */
export const FORCE_NEW: Readonly<Record<string, readonly { readonly path: string; readonly why: string; readonly samdrift?: true }[]>> = {
  kubernetes_namespace_v1: [
    { path: "metadata.name", why: "a namespace cannot be renamed; the old one and everything in it is deleted" },
    { path: "metadata.generate_name", why: "part of the name" },
  ],
  kubernetes_resource_quota_v1: [
    { path: "metadata.name", why: "Kubernetes names are immutable" },
    { path: "metadata.namespace", why: "an object cannot move between namespaces" },
  ],
  kubernetes_limit_range_v1: [
    { path: "metadata.name", why: "Kubernetes names are immutable" },
    { path: "metadata.namespace", why: "an object cannot move between namespaces" },
  ],
  kubernetes_role_binding_v1: [
    { path: "metadata.name", why: "Kubernetes names are immutable" },
    { path: "metadata.namespace", why: "an object cannot move between namespaces" },
    { path: "role_ref", why: "a RoleBinding's roleRef is immutable" },
  ],
  kubernetes_network_policy_v1: [
    { path: "metadata.name", why: "Kubernetes names are immutable" },
    { path: "metadata.namespace", why: "an object cannot move between namespaces" },
  ],
  vault_mount: [
    { path: "path", why: "the provider remounts in place, but the data moves and every policy naming the old path stops matching", samdrift: true },
    { path: "type", why: "a secrets engine cannot change type; the mount and its data are deleted" },
    { path: "local", why: "provider: ForceNew" },
    { path: "seal_wrap", why: "provider: ForceNew" },
    { path: "external_entropy_access", why: "provider: ForceNew" },
  ],
  vault_kv_secret_backend_v2: [{ path: "mount", why: "provider: ForceNew (the settings belong to one KV mount)" }],
  vault_policy: [{ path: "name", why: "a policy is identified by its name" }],
  vault_transit_secret_backend_key: [
    { path: "backend", why: "a key cannot move between mounts; the key (and what it encrypted) is lost" },
    { path: "name", why: "a key cannot be renamed; the old key is deleted" },
    { path: "type", why: "provider: ForceNew" },
    { path: "derived", why: "provider: ForceNew" },
    { path: "convergent_encryption", why: "provider: ForceNew" },
  ],
  vault_pki_secret_backend_role: [
    { path: "backend", why: "a role lives on one PKI mount" },
    { path: "name", why: "a role is identified by its name" },
  ],
  vault_kubernetes_auth_backend_role: [
    { path: "backend", why: "a role lives on one auth mount" },
    { path: "role_name", why: "a role is identified by its name" },
  ],
  vault_identity_group: [{ path: "type", why: "provider: ForceNew (internal or external)" }],
  vault_auth_backend: [
    { path: "type", why: "an auth method cannot change type" },
    { path: "path", why: "the provider remounts in place, but every role and login path under it changes", samdrift: true },
    { path: "local", why: "provider: ForceNew" },
  ],
  vault_kubernetes_auth_backend_config: [{ path: "backend", why: "the config belongs to one auth mount" }],
  terraform_data: [{ path: "triggers_replace", why: "Terraform: a change replaces the resource" }],
};

/** Whether a change at `path` of a resource of `type` forces a new resource (see `FORCE_NEW`). */
export function forcesNew(type: string, path: string): boolean {
  return (FORCE_NEW[type] ?? []).some((rule) => path === rule.path || path.startsWith(`${rule.path}.`) || path.startsWith(`${rule.path}[`));
}

/**
 * Leaf-level differences of two attribute trees. Objects are compared key by key; lists of blocks item
 * by item (an item beyond the other side's end is added or removed whole); a list of scalars that changes
 * is one change. `isForceNew` decides which paths force a new
 * resource.
 */
export function attributeChanges(before: Json | undefined, after: Json | undefined, isForceNew: (path: string) => boolean, path = ""): AttributeChange[] {
  if (jsonEqual(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = uniqueSorted([...Object.keys(before), ...Object.keys(after)]);
    return keys.flatMap((k) => attributeChanges(before[k], after[k], isForceNew, pathKey(path, k)));
  }
  // A block list that grows from one item to several is an object on one side (canonical form).
  const b = isObject(before) && isArray(after) && after.every(isObject) ? [before] : before;
  const a = isObject(after) && isArray(before) && before.every(isObject) ? [after] : after;
  if (isArray(b) && isArray(a) && [...b, ...a].some((v) => isObject(v) || isArray(v))) {
    const length = Math.max(b.length, a.length);
    return Array.from({ length }, (_, i) => attributeChanges(b[i], a[i], isForceNew, pathIndex(path, i))).flat();
  }
  return [
    {
      path,
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
      forcesNew: isForceNew(path),
    },
  ];
}

function resourceChange(before: ResourceEntry | undefined, after: ResourceEntry | undefined): ResourceChange | undefined {
  const entry = (after ?? before)!;
  const preventDestroy = { before: before?.preventDestroy ?? false, after: after?.preventDestroy ?? false };
  const common = { address: entry.address, type: entry.type, name: entry.name, preventDestroy };
  if (!before) return { ...common, action: "create", after: after!.values, attributes: [] };
  if (!after) return { ...common, action: "destroy", before: before.values, attributes: [] };
  const attributes = attributeChanges(before.values, after.values, (p) => forcesNew(entry.type, p));
  // A lifecycle-only change (prevent_destroy lifted) plans nothing; explain.ts reports it.
  if (attributes.length === 0) return undefined;
  const action: Action = attributes.some((a) => a.forcesNew) ? "replace" : "update";
  return { ...common, action, before: before.values, after: after.values, attributes };
}

/** Resource changes between two versions of one stack (either may be absent), sorted by address. */
export function diffStack(base: StackOutput | undefined, head: StackOutput | undefined): ResourceChange[] {
  const addresses = new Set([...(base?.resources.keys() ?? []), ...(head?.resources.keys() ?? [])]);
  return [...addresses]
    .sort()
    .map((a) => resourceChange(base?.resources.get(a), head?.resources.get(a)))
    .filter((c): c is ResourceChange => c !== undefined);
}

/**
 * Every stack difference between `base` and `head`. A stack whose digest is unchanged is skipped without
 * looking at its resources, so a review of 2,000 stacks costs little more than reading them.
 */
export function diffOutputs(base: OutputFolder, head: OutputFolder): OutputDiff {
  const ids = uniqueSorted([...base.stacks.keys(), ...head.stacks.keys()]);
  const stacks: StackDiff[] = [];
  let unchanged = 0;
  for (const id of ids) {
    const b = base.stacks.get(id);
    const h = head.stacks.get(id);
    const either = (h ?? b)!;
    const sameMeta = jsonEqual(metaOf(b), metaOf(h));
    if (b && h && b.digest === h.digest && sameMeta) {
      unchanged++;
      continue;
    }
    const resources = b && h && b.digest === h.digest ? [] : diffStack(b, h);
    stacks.push({
      id,
      kind: either.kind,
      ...(either.tenant !== undefined ? { tenant: either.tenant } : {}),
      ...(either.site !== undefined ? { site: either.site } : {}),
      status: !b ? "added" : !h ? "removed" : "changed",
      ...(b ? { base: b } : {}),
      ...(h ? { head: h } : {}),
      resources,
      deploy: !b || !h || b.digest !== h.digest,
      configChanged: !!b && !!h && b.configDigest !== h.configDigest,
    });
  }
  return { stacks, unchanged };
}

const metaOf = (s: StackOutput | undefined): Json | undefined =>
  s === undefined ? undefined : ((s.tenantMeta ?? s.siteMeta ?? null) as unknown as Json);

/** Counts of resource actions. */
export function countActions(changes: Iterable<ResourceChange>): Record<Action, number> {
  const counts: Record<Action, number> = { create: 0, update: 0, replace: 0, destroy: 0 };
  for (const c of changes) counts[c.action]++;
  return counts;
}
