/**
 * Really there, in Kubernetes: every namespace, quota, limit range, role binding and network policy of the
 * synthesized output exists on its site's API server, with the labels and the spec that were synthesized.
 *
 * The comparison maps the provider's schema (snake_case keys, nested blocks as lists or single objects)
 * onto the API's (camelCase), and asks that everything synthesized is in the live object: the API server
 * adds defaults and labels of its own (`kubernetes.io/metadata.name`), which are not differences.
 * Quantities compare by value (`1000m` is `1`), ports as text (`"443"` is `443`).
 */
import type { OutputStack, OutputResource } from "../output/read.js";
import { resolveReference } from "../output/read.js";
import type { HttpClient } from "./http.js";
import { parseQuantity } from "../model/primitives.js";

export interface KubernetesCheck {
  objects: number;
  missing: string[];
}

interface Kind {
  readonly path: (namespace: string | undefined, name: string) => string;
  /** Top-level parts compared besides metadata (in the API's names). */
  readonly parts: readonly string[];
}

const KINDS: Readonly<Record<string, Kind>> = {
  kubernetes_namespace_v1: { path: (_ns, n) => `/api/v1/namespaces/${n}`, parts: [] },
  kubernetes_resource_quota_v1: { path: (ns, n) => `/api/v1/namespaces/${ns}/resourcequotas/${n}`, parts: ["spec"] },
  kubernetes_limit_range_v1: { path: (ns, n) => `/api/v1/namespaces/${ns}/limitranges/${n}`, parts: ["spec"] },
  kubernetes_role_binding_v1: { path: (ns, n) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/${n}`, parts: ["roleRef", "subjects"] },
  kubernetes_network_policy_v1: { path: (ns, n) => `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies/${n}`, parts: ["spec"] },
};

/** The Kubernetes types samdrift writes; a new one must be added to KINDS, or the check fails naming it. */
export const CHECKED_KUBERNETES_TYPES = Object.keys(KINDS);

/** Block names whose API field is plural or named otherwise. */
const RENAMES: Readonly<Record<string, string>> = {
  limit: "limits",
  subject: "subjects",
  role_ref: "roleRef",
  default_request: "defaultRequest",
};

const camel = (key: string): string => RENAMES[key] ?? key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** Blocks that the API holds as one object although the provider writes them as a list of at most one. */
const SINGLE = new Set(["metadata", "spec", "podSelector", "namespaceSelector", "ipBlock", "roleRef"]);

/** Labels and annotations are maps whose keys must not be camel-cased. */
const MAPS = new Set(["labels", "annotations", "hard", "matchLabels", "default", "defaultRequest", "max", "min", "maxLimitRequestRatio"]);

/** The synthesized body in the API's shape. */
export function toApiShape(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) {
    if (SINGLE.has(key)) return value.length === 0 ? {} : toApiShape(value[0], key);
    return value.map((v) => toApiShape(v));
  }
  if (value && typeof value === "object") {
    if (MAPS.has(key)) return { ...(value as Record<string, unknown>) };
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [camel(k), toApiShape(v, camel(k))]));
  }
  return value;
}

/** A quantity's value (the model's own parser), or undefined for anything that is not one. */
function quantity(v: unknown): number | undefined {
  if (typeof v !== "string" && typeof v !== "number") return undefined;
  try {
    return parseQuantity(v);
  } catch {
    return undefined;
  }
}

/** Where `expected` is not contained in `live`; empty when it is. */
export function differences(expected: unknown, live: unknown, path: string): string[] {
  if (expected === null || expected === undefined) return [];
  if (Array.isArray(expected)) {
    if (expected.length === 0) return live === undefined || (Array.isArray(live) && live.length === 0) ? [] : [`${path}: expected none, found ${JSON.stringify(live)}`];
    if (!Array.isArray(live)) return [`${path}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(live)}`];
    if (live.length !== expected.length) return [`${path}: expected ${expected.length} entries, found ${live.length}`];
    const inOrder = expected.flatMap((e, i) => differences(e, live[i], `${path}[${i}]`));
    if (inOrder.length === 0) return [];
    // Sets (the provider's TypeSet) may come back in another order: match each entry to a distinct one.
    const free = [...live];
    for (const e of expected) {
      const at = free.findIndex((l) => differences(e, l, path).length === 0);
      if (at < 0) return inOrder;
      free.splice(at, 1);
    }
    return [];
  }
  if (typeof expected === "object") {
    if (!live || typeof live !== "object" || Array.isArray(live)) {
      return Object.keys(expected).length === 0 && (live === undefined || live === null) ? [] : [`${path}: expected an object, found ${JSON.stringify(live)}`];
    }
    return Object.entries(expected as Record<string, unknown>).flatMap(([k, v]) => differences(v, (live as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  if (String(expected) === String(live)) return [];
  const qe = quantity(expected);
  const ql = quantity(live);
  if (qe !== undefined && ql !== undefined && Math.abs(qe - ql) <= Math.abs(qe) * 1e-12) return [];
  return [`${path}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(live)}`];
}

/** Resolves `${kubernetes_namespace_v1.x.metadata[0].name}`-style strings anywhere in a body. */
function resolveAll(stack: OutputStack, value: unknown): unknown {
  if (typeof value === "string") return resolveReference(stack, value);
  if (Array.isArray(value)) return value.map((v) => resolveAll(stack, v));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveAll(stack, v)]));
  return value;
}

export async function checkKubernetes(stacks: readonly OutputStack[], kubeOf: (stack: OutputStack) => HttpClient): Promise<KubernetesCheck> {
  const result: KubernetesCheck = { objects: 0, missing: [] };
  for (const stack of stacks) {
    const kube = kubeOf(stack);
    for (const r of stack.resources) {
      if (!r.type.startsWith("kubernetes_")) continue;
      const kind = KINDS[r.type];
      if (!kind) {
        result.missing.push(`${stack.id}: ${r.address}: the e2e does not know how to check ${r.type}; add it to e2e/kubernetes-check.ts`);
        continue;
      }
      result.objects++;
      result.missing.push(...(await checkOne(stack, r, kind, kube)).map((d) => `${stack.id}: ${r.address}: ${d}`));
    }
  }
  return result;
}

async function checkOne(stack: OutputStack, r: OutputResource, kind: Kind, kube: HttpClient): Promise<string[]> {
  const body = toApiShape(resolveAll(stack, r.body)) as Record<string, unknown> & { metadata?: { name?: string; namespace?: string } };
  const name = body.metadata?.name;
  if (!name) return ["has no metadata.name in the output"];
  const answer = await kube.call("GET", kind.path(body.metadata?.namespace, name));
  if (answer.status === 404) return ["not found on the API server"];
  if (answer.status !== 200) return [`GET answered HTTP ${answer.status}`];
  const live = answer.body as Record<string, unknown>;
  const expected: Record<string, unknown> = { metadata: body.metadata };
  for (const part of kind.parts) expected[part] = body[part];
  return differences(expected, live, "");
}
