/**
 * What a stack means, in the terms a reviewer thinks in: the namespaces and their quotas, the network
 * flows the policies open, the role bindings, the Vault capabilities each policy grants, the mounts and
 * keys, and the tenant's security level, placement and phase. `stackFacts` reads them from a stack's
 * resources (synthesized or planned); `compareFacts` says what changes between two versions; `explain`
 * turns that into readable lines.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * @see https://developer.hashicorp.com/vault/docs/concepts/policies
 */
import { PRIVATE_RANGES, addressScope } from "../lib/address-scope.js";
import { groupBy } from "../lib/group-by.js";
import type { ResourceEntry } from "./stacks.js";
import type { PlatformEndpointMeta as PlatformEndpoint, SiteMeta, TenantMeta } from "../output/schema.js";
import { many as blocks, jsonEqual, one, str, stringMap, strings, type Json, type JsonObject } from "../lib/json.js";
import { byString, listText, uniqueSorted } from "./values.js";

// ------------------------------------------------------------------------------------------- directory

/**
 * Who owns which namespace, and which namespaces are the platform's on each site, so that a flow's peer
 * can be named: same tenant, another tenant, the site's DNS or ingress controller, or unknown.
 */
export interface NamespaceDirectory {
  /** Namespace name → owning tenant. */
  readonly owner: ReadonlyMap<string, string>;
  /** Site → the address ranges its supplier counts as private besides the built-in ones. */
  readonly privateRanges: ReadonlyMap<string, readonly string[]>;
  /** Site → platform namespace → role (`dns`, `ingress`, `monitoring`, `backup`). */
  readonly platform: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** Builds the directory from the stacks' samdrift blocks (both sides of a review may contribute). */
export function namespaceDirectory(stacks: Iterable<{ readonly tenantMeta?: TenantMeta; readonly siteMeta?: SiteMeta }>): NamespaceDirectory {
  const owner = new Map<string, string>();
  const platform = new Map<string, Map<string, string>>();
  const privateRanges = new Map<string, readonly string[]>();
  for (const s of stacks) {
    if (s.tenantMeta) for (const ns of s.tenantMeta.namespaces) owner.set(ns, s.tenantMeta.tenant);
    if (s.siteMeta) {
      const roles = new Map<string, string>();
      for (const [role, endpoint] of Object.entries(s.siteMeta.platform) as [string, PlatformEndpoint][]) roles.set(endpoint.namespace, role);
      platform.set(s.siteMeta.site, roles);
      privateRanges.set(s.siteMeta.site, s.siteMeta.policy?.privateRanges ?? []);
    }
  }
  return { owner, platform, privateRanges };
}

export const EMPTY_DIRECTORY: NamespaceDirectory = { owner: new Map(), platform: new Map(), privateRanges: new Map() };

// ----------------------------------------------------------------------------------------------- flows

export type PeerRole = "same-tenant" | "other-tenant" | "platform" | "unknown-namespace" | "cidr" | "anywhere";

/** One allowed connection: a namespace, a direction, a peer and one port. */
export interface Flow {
  /** The namespace the network policy is in. */
  readonly namespace: string;
  readonly direction: "ingress" | "egress";
  /** Readable peer: `192.0.2.10/32`, `digg-api`, `kube-system`, `any namespace`, `anywhere`. */
  readonly peer: string;
  readonly peerRole: PeerRole;
  /** Owner of the peer namespace, when known. */
  readonly peerTenant?: string;
  /** Platform role of the peer (`dns`, `ingress`, `monitoring`, `backup`). */
  readonly platform?: string;
  /** Pod labels narrowing the peer, e.g. `k8s-app=kube-dns`. */
  readonly peerPods?: string;
  /** The peer includes addresses outside private ranges (lib/address-scope.ts, with the supplier's own). */
  readonly internet: boolean;
  /** The peer lies in a loopback, link-local or other node-local range (lib/address-scope.ts). */
  readonly local?: boolean;
  /** `TCP/443`, `TCP/8000-8100`, `UDP/all` or `all`. */
  readonly port: string;
  readonly policy: string;
}

export const flowKey = (f: Flow): string => `${f.namespace}|${f.direction}|${f.peerRole}|${f.peer}|${f.peerPods ?? ""}|${f.port}`;

function portsOf(rule: JsonObject): string[] {
  const ports = blocks(rule.ports);
  if (ports.length === 0) return ["all"];
  return ports.map((p) => {
    const protocol = str(p.protocol) ?? "TCP";
    const port = str(p.port);
    const end = str(p.end_port);
    return port === undefined ? `${protocol}/all` : end !== undefined ? `${protocol}/${port}-${end}` : `${protocol}/${port}`;
  });
}

const labelsText = (labels: Record<string, string>): string =>
  Object.entries(labels)
    .sort(([a], [b]) => byString(a, b))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");

function selectorText(selector: JsonObject | undefined): string | undefined {
  if (!selector) return undefined;
  const parts: string[] = [];
  const labels = stringMap(selector.match_labels);
  if (Object.keys(labels).length > 0) parts.push(labelsText(labels));
  for (const e of blocks(selector.match_expressions)) {
    parts.push(`${str(e.key) ?? "?"} ${str(e.operator) ?? "?"} (${strings(e.values).join(",")})`);
  }
  return parts.length === 0 ? undefined : parts.join(",");
}

const NAME_LABEL = "kubernetes.io/metadata.name";

/** Namespaces a selector picks by name, or `undefined` when it picks by other labels or picks all. */
function namespacesNamed(selector: JsonObject): string[] | undefined {
  const labels = stringMap(selector.match_labels);
  const expressions = blocks(selector.match_expressions);
  const byLabel = labels[NAME_LABEL];
  const otherLabels = Object.keys(labels).filter((k) => k !== NAME_LABEL);
  const byExpression = expressions.filter((e) => str(e.key) === NAME_LABEL && str(e.operator) === "In");
  if (otherLabels.length > 0 || expressions.length !== byExpression.length) return undefined;
  if (byLabel !== undefined && byExpression.length === 0) return [byLabel];
  if (byExpression.length === 1 && byLabel === undefined) return strings(byExpression[0]!.values);
  return undefined;
}

interface PeerContext {
  readonly namespace: string;
  readonly tenant?: string;
  readonly tenantNamespaces: ReadonlySet<string>;
  readonly platform: ReadonlyMap<string, string>;
  readonly directory: NamespaceDirectory;
  /** Private ranges of the site's supplier: the built-in ones and its own. */
  readonly privateRanges: readonly string[];
}

type Peer = Omit<Flow, "namespace" | "direction" | "port" | "policy">;

function namespacePeer(name: string, pods: string | undefined, ctx: PeerContext): Peer {
  const base = { peer: name, internet: false, ...(pods ? { peerPods: pods } : {}) };
  const role = ctx.platform.get(name);
  if (role !== undefined) return { ...base, peerRole: "platform", platform: role };
  if (ctx.tenantNamespaces.has(name) || name === ctx.namespace) return { ...base, peerRole: "same-tenant", ...(ctx.tenant ? { peerTenant: ctx.tenant } : {}) };
  const owner = ctx.directory.owner.get(name);
  if (owner !== undefined && owner === ctx.tenant) return { ...base, peerRole: "same-tenant", peerTenant: owner };
  if (owner !== undefined) return { ...base, peerRole: "other-tenant", peerTenant: owner };
  return { ...base, peerRole: "unknown-namespace" };
}

function peersOf(peer: JsonObject, ctx: PeerContext): Peer[] {
  const ipBlock = one(peer.ip_block);
  if (ipBlock) {
    const cidr = str(ipBlock.cidr) ?? "?";
    const except = strings(ipBlock.except);
    const scope = addressScope(cidr, ctx.privateRanges);
    return [{ peer: except.length > 0 ? `${cidr} except ${except.join(", ")}` : cidr, peerRole: "cidr", internet: scope === "internet", ...(scope === "local" ? { local: true } : {}) }];
  }
  const nsSelector = one(peer.namespace_selector);
  const pods = selectorText(one(peer.pod_selector));
  if (nsSelector === undefined) {
    // A pod selector alone picks pods of the policy's own namespace.
    return [namespacePeer(ctx.namespace, pods, ctx)];
  }
  const named = namespacesNamed(nsSelector);
  if (named) return named.map((n) => namespacePeer(n, pods, ctx));
  const labels = selectorText(nsSelector);
  return [{ peer: labels ? `namespaces with ${labels}` : "any namespace", peerRole: "unknown-namespace", internet: false, ...(pods ? { peerPods: pods } : {}) }];
}

const ANYWHERE: Peer = { peer: "anywhere", peerRole: "anywhere", internet: true };

/** The flows one `kubernetes_network_policy_v1` allows. */
export function policyFlows(values: JsonObject, ctx: Omit<PeerContext, "namespace">): Flow[] {
  const metadata = one(values.metadata);
  const namespace = str(metadata?.namespace) ?? "default";
  const policy = str(metadata?.name) ?? "?";
  const spec = one(values.spec);
  if (!spec) return [];
  const podSelector = selectorText(one(spec.pod_selector));
  const where = podSelector ? `${namespace} (pods ${podSelector})` : namespace;
  const context: PeerContext = { ...ctx, namespace };
  const flows: Flow[] = [];
  for (const direction of ["ingress", "egress"] as const) {
    for (const rule of blocks(spec[direction])) {
      const peerBlocks = blocks(rule[direction === "ingress" ? "from" : "to"]);
      const peers = peerBlocks.length === 0 ? [ANYWHERE] : peerBlocks.flatMap((p) => peersOf(p, context));
      for (const peer of peers) for (const port of portsOf(rule)) flows.push({ ...peer, namespace: where, direction, port, policy });
    }
  }
  return flows;
}

// ----------------------------------------------------------------------------------------- Vault policy

/** Path → capabilities of a Vault policy document (HCL). */
export type PolicyRules = ReadonlyMap<string, readonly string[]>;

/**
 * Reads the `path "..." { capabilities = [...] }` blocks of a Vault policy. Comments are skipped, nested
 * braces (`allowed_parameters = { ... }`) are balanced; returns `undefined` when the text is not of that
 * shape, so the caller falls back to showing the text changed.
 */
export function parsePolicy(text: string): PolicyRules | undefined {
  const rules = new Map<string, string[]>();
  const src = text.replace(/(^|\s)(#|\/\/)[^\n]*/g, "$1");
  const pathRe = /path\s+"([^"]*)"\s*\{/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = pathRe.exec(src)) !== null) {
    if (src.slice(consumed, m.index).trim() !== "") return undefined;
    let depth = 1;
    let i = pathRe.lastIndex;
    let inString = false;
    for (; i < src.length && depth > 0; i++) {
      const c = src[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}") depth--;
    }
    if (depth !== 0) return undefined;
    const body = src.slice(pathRe.lastIndex, i - 1);
    const caps = /capabilities\s*=\s*\[([^\]]*)\]/.exec(body);
    const list = caps ? [...caps[1]!.matchAll(/"([^"]*)"/g)].map((c) => c[1]!) : [];
    const path = m[1]!;
    rules.set(path, uniqueSorted([...(rules.get(path) ?? []), ...list]));
    consumed = i;
    pathRe.lastIndex = i;
  }
  if (src.slice(consumed).trim() !== "") return undefined;
  return rules;
}

