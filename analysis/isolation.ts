/**
 * The isolation analysis of a synthesized output, per site: the network flows and IP-block traffic the
 * NetworkPolicies allow (analysis/netpol.ts), the Vault access of every auth role and identity group
 * (analysis/vault.ts) and the RBAC grants (analysis/rbac.ts), with the resources behind each, for the
 * verdict (analysis/verdict.ts) and the matrix (analysis/matrix.ts).
 *
 * Every stack of a site is one cluster and one Vault: tenant stacks and the site stack are analysed
 * together. Pure: the CLI reads the files and output/read.ts parses them and passes them here.
 */
import { formatPorts } from "../lib/ports.js";
import {
  analyseNetwork, NetworkAnalysisError, OTHER_NAMESPACE, validatePolicy,
  type FlowResult, type IpResult, type LabelSelector, type NamespaceInfo, type NetworkPolicy, type NetworkPolicyPeer,
  type NetworkPolicyPort, type NetworkPolicyRule, type NetworkResult, type PolicyType, type SelectorOperator,
} from "./netpol.js";
import { buildAcl, parsePolicyHcl, VaultPolicySyntaxError, type AclEntry, type VaultRule } from "./vault.js";
import { rbacGrants, type RbacGrantDetail, type RoleBinding } from "./rbac.js";
import { vaultIdentityKey, vaultPolicyKey } from "../lib/names.js";
import { isObject, jsonEqual, many, one, str, stringMap, strings, type JsonObject } from "../lib/json.js";
import { resolveReference, stacksBySite, type OutputResource, type OutputStack, type SynthOutput } from "../output/read.js";
import type { SiteMeta, TenantMeta } from "../output/schema.js";
import type { IsolationMatrix, SiteMatrix } from "./matrix.js";
import { byAll, byKey, byString, uniqueSorted } from "../lib/sort.js";

/** A resource and the stack it is in: what findings point at. */
export interface ResourceRef {
  readonly stack: OutputStack;
  readonly resource: OutputResource;
}

/** Something the analysis could not read (an invalid policy); the verdict turns it into a finding. */
export interface AnalysisProblem {
  readonly rule: "PRF-001" | "PRF-003" | "PRF-004";
  readonly at: ResourceRef;
  readonly message: string;
}

export interface TenantOnSite {
  readonly meta: TenantMeta;
  readonly stack: OutputStack;
}

export interface VaultSubject {
  /** `kubernetes:<role>`, `group:<name>`, `<method>:<role>`. */
  readonly subject: string;
  readonly kind: "kubernetes" | "group" | "other";
  /** Role or group name. */
  readonly name: string;
  readonly at: ResourceRef;
  /** Policy names attached, sorted, `default` included when written. */
  readonly policies: readonly string[];
  /** `bound_service_account_namespaces` of a Kubernetes auth role. */
  readonly boundNamespaces?: readonly string[];
  /**
   * `bound_service_account_namespace_selector` of a Kubernetes auth role, when set: Vault also accepts
   * service accounts of every namespace it selects ("If set with bound_service_account_namespaces, the
   * conditions are ORed", Vault's Kubernetes auth API).
   */
  readonly boundNamespaceSelector?: string;
}

export interface VaultPolicyDef {
  readonly name: string;
  readonly at: ResourceRef;
  readonly rules: readonly VaultRule[];
}

export interface SubjectAccess {
  readonly subject: VaultSubject;
  readonly acl: readonly AclEntry[];
  /** Attached policies the output does not define (Vault's built-in `default` is not listed). */
  readonly missing: readonly string[];
}

export interface SiteAnalysis {
  readonly site: string;
  readonly meta: SiteMeta | undefined;
  readonly siteStack: OutputStack | undefined;
  readonly tenants: readonly TenantOnSite[];
  /** Tenant namespace → its tenant. */
  readonly owners: ReadonlyMap<string, TenantOnSite>;
  /** Namespace → the platform roles it plays (`dns`, `ingress`, `monitoring`, `backup`). */
  readonly platform: ReadonlyMap<string, readonly string[]>;
  readonly network: NetworkResult;
  /** Flows with a tenant namespace at one end at least. */
  readonly flows: readonly FlowResult[];
  /** IP-block traffic of tenant namespaces. */
  readonly ip: readonly IpResult[];
  readonly vaultPolicies: ReadonlyMap<string, readonly VaultPolicyDef[]>;
  readonly vault: readonly SubjectAccess[];
  readonly rbac: readonly (RbacGrantDetail & { readonly at: ResourceRef })[];
  /** Network policy and namespace resources by the id the network analysis returns. */
  readonly refs: ReadonlyMap<string, ResourceRef>;
  readonly problems: readonly AnalysisProblem[];
}

