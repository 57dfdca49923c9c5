/**
 * Kubernetes NetworkPolicy semantics: which namespaces can open connections to which, on which ports, and
 * which IP blocks outside the cluster pods can reach or be reached from.
 *
 * Implements https://kubernetes.io/docs/concepts/services-networking/network-policies/ exactly:
 *
 * - A pod is isolated for ingress (egress) only if some policy in its namespace selects it (`podSelector`)
 *   and lists `Ingress` (`Egress`) in `policyTypes`. When `policyTypes` is omitted, Kubernetes sets
 *   `Ingress`, plus `Egress` if the policy has egress rules. A non-isolated pod allows everything in that
 *   direction; so a policy with only `Egress` leaves ingress open.
 * - An isolated pod allows the union of the rules of every policy that selects it and has that type.
 * - A rule allows traffic matching one of its peers (`from`/`to`) and one of its ports. No peers means
 *   every source/destination, no ports means every port of every protocol.
 * - Within one peer, `namespaceSelector` and `podSelector` are ANDed; separate peers are ORed. A
 *   `podSelector` without `namespaceSelector` selects pods in the policy's own namespace. An empty
 *   selector selects everything. `ipBlock` selects the CIDR minus its `except` blocks; it is meant for
 *   cluster-external IPs (what it does to pod IPs is implementation-defined), so it never matches a pod here
 *   and is reported as traffic to or from IP blocks instead.
 * - A port has a protocol (default TCP), a number or a name, and optionally `endPort` for a range.
 * - A connection needs egress allowed at the source pod and ingress allowed at the destination pod.
 *
 * Pods can carry any labels, and namespaces whose labels the output does not fix (platform namespaces,
 * "any other namespace") can carry any labels except their `kubernetes.io/metadata.name`. So a flow between
 * two namespaces is reported when *some* pod in one can reach *some* pod in the other. This is decided
 * exactly by enumerating every distinct way labels can satisfy the selectors involved: a selector only
 * sees, per key, whether a value equals one it mentions, is some other value, or is absent.
 *
 * Pure: no file system, no environment.
 */
import {
  ALL_PORTS, EMPTY_PORTS, intersectPorts, isEmptyPorts, isProtocol, namedPort, portRange, protocolPorts, unionPorts, type PortSet,
} from "../lib/ports.js";
import { ANY_IPV4, ANY_IPV6, cidrWithin, parseCidr } from "../lib/cidr.js";
import { byAll, byEntryKey, byKey, byString } from "../lib/sort.js";

/** The node standing for every namespace the output does not name. */
export const OTHER_NAMESPACE = "*other*";
/** Label the API server sets on every namespace; tenants cannot forge it. */
export const NAME_LABEL = "kubernetes.io/metadata.name";

export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface LabelRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

/** A label selector; `{}` selects everything. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelRequirement[];
}

export interface IpBlock {
  readonly cidr: string;
  readonly except?: readonly string[];
}

export interface NetworkPolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: IpBlock;
}

export interface NetworkPolicyPort {
  /** @default "TCP" */
  readonly protocol?: string;
  /** A number, a numeric string or a port name. @default - every port of the protocol */
  readonly port?: string | number;
  readonly endPort?: number;
}

export interface NetworkPolicyRule {
  /** `from` (ingress) or `to` (egress). @default - every source or destination */
  readonly peers?: readonly NetworkPolicyPeer[];
  /** @default - every port of every protocol */
  readonly ports?: readonly NetworkPolicyPort[];
}

export type PolicyType = "Ingress" | "Egress";

export interface NetworkPolicy {
  /** Caller's reference, returned in contributions (e.g. the Terraform address). */
  readonly id: string;
  readonly namespace: string;
  readonly podSelector: LabelSelector;
  /** @default - `Ingress`, plus `Egress` when `egress` has rules */
  readonly policyTypes?: readonly PolicyType[];
  readonly ingress?: readonly NetworkPolicyRule[];
  readonly egress?: readonly NetworkPolicyRule[];
}