// ----------------------------------------------------------------------------------------------- facts

export interface RoleBindingFact {
  readonly namespace: string;
  readonly name: string;
  /** `ClusterRole admin`. */
  readonly role: string;
  /** `Group mfof-admins`. */
  readonly subjects: readonly string[];
}

export interface MountFact {
  readonly path: string;
  readonly type: string;
  readonly options: string;
  readonly preventDestroy: boolean;
}

/** Everything review knows about one version of one stack. */
export interface StackFacts {
  readonly tenant?: string;
  readonly site?: string;
  readonly meta?: TenantMeta;
  /** Namespace name → its labels and whether it refuses destroy. */
  readonly namespaces: ReadonlyMap<string, { readonly labels: Readonly<Record<string, string>>; readonly preventDestroy: boolean }>;
  /** `namespace/quota-name` → hard limits. */
  readonly quotas: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** `namespace/limit-range-name` → `Container default.cpu` → value. */
  readonly limits: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly roleBindings: ReadonlyMap<string, RoleBindingFact>;
  readonly flows: ReadonlyMap<string, Flow>;
  /** Policy name → rules, or `undefined` rules when the text could not be read. */
  readonly vaultPolicies: ReadonlyMap<string, PolicyRules | undefined>;
  readonly mounts: ReadonlyMap<string, MountFact>;
  /** `mount/key` → settings text (`deletion allowed`, `exportable`). */
  readonly transitKeys: ReadonlyMap<string, { readonly deletionAllowed: boolean; readonly exportable: boolean }>;
  /** Kubernetes auth role name → bound namespaces, service accounts and token policies. */
  readonly authRoles: ReadonlyMap<string, { readonly backend: string; readonly namespaces: readonly string[]; readonly serviceAccounts: readonly string[]; readonly policies: readonly string[] }>;
  /** Vault identity group name → policies. */
  readonly groups: ReadonlyMap<string, { readonly policies: readonly string[] }>;
  /** PKI role name → allowed domains and settings. */
  readonly pkiRoles: ReadonlyMap<string, { readonly backend: string; readonly domains: readonly string[]; readonly settings: Readonly<Record<string, string>> }>;
  /** KV v2 mount → versions kept per secret (`max_versions`; undefined when the output does not say). */
  readonly kvSettings: ReadonlyMap<string, { readonly maxVersions: number | undefined }>;
}

