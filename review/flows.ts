/**
 * The network flows a stack's NetworkPolicies open, one per namespace, direction, peer and port, with the
 * peer named as a reviewer thinks of it: same tenant, another tenant, a platform service, an address range
 * (private, internet or node-local), or anywhere. The semantics are the isolation proof's: a policy is read
 * by `readNetworkPolicy` (analysis/isolation.ts), only the directions its effective `policyTypes` name open
 * anything, a namespace selector names namespaces as `namespacesNamedBy` (analysis/netpol.ts) decides, and
 * what is private is lib/address-scope.ts's. test/review/semantics.test.ts holds the two side by side.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import { readNetworkPolicy } from "../analysis/isolation.js";
import { effectivePolicyTypes, namespacesNamedBy, type LabelSelector, type NetworkPolicyPeer, type NetworkPolicyRule } from "../analysis/netpol.js";
import { addressScope } from "../lib/address-scope.js";
import type { PlatformEndpointMeta as PlatformEndpoint, SiteMeta, TenantMeta } from "../output/schema.js";
import { byEntryKey, uniqueSorted } from "../lib/sort.js";
import { one, str, type JsonObject } from "../lib/json.js";

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

function portsOf(rule: NetworkPolicyRule): string[] {
  const ports = rule.ports ?? [];
  if (ports.length === 0) return ["all"];
  return ports.map((p) => {
    const protocol = p.protocol ?? "TCP";
    return p.port === undefined ? `${protocol}/all` : p.endPort !== undefined ? `${protocol}/${p.port}-${p.endPort}` : `${protocol}/${p.port}`;
  });
}

/** `k=v` pairs sorted by key, comma-separated. */
export const labelsText = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .sort(byEntryKey)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");

function selectorText(selector: LabelSelector | undefined): string | undefined {
  if (!selector) return undefined;
  const parts: string[] = [];
  const labels = selector.matchLabels ?? {};
  if (Object.keys(labels).length > 0) parts.push(labelsText(labels));
  for (const e of selector.matchExpressions ?? []) parts.push(`${e.key || "?"} ${e.operator || "?"} (${e.values.join(",")})`);
  return parts.length === 0 ? undefined : parts.join(",");
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

function peersOf(peer: NetworkPolicyPeer, ctx: PeerContext): Peer[] {
  if (peer.ipBlock) {
    const { cidr, except = [] } = peer.ipBlock;
    const scope = addressScope(cidr, ctx.privateRanges);
    return [{ peer: except.length > 0 ? `${cidr} except ${except.join(", ")}` : cidr, peerRole: "cidr", internet: scope === "internet", ...(scope === "local" ? { local: true } : {}) }];
  }
  const pods = selectorText(peer.podSelector);
  // A pod selector alone picks pods of the policy's own namespace.
  if (peer.namespaceSelector === undefined) return [namespacePeer(ctx.namespace, pods, ctx)];
  const named = namespacesNamedBy(peer.namespaceSelector);
  if (named) {
    // A name with other namespace labels required too: that namespace, if it carries them.
    const rest = selectorText(named.rest);
    return named.names.map((n) => ({ ...namespacePeer(n, pods, ctx), ...(rest ? { peer: `${n} if labelled ${rest}` } : {}) }));
  }
  const labels = selectorText(peer.namespaceSelector);
  return [{ peer: labels ? `namespaces with ${labels}` : "any namespace", peerRole: "unknown-namespace", internet: false, ...(pods ? { peerPods: pods } : {}) }];
}

const ANYWHERE: Peer = { peer: "anywhere", peerRole: "anywhere", internet: true };

/** The flows one `kubernetes_network_policy_v1` allows. */
export function policyFlows(values: JsonObject, ctx: Omit<PeerContext, "namespace">): Flow[] {
  if (one(values.spec) === undefined) return [];
  const name = str(one(values.metadata)?.name) ?? "?";
  const policy = readNetworkPolicy(name, values);
  const namespace = policy.namespace;
  const podSelector = selectorText(policy.podSelector);
  const where = podSelector ? `${namespace} (pods ${podSelector})` : namespace;
  const context: PeerContext = { ...ctx, namespace };
  const types = effectivePolicyTypes(policy);
  const flows: Flow[] = [];
  for (const direction of ["ingress", "egress"] as const) {
    if (!types.includes(direction === "ingress" ? "Ingress" : "Egress")) continue;
    for (const rule of policy[direction] ?? []) {
      const peers = (rule.peers ?? []).length === 0 ? [ANYWHERE] : rule.peers!.flatMap((p) => peersOf(p, context));
      for (const peer of peers) for (const port of portsOf(rule)) flows.push({ ...peer, namespace: where, direction, port, policy: name });
    }
  }
  return flows;
}

// ------------------------------------------------------------------------------------------------ text

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