export interface NamespaceInfo {
  readonly name: string;
  /** Every label of the namespace. @default - unknown: any labels besides its name label */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface NetworkModel {
  /** Known namespaces; namespaces of policies are added (with unknown labels) when missing. */
  readonly namespaces: readonly NamespaceInfo[];
  readonly policies: readonly NetworkPolicy[];
}

/** What one policy (or, with `policy` undefined, the absence of isolation) lets through. */
export interface Contribution {
  readonly policy: string | undefined;
  readonly ports: PortSet;
}

export interface FlowResult {
  readonly from: string;
  readonly to: string;
  readonly ports: PortSet;
  /** Egress side: policies at the source whose rules let (part of) `ports` out. */
  readonly egress: readonly Contribution[];
  /** Ingress side: policies at the destination whose rules let (part of) `ports` in. */
  readonly ingress: readonly Contribution[];
}

export interface IpResult {
  readonly namespace: string;
  readonly direction: "egress" | "ingress";
  readonly cidr: string;
  readonly except: readonly string[];
  readonly ports: PortSet;
  readonly by: readonly Contribution[];
}

export interface NetworkResult {
  /** Every node, sorted, `*other*` included. */
  readonly namespaces: readonly string[];
  /** Every pair of distinct nodes with some allowed port, except `*other*` to `*other*`; sorted. */
  readonly flows: readonly FlowResult[];
  /** Traffic between pods and IP blocks, per namespace and block; sorted. */
  readonly ip: readonly IpResult[];
}

/** A policy the API server would reject, or a model too large to enumerate exactly. */
export class NetworkAnalysisError extends Error {
  override readonly name = "NetworkAnalysisError";
}

/** Above this many label combinations for one namespace the analysis refuses rather than guessing. */
export const MAX_LABEL_COMBINATIONS = 200_000;

// ----------------------------------------------------------------------------------------- selectors

type Labels = Readonly<Record<string, string>>;

/** Whether `labels` satisfy `selector` (matchLabels and every matchExpression). */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const r of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = labels[r.key];
    switch (r.operator) {
      case "In":
        if (!has || value === undefined || !r.values.includes(value)) return false;
        break;
      case "NotIn":
        if (has && value !== undefined && r.values.includes(value)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
    }
  }
  return true;
}

/**
 * The namespaces `selector` can select, when its requirements on {@link NAME_LABEL} (`matchLabels`, `In`,
 * `NotIn`) confine it to a list: those names, sorted, and the rest of the selector, which a namespace of
 * that name must also match (`undefined` when nothing else is required, so exactly those namespaces are
 * selected). `undefined` when the selector may select namespaces of any name. The name label is always
 * present and cannot be forged: the review names these namespaces as a flow's peers, and analyseNetwork
 * finds flows to no others.
 */
export function namespacesNamedBy(selector: LabelSelector): { readonly names: string[]; readonly rest?: LabelSelector } | undefined {
  const onName = (r: LabelRequirement) => r.key === NAME_LABEL && (r.operator === "In" || r.operator === "NotIn");
  const expressions = selector.matchExpressions ?? [];
  const nameLabel = selector.matchLabels?.[NAME_LABEL];
  const lists = [...(nameLabel !== undefined ? [[nameLabel]] : []), ...expressions.filter((r) => onName(r) && r.operator === "In").map((r) => r.values)];
  if (lists.length === 0) return undefined;
  const nameOnly: LabelSelector = { matchLabels: nameLabel !== undefined ? { [NAME_LABEL]: nameLabel } : {}, matchExpressions: expressions.filter(onName) };
  const names = [...new Set(lists[0])].filter((n) => selectorMatches(nameOnly, { [NAME_LABEL]: n })).sort(byString);
  const otherLabels = Object.entries(selector.matchLabels ?? {}).filter(([k]) => k !== NAME_LABEL);
  const otherExpressions = expressions.filter((r) => !onName(r));
  if (otherLabels.length === 0 && otherExpressions.length === 0) return { names };
  return { names, rest: { matchLabels: Object.fromEntries(otherLabels), matchExpressions: otherExpressions } };
}

function selectorKeys(s: LabelSelector, into: Map<string, Set<string>>): void {
  const add = (k: string, vs: readonly string[]) => {
    const set = into.get(k) ?? new Set<string>();
    vs.forEach((v) => set.add(v));
    into.set(k, set);
  };
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) add(k, [v]);
  for (const r of s.matchExpressions ?? []) add(r.key, r.values);
}