/**
 * PKI role settings that let the role issue for more names than its `allowed_domains` as written: true on
 * each (false for `enforce_hostnames`) widens it. The review names every one that is on.
 */
export const PKI_WIDENING: Readonly<Record<string, string>> = {
  allow_subdomains: "true", allow_glob_domains: "true", allow_any_name: "true", allow_wildcard_certificates: "true",
  allow_ip_sans: "true", allow_localhost: "true", enforce_hostnames: "false",
};
/** The widening settings a PKI role has on (see {@link PKI_WIDENING}). */
export const pkiWidening = (settings: Readonly<Record<string, string>>): string[] =>
  Object.entries(PKI_WIDENING).filter(([k, on]) => settings[k] === on).map(([k, on]) => `${k} ${on}`);

export interface FactsInput {
  readonly tenant?: string;
  readonly site?: string;
  readonly tenantMeta?: TenantMeta;
  readonly resources: Iterable<ResourceEntry>;
}

/** Reads a stack's facts from its resources; unknown resource types are left to the attribute diff. */
export function stackFacts(stack: FactsInput, directory: NamespaceDirectory = EMPTY_DIRECTORY): StackFacts {
  const meta = stack.tenantMeta;
  const tenant = meta?.tenant ?? stack.tenant;
  const site = meta?.site ?? stack.site;
  const resources = [...stack.resources];
  const namespaces = new Map<string, { labels: Record<string, string>; preventDestroy: boolean }>();
  for (const r of resources) {
    if (r.type !== "kubernetes_namespace_v1") continue;
    const md = one(r.values.metadata);
    const name = str(md?.name);
    if (name !== undefined) namespaces.set(name, { labels: stringMap(md?.labels), preventDestroy: r.preventDestroy });
  }
  const tenantNamespaces = new Set([...(meta?.namespaces ?? []), ...namespaces.keys()]);
  const platform = (site !== undefined ? directory.platform.get(site) : undefined) ?? new Map<string, string>();
  const privateRanges = [...PRIVATE_RANGES, ...((site !== undefined ? directory.privateRanges.get(site) : undefined) ?? [])];
  const peerCtx = { ...(tenant !== undefined ? { tenant } : {}), tenantNamespaces, platform, directory, privateRanges };

  const quotas = new Map<string, Record<string, string>>();
  const limits = new Map<string, Record<string, string>>();
  const roleBindings = new Map<string, RoleBindingFact>();
  const flows = new Map<string, Flow>();
  const vaultPolicies = new Map<string, PolicyRules | undefined>();
  const mounts = new Map<string, MountFact>();
  const transitKeys = new Map<string, { deletionAllowed: boolean; exportable: boolean }>();
  const authRoles = new Map<string, { backend: string; namespaces: string[]; serviceAccounts: string[]; policies: string[] }>();
  const groups = new Map<string, { policies: string[] }>();
  const pkiRoles = new Map<string, { backend: string; domains: string[]; settings: Record<string, string> }>();
  const kvSettings = new Map<string, { maxVersions: number | undefined }>();

  for (const r of resources) {
    const v = r.values;
    const md = one(v.metadata);
    const nsKey = `${str(md?.namespace) ?? "default"}/${str(md?.name) ?? r.name}`;
    switch (r.type) {
      case "kubernetes_resource_quota_v1":
        quotas.set(nsKey, stringMap(one(v.spec)?.hard));
        break;
      case "kubernetes_limit_range_v1": {
        const out: Record<string, string> = {};
        for (const limit of blocks(one(v.spec)?.limit)) {
          const type = str(limit.type) ?? "?";
          for (const field of ["default", "default_request", "min", "max", "max_limit_request_ratio"]) {
            for (const [k, val] of Object.entries(stringMap(limit[field]))) out[`${type} ${field}.${k}`] = val;
          }
        }
        limits.set(nsKey, out);
        break;
      }
      case "kubernetes_role_binding_v1": {
        const ref = one(v.role_ref);
        roleBindings.set(nsKey, {
          namespace: str(md?.namespace) ?? "default",
          name: str(md?.name) ?? r.name,
          role: `${str(ref?.kind) ?? "?"} ${str(ref?.name) ?? "?"}`,
          subjects: blocks(v.subject).map((s) => `${str(s.kind) ?? "?"} ${str(s.name) ?? "?"}`).sort(byString),
        });
        break;
      }
      case "kubernetes_network_policy_v1":
        for (const f of policyFlows(v, peerCtx)) flows.set(flowKey(f), f);
        break;
      case "vault_policy": {
        const name = str(v.name) ?? r.name;
        const text = str(v.policy);
        vaultPolicies.set(name, text === undefined ? undefined : parsePolicy(text));
        break;
      }
      case "vault_mount": {
        const path = str(v.path) ?? r.name;
        mounts.set(path, { path, type: str(v.type) ?? "?", options: labelsText(stringMap(v.options)), preventDestroy: r.preventDestroy });
        break;
      }
      case "vault_kv_secret_backend_v2":
        kvSettings.set(str(v.mount) ?? r.name, { maxVersions: typeof v.max_versions === "number" ? v.max_versions : undefined });
        break;
      case "vault_transit_secret_backend_key":
        transitKeys.set(`${str(v.backend) ?? "?"}/${str(v.name) ?? r.name}`, { deletionAllowed: v.deletion_allowed === true, exportable: v.exportable === true });
        break;
      case "vault_kubernetes_auth_backend_role":
        authRoles.set(str(v.role_name) ?? r.name, {
          backend: str(v.backend) ?? "?",
          namespaces: strings(v.bound_service_account_namespaces).sort(byString),
          serviceAccounts: strings(v.bound_service_account_names).sort(byString),
          policies: strings(v.token_policies).sort(byString),
        });
        break;
      case "vault_identity_group":
        groups.set(str(v.name) ?? r.name, { policies: strings(v.policies).sort(byString) });
        break;
      case "vault_pki_secret_backend_role": {
        const settings: Record<string, string> = {};
        for (const [k, val] of Object.entries(v)) {
          if (k !== "name" && k !== "backend" && k !== "allowed_domains" && (typeof val !== "object" || val === null)) settings[k] = String(val);
        }
        pkiRoles.set(str(v.name) ?? r.name, { backend: str(v.backend) ?? "?", domains: strings(v.allowed_domains).sort(byString), settings });
        break;
      }
      default:
        break;
    }
  }
  return {
    ...(tenant !== undefined ? { tenant } : {}),
    ...(site !== undefined ? { site } : {}),
    ...(meta ? { meta } : {}),
    namespaces, quotas, limits, roleBindings, flows, vaultPolicies, mounts, transitKeys, authRoles, groups, pkiRoles, kvSettings,
  };
}