export interface IsolationAnalysis {
  /** Sorted by site. */
  readonly sites: readonly SiteAnalysis[];
}

export const PLATFORM_ROLES = ["dns", "ingress", "monitoring", "backup"] as const;
/** Vault's built-in policy that every token holds unless it opts out. */
export const DEFAULT_POLICY = "default";

const NETWORK_POLICY_TYPES = new Set(["kubernetes_network_policy_v1", "kubernetes_network_policy"]);
const NAMESPACE_TYPES = new Set(["kubernetes_namespace_v1", "kubernetes_namespace"]);
const ROLE_BINDING_TYPES = new Set(["kubernetes_role_binding_v1", "kubernetes_role_binding"]);
const CLUSTER_ROLE_BINDING_TYPES = new Set(["kubernetes_cluster_role_binding_v1", "kubernetes_cluster_role_binding"]);
/** Vault resources whose access is read (besides `vault_<method>_auth_backend_role`). */
const VAULT_READ_TYPES = new Set(["vault_policy", "vault_identity_group", "vault_identity_group_policies", "vault_identity_entity", "vault_token"]);
/** Resource types samdrift writes that grant no network, Vault or RBAC access themselves. */
const NO_ACCESS_TYPES = new Set([
  "kubernetes_resource_quota_v1", "kubernetes_resource_quota", "kubernetes_limit_range_v1", "kubernetes_limit_range",
  "vault_mount", "vault_auth_backend", "vault_kubernetes_auth_backend_config", "vault_pki_secret_backend_role",
  "vault_transit_secret_backend_key", "vault_identity_group_alias", "vault_kv_secret_backend_v2",
]);

/**
 * Whether the analysis reads (or may ignore) resources of `type`. Anything else may create access the
 * proof cannot see (a NetworkPolicy in a `kubernetes_manifest`, namespace labels from `kubernetes_labels`,
 * a ClusterRole aggregated into `admin`, a Vault policy through `vault_generic_endpoint`), so it is
 * reported rather than trusted.
 */
export function isAnalysedType(type: string): boolean {
  return (
    NETWORK_POLICY_TYPES.has(type) || NAMESPACE_TYPES.has(type) || ROLE_BINDING_TYPES.has(type) || CLUSTER_ROLE_BINDING_TYPES.has(type) ||
    VAULT_READ_TYPES.has(type) || /^vault_[a-z0-9_]+_auth_backend_role$/.test(type) || NO_ACCESS_TYPES.has(type)
  );
}

/**
 * The rule a resource of a type the analysis does not read falls under: by what it would grant, so that
 * a ClusterRoleBinding written as a `kubernetes_manifest` counts against RBAC, like a typed one.
 */
function unreadRule(resource: OutputResource): AnalysisProblem["rule"] {
  const { type, body } = resource;
  if (type.startsWith("vault_")) return "PRF-003";
  const kind = type === "kubernetes_manifest" ? str(one(body.manifest)?.kind) ?? "" : "";
  return /^kubernetes_(cluster_)?role(_binding)?(_v1)?$/.test(type) || /^(Cluster)?Role(Binding)?$/.test(kind) ? "PRF-004" : "PRF-001";
}