const ABSENT = Symbol("absent");
/** A value no selector mentions (NUL cannot occur in a label value). */
const FRESH = "\u0000other";

/**
 * Every distinct way labels can satisfy `selectors`: one representative label set per distinct vector of
 * selector results. `fixed` labels are set on every candidate; `forbidden` values are never chosen.
 */
function labelClasses(
  selectors: readonly LabelSelector[],
  fixed: Labels,
  forbidden: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  alwaysPresent: ReadonlySet<string> = new Set(),
): Labels[] {
  const keys = new Map<string, Set<string>>();
  selectors.forEach((s) => selectorKeys(s, keys));
  const free = [...keys.entries()].filter(([k]) => !Object.hasOwn(fixed, k)).sort(byEntryKey);
  const choices: (string | typeof ABSENT)[][] = free.map(([k, vs]) => {
    const values: (string | typeof ABSENT)[] = [...vs].filter((v) => !forbidden.get(k)?.has(v)).sort();
    values.push(FRESH);
    if (!alwaysPresent.has(k)) values.push(ABSENT);
    return values;
  });
  const total = choices.reduce((n, c) => n * c.length, 1);
  if (total > MAX_LABEL_COMBINATIONS) {
    throw new NetworkAnalysisError(
      `selectors use ${free.length} label keys (${free.map(([k]) => k).join(", ")}) with ${total} combinations; ` +
        `samdrift analyses at most ${MAX_LABEL_COMBINATIONS} exactly: select namespaces by ${NAME_LABEL} and pods by fewer labels`,
    );
  }
  const seen = new Set<string>();
  const out: Labels[] = [];
  const index = choices.map(() => 0);
  for (let n = 0; n < total; n++) {
    const labels: Record<string, string> = { ...fixed };
    free.forEach(([k], i) => {
      const v = choices[i]![index[i]!]!;
      if (v !== ABSENT) labels[k] = v;
    });
    const signature = selectors.map((s) => (selectorMatches(s, labels) ? "1" : "0")).join("");
    if (!seen.has(signature)) {
      seen.add(signature);
      out.push(labels);
    }
    for (let i = 0; i < index.length; i++) {
      index[i]! += 1;
      if (index[i]! < choices[i]!.length) break;
      index[i] = 0;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- ports

/** The ports of one rule; an empty or missing list means every port of every protocol. */
export function rulePorts(policy: NetworkPolicy, rule: NetworkPolicyRule): PortSet {
  if (!rule.ports || rule.ports.length === 0) return ALL_PORTS;
  return unionPorts(...rule.ports.map((p) => policyPort(policy, p)));
}

function policyPort(policy: NetworkPolicy, p: NetworkPolicyPort): PortSet {
  const protocol = p.protocol ?? "TCP";
  if (!isProtocol(protocol)) throw new NetworkAnalysisError(`${policy.id}: protocol "${protocol}" is not TCP, UDP or SCTP`);
  if (p.port === undefined || p.port === "") {
    if (p.endPort !== undefined) throw new NetworkAnalysisError(`${policy.id}: endPort needs a numeric port`);
    return protocolPorts(protocol);
  }
  // A string is a number only in canonical decimal form, as the Terraform provider parses it
  // (`strconv.Itoa(strconv.Atoi(s)) == s`): "0443" is the port *name* "0443", which is invalid.
  const numeric = typeof p.port === "number" ? p.port : /^(0|[1-9][0-9]*)$/.test(p.port) ? Number(p.port) : undefined;
  if (numeric === undefined) {
    if (p.endPort !== undefined) throw new NetworkAnalysisError(`${policy.id}: endPort needs a numeric port, not the named port "${String(p.port)}"`);
    const problem = portNameProblem(String(p.port));
    if (problem) throw new NetworkAnalysisError(`${policy.id}: port name "${String(p.port)}" ${problem}`);
    return namedPort(protocol, String(p.port));
  }
  const end = p.endPort ?? numeric;
  if (!Number.isInteger(numeric) || !Number.isInteger(end) || numeric < 1 || numeric > 65535 || end < numeric || end > 65535) {
    throw new NetworkAnalysisError(`${policy.id}: port ${numeric}${p.endPort === undefined ? "" : `-${p.endPort}`} is outside 1-65535 or backwards`);
  }
  return portRange(protocol, numeric, end);
}

// ------------------------------------------------------------------------------------------ validation

/** A label name (the part after an optional `prefix/`): 63 characters at most, alphanumeric at both ends. */
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** A DNS subdomain (RFC 1123), for label key prefixes. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const OPERATORS: readonly string[] = ["In", "NotIn", "Exists", "DoesNotExist"];

/** Why `key` is not a label key (`[prefix/]name`), or undefined when it is one. */
function labelKeyProblem(key: string): string | undefined {
  const parts = key.split("/");
  const name = parts[parts.length - 1]!;
  if (parts.length > 2) return "has more than one /";
  if (parts.length === 2 && (parts[0]!.length > 253 || !DNS_SUBDOMAIN.test(parts[0]!))) return "has a prefix that is not a DNS subdomain";
  if (name.length > 63 || !LABEL_NAME.test(name)) return "is not a label name (63 characters at most: alphanumerics, -, _ and . between alphanumerics)";
  return undefined;
}

/** Why `value` is not a label value, or undefined when it is one (the empty value is one). */
const labelValueProblem = (value: string): string | undefined =>
  value === "" || (value.length <= 63 && LABEL_NAME.test(value)) ? undefined : "is not a label value (63 characters at most: alphanumerics, -, _ and . between alphanumerics)";

/** Why `name` is not an IANA service name (what a named port must be), or undefined. */
function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return "is longer than 15 characters";
  if (!/^[-a-z0-9]+$/.test(name)) return "may contain only a-z, 0-9 and -";
  if (!/[a-z]/.test(name)) return "needs a letter";
  if (name.includes("--") || name.startsWith("-") || name.endsWith("-")) return "may not begin or end with - or contain --";
  return undefined;
}

/**
 * Throws for a selector the API server rejects. From the LabelSelector reference: `operator` is one of In,
 * NotIn, Exists and DoesNotExist; "If the operator is In or NotIn, the values array must be non-empty. If
 * the operator is Exists or DoesNotExist, the values array must be empty."; keys and values are label
 * keys and values. (An invalid selector must not be read as "matches nothing" or "matches everything".)
 */
function validateSelector(policy: NetworkPolicy, where: string, selector: LabelSelector): void {
  const fail = (message: string): never => {
    throw new NetworkAnalysisError(`${policy.id}: ${where}: ${message}`);
  };
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) fail(`matchLabels key ${JSON.stringify(key)} ${keyProblem}`);
    const valueProblem = labelValueProblem(value);
    if (valueProblem) fail(`matchLabels value ${JSON.stringify(value)} of ${JSON.stringify(key)} ${valueProblem}`);
  }
  for (const r of selector.matchExpressions ?? []) {
    const operator: string = r.operator;
    if (!OPERATORS.includes(operator)) fail(`operator ${JSON.stringify(operator)} is not In, NotIn, Exists or DoesNotExist`);
    if ((operator === "In" || operator === "NotIn") && r.values.length === 0) fail(`${operator} on ${JSON.stringify(r.key)} needs values`);
    if ((operator === "Exists" || operator === "DoesNotExist") && r.values.length > 0) fail(`${operator} on ${JSON.stringify(r.key)} may not have values`);
    const keyProblem = labelKeyProblem(r.key);
    if (keyProblem) fail(`key ${JSON.stringify(r.key)} ${keyProblem}`);
    for (const v of r.values) {
      const valueProblem = labelValueProblem(v);
      if (valueProblem) fail(`value ${JSON.stringify(v)} of ${JSON.stringify(r.key)} ${valueProblem}`);
    }
  }
}