/** Facts of a stack that does not exist (before an add, after a remove). */
export const NO_FACTS: StackFacts = {
  namespaces: new Map(), quotas: new Map(), limits: new Map(), roleBindings: new Map(), flows: new Map(),
  vaultPolicies: new Map(), mounts: new Map(), transitKeys: new Map(), authRoles: new Map(), groups: new Map(), pkiRoles: new Map(), kvSettings: new Map(),
};

// ----------------------------------------------------------------------------------------- comparisons

export interface ValueChange {
  readonly subject: string;
  readonly key: string;
  readonly before?: string;
  readonly after?: string;
}

export interface CapabilityChange {
  readonly policy: string;
  readonly path: string;
  readonly capabilities: readonly string[];
  /** The policy itself is new (created with this grant). */
  readonly newPolicy: boolean;
}

export interface MemberChange {
  /** `auth role tenant-mfof`, `group mfof-admins`. */
  readonly holder: string;
  readonly item: string;
  /** The holder (role or group) is created or deleted by this change, not just changed. */
  readonly newHolder: boolean;
}

/** What changes between two versions of one stack, structured for risk rules and for text. */
export interface FactChanges {
  readonly namespacesAdded: readonly string[];
  readonly namespacesRemoved: readonly string[];
  readonly flowsOpened: readonly Flow[];
  readonly flowsClosed: readonly Flow[];
  readonly quota: readonly ValueChange[];
  readonly limits: readonly ValueChange[];
  readonly bindingsAdded: readonly RoleBindingFact[];
  readonly bindingsRemoved: readonly RoleBindingFact[];
  readonly granted: readonly CapabilityChange[];
  readonly revoked: readonly CapabilityChange[];
  /** Policies whose text could not be read and changed. */
  readonly unreadablePolicies: readonly string[];
  readonly policiesAttached: readonly MemberChange[];
  readonly policiesDetached: readonly MemberChange[];
  readonly authNamespacesAdded: readonly MemberChange[];
  readonly authNamespacesRemoved: readonly MemberChange[];
  readonly mountsAdded: readonly MountFact[];
  readonly mountsRemoved: readonly MountFact[];
  readonly mountsChanged: readonly ValueChange[];
  readonly keysAdded: readonly string[];
  readonly keysRemoved: readonly string[];
  readonly keySettings: readonly ValueChange[];
  readonly pki: readonly ValueChange[];
  /** PKI roles created, with the names they allow: a reviewer must see every domain a tenant may get certificates for. */
  readonly pkiCreated: readonly { readonly role: string; readonly backend: string; readonly domains: readonly string[]; readonly widening: readonly string[] }[];
  /** KV mounts whose versions kept per secret change (`max versions`); fewer destroys the older versions. */
  readonly kvVersions: readonly ValueChange[];
  /** Samdrift metadata: `securityLevel`, `phase`, `placement`, `priority`, `personalData`, `agreementRef`. */
  readonly meta: readonly ValueChange[];
  /** Namespaces and mounts whose `prevent_destroy` changes (both versions exist). */
  readonly protection: readonly { readonly subject: string; readonly before: boolean; readonly after: boolean }[];
}

function setDiff<T>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>): { added: T[]; removed: T[] } {
  return {
    added: [...after].filter(([k]) => !before.has(k)).map(([, v]) => v),
    removed: [...before].filter(([k]) => !after.has(k)).map(([, v]) => v),
  };
}