const refId = (r: ResourceRef): string => `${r.stack.id}:${r.resource.address}`;
/** Two known label sets that are equal; unknown (`undefined`) equals nothing. */
const sameLabels = (a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean =>
  a !== undefined && b !== undefined && jsonEqual(a, b);

/** Analyses every site of an output. Throws {@link NetworkAnalysisError} when a site is too large to enumerate. */
export function analyseOutput(output: SynthOutput): IsolationAnalysis {
  return { sites: [...stacksBySite(output).entries()].map(([site, stacks]) => analyseSite(site, stacks)) };
}

/** One site's analysis, from that site's stacks alone (a site stack and the tenant stacks on the site). */
export function analyseSite(site: string, stacks: readonly OutputStack[]): SiteAnalysis {
  const problems: AnalysisProblem[] = [];
  const siteStack = stacks.find((s) => s.siteMeta);
  const meta = siteStack?.siteMeta;
  const tenants = stacks.filter((s) => s.tenantMeta).map((s) => ({ meta: s.tenantMeta!, stack: s }));
  const owners = new Map<string, TenantOnSite>();
  for (const t of tenants) for (const ns of t.meta.namespaces) owners.set(ns, t);
  const platform = new Map<string, string[]>();
  for (const role of PLATFORM_ROLES) {
    const ns = meta?.platform[role]?.namespace;
    if (ns !== undefined) platform.set(ns, [...(platform.get(ns) ?? []), role]);
  }

  const refs = new Map<string, ResourceRef>();
  const resources = stacks.flatMap((stack) => stack.resources.map((resource) => ({ stack, resource })));
  for (const at of resources.filter((r) => !isAnalysedType(r.resource.type))) {
    problems.push({
      rule: unreadRule(at.resource),
      at,
      message: `samdrift does not analyse ${at.resource.type} resources (samdrift synth writes none), so the access this one may grant cannot be proven`,
    });
  }

  // Namespaces: labels from namespace resources; tenant and platform namespaces without one: unknown labels.
  // Labels are unknown too when two resources define the namespace differently (which one the cluster keeps
  // is not in the output) or a value is a Terraform expression (decided at apply time).
  const labels = new Map<string, Record<string, string> | undefined>();
  for (const at of resources.filter((r) => NAMESPACE_TYPES.has(r.resource.type))) {
    const md = one(at.resource.body.metadata);
    const name = md ? str(md.name) : undefined;
    if (!name) continue;
    const own = stringMap(md?.labels);
    const known = Object.values(own).some((v) => v.includes("${")) ? undefined : own;
    if (!labels.has(name)) labels.set(name, known);
    else if (!sameLabels(labels.get(name), known)) labels.set(name, undefined);
    refs.set(`namespace:${name}`, at);
  }
  const names = new Set([...owners.keys(), ...platform.keys(), ...labels.keys()]);
  const namespaces: NamespaceInfo[] = [...names].sort(byString).map((name) => {
    const known = labels.get(name);
    return known ? { name, labels: known } : { name };
  });

  const policies: NetworkPolicy[] = [];
  for (const at of resources.filter((r) => NETWORK_POLICY_TYPES.has(r.resource.type))) {
    const id = refId(at);
    refs.set(id, at);
    try {
      const policy = networkPolicyOf(id, at);
      // A reference left unresolved (`${var.x}`) is decided at apply time: the namespace the policy lands in,
      // or what it selects, could be anything. Such a policy is reported and left out, like an invalid one.
      if (policy.namespace.includes("${") || JSON.stringify(at.resource.body.spec ?? null).includes("${")) {
        problems.push({ rule: "PRF-001", at, message: "it contains a Terraform expression (${...}) samdrift cannot resolve, so what it allows cannot be proven; it was left out of the analysis" });
        continue;
      }
      validatePolicy(policy);
      policies.push(policy);
    } catch (e) {
      if (!(e instanceof NetworkAnalysisError)) throw e;
      problems.push({ rule: "PRF-001", at, message: `the API server would reject this NetworkPolicy, so it was left out of the analysis: ${e.message.replace(`${id}: `, "")}` });
    }
  }
  const network = analyseNetwork({ namespaces, policies });
  const isTenant = (ns: string) => owners.has(ns);
  const flows = network.flows.filter((f) => isTenant(f.from) || isTenant(f.to));
  const ip = network.ip.filter((e) => isTenant(e.namespace));

  const { defs, subjects } = vaultOf(resources, problems);
  // Vault attaches `default` to every token. Its built-in content (token self-management, cubbyhole) is left
  // out; but a `default` the output defines replaces it, so every subject holds that.
  const vault = subjects.map((subject) => {
    const attached = [...subject.policies.filter((p) => p !== DEFAULT_POLICY), ...(defs.has(DEFAULT_POLICY) ? [DEFAULT_POLICY] : [])];
    const known = attached.filter((p) => defs.has(p));
    return {
      subject,
      acl: buildAcl(known.flatMap((name) => defs.get(name)!.map((d) => ({ name, rules: d.rules })))),
      missing: attached.filter((p) => !defs.has(p)),
    };
  });

  const bindings: { binding: RoleBinding; at: ResourceRef }[] = [];
  for (const at of resources) {
    const cluster = CLUSTER_ROLE_BINDING_TYPES.has(at.resource.type);
    if (!cluster && !ROLE_BINDING_TYPES.has(at.resource.type)) continue;
    const id = refId(at);
    refs.set(id, at);
    const b = at.resource.body;
    const ref = one(b.role_ref);
    const namespace = cluster ? undefined : resolveReference(at.stack, str(one(b.metadata)?.namespace) ?? "default");
    bindings.push({
      at,
      binding: {
        id,
        namespace,
        roleKind: str(ref?.kind) === "Role" ? "Role" : "ClusterRole",
        roleName: str(ref?.name) ?? "",
        subjects: many(b.subject).map((s) => {
          const ns = str(s.namespace);
          return { kind: str(s.kind) ?? "", name: resolveReference(at.stack, str(s.name) ?? ""), ...(ns ? { namespace: resolveReference(at.stack, ns) } : {}) };
        }),
      },
    });
  }
  const rbac = rbacGrants(bindings.map((b) => b.binding)).map((g) => ({ ...g, at: refs.get(g.binding)! }));

  return { site, meta, siteStack, tenants, owners, platform, network, flows, ip, vaultPolicies: defs, vault, rbac, refs, problems };
}

// --------------------------------------------------------------------------------------- network policy

function selectorOf(v: unknown): LabelSelector {
  const o = one(v) ?? {};
  return {
    matchLabels: stringMap(o.match_labels),
    matchExpressions: many(o.match_expressions).map((e) => ({
      key: str(e.key) ?? "",
      // Kept as written (a missing operator is ""): validatePolicy rejects what the API server rejects.
      operator: (str(e.operator) ?? "") as SelectorOperator,
      values: strings(e.values),
    })),
  };
}

/**
 * A repeated block (rules, peers, ports) as the Kubernetes provider expands it: every list entry is one
 * block, and an entry that is not an object (`null`) is an empty block, not nothing. An empty rule allows
 * everything, an empty peer is rejected, an empty port is every TCP port.
 */
function blocks(v: unknown): JsonObject[] {
  if (Array.isArray(v)) return v.map((x: unknown) => (isObject(x) ? x : {}));
  return many(v);
}

/**
 * A present selector block, also when empty; `undefined` when absent (or an empty list). A list entry that
 * is not an object (`[null]`) is an empty block, which the provider expands to the empty selector.
 */
const optionalSelector = (v: unknown): LabelSelector | undefined => ((Array.isArray(v) ? v.length > 0 : isObject(v)) ? selectorOf(v) : undefined);

function peerOf(p: JsonObject): NetworkPolicyPeer {
  const ip = one(p.ip_block);
  const podSelector = optionalSelector(p.pod_selector);
  const namespaceSelector = optionalSelector(p.namespace_selector);
  return {
    ...(podSelector ? { podSelector } : {}),
    ...(namespaceSelector ? { namespaceSelector } : {}),
    ...(ip ? { ipBlock: { cidr: str(ip.cidr) ?? "", except: strings(ip.except) } } : {}),
  };
}

function portOf(p: JsonObject): NetworkPolicyPort {
  const port = str(p.port);
  const end = p.end_port;
  return {
    ...(str(p.protocol) ? { protocol: str(p.protocol)! } : {}),
    ...(port !== undefined && port !== "" ? { port } : {}),
    // The provider treats end_port 0 as unset.
    ...(typeof end === "number" && end !== 0 ? { endPort: end } : typeof end === "string" && /^[1-9][0-9]*$/.test(end) ? { endPort: Number(end) } : {}),
  };
}

function ruleOf(r: JsonObject, peersKey: "from" | "to"): NetworkPolicyRule {
  return { peers: blocks(r[peersKey]).map(peerOf), ports: blocks(r.ports).map(portOf) };
}

function networkPolicyOf(id: string, at: ResourceRef): NetworkPolicy {
  return readNetworkPolicy(id, at.resource.body, (value) => resolveReference(at.stack, value));
}

/**
 * A `kubernetes_network_policy_v1` resource body as the Kubernetes provider expands it, in the terms of
 * analysis/netpol.ts: the one reading of a NetworkPolicy the proof and the review share. `resolve` resolves
 * a reference in the namespace. @default resolve - the namespace as written
 */
export function readNetworkPolicy(id: string, body: { readonly [key: string]: unknown }, resolve: (value: string) => string = (value) => value): NetworkPolicy {
  const b = body;
  const md = one(b.metadata);
  const spec = one(b.spec) ?? {};
  const types = strings(spec.policy_types);
  return {
    id,
    namespace: resolve(str(md?.namespace) ?? "default"),
    podSelector: selectorOf(spec.pod_selector),
    ...(types.length > 0 ? { policyTypes: types as PolicyType[] } : {}),
    ingress: blocks(spec.ingress).map((r) => ruleOf(r, "from")),
    egress: blocks(spec.egress).map((r) => ruleOf(r, "to")),
  };
}

// ------------------------------------------------------------------------------------------------ vault

function vaultOf(resources: readonly ResourceRef[], problems: AnalysisProblem[]) {
  const defs = new Map<string, VaultPolicyDef[]>();
  for (const at of resources.filter((r) => r.resource.type === "vault_policy")) {
    // Vault lower-cases a policy's name: `AB-kv` and `ab-kv` are one policy (lib/names.ts).
    const name = vaultPolicyKey(resolveReference(at.stack, str(at.resource.body.name) ?? ""));
    try {
      const rules = parsePolicyHcl(str(at.resource.body.policy) ?? "");
      defs.set(name, [...(defs.get(name) ?? []), { name, at, rules }]);
    } catch (e) {
      if (!(e instanceof VaultPolicySyntaxError)) throw e;
      problems.push({ rule: "PRF-003", at, message: `Vault policy "${name}" cannot be read (${e.message}), so what it grants cannot be proven` });
      defs.set(name, [...(defs.get(name) ?? []), { name, at, rules: [] }]);
    }
  }
  const policyNames = (body: JsonObject, at: ResourceRef): string[] =>
    uniqueSorted([...strings(body.token_policies), ...strings(body.policies)].map((p) => vaultPolicyKey(resolveReference(at.stack, p))));

  const subjects: VaultSubject[] = [];
  const groupsByAddress = new Map<string, VaultSubject>();
  for (const at of resources) {
    const { type, body } = at.resource;
    if (type === "vault_kubernetes_auth_backend_role") {
      const name = resolveReference(at.stack, str(body.role_name) ?? "");
      const selector = str(body.bound_service_account_namespace_selector)?.trim();
      subjects.push({
        subject: `kubernetes:${name}`, kind: "kubernetes", name, at, policies: policyNames(body, at),
        boundNamespaces: strings(body.bound_service_account_namespaces).map((n) => resolveReference(at.stack, n)),
        ...(selector ? { boundNamespaceSelector: selector } : {}),
      });
    } else if (type === "vault_identity_group") {
      const name = resolveReference(at.stack, str(body.name) ?? "");
      const s: VaultSubject = { subject: `group:${name}`, kind: "group", name, at, policies: policyNames(body, at) };
      subjects.push(s);
      groupsByAddress.set(`${at.stack.id}:${at.resource.address}`, s);
    } else if (/^vault_[a-z0-9_]+_auth_backend_role$/.test(type) || type === "vault_identity_entity" || type === "vault_token") {
      const method = type === "vault_identity_entity" ? "entity" : type === "vault_token" ? "token" : type.replace(/^vault_/, "").replace(/_auth_backend_role$/, "");
      const name = resolveReference(at.stack, str(body.role_name) ?? str(body.name) ?? str(body.display_name) ?? at.resource.name);
      subjects.push({ subject: `${method}:${name}`, kind: "other", name, at, policies: policyNames(body, at) });
    }
  }
  // Policies attached to a group by a separate resource, referencing the group by `${vault_identity_group.x.id}`.
  for (const at of resources.filter((r) => r.resource.type === "vault_identity_group_policies")) {
    const m = /^\$\{vault_identity_group\.([A-Za-z0-9_-]+)\.id\}$/.exec(str(at.resource.body.group_id) ?? "");
    const group = m ? groupsByAddress.get(`${at.stack.id}:vault_identity_group.${m[1]}`) : undefined;
    const extra = policyNames(at.resource.body, at);
    if (group) {
      const i = subjects.indexOf(group);
      subjects[i] = { ...group, policies: uniqueSorted([...group.policies, ...extra]) };
    } else {
      subjects.push({ subject: `group:${str(at.resource.body.group_id) ?? at.resource.name}`, kind: "group", name: str(at.resource.body.group_id) ?? "", at, policies: extra });
    }
  }
  subjects.sort(byAll(byKey((s) => s.subject), byKey((s) => refId(s.at))));
  // Vault identity group names compare without regard to case: two resources naming one group fight over
  // it, and whichever applies last sets its policies (lib/names.ts).
  // The finding lands on the resource whose tenant did not declare the name as written, never on the owner.
  const declares = (sub: VaultSubject) => {
    const v = sub.at.stack.tenantMeta?.vault;
    return v !== undefined && (v.adminGroup === sub.name || v.viewGroup === sub.name) ? 0 : 1;
  };
  const groups = new Map<string, VaultSubject>();
  for (const sub of [...subjects].sort((a, b) => declares(a) - declares(b))) {
    if (sub.kind !== "group" || sub.at.resource.type !== "vault_identity_group") continue;
    const key = vaultIdentityKey(sub.name);
    const first = groups.get(key);
    if (!first) groups.set(key, sub);
    else {
      problems.push({
        rule: "PRF-003",
        at: sub.at,
        message: `Vault identity group "${sub.name}" is also defined in ${first.at.stack.file} (${first.at.resource.address}) as "${first.name}"; Vault compares group names without regard to case, so the two are one group and the later apply takes over the other's members and policies`,
      });
    }
  }
  return { defs, subjects };
}

// ----------------------------------------------------------------------------------------------- matrix

const withExcept = (except: readonly string[]) => (except.length > 0 ? { except: [...except] } : {});

/** The public matrix of an analysis: sorted, deterministic, the shape docs/isolation.md documents. */
export function toMatrix(analysis: IsolationAnalysis): IsolationMatrix {
  const sites: Record<string, SiteMatrix> = {};
  for (const s of analysis.sites) sites[s.site] = siteMatrix(s);
  return { sites };
}

/** One site's part of the {@link IsolationMatrix}. */
export function siteMatrix(s: SiteAnalysis): SiteMatrix {
  const vault = s.vault
    .flatMap((a) => a.acl.map((e) => ({ subject: a.subject.subject, path: e.path, capabilities: [...e.capabilities] })))
    .sort(byAll(byKey((g) => g.subject), byKey((g) => g.path)));
  const vaultUnique = vault.filter((v, i) => i === 0 || v.subject !== vault[i - 1]!.subject || v.path !== vault[i - 1]!.path);
  const rbac = s.rbac
    .map((g) => ({ subject: g.subject, namespace: g.namespace, role: g.role }))
    .filter((g, i, all) => i === 0 || JSON.stringify(g) !== JSON.stringify(all[i - 1]));
  return {
    flows: s.flows.map((f) => ({ from: f.from, to: f.to, ports: formatPorts(f.ports) })),
    egress: s.ip.filter((e) => e.direction === "egress").map((e) => ({ from: e.namespace, cidr: e.cidr, ...withExcept(e.except), ports: formatPorts(e.ports) })),
    ipIngress: s.ip.filter((e) => e.direction === "ingress").map((e) => ({ to: e.namespace, cidr: e.cidr, ...withExcept(e.except), ports: formatPorts(e.ports) })),
    vault: vaultUnique,
    rbac,
  };
}

export { OTHER_NAMESPACE };