/**
 * Throws for an ipBlock the API server rejects: `cidr` must be a CIDR, and each `except` a CIDR that is a
 * strict subset of it ("Except values will be rejected if they are outside the cidr range").
 */
function validateIpBlock(policy: NetworkPolicy, block: IpBlock): void {
  const cidr = parseCidr(block.cidr);
  if (!cidr) throw new NetworkAnalysisError(`${policy.id}: ipBlock cidr ${JSON.stringify(block.cidr)} is not a CIDR`);
  for (const e of block.except ?? []) {
    const ex = parseCidr(e);
    if (!ex) throw new NetworkAnalysisError(`${policy.id}: ipBlock except ${JSON.stringify(e)} is not a CIDR`);
    if (ex.prefix <= cidr.prefix || !cidrWithin(e, block.cidr)) {
      throw new NetworkAnalysisError(`${policy.id}: ipBlock except ${e} is not a strict subset of ${block.cidr}`);
    }
  }
}

/**
 * Throws {@link NetworkAnalysisError} for what the API server would reject (NetworkPolicy and LabelSelector
 * API reference): a peer with no selector and no ipBlock, an ipBlock combined with selectors, an ipBlock
 * that is not a CIDR or whose `except` is not a strict subset of it, an invalid label selector, a bad
 * protocol, port number, port name or range, or an unknown policy type. Such a policy does not exist in
 * the cluster, so reading it as written could prove isolation that is not there.
 */