function mapChanges(subject: string, before: Readonly<Record<string, string>> | undefined, after: Readonly<Record<string, string>> | undefined): ValueChange[] {
  const keys = uniqueSorted([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return keys
    .filter((k) => before?.[k] !== after?.[k])
    .map((k) => ({ subject, key: k, ...(before?.[k] !== undefined ? { before: before[k] } : {}), ...(after?.[k] !== undefined ? { after: after[k] } : {}) }));
}

function listChanges(holder: string, before: readonly string[] | undefined, after: readonly string[] | undefined) {
  const b = new Set(before ?? []);
  const a = new Set(after ?? []);
  const newHolder = before === undefined || after === undefined;
  return {
    added: [...a].filter((x) => !b.has(x)).map((item) => ({ holder, item, newHolder })),
    removed: [...b].filter((x) => !a.has(x)).map((item) => ({ holder, item, newHolder })),
  };
}

/**
 * The tenant's samdrift metadata as comparable strings; without a samdrift block (a Terraform plan), the
 * security level and phase labels of its namespaces stand in.
 */
const metaValues = (m: TenantMeta | undefined, facts: StackFacts): Record<string, string> => {
  if (m === undefined) {
    const labels = [...facts.namespaces.values()][0]?.labels ?? {};
    const level = labels["samdrift.io/security-level"];
    const phase = labels["samdrift.io/phase"];
    return { ...(level !== undefined ? { securityLevel: level } : {}), ...(phase !== undefined ? { phase } : {}) };
  }
  return tenantMetaValues(m);
};

const tenantMetaValues = (m: TenantMeta): Record<string, string> => ({
  securityLevel: m.securityLevel,
  phase: m.phase,
  placement: m.placement.join(", "),
  ...(m.priority !== undefined ? { priority: String(m.priority) } : {}),
  ...(m.personalData !== undefined ? { personalData: m.personalData } : {}),
  ...(m.agreementRef !== undefined ? { agreementRef: m.agreementRef } : {}),
  ...(m.exit !== undefined ? { exit: `${m.exit.ref} on ${m.exit.date}` } : {}),
  // Services that change labels and platform access rather than resources of their own.
  backup: m.declared.backup ? "chosen" : "not chosen",
  monitoring: m.declared.monitoring ? "chosen" : "not chosen",
});

/** What changes from `before` to `after` (use `NO_FACTS` for a side that does not exist). */
export function compareFacts(before: StackFacts, after: StackFacts): FactChanges {
  const nsNames = { added: [...after.namespaces.keys()].filter((n) => !before.namespaces.has(n)), removed: [...before.namespaces.keys()].filter((n) => !after.namespaces.has(n)) };
  const flows = setDiff(before.flows, after.flows);
  const bindings = { added: [] as RoleBindingFact[], removed: [] as RoleBindingFact[] };
  for (const key of uniqueSorted([...before.roleBindings.keys(), ...after.roleBindings.keys()])) {
    const b = before.roleBindings.get(key);
    const a = after.roleBindings.get(key);
    if (b && a && jsonEqual(b as unknown as Json, a as unknown as Json)) continue;
    if (b) bindings.removed.push(b);
    if (a) bindings.added.push(a);
  }

  const granted: CapabilityChange[] = [];
  const revoked: CapabilityChange[] = [];
  const unreadable: string[] = [];
  for (const name of uniqueSorted([...before.vaultPolicies.keys(), ...after.vaultPolicies.keys()])) {
    const b = before.vaultPolicies.get(name);
    const a = after.vaultPolicies.get(name);
    const hadBefore = before.vaultPolicies.has(name);
    const hasAfter = after.vaultPolicies.has(name);
    if ((hadBefore && b === undefined) || (hasAfter && a === undefined)) {
      unreadable.push(name);
      continue;
    }
    for (const path of uniqueSorted([...(b?.keys() ?? []), ...(a?.keys() ?? [])])) {
      const capsB = new Set(b?.get(path) ?? []);
      const capsA = new Set(a?.get(path) ?? []);
      const plus = [...capsA].filter((c) => !capsB.has(c));
      const minus = [...capsB].filter((c) => !capsA.has(c));
      if (plus.length > 0) granted.push({ policy: name, path, capabilities: plus, newPolicy: !hadBefore });
      if (minus.length > 0) revoked.push({ policy: name, path, capabilities: minus, newPolicy: false });
    }
  }

  const attached: MemberChange[] = [];
  const detached: MemberChange[] = [];
  const authAdded: MemberChange[] = [];
  const authRemoved: MemberChange[] = [];
  for (const role of uniqueSorted([...before.authRoles.keys(), ...after.authRoles.keys()])) {
    const b = before.authRoles.get(role);
    const a = after.authRoles.get(role);
    const p = listChanges(`auth role ${role}`, b?.policies, a?.policies);
    attached.push(...p.added);
    detached.push(...p.removed);
    const accepted = (r: typeof b) => (r ? [...r.namespaces.map((n) => `namespace ${n}`), ...r.serviceAccounts.map((x) => `service account ${x}`)] : undefined);
    const n = listChanges(`auth role ${role}`, accepted(b), accepted(a));
    authAdded.push(...n.added);
    authRemoved.push(...n.removed);
  }
  for (const group of uniqueSorted([...before.groups.keys(), ...after.groups.keys()])) {
    const p = listChanges(`group ${group}`, before.groups.get(group)?.policies, after.groups.get(group)?.policies);
    attached.push(...p.added);
    detached.push(...p.removed);
  }

  const mounts = setDiff(before.mounts, after.mounts);
  const mountsChanged: ValueChange[] = [];
  for (const [path, a] of after.mounts) {
    const b = before.mounts.get(path);
    if (!b) continue;
    if (b.type !== a.type) mountsChanged.push({ subject: `mount ${path}`, key: "type", before: b.type, after: a.type });
    if (b.options !== a.options) mountsChanged.push({ subject: `mount ${path}`, key: "options", before: b.options, after: a.options });
  }
  const keySettings: ValueChange[] = [];
  for (const [key, a] of after.transitKeys) {
    const b = before.transitKeys.get(key);
    if (!b) continue;
    if (b.deletionAllowed !== a.deletionAllowed) keySettings.push({ subject: `key ${key}`, key: "deletion allowed", before: String(b.deletionAllowed), after: String(a.deletionAllowed) });
    if (b.exportable !== a.exportable) keySettings.push({ subject: `key ${key}`, key: "exportable", before: String(b.exportable), after: String(a.exportable) });
  }
  const pki: ValueChange[] = [];
  const pkiCreated: FactChanges["pkiCreated"][number][] = [];
  const kvVersions: ValueChange[] = [];
  for (const [mount, a] of after.kvSettings) {
    const b = before.kvSettings.get(mount);
    if (b && b.maxVersions !== a.maxVersions) kvVersions.push({ subject: `KV ${mount}`, key: "max versions", ...(b.maxVersions !== undefined ? { before: String(b.maxVersions) } : {}), ...(a.maxVersions !== undefined ? { after: String(a.maxVersions) } : {}) });
  }
  for (const role of uniqueSorted([...before.pkiRoles.keys(), ...after.pkiRoles.keys()])) {
    const b = before.pkiRoles.get(role);
    const a = after.pkiRoles.get(role);
    if (a && !b) pkiCreated.push({ role, backend: a.backend, domains: a.domains, widening: pkiWidening(a.settings) });
    if (!b || !a) continue;
    pki.push(...listChanges(`PKI role ${role}`, b.domains, a.domains).added.map((m) => ({ subject: m.holder, key: "allowed domain", after: m.item })));
    pki.push(...listChanges(`PKI role ${role}`, b.domains, a.domains).removed.map((m) => ({ subject: m.holder, key: "allowed domain", before: m.item })));
    pki.push(...mapChanges(`PKI role ${role}`, b.settings, a.settings));
  }

  const protection: { subject: string; before: boolean; after: boolean }[] = [];
  for (const [name, a] of after.namespaces) {
    const b = before.namespaces.get(name);
    if (b && b.preventDestroy !== a.preventDestroy) protection.push({ subject: `namespace ${name}`, before: b.preventDestroy, after: a.preventDestroy });
  }
  for (const [path, a] of after.mounts) {
    const b = before.mounts.get(path);
    if (b && b.preventDestroy !== a.preventDestroy) protection.push({ subject: `mount ${path}`, before: b.preventDestroy, after: a.preventDestroy });
  }

  const keyNames = { added: [...after.transitKeys.keys()].filter((k) => !before.transitKeys.has(k)), removed: [...before.transitKeys.keys()].filter((k) => !after.transitKeys.has(k)) };
  const quota = uniqueSorted([...before.quotas.keys(), ...after.quotas.keys()]).flatMap((k) =>
    before.quotas.has(k) && after.quotas.has(k) ? mapChanges(k.split("/")[0]!, before.quotas.get(k), after.quotas.get(k)) : [],
  );
  const limits = uniqueSorted([...before.limits.keys(), ...after.limits.keys()]).flatMap((k) =>
    before.limits.has(k) && after.limits.has(k) ? mapChanges(k.split("/")[0]!, before.limits.get(k), after.limits.get(k)) : [],
  );
  const bothSides = (before.meta !== undefined || before.namespaces.size > 0) && (after.meta !== undefined || after.namespaces.size > 0);
  return {
    namespacesAdded: nsNames.added,
    namespacesRemoved: nsNames.removed,
    flowsOpened: flows.added,
    flowsClosed: flows.removed,
    quota,
    limits,
    bindingsAdded: bindings.added,
    bindingsRemoved: bindings.removed,
    granted,
    revoked,
    unreadablePolicies: unreadable,
    policiesAttached: attached,
    policiesDetached: detached,
    authNamespacesAdded: authAdded,
    authNamespacesRemoved: authRemoved,
    mountsAdded: mounts.added,
    mountsRemoved: mounts.removed,
    mountsChanged,
    keysAdded: keyNames.added,
    keysRemoved: keyNames.removed,
    keySettings,
    pki,
    pkiCreated,
    kvVersions,
    meta: bothSides ? mapChanges("tenant", metaValues(before.meta, before), metaValues(after.meta, after)) : [],
    protection,
  };
}

// ----------------------------------------------------------------------------------------------- text

export type Topic = "tenant" | "namespace" | "network" | "quota" | "access" | "vault" | "protection";

/** One readable line about a change. */
export interface Explanation {
  readonly topic: Topic;
  readonly text: string;
}

const q = (s: string): string => `"${s}"`;

/** Readable description of a flow's peer: `192.0.2.10/32`, `digg-api (tenant digg)`, `site DNS (kube-system)`. */
export function peerText(f: Flow): string {
  const pods = f.peerPods ? `, pods ${f.peerPods}` : "";
  switch (f.peerRole) {
    case "platform":
      return `site ${f.platform === "dns" ? "DNS" : f.platform === "ingress" ? "ingress controller" : f.platform} (${f.peer}${pods})`;
    case "other-tenant":
      return `${f.peer} (tenant ${f.peerTenant ?? "?"}${pods})`;
    case "same-tenant":
      return `${f.peer}${pods ? ` (${pods.slice(2)})` : ""}`;
    case "unknown-namespace":
      return `${f.peer} (namespace of no known tenant${pods})`;
    case "cidr":
      return f.local ? `${f.peer} (node-local: loopback or link-local)` : f.internet ? `${f.peer} (internet)` : `${f.peer} (private network)`;
    case "anywhere":
      return "anywhere (every address, in and outside the cluster)";
  }
}

/** Flows grouped by namespace, direction and peer, ports joined: one line each. */
export function flowLines(flows: readonly Flow[], verb: string, meta?: TenantMeta): string[] {
  const groups = new Map<string, Flow[]>();
  for (const f of flows) {
    const key = `${f.namespace}|${f.direction}|${peerText(f)}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].map((group) => {
    const f = group[0]!;
    const ports = uniqueSorted(group.map((g) => g.port));
    const portText = ports.includes("all") ? "on every port" : `on ${ports.join(", ")}`;
    const arrow = f.direction === "egress" ? `egress from ${f.namespace} to ${peerText(f)}` : `ingress to ${f.namespace} from ${peerText(f)}`;
    return `${verb} ${arrow} ${portText}${flowReason(f, meta)}`;
  });
}

/** The declared reason or agreement behind a flow, from the samdrift block. */
function flowReason(f: Flow, meta: TenantMeta | undefined): string {
  if (!meta) return "";
  const ns = f.namespace.split(" ")[0]!;
  if (f.peerRole === "cidr" && f.direction === "egress") {
    const declared = meta.declared.egress.find((e) => e.from === ns && f.peer.startsWith(e.cidr));
    if (declared) return ` (reason: ${q(declared.reason)})`;
  }
  if (f.peerRole === "other-tenant" || f.peerRole === "unknown-namespace") {
    const [from, to] = f.direction === "egress" ? [ns, f.peer] : [f.peer, ns];
    const c = meta.declared.connections.find((x) => x.from === from && x.to === to);
    if (c) return ` under ${c.ref}`;
  }
  return "";
}

const quotaSummary = (hard: Readonly<Record<string, string>>): string => {
  const pick = (k: string) => hard[k];
  const cpu = pick("limits.cpu") ?? pick("requests.cpu");
  const mem = pick("limits.memory") ?? pick("requests.memory");
  const parts = [cpu && `cpu ${cpu}`, mem && `memory ${mem}`, pick("requests.storage") && `storage ${pick("requests.storage")}`, pick("pods") && `pods ${pick("pods")}`];
  return parts.filter((p): p is string => typeof p === "string").join(", ");
};

const change = (c: ValueChange): string =>
  c.before === undefined ? `${c.key} set to ${c.after}` : c.after === undefined ? `${c.key} ${c.before} removed` : `${c.key} ${c.before} → ${c.after}`;

const META_NAMES: Record<string, string> = {
  securityLevel: "security level",
  phase: "agreement phase",
  placement: "placement",
  priority: "outage priority",
  personalData: "personal data",
  agreementRef: "agreement",
  exit: "exit",
  backup: "backup service",
  monitoring: "monitoring service",
};

/**
 * Readable lines for the changes of one stack. `after` gives context for created things (quotas of new
 * namespaces, policies of new Vault policies); `meta` gives the declared reasons of flows.
 */
export function explain(changes: FactChanges, after: StackFacts, before: StackFacts = NO_FACTS): Explanation[] {
  const out: Explanation[] = [];
  const meta = after.meta ?? before.meta;
  for (const c of changes.meta) out.push({ topic: "tenant", text: `${META_NAMES[c.key] ?? c.key}: ${c.before ?? "(none)"} → ${c.after ?? "(none)"}` });
  for (const p of changes.protection) {
    out.push({ topic: "protection", text: p.after ? `${p.subject}: prevent_destroy restored` : `${p.subject}: prevent_destroy lifted (it can now be destroyed)` });
  }
  for (const name of changes.namespacesAdded) {
    const quota = [...after.quotas].find(([k]) => k.startsWith(`${name}/`))?.[1];
    out.push({ topic: "namespace", text: `namespace ${name} created${quota ? `: quota ${quotaSummary(quota)}` : ""}` });
  }
  for (const name of changes.namespacesRemoved) out.push({ topic: "namespace", text: `namespace ${name} destroyed, with everything in it` });

  // Flows: a new namespace's standard flows (DNS, same tenant, platform) are one line.
  const created = new Set(changes.namespacesAdded);
  const removed = new Set(changes.namespacesRemoved);
  const standard = (f: Flow) => f.peerRole === "same-tenant" || (f.peerRole === "platform" && f.platform !== "ingress");
  const standardOf = (flows: readonly Flow[], set: Set<string>) => {
    const byNs = new Map<string, Set<string>>();
    for (const f of flows) {
      const ns = f.namespace.split(" ")[0]!;
      if (!set.has(ns) || !standard(f)) continue;
      const what = f.peerRole === "same-tenant" ? "same tenant" : f.platform === "dns" ? "DNS" : (f.platform ?? "platform");
      byNs.set(ns, (byNs.get(ns) ?? new Set()).add(what));
    }
    return byNs;
  };
  for (const [ns, what] of standardOf(changes.flowsOpened, created)) out.push({ topic: "network", text: `${ns} gets the standard flows: ${[...what].sort(byString).join(", ")}` });
  // Same-tenant flows to or from a namespace that comes or goes are part of that namespace's line.
  const opened = changes.flowsOpened.filter((f) => !(created.has(f.namespace.split(" ")[0]!) && standard(f)) && !(f.peerRole === "same-tenant" && created.has(f.peer)));
  const closed = changes.flowsClosed.filter((f) => !removed.has(f.namespace.split(" ")[0]!) && !(f.peerRole === "same-tenant" && removed.has(f.peer)));
  for (const line of flowLines(opened, "opens", meta)) out.push({ topic: "network", text: line });
  for (const line of flowLines(closed, "closes", before.meta ?? meta)) out.push({ topic: "network", text: line });

  for (const [subject, items] of groupBy(changes.quota, (c) => c.subject)) out.push({ topic: "quota", text: `quota of ${subject}: ${items.map(change).join(", ")}` });
  for (const [subject, items] of groupBy(changes.limits, (c) => c.subject)) out.push({ topic: "quota", text: `container defaults of ${subject}: ${items.map(change).join(", ")}` });

  const bindingText = (b: RoleBindingFact) => `${listText(b.subjects)} ${b.role} in ${b.namespace}`;
  for (const b of changes.bindingsAdded.filter((b) => !created.has(b.namespace))) out.push({ topic: "access", text: `role binding ${b.name}: grants ${bindingText(b)}` });
  for (const b of changes.bindingsRemoved.filter((b) => !removed.has(b.namespace))) out.push({ topic: "access", text: `role binding ${b.name}: revokes ${bindingText(b)}` });
  const newNsBindings = changes.bindingsAdded.filter((b) => created.has(b.namespace));
  const byNs = new Map<string, string[]>();
  for (const b of newNsBindings) byNs.set(b.namespace, [...(byNs.get(b.namespace) ?? []), `${listText(b.subjects)} as ${b.role.replace(/^ClusterRole /, "")}`]);
  for (const [ns, items] of byNs) out.push({ topic: "access", text: `${ns} role bindings: ${items.join("; ")}` });

  for (const m of changes.mountsAdded) out.push({ topic: "vault", text: `Vault mount ${m.path} (${m.type}${m.options ? `, ${m.options}` : ""}) created` });
  for (const m of changes.mountsRemoved) out.push({ topic: "vault", text: `Vault mount ${m.path} (${m.type}) destroyed, with every secret or key in it` });
  for (const c of changes.mountsChanged) out.push({ topic: "vault", text: `Vault ${c.subject}: ${change(c)}` });
  for (const k of changes.keysAdded) out.push({ topic: "vault", text: `transit key ${k} created` });
  for (const k of changes.keysRemoved) out.push({ topic: "vault", text: `transit key ${k} destroyed: data encrypted with it can no longer be decrypted` });
  for (const c of changes.keySettings) out.push({ topic: "vault", text: `transit ${c.subject}: ${change(c)}` });

  const newPolicies = new Map<string, string[]>();
  for (const g of changes.granted) {
    if (g.newPolicy) newPolicies.set(g.policy, [...(newPolicies.get(g.policy) ?? []), `${g.path} (${g.capabilities.join(", ")})`]);
    else out.push({ topic: "vault", text: `Vault policy ${g.policy} adds ${g.capabilities.join(", ")} on ${g.path}` });
  }
  for (const [policy, rules] of newPolicies) out.push({ topic: "vault", text: `Vault policy ${policy} created: ${rules.join("; ")}` });
  const gone = new Set([...before.vaultPolicies.keys()].filter((p) => !after.vaultPolicies.has(p)));
  for (const p of gone) out.push({ topic: "vault", text: `Vault policy ${p} deleted` });
  for (const r of changes.revoked.filter((r) => !gone.has(r.policy))) out.push({ topic: "vault", text: `Vault policy ${r.policy} revokes ${r.capabilities.join(", ")} on ${r.path}` });
  for (const p of changes.unreadablePolicies) out.push({ topic: "vault", text: `Vault policy ${p} changed (its text is not plain path blocks; read the attribute diff)` });
  const holderLine = (facts: StackFacts, verb: string) => {
    for (const [role, r] of facts.authRoles) {
      if ((verb === "created" ? before : after).authRoles.has(role)) continue;
      out.push({ topic: "vault", text: verb === "created"
        ? `Kubernetes auth role ${role} created: ${r.serviceAccounts.includes("*") ? "any service account" : `service accounts ${r.serviceAccounts.join(", ")}`} in ${listText(r.namespaces)} gets policies ${r.policies.join(", ") || "(none)"}`
        : `Kubernetes auth role ${role} deleted` });
    }
    for (const [group, g] of facts.groups) {
      if ((verb === "created" ? before : after).groups.has(group)) continue;
      out.push({ topic: "vault", text: verb === "created" ? `identity group ${group} created with policies ${g.policies.join(", ") || "(none)"}` : `identity group ${group} deleted` });
    }
  };
  holderLine(after, "created");
  holderLine(before, "deleted");
  const existing = (m: MemberChange) => !m.newHolder;
  for (const m of changes.policiesAttached.filter(existing)) out.push({ topic: "vault", text: `${m.holder} gets policy ${m.item}` });
  for (const m of changes.policiesDetached.filter(existing)) out.push({ topic: "vault", text: `${m.holder} loses policy ${m.item}` });
  for (const m of changes.authNamespacesAdded.filter(existing)) out.push({ topic: "vault", text: `${m.holder} accepts ${m.item}` });
  for (const m of changes.authNamespacesRemoved.filter(existing)) out.push({ topic: "vault", text: `${m.holder} no longer accepts ${m.item}` });
  for (const c of changes.pki) out.push({ topic: "vault", text: `${c.subject}: ${change(c)}` });
  for (const p of changes.pkiCreated) {
    out.push({ topic: "vault", text: `PKI role ${p.role} created on ${p.backend}: certificates for ${p.domains.length > 0 ? listText([...p.domains]) : "(no domain)"}${p.widening.length > 0 ? ` (${p.widening.join(", ")})` : ""}` });
  }
  for (const c of changes.kvVersions) {
    const fewer = c.before !== undefined && c.after !== undefined && Number(c.after) < Number(c.before);
    out.push({ topic: "vault", text: `${c.subject} keeps ${c.after ?? "Vault's default number of"} versions per secret (was ${c.before ?? "Vault's default"})${fewer ? `: versions beyond the newest ${c.after} of each secret are destroyed` : ""}` });
  }
  return out;
}

/** Whether a Vault path lies under one of the tenant's own mounts or its own PKI role (from the samdrift block). */
export function isOwnVaultPath(path: string, meta: TenantMeta): boolean {
  const v = meta.vault;
  const own = [v.kvMount, v.transitMount].filter((m): m is string => m !== undefined);
  if (own.some((m) => path === m || path.startsWith(`${m}/`))) return true;
  if (v.pkiMount !== undefined && v.pkiRole !== undefined) {
    return new RegExp(`^${escapeRe(v.pkiMount)}/(issue|sign)/${escapeRe(v.pkiRole)}$`).test(path);
  }
  return false;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The Kubernetes namespace a resource lives in (a namespace's own name for a namespace). */
export function resourceNamespace(values: JsonObject): string | undefined {
  const md = one(values.metadata);
  return str(md?.namespace) ?? (md !== undefined && values.spec === undefined ? str(md.name) : undefined);
}

/** A short readable name of a resource: `namespace mfof-apps`, `network policy mfof-apps/allow-dns`. */
export function resourceLabel(type: string, values: JsonObject | undefined, name: string): string {
  const v = values ?? {};
  const md = one(v.metadata);
  const mdName = str(md?.name);
  const mdNs = str(md?.namespace);
  const kind = RESOURCE_KIND[type];
  if (kind && mdName !== undefined) return `${kind} ${mdNs !== undefined ? `${mdNs}/` : ""}${mdName}`;
  const vaultName = str(v.path) ?? str(v.role_name) ?? str(v.mount) ?? (str(v.backend) !== undefined && str(v.name) !== undefined ? `${str(v.backend)}/${str(v.name)}` : str(v.name));
  if (kind && vaultName !== undefined) return `${kind} ${vaultName}`;
  return `${type}.${name}`;
}

const RESOURCE_KIND: Record<string, string> = {
  kubernetes_namespace_v1: "namespace",
  kubernetes_resource_quota_v1: "resource quota",
  kubernetes_limit_range_v1: "limit range",
  kubernetes_role_binding_v1: "role binding",
  kubernetes_network_policy_v1: "network policy",
  vault_mount: "Vault mount",
  vault_kv_secret_backend_v2: "KV settings of",
  vault_policy: "Vault policy",
  vault_transit_secret_backend_key: "transit key",
  vault_pki_secret_backend_role: "PKI role",
  vault_kubernetes_auth_backend_role: "Kubernetes auth role",
  vault_identity_group: "identity group",
  vault_identity_group_alias: "identity group alias",
  vault_auth_backend: "auth backend",
  vault_kubernetes_auth_backend_config: "Kubernetes auth config",
};