export function validatePolicy(policy: NetworkPolicy): void {
  for (const t of policy.policyTypes ?? []) if (t !== "Ingress" && t !== "Egress") throw new NetworkAnalysisError(`${policy.id}: policy type "${String(t)}" is not Ingress or Egress`);
  validateSelector(policy, "podSelector", policy.podSelector);
  for (const rule of [...(policy.ingress ?? []), ...(policy.egress ?? [])]) {
    rulePorts(policy, rule);
    for (const peer of rule.peers ?? []) {
      const selectors = peer.podSelector !== undefined || peer.namespaceSelector !== undefined;
      if (!selectors && !peer.ipBlock) throw new NetworkAnalysisError(`${policy.id}: a peer needs a podSelector, a namespaceSelector or an ipBlock`);
      if (selectors && peer.ipBlock) throw new NetworkAnalysisError(`${policy.id}: a peer with an ipBlock may not have selectors`);
      if (peer.podSelector) validateSelector(policy, "peer podSelector", peer.podSelector);
      if (peer.namespaceSelector) validateSelector(policy, "peer namespaceSelector", peer.namespaceSelector);
      if (peer.ipBlock) validateIpBlock(policy, peer.ipBlock);
    }
  }
}

/** `policyTypes` as Kubernetes defaults it. */
export function effectivePolicyTypes(policy: NetworkPolicy): readonly PolicyType[] {
  if (policy.policyTypes && policy.policyTypes.length > 0) return policy.policyTypes;
  return (policy.egress ?? []).length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

// ------------------------------------------------------------------------------------------ analysis

interface Endpoint {
  readonly node: string;
  readonly nsLabels: Labels;
  readonly podLabels: Labels;
  readonly ingressIsolated: boolean;
  readonly egressIsolated: boolean;
  readonly ingressRules: readonly { policy: NetworkPolicy; rule: NetworkPolicyRule; ports: PortSet }[];
  readonly egressRules: readonly { policy: NetworkPolicy; rule: NetworkPolicyRule; ports: PortSet }[];
}

const peersOf = (p: NetworkPolicy): NetworkPolicyPeer[] => [...(p.ingress ?? []), ...(p.egress ?? [])].flatMap((r) => r.peers ?? []);

function peerMatches(peer: NetworkPolicyPeer, policyNamespace: string, ep: Endpoint): boolean {
  if (peer.ipBlock) return false;
  if (!peer.namespaceSelector && !peer.podSelector) return false; // rejected by the API server
  const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, ep.nsLabels) : ep.node === policyNamespace;
  return nsOk && (!peer.podSelector || selectorMatches(peer.podSelector, ep.podLabels));
}

const ruleMatches = (rule: NetworkPolicyRule, policyNamespace: string, ep: Endpoint): boolean =>
  !rule.peers || rule.peers.length === 0 || rule.peers.some((p) => peerMatches(p, policyNamespace, ep));


class ContributionMap {
  private readonly map = new Map<string, { policy: string | undefined; ports: PortSet }>();
  add(policy: string | undefined, ports: PortSet): void {
    if (isEmptyPorts(ports)) return;
    const key = policy ?? "";
    const prev = this.map.get(key);
    this.map.set(key, { policy, ports: prev ? unionPorts(prev.ports, ports) : ports });
  }
  list(): Contribution[] {
    return [...this.map.entries()].sort(byEntryKey).map(([, c]) => c);
  }
}

/** Computes every namespace-to-namespace flow and every pod-to-IP-block allowance of a cluster. */
export function analyseNetwork(model: NetworkModel): NetworkResult {
  const known = new Map<string, NamespaceInfo>();
  for (const ns of model.namespaces) known.set(ns.name, ns);
  for (const p of model.policies) if (!known.has(p.namespace)) known.set(p.namespace, { name: p.namespace });
  if (known.has(OTHER_NAMESPACE)) throw new NetworkAnalysisError(`"${OTHER_NAMESPACE}" is reserved for namespaces the output does not name`);

  model.policies.forEach(validatePolicy);
  const policiesIn = new Map<string, NetworkPolicy[]>();
  for (const p of model.policies) policiesIn.set(p.namespace, [...(policiesIn.get(p.namespace) ?? []), p]);
  const allPeers = model.policies.flatMap((p) => peersOf(p).map((peer) => ({ policy: p, peer })));
  const nsSelectors = dedupe(allPeers.flatMap(({ peer }) => (peer.namespaceSelector ? [peer.namespaceSelector] : [])));

  const nodes = [...[...known.keys()].sort(byString), OTHER_NAMESPACE];
  const nsChoices = new Map<string, Labels[]>();
  for (const node of nodes) {
    const info = known.get(node);
    if (info?.labels) nsChoices.set(node, [{ ...info.labels, [NAME_LABEL]: node }]);
    else if (info) nsChoices.set(node, labelClasses(nsSelectors, { [NAME_LABEL]: node }));
    else nsChoices.set(node, labelClasses(nsSelectors, {}, new Map([[NAME_LABEL, new Set(known.keys())]]), new Set([NAME_LABEL])));
  }

  const endpoints: Endpoint[] = [];
  for (const node of nodes) {
    const own = policiesIn.get(node) ?? [];
    const choices = nsChoices.get(node)!;
    const podSelectors = dedupe([
      ...own.map((p) => p.podSelector),
      ...allPeers.flatMap(({ policy, peer }) => {
        if (!peer.podSelector) return [];
        if (peer.namespaceSelector) return choices.some((c) => selectorMatches(peer.namespaceSelector!, c)) ? [peer.podSelector] : [];
        return policy.namespace === node ? [peer.podSelector] : [];
      }),
    ]);
    for (const podLabels of labelClasses(podSelectors, {})) {
      const selecting = own.filter((p) => selectorMatches(p.podSelector, podLabels));
      const typed = (t: PolicyType) => selecting.filter((p) => effectivePolicyTypes(p).includes(t));
      const rules = (t: PolicyType) =>
        typed(t).flatMap((policy) => ((t === "Ingress" ? policy.ingress : policy.egress) ?? []).map((rule) => ({ policy, rule, ports: rulePorts(policy, rule) })));
      for (const nsLabels of choices) {
        endpoints.push({
          node, nsLabels, podLabels,
          ingressIsolated: typed("Ingress").length > 0,
          egressIsolated: typed("Egress").length > 0,
          ingressRules: rules("Ingress"),
          egressRules: rules("Egress"),
        });
      }
    }
  }

  const flows = new Map<string, { from: string; to: string; ports: PortSet; egress: ContributionMap; ingress: ContributionMap }>();
  for (const src of endpoints) {
    for (const dst of endpoints) {
      if (src.node === dst.node) continue;
      const eg = src.egressIsolated
        ? src.egressRules.filter((r) => ruleMatches(r.rule, r.policy.namespace, dst)).map((r) => ({ policy: r.policy.id as string | undefined, ports: r.ports }))
        : [{ policy: undefined, ports: ALL_PORTS }];
      if (eg.length === 0) continue;
      const ing = dst.ingressIsolated
        ? dst.ingressRules.filter((r) => ruleMatches(r.rule, r.policy.namespace, src)).map((r) => ({ policy: r.policy.id as string | undefined, ports: r.ports }))
        : [{ policy: undefined, ports: ALL_PORTS }];
      if (ing.length === 0) continue;
      const egPorts = unionPorts(...eg.map((c) => c.ports));
      const ingPorts = unionPorts(...ing.map((c) => c.ports));
      const allowed = intersectPorts(egPorts, ingPorts);
      if (isEmptyPorts(allowed)) continue;
      const key = `${src.node}\u0000${dst.node}`;
      const flow = flows.get(key) ?? { from: src.node, to: dst.node, ports: EMPTY_PORTS, egress: new ContributionMap(), ingress: new ContributionMap() };
      flow.ports = unionPorts(flow.ports, allowed);
      eg.forEach((c) => flow.egress.add(c.policy, intersectPorts(c.ports, ingPorts)));
      ing.forEach((c) => flow.ingress.add(c.policy, intersectPorts(c.ports, egPorts)));
      flows.set(key, flow);
    }
  }

  const ip = new Map<string, { namespace: string; direction: "egress" | "ingress"; cidr: string; except: string[]; ports: PortSet; by: ContributionMap }>();
  const addIp = (namespace: string, direction: "egress" | "ingress", cidr: string, except: readonly string[], policy: string | undefined, ports: PortSet) => {
    const ex = [...except].sort(byString);
    const key = [namespace, direction, cidr, ...ex].join("\u0000");
    const entry = ip.get(key) ?? { namespace, direction, cidr, except: ex, ports: EMPTY_PORTS, by: new ContributionMap() };
    entry.ports = unionPorts(entry.ports, ports);
    entry.by.add(policy, ports);
    ip.set(key, entry);
  };
  for (const ep of endpoints) {
    if (ep.node === OTHER_NAMESPACE) continue;
    for (const direction of ["egress", "ingress"] as const) {
      const isolated = direction === "egress" ? ep.egressIsolated : ep.ingressIsolated;
      if (!isolated) {
        addIp(ep.node, direction, ANY_IPV4, [], undefined, ALL_PORTS);
        addIp(ep.node, direction, ANY_IPV6, [], undefined, ALL_PORTS);
        continue;
      }
      for (const r of direction === "egress" ? ep.egressRules : ep.ingressRules) {
        if (!r.rule.peers || r.rule.peers.length === 0) {
          addIp(ep.node, direction, ANY_IPV4, [], r.policy.id, r.ports);
          addIp(ep.node, direction, ANY_IPV6, [], r.policy.id, r.ports);
        }
        for (const peer of r.rule.peers ?? []) if (peer.ipBlock) addIp(ep.node, direction, peer.ipBlock.cidr, peer.ipBlock.except ?? [], r.policy.id, r.ports);
      }
    }
  }

  return {
    namespaces: nodes,
    flows: [...flows.values()]
      .filter((f) => !(f.from === OTHER_NAMESPACE && f.to === OTHER_NAMESPACE))
      .sort(byAll(byKey((f) => f.from), byKey((f) => f.to)))
      .map((f) => ({ from: f.from, to: f.to, ports: f.ports, egress: f.egress.list(), ingress: f.ingress.list() })),
    ip: [...ip.values()]
      .sort(byAll(byKey((r) => r.namespace), byKey((r) => r.direction), byKey((r) => r.cidr), byKey((r) => r.except.join(","))))
      .map((e) => ({ namespace: e.namespace, direction: e.direction, cidr: e.cidr, except: e.except, ports: e.ports, by: e.by.list() })),
  };
}

function dedupe(selectors: readonly LabelSelector[]): LabelSelector[] {
  const seen = new Map<string, LabelSelector>();
  for (const s of selectors) seen.set(canonical(s), s);
  return [...seen.entries()].sort(byEntryKey).map(([, s]) => s);
}

function canonical(s: LabelSelector): string {
  const labels = Object.entries(s.matchLabels ?? {}).sort(byEntryKey);
  const exprs = (s.matchExpressions ?? []).map((r) => `${r.key}\u0001${r.operator}\u0001${[...r.values].sort(byString).join("\u0002")}`).sort(byString);
  return JSON.stringify([labels, exprs]);
}
