/**
 * Adversarial, table-driven checks of the isolation proof against the upstream documentation, not the code.
 * Every case quotes the sentence it comes from:
 *
 * - [NP]  https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * - [API] https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/ and the
 *         LabelSelector / ContainerPort reference (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/label-selector/)
 * - [TFK] the Kubernetes Terraform provider's expansion of `kubernetes_network_policy_v1` (port strings are
 *         integers only when `strconv.Itoa(strconv.Atoi(s)) == s`, an empty block is an empty selector)
 * - [VP]  https://developer.hashicorp.com/vault/docs/concepts/policies (and the HashiCorp KB article
 *         "Usage of Glob and Wildcard in Vault Policies")
 * - [VK]  https://developer.hashicorp.com/vault/api-docs/auth/kubernetes (role parameters)
 * - [RBAC] https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */
import { describe, expect, it } from "vitest";
import {
  analyseNetwork, NAME_LABEL, NetworkAnalysisError, OTHER_NAMESPACE, validatePolicy,
  type LabelSelector, type NamespaceInfo, type NetworkModel, type NetworkPolicy, type NetworkPolicyPeer, type NetworkPolicyPort, type NetworkPolicyRule,
} from "../../analysis/netpol.js";
import { formatPorts, intersectPorts, parsePorts } from "../../lib/ports.js";
import { parseCidr } from "../../lib/cidr.js";
import { buildAcl, effectiveCapabilities, hasPriority, parsePolicyHcl, patternMatches, undeclaredGrants, VaultPolicySyntaxError } from "../../analysis/vault.js";
import { analyseOutput, toMatrix } from "../../analysis/isolation.js";
import { findingsOf, LAB, loadOutput, pushAt, setAt } from "./helpers.js";

// ------------------------------------------------------------------------------------------ builders

const O = OTHER_NAMESPACE;
const ns = (name: string, labels: Record<string, string> = {}): NamespaceInfo => ({ name, labels });
const named = (...names: string[]): LabelSelector => ({ matchExpressions: [{ key: NAME_LABEL, operator: "In", values: names }] });
let seq = 0;
const np = (namespace: string, p: Partial<Omit<NetworkPolicy, "namespace">> = {}): NetworkPolicy => ({
  id: p.id ?? `adv${++seq}`,
  namespace,
  podSelector: p.podSelector ?? {},
  ...(p.policyTypes ? { policyTypes: p.policyTypes } : {}),
  ...(p.ingress ? { ingress: p.ingress } : {}),
  ...(p.egress ? { egress: p.egress } : {}),
});
const deny = (namespace: string): NetworkPolicy => np(namespace, { policyTypes: ["Ingress", "Egress"] });
const rule = (peers?: NetworkPolicyPeer[], ports?: NetworkPolicyPort[]): NetworkPolicyRule => ({ ...(peers ? { peers } : {}), ...(ports ? { ports } : {}) });

/** Every flow as `from>to: ports`, sorted (the analysis already sorts). */
const flowsOf = (model: NetworkModel): string[] => analyseNetwork(model).flows.map((f) => `${f.from}>${f.to}: ${formatPorts(f.ports).join(",")}`);
/** The flow lines with `to` equal to `into`. */
const into = (model: NetworkModel, to: string): string[] => flowsOf(model).filter((l) => l.split(":")[0]!.endsWith(`>${to}`));

// Two tenant-like namespaces with fixed labels, and a platform namespace with unknown labels.
const A = ns("a", { team: "x" });
const B = ns("b", { team: "y" });
const PLATFORM: NamespaceInfo = { name: "plat" };

// ----------------------------------------------------------------------------------- NetworkPolicy

interface FlowCase {
  readonly name: string;
  /** The documentation sentence the case is derived from. */
  readonly doc: string;
  readonly model: NetworkModel;
  /** Flows into `to`, as `from>to: ports`. */
  readonly to: string;
  readonly expected: readonly string[];
}

const flowCases: readonly FlowCase[] = [
  {
    name: "no policy: every source, *other* and platform included, reaches b on every port",
    doc: "[NP] By default, a pod is non-isolated for ingress; all inbound connections are allowed.",
    model: { namespaces: [A, B, PLATFORM], policies: [] },
    to: "b",
    expected: ["a>b: *", "plat>b: *", `${O}>b: *`],
  },
  {
    name: "policyTypes omitted, only ingress rules: Egress is not set, so b's egress stays open",
    doc: "[NP] If no policyTypes are specified on a NetworkPolicy then by default Ingress will always be set and Egress will be set if the NetworkPolicy has any egress rules.",
    model: { namespaces: [A, B], policies: [deny("a"), np("a", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: named("b") }])] }), np("b", { ingress: [rule([{ namespaceSelector: named("a") }])] })] },
    to: "a",
    expected: ["b>a: *"],
  },
  {
    name: "policyTypes omitted, one egress rule: Egress is set and only that rule lets traffic out",
    doc: "[NP] ... Egress will be set if the NetworkPolicy has any egress rules.",
    model: { namespaces: [A, B, ns("c")], policies: [np("b", { egress: [rule([{ namespaceSelector: named("a") }], [{ port: 443 }])] })] },
    to: "c",
    expected: ["a>c: *", `${O}>c: *`],
  },
  {
    name: "policyTypes omitted, egress: [] (no rules): Egress is not set, egress open",
    doc: "[NP] ... Egress will be set if the NetworkPolicy has any egress rules. (an empty list has none)",
    model: { namespaces: [A, B], policies: [np("b", { egress: [] })] },
    to: "a",
    expected: ["b>a: *", `${O}>a: *`],
  },
  {
    name: "ingress: [{}] (one empty rule) allows every source on every port",
    doc: "[API] ingress.from: If this field is empty or missing, this rule matches all sources ... ports: If this field is empty or missing, this rule matches all ports",
    model: { namespaces: [A, B, PLATFORM], policies: [np("b", { policyTypes: ["Ingress"], ingress: [{}] })] },
    to: "b",
    expected: ["a>b: *", "plat>b: *", `${O}>b: *`],
  },
  {
    name: "ingress: [] with type Ingress allows nothing",
    doc: "[API] ingress: ... If this field is empty then this NetworkPolicy does not allow any traffic (and serves solely to ensure that the pods it selects are isolated by default)",
    model: { namespaces: [A, B, PLATFORM], policies: [np("b", { policyTypes: ["Ingress"], ingress: [] })] },
    to: "b",
    expected: [],
  },
  {
    name: "a rule whose from is present but empty allows every source",
    doc: "[API] from: If this field is empty or missing, this rule matches all sources (traffic not restricted by source).",
    model: { namespaces: [A, B], policies: [np("b", { policyTypes: ["Ingress"], ingress: [{ peers: [], ports: [{ port: 80 }] }] })] },
    to: "b",
    expected: ["a>b: TCP/80", `${O}>b: TCP/80`],
  },
  {
    name: "a port entry without port is every port of its protocol, TCP by default (not every protocol)",
    doc: "[API] NetworkPolicyPort.port: If this field is not provided, this matches all port names and numbers. protocol: If not specified, this field defaults to TCP.",
    model: { namespaces: [A, B], policies: [np("b", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: named("a") }], [{}])] })] },
    to: "b",
    expected: ["a>b: TCP/*"],
  },
  {
    name: "endPort makes an inclusive range",
    doc: "[NP] ... provided that the target port is between the range 32000 and 32768.",
    model: { namespaces: [A, B], policies: [np("b", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: named("a") }], [{ port: 32000, endPort: 32768, protocol: "UDP" }])] })] },
    to: "b",
    expected: ["a>b: UDP/32000-32768"],
  },
  {
    name: "an empty namespaceSelector selects every namespace, including ones the output does not name",
    doc: "[NP] namespaceSelector: This selects particular namespaces for which all Pods should be allowed ... (An empty selector selects everything)",
    model: { namespaces: [A, B, PLATFORM], policies: [np("b", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: {} }])] })] },
    to: "b",
    expected: ["a>b: *", "plat>b: *", `${O}>b: *`],
  },
  {
    name: "a podSelector without namespaceSelector stays in the policy's namespace, even when empty",
    doc: "[NP] podSelector: This selects particular Pods in the same namespace as the NetworkPolicy",
    model: { namespaces: [A, B, PLATFORM], policies: [np("b", { policyTypes: ["Ingress"], ingress: [rule([{ podSelector: {} }])] })] },
    to: "b",
    expected: [],
  },
  {
    name: "namespaceSelector AND podSelector in one peer: the source pods must match both",
    doc: "[NP] A single to/from entry that specifies both namespaceSelector and podSelector selects particular Pods within particular namespaces.",
    // Every pod of a labelled role=client is egress-denied; b admits only role=client pods of namespace a.
    model: {
      namespaces: [A, B],
      policies: [
        np("a", { podSelector: { matchLabels: { role: "client" } }, policyTypes: ["Egress"] }),
        np("b", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: named("a"), podSelector: { matchLabels: { role: "client" } } }])] }),
      ],
    },
    to: "b",
    expected: [],
  },
  {
    name: "the same selectors as two peers are ORed: any pod of namespace a",
    doc: "[NP] It contains two elements in the from array, and allows connections from Pods in the local Namespace with the label role=client, or from any Pod in any namespace with the label user=alice.",
    model: {
      namespaces: [A, B],
      policies: [
        np("a", { podSelector: { matchLabels: { role: "client" } }, policyTypes: ["Egress"] }),
        np("b", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: named("a") }, { podSelector: { matchLabels: { role: "client" } } }])] }),
      ],
    },
    to: "b",
    expected: ["a>b: *"],
  },
  {
    name: "NotIn also selects namespaces without the key, and *other*",
    doc: "[API] LabelSelectorRequirement.operator: ... NotIn (a namespace without the key is not in the set: labels.Selector semantics)",
    model: {
      namespaces: [A, B, ns("bare")],
      policies: [np("b", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: { matchExpressions: [{ key: "team", operator: "NotIn", values: ["x"] }] } }])] })],
    },
    to: "b",
    expected: ["bare>b: *", `${O}>b: *`],
  },
  {
    name: "DoesNotExist selects only namespaces without the key; a fixed team label excludes a",
    doc: "[API] LabelSelectorRequirement.operator: Valid operators are In, NotIn, Exists and DoesNotExist.",
    model: {
      namespaces: [A, B, ns("bare"), PLATFORM],
      policies: [np("b", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: { matchExpressions: [{ key: "team", operator: "DoesNotExist", values: [] }] } }])] })],
    },
    to: "b",
    expected: ["bare>b: *", "plat>b: *", `${O}>b: *`],
  },
  {
    name: "Exists on the name label selects every namespace; *other* too",
    doc: "[NP] The Kubernetes control plane sets an immutable label kubernetes.io/metadata.name on all namespaces",
    model: {
      namespaces: [A, B],
      policies: [np("b", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: { matchExpressions: [{ key: NAME_LABEL, operator: "Exists", values: [] }] } }])] })],
    },
    to: "b",
    expected: ["a>b: *", `${O}>b: *`],
  },
  {
    name: "DoesNotExist on the name label selects no namespace at all",
    doc: "[NP] The Kubernetes control plane sets an immutable label kubernetes.io/metadata.name on all namespaces",
    model: {
      namespaces: [A, B, PLATFORM],
      policies: [np("b", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: { matchExpressions: [{ key: NAME_LABEL, operator: "DoesNotExist", values: [] }] } }])] })],
    },
    to: "b",
    expected: [],
  },
  {
    name: "NotIn on the name label: every other namespace, *other* included, but not the ones listed",
    doc: "[NP] ... you can use the standardized label to target a specific namespace.",
    model: {
      namespaces: [A, B, PLATFORM],
      policies: [np("b", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: { matchExpressions: [{ key: NAME_LABEL, operator: "NotIn", values: ["a"] }] } }])] })],
    },
    to: "b",
    expected: ["plat>b: *", `${O}>b: *`],
  },
  {
    name: "a platform namespace (labels unknown) matches any label selector; a tenant namespace only its own labels",
    doc: "[NP] namespaceSelector: This selects particular namespaces ... (labels the output does not fix can be anything)",
    model: { namespaces: [A, B, PLATFORM], policies: [np("b", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: { matchLabels: { team: "y" } } }])] })] },
    to: "b",
    expected: ["plat>b: *", `${O}>b: *`],
  },
  {
    name: "pod NotIn also selects pods without the key: some pod of a can always reach b",
    doc: "[API] NotIn ... (pods can carry any labels, including none)",
    model: {
      namespaces: [A, B],
      policies: [np("b", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: named("a"), podSelector: { matchExpressions: [{ key: "role", operator: "NotIn", values: ["client"] }] } }])] })],
    },
    to: "b",
    expected: ["a>b: *"],
  },
  {
    name: "a policy selecting only some pods leaves the other pods open (some pod is enough)",
    doc: "[NP] (Other pods in the namespace that are not selected by any NetworkPolicy will continue to accept all traffic.)",
    model: { namespaces: [A, B], policies: [np("b", { podSelector: { matchExpressions: [{ key: "app", operator: "Exists", values: [] }] }, policyTypes: ["Ingress"] })] },
    to: "b",
    expected: ["a>b: *", `${O}>b: *`],
  },
  {
    name: "both the egress of the source and the ingress of the destination must allow the connection",
    doc: "[NP] For a connection from a source pod to a destination pod to be allowed, both the egress policy on the source pod and the ingress policy on the destination pod need to allow the connection.",
    model: {
      namespaces: [A, B],
      policies: [
        np("a", { policyTypes: ["Egress"], egress: [rule([{ namespaceSelector: named("b") }], [{ port: 80 }, { port: 443 }])] }),
        np("b", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: named("a") }], [{ port: 443 }, { port: 53, protocol: "UDP" }])] }),
      ],
    },
    to: "b",
    expected: ["a>b: TCP/443"],
  },
  {
    name: "two different port names can meet: a pod may name one number twice",
    doc: "[API] ContainerPort.name: ... must be an IANA_SVC_NAME and unique within the pod (names are unique, numbers are not: duplicate port definitions are only a warning)",
    model: {
      namespaces: [A, B],
      policies: [
        np("a", { policyTypes: ["Egress"], egress: [rule([{ namespaceSelector: named("b") }], [{ port: "http" }])] }),
        np("b", { policyTypes: ["Ingress"], ingress: [rule([{ namespaceSelector: named("a") }], [{ port: "web" }])] }),
      ],
    },
    to: "b",
    expected: ["a>b: TCP/http,TCP/web"],
  },
  {
    name: "an ipBlock peer never stands for pods: 0.0.0.0/0 admits no namespace here",
    doc: "[NP] ipBlock: ... These should be cluster-external IPs, since Pod IPs are ephemeral and unpredictable.",
    model: { namespaces: [A, B], policies: [np("b", { policyTypes: ["Ingress"], ingress: [rule([{ ipBlock: { cidr: "0.0.0.0/0" } }])] })] },
    to: "b",
    expected: [],
  },
];

describe("NetworkPolicy semantics, from the Kubernetes documentation", () => {
  it.each(flowCases)("$name", ({ model, to, expected }) => {
    expect(into(model, to)).toEqual([...expected].sort());
  });

  it.each([
    {
      name: "a rule without peers allows every IPv4 and IPv6 address (reported as IP blocks)",
      doc: "[API] to: If this field is empty or missing, this rule matches all destinations",
      policies: [np("a", { id: "a/out", policyTypes: ["Egress"], egress: [rule(undefined, [{ port: 443 }])] })],
      expected: ["a egress 0.0.0.0/0: TCP/443", "a egress ::/0: TCP/443", "a ingress 0.0.0.0/0: *", "a ingress ::/0: *"],
    },
    {
      name: "ipBlock with except is reported with its except blocks",
      doc: "[NP] IP addresses in the ranges 172.17.0.0–172.17.0.255 and 172.17.2.0–172.17.255.255 (ie, all of 172.17.0.0/16 except 172.17.1.0/24)",
      policies: [deny("a"), np("a", { policyTypes: ["Ingress"], ingress: [rule([{ ipBlock: { cidr: "172.17.0.0/16", except: ["172.17.1.0/24"] } }], [{ port: 6379 }])] })],
      expected: ["a ingress 172.17.0.0/16 except 172.17.1.0/24: TCP/6379"],
    },
  ])("$name", ({ policies, expected }) => {
    const ip = analyseNetwork({ namespaces: [A], policies }).ip.map((e) => `${e.namespace} ${e.direction} ${e.cidr}${e.except.length ? ` except ${e.except.join(",")}` : ""}: ${formatPorts(e.ports).join(",")}`);
    expect(ip).toEqual(expected);
  });
});

// ------------------------------------------------------------------------ what the API server rejects

describe("policies the API server rejects are refused (and so left out with a finding)", () => {
  const withPeer = (peer: NetworkPolicyPeer): NetworkPolicy => np("a", { id: "bad", policyTypes: ["Ingress"], ingress: [rule([peer])] });
  const withPort = (port: NetworkPolicyPort): NetworkPolicy => np("a", { id: "bad", policyTypes: ["Ingress"], ingress: [rule(undefined, [port])] });
  const expr = (operator: string, values: string[], key = "app"): LabelSelector =>
    ({ matchExpressions: [{ key, operator, values }] }) as unknown as LabelSelector;

  it.each([
    // [API] LabelSelectorRequirement.values: If the operator is In or NotIn, the values array must be non-empty.
    ["In without values", withPeer({ podSelector: expr("In", []) })],
    ["NotIn without values", withPeer({ namespaceSelector: expr("NotIn", []) })],
    // [API] ... If the operator is Exists or DoesNotExist, the values array must be empty.
    ["Exists with values", withPeer({ podSelector: expr("Exists", ["x"]) })],
    ["DoesNotExist with values", np("a", { podSelector: expr("DoesNotExist", ["x"]), policyTypes: ["Ingress"] })],
    // [API] operator: ... Valid operators are In, NotIn, Exists and DoesNotExist.
    ["an unknown operator", np("a", { podSelector: expr("Equals", ["x"]), policyTypes: ["Ingress"] })],
    ["an empty operator", withPeer({ podSelector: expr("", ["x"]) })],
    // [API] key is the label key that the selector applies to (a label key: [prefix/]name, name 63 characters at most).
    ["an empty key", withPeer({ podSelector: expr("Exists", [], "") })],
    ["a key with a space", withPeer({ podSelector: { matchLabels: { "my app": "x" } } })],
    ["a key name longer than 63 characters", withPeer({ podSelector: { matchLabels: { ["k".repeat(64)]: "x" } } })],
    // Label values: 63 characters at most, alphanumerics, '-', '_', '.', starting and ending alphanumeric.
    ["a label value with a slash", withPeer({ namespaceSelector: { matchLabels: { team: "a/b" } } })],
    ["a selector value ending in a dash", withPeer({ namespaceSelector: expr("In", ["x-"], "team") })],
    // [API] ipBlock.cidr: a string representing the IPBlock. Valid examples are "192.168.1.0/24" or "2001:db8::/64"
    ["an ipBlock without cidr", withPeer({ ipBlock: { cidr: "" } })],
    ["an ipBlock with a bad cidr", withPeer({ ipBlock: { cidr: "10.0.0.300/8" } })],
    // [API] except ... Except values will be rejected if they are outside the cidr range
    ["an except outside the cidr", withPeer({ ipBlock: { cidr: "10.0.0.0/24", except: ["192.168.0.0/24"] } })],
    ["an except equal to the cidr (not a strict subset)", withPeer({ ipBlock: { cidr: "10.0.0.0/24", except: ["10.0.0.0/24"] } })],
    ["an except of the other IP family", withPeer({ ipBlock: { cidr: "10.0.0.0/8", except: ["2001:db8::/64"] } })],
    // [API] port: This can either be a numerical or named port on a pod (a named port is an IANA_SVC_NAME).
    ["a named port with capitals", withPort({ port: "Web" })],
    ["a named port of digits only", withPort({ port: "0443" })],
    ["a named port longer than 15 characters", withPort({ port: "a-very-long-port-name" })],
    ["a named port with consecutive hyphens", withPort({ port: "my--port" })],
    ["a named port beginning with a hyphen", withPort({ port: "-http" })],
    // [NP] endPort can only be defined if port is also defined. / Both ports must be numeric.
    ["endPort without port", withPort({ endPort: 90 })],
    ["port 0", withPort({ port: 0 })],
    ["port 65536", withPort({ port: 65536 })],
  ] as const)("%s", (_name, policy) => {
    expect(() => validatePolicy(policy)).toThrow(NetworkAnalysisError);
  });

  it.each([
    ["a prefixed key and dotted value", withPeer({ podSelector: { matchLabels: { "app.kubernetes.io/name": "ingress-nginx.v1_2" } } })],
    ["an empty label value", withPeer({ podSelector: { matchLabels: { tier: "" } } })],
    ["In on the name label", withPeer({ namespaceSelector: named("kube-system") })],
    ["an IPv6 block with a strict except", withPeer({ ipBlock: { cidr: "2001:db8::/32", except: ["2001:db8:1::/48"] } })],
    ["an IPv4-mapped IPv6 block", withPeer({ ipBlock: { cidr: "::ffff:192.0.2.0/120" } })],
    ["a host-bits cidr (accepted as written)", withPeer({ ipBlock: { cidr: "192.0.2.77/24" } })],
    ["a named port with a hyphen", withPort({ port: "http-alt" })],
    ["a numeric string port", withPort({ port: "8443" })],
  ] as const)("accepts %s", (_name, policy) => {
    expect(() => validatePolicy(policy)).not.toThrow();
  });

  it("parses IPv4-mapped IPv6 CIDRs like Go's ParseCIDR", () => {
    expect(parseCidr("::ffff:192.0.2.0/120")).toEqual({ version: 6, network: 0xffffc0000200n, prefix: 120 });
  });
});

// ----------------------------------------------------------------------------------------- port sets

describe("port algebra (existential: some pod could make the traffic possible)", () => {
  it.each([
    // [API] ContainerPort.name must be unique within the pod; nothing forbids two names for one number.
    ["different names meet: keep both names", ["TCP/http"], ["TCP/web"], ["TCP/http", "TCP/web"]],
    ["the same name meets itself", ["TCP/http"], ["TCP/http", "TCP/web"], ["TCP/http", "TCP/web"]],
    ["a name meets numbers: the numbers", ["TCP/http"], ["TCP/80"], ["TCP/80"]],
    ["names never cross protocols", ["TCP/http"], ["UDP/http"], []],
  ] as const)("%s", (_name, a, b, expected) => {
    expect(formatPorts(intersectPorts(parsePorts(a), parsePorts(b)))).toEqual(expected);
  });
});

// ------------------------------------------------------------------- Terraform JSON (the lab output)

const ALPHA = "tenant--alpha--lab";
const BETA = "tenant--beta--lab";
const NP_ = ["resource", "kubernetes_network_policy_v1"] as const;
type Stacks = Record<string, unknown>;

interface LabCase {
  readonly name: string;
  readonly doc: string;
  readonly mutate: (s: Stacks) => void;
  /** Substrings of finding messages, one per expected finding (in order); `[]` for a clean output. */
  readonly findings: readonly string[];
}

const labCases: readonly LabCase[] = [
  {
    name: "single-item blocks as object or one-item list read the same (clean as written)",
    doc: "[docs/output-format.md] Single-item blocks (metadata, spec, a selector) may be an object or a one-item list",
    mutate: (s) => {
      setAt(s[BETA], [...NP_, "api_default-deny", "spec"], [{ pod_selector: [{}], policy_types: ["Ingress", "Egress"] }]);
      setAt(s[BETA], [...NP_, "api_connections-in", "metadata"], [{ name: "allow-connections-in", namespace: "beta-api" }]);
    },
    findings: [],
  },
  {
    name: "ingress [{}] in beta-api lets every namespace in",
    doc: "[API] from: If this field is empty or missing, this rule matches all sources",
    mutate: (s) => setAt(s[BETA], [...NP_, "api_connections-in", "spec", "ingress"], [{}]),
    // alpha's namespaces are egress-isolated (alpha-web may send only the declared TCP/8443); the platform and *other* are not.
    findings: [
      "any other namespace can connect to beta-api (tenant beta) on *",
      "ingress-nginx (platform ingress) can connect to beta-api (tenant beta) on *",
      "kube-system (platform dns) can connect to beta-api (tenant beta) on *",
      "monitoring (platform monitoring) can connect to beta-api (tenant beta) on *",
      "velero (platform backup) can connect to beta-api (tenant beta) on *",
      "IP block 0.0.0.0/0 can connect to beta-api (tenant beta) on *",
      "IP block ::/0 can connect to beta-api (tenant beta) on *",
    ],
  },
  {
    name: "a match_expressions entry without operator is rejected by the API server, not read as In",
    doc: "[API] operator: ... Valid operators are In, NotIn, Exists and DoesNotExist.",
    mutate: (s) => setAt(s[BETA], [...NP_, "api_connections-in", "spec", "ingress", 0, "from", 0, "namespace_selector", "match_expressions", 0, "operator"], undefined),
    findings: ["the API server would reject this NetworkPolicy"],
  },
  {
    name: 'port "08443" is a port name to the provider (not 8443), and an invalid one',
    doc: "[TFK] port strings are integers only when strconv.Itoa(strconv.Atoi(s)) == s; [API] a named port is an IANA_SVC_NAME",
    mutate: (s) => setAt(s[BETA], [...NP_, "api_connections-in", "spec", "ingress", 0, "ports", 0, "port"], "08443"),
    findings: ["the API server would reject this NetworkPolicy"],
  },
  {
    name: "an ipBlock except outside its cidr makes the policy invalid",
    doc: "[API] except ... Except values will be rejected if they are outside the cidr range",
    mutate: (s) => setAt(s[ALPHA], [...NP_, "db_egress", "spec", "egress", 0, "to", 0, "ip_block", "except"], ["203.0.113.0/24"]),
    findings: ["the API server would reject this NetworkPolicy"],
  },
  {
    name: "a null rule in ingress is an empty rule to the provider: every source",
    doc: "[TFK] ingress entries are expanded into NetworkPolicyIngressRule{} even when empty; [API] an empty rule matches all sources and ports",
    mutate: (s) => setAt(s[BETA], [...NP_, "api_connections-in", "spec", "ingress"], [null]),
    findings: [
      "any other namespace can connect to beta-api",
      "ingress-nginx (platform ingress) can connect to beta-api",
      "kube-system (platform dns) can connect to beta-api",
      "monitoring (platform monitoring) can connect to beta-api",
      "velero (platform backup) can connect to beta-api",
      "IP block 0.0.0.0/0 can connect to beta-api",
      "IP block ::/0 can connect to beta-api",
    ],
  },
  {
    name: "a namespace defined twice with different labels has unknown labels (last definition does not win)",
    doc: "[NP] namespaceSelector selects namespaces by their labels; which of two definitions the cluster keeps is not in the output",
    mutate: (s) => {
      // beta-api also admits namespace extra when labelled team=b; extra (no policies, so open) is defined with team=b and again with team=a.
      pushAt(s[BETA], [...NP_, "api_same-tenant", "spec", "ingress", 0, "from"], { namespace_selector: { match_labels: { team: "b", [NAME_LABEL]: "extra" } } });
      setAt(s[ALPHA], ["resource", "kubernetes_namespace_v1", "ns-extra"], { metadata: { name: "extra", labels: { team: "b" } } });
      setAt(s[BETA], ["resource", "kubernetes_namespace_v1", "ns-extra"], { metadata: { name: "extra", labels: { team: "a" } } });
    },
    findings: ["extra (not a tenant or platform namespace) can connect to beta-api (tenant beta) on *"],
  },
  {
    name: "a namespace label whose value is a Terraform expression is unknown",
    doc: "[NP] namespaceSelector selects namespaces by their labels (an interpolated value is decided at apply time)",
    mutate: (s) => {
      pushAt(s[BETA], [...NP_, "api_same-tenant", "spec", "ingress", 0, "from"], { namespace_selector: { match_labels: { team: "b", [NAME_LABEL]: "extra" } } });
      setAt(s[ALPHA], ["resource", "kubernetes_namespace_v1", "ns-extra"], { metadata: { name: "extra", labels: { team: "${var.team}" } } });
    },
    findings: ["extra (not a tenant or platform namespace) can connect to beta-api (tenant beta) on *"],
  },
  {
    name: "namespace_selector [null] is an empty block to the provider: every namespace",
    doc: "[TFK] expandLabelSelector returns an empty LabelSelector for an empty block; [NP] an empty selector selects everything",
    mutate: (s) => setAt(s[BETA], [...NP_, "api_connections-in", "spec", "ingress", 0, "from"], [{ namespace_selector: [null], pod_selector: {} }]),
    findings: [
      "any other namespace can connect to beta-api (tenant beta) on TCP/8443",
      "ingress-nginx (platform ingress) can connect to beta-api (tenant beta) on TCP/8443",
      "kube-system (platform dns) can connect to beta-api (tenant beta) on TCP/8443",
      "monitoring (platform monitoring) can connect to beta-api (tenant beta) on TCP/8443",
      "velero (platform backup) can connect to beta-api (tenant beta) on TCP/8443",
    ],
  },
  {
    name: "a policy whose namespace is an unresolvable Terraform expression is not trusted",
    doc: "[docs/isolation.md] Only the output is read ... (a ${var.x} namespace is decided at apply time, possibly a tenant's)",
    mutate: (s) =>
      setAt(s[BETA], [...NP_, "open"], { metadata: { name: "open", namespace: "${var.target}" }, spec: { pod_selector: {}, policy_types: ["Ingress"], ingress: [{}] } }),
    findings: ["it contains a Terraform expression"],
  },
];

describe("reading the Terraform JSON of a NetworkPolicy", () => {
  it.each(labCases)("$name", ({ mutate, findings }) => {
    const got = findingsOf(loadOutput(LAB, mutate)).map((f) => f.message);
    expect(got).toHaveLength(findings.length);
    findings.forEach((f, i) => expect(got[i]).toContain(f));
  });

  it("ingress [{}] opens beta-api on every port to every source whose egress is open (the matrix)", () => {
    const m = toMatrix(analyseOutput(loadOutput(LAB, (s) => setAt(s[BETA], [...NP_, "api_connections-in", "spec", "ingress"], [{}])))).sites.lab!;
    expect(m.flows.filter((f) => f.to === "beta-api").map((f) => `${f.from}: ${f.ports.join(",")}`)).toEqual([
      "*other*: *", "alpha-web: TCP/8443", "ingress-nginx: *", "kube-system: *", "monitoring: *", "velero: *",
    ]);
  });
});

describe("resources the analysis does not read are not silently trusted", () => {
  it.each([
    {
      name: "a NetworkPolicy as a kubernetes_manifest",
      doc: "[docs/isolation.md] Only the output is read ... the proof is about what will really be deployed",
      type: "kubernetes_manifest",
      body: { manifest: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "open", namespace: "beta-api" }, spec: { podSelector: {}, ingress: [{}] } } },
      rule: "PRF-001",
    },
    {
      name: "a ClusterRoleBinding as a kubernetes_manifest (counted against RBAC)",
      doc: "[RBAC] A ClusterRoleBinding grants the role in every namespace, whatever resource type writes it",
      type: "kubernetes_manifest",
      body: { manifest: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "all" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ kind: "Group", name: "beta-admins" }] } },
      rule: "PRF-004",
    },
    {
      name: "extra labels on a tenant namespace (kubernetes_labels)",
      doc: "[NP] namespaceSelector selects namespaces by labels; docs/isolation.md: tenant namespaces have exactly the labels of their kubernetes_namespace_v1",
      type: "kubernetes_labels",
      body: { api_version: "v1", kind: "Namespace", metadata: { name: "beta-api" }, labels: { team: "alpha" } },
      rule: "PRF-001",
    },
    {
      name: "a ClusterRole aggregated into admin",
      doc: "[RBAC] Aggregated ClusterRoles: ... the rules of ClusterRoles whose labels match are added to admin",
      type: "kubernetes_cluster_role_v1",
      body: { metadata: { name: "more", labels: { "rbac.authorization.k8s.io/aggregate-to-admin": "true" } }, rule: [{ api_groups: [""], resources: ["secrets"], verbs: ["*"] }] },
      rule: "PRF-004",
    },
    {
      name: "a Vault policy written through a generic endpoint",
      doc: "[VP] Policies ... are uploaded and stored in Vault and referenced by name",
      type: "vault_generic_endpoint",
      body: { path: "sys/policies/acl/tenant-beta-kv", data_json: '{"policy":"path \\"*\\" { capabilities = [\\"read\\"] }"}' },
      rule: "PRF-003",
    },
  ])("$name is a finding", ({ type, body, rule: ruleId }) => {
    const findings = findingsOf(loadOutput(LAB, (s) => setAt(s[BETA], ["resource", type], { extra: body })));
    expect(findings.map((f) => `${f.rule} ${f.field}`)).toContain(`${ruleId} ${type}.extra`);
  });
});

// --------------------------------------------------------------------------------------------- Vault

const acl = (hcl: string) => buildAcl([{ name: "p", rules: parsePolicyHcl(hcl) }]);
const grant = (path: string, ...caps: string[]) => `path "${path}" { capabilities = [${caps.map((c) => `"${c}"`).join(", ")}] }\n`;

describe("Vault policy paths, from the policy documentation", () => {
  it.each([
    ["secret/foo", "secret/foo", true, '[VP] Permit reading only "secret/foo".'],
    ["secret/foo", "secret/food", false, '[VP] An attached token cannot read "secret/food" or "secret/foo/bar".'],
    ["secret/bar/*", "secret/bar/zip/zap", true, '[VP] An attached token could read "secret/bar/zip", "secret/bar/zip/zap", but not "secret/bars/zip".'],
    ["secret/bar/*", "secret/bar", false, "[VP] (the glob is a prefix match on secret/bar/)"],
    ["secret/zip-*", "secret/zip-zap/zong", true, '[VP] An attached token could read "secret/zip-zap" or "secret/zip-zap/zong", but not "secret/zip/zap"'],
    ["secret/+/teamb", "secret/foo/bar/teamb", false, "[VP] a + can be used to denote any number of characters bounded within a single path segment"],
    ["secret/+/+/teamb", "secret/bar/foo/teamb", true, "[VP] Permit reading secret/foo/bar/teamb, secret/bar/foo/teamb, etc."],
    ["secret/*/teamb", "secret/x/teamb", false, "[VP] It is not a regular expression and is only supported as the last character of the path!"],
    ["secret/*/teamb", "secret/*/teamb", true, "[VP] (a * elsewhere is a literal character)"],
  ] as const)("%s matches %s: %s", (pattern, path, expected, _doc) => {
    expect(patternMatches(pattern, path)).toBe(expected);
  });

  it.each([
    ["secret/foo/+", "secret/+/bar", "[VP] 1. If the first wildcard (+) or glob (*) occurs earlier in P1, P1 is lower priority"],
    ["secret/foo/*", "secret/+/bar", "[VP] 1. (a glob counts as the first wildcard too)"],
    ["secret/+/bar", "secret/+/ba*", "[VP] 2. If P1 ends in * and P2 doesn't, P1 is lower priority"],
    ["secret/*", "secret/+/+/foo/*", '[VP] ... and give "secret/+/+/foo/*" lower priority (rule 3)'],
    ["secret/+/bar/ba*", "secret/+/bar/b*", "[VP] 4. If P1 is shorter, it is lower priority"],
    ["secret/+/b", "secret/+/a", "[VP] 5. If P1 is smaller lexicographically, it is lower priority"],
  ] as const)("%s over %s", (high, low, _doc) => {
    expect([hasPriority(high, low), hasPriority(low, high)]).toEqual([true, false]);
  });

  it.each([
    ["a specific deny shadows a broad grant", grant("secret/*", "read") + grant("secret/super-secret", "deny"), "secret/super-secret", [], "[VP] Even though we allowed secret/*, this line explicitly denies secret/super-secret. This takes precedence."],
    ["deny in the same pattern overrides everything", grant("secret/a", "read", "sudo") + grant("secret/a", "deny"), "secret/a", [], "[VP] deny - ... This always takes precedence regardless of any other defined capabilities, including sudo."],
    ["a specific grant survives a broad deny", grant("secret/*", "deny") + grant("secret/foo", "read"), "secret/foo", ["read"], "[VP] we take only the highest-priority match from those policies"],
    ["no match: denied", grant("secret/foo", "read"), "other/foo", [], "[VP] Policies are deny by default"],
  ] as const)("%s", (_name, hcl, path, expected, _doc) => {
    expect(effectiveCapabilities(acl(hcl), path)).toEqual(expected);
  });

  it.each([
    {
      name: "a glob reaching past every + deny by depth is still a grant",
      doc: "[VP] rule 2: secret/+/+ (no *) beats secret/* ... but + is exactly one segment, so secret/a/b/c is decided by secret/*",
      hcl: grant("x/*", "read") + grant("x/+", "deny") + grant("x/+/+", "deny"),
      expected: ["x/*"],
    },
    {
      name: "and three levels of + denies",
      doc: "[VP] + denotes ... a single path segment; the glob * matches across /",
      hcl: grant("x/*", "read") + grant("x/+", "deny") + grant("x/+/+", "deny") + grant("x/+/+/+", "deny"),
      expected: ["x/*"],
    },
    {
      name: "a + glob below a + deny",
      doc: "[VP] rule 2 (secret/+/+ beats secret/+/y*), rule 3 does not apply",
      hcl: grant("x/+/y*", "read") + grant("x/+/+", "deny") + grant("x/+/+/+", "deny"),
      expected: ["x/+/y*"],
    },
    {
      name: "a longer glob keeps its grant under a shorter deny glob",
      doc: "[VP] rule 1: the first glob comes later in x/a*, so it wins over x/*",
      hcl: grant("x/a*", "read") + grant("x/*", "deny"),
      expected: ["x/a*"],
    },
  ])("$name", ({ hcl, expected }) => {
    expect(undeclaredGrants(acl(hcl), ["alpha/kv/*"]).map((g) => g.entry.path)).toEqual(expected);
  });

  it("rejects + directly followed by * as Vault does", () => {
    // [VP KB] The glob and wildcard character cannot be used together like "+*".
    expect(() => parsePolicyHcl(grant("secret/+*", "read"))).toThrow(VaultPolicySyntaxError);
  });
});

describe("Vault subjects in the Terraform JSON", () => {
  it("a vault_policy named default is held by every subject (and every other token)", () => {
    // [VP] The default policy is a built-in Vault policy that cannot be removed. By default, it is attached to all
    // tokens ... It can be modified to suit your needs
    const output = loadOutput(LAB, (s) => setAt(s[BETA], ["resource", "vault_policy", "default"], { name: "default", policy: grant("alpha/kv/data/*", "read") }));
    const findings = findingsOf(output).filter((f) => f.rule === "PRF-003");
    expect(findings.map((f) => `${f.tenant} ${f.field}`)).toEqual(["beta vault_policy.default", "beta vault_policy.default", "beta vault_policy.default"]);
    expect(findings.map((f) => f.message.replace(/^site lab: /, ""))).toEqual([
      "Vault policy \"default\" is attached to every token Vault issues (unless the token opts out), so what it grants (read on alpha/kv/data/*) is granted to everyone, which no tenant declares",
      'group:beta-admins of tenant beta has read on "alpha/kv/data/*" (e.g. alpha/kv/data/) through policy default; beta declares only beta/kv/*',
      'kubernetes:tenant-beta of tenant beta has read on "alpha/kv/data/*" (e.g. alpha/kv/data/) through policy default; beta declares only beta/kv/*',
    ]);
    const vault = toMatrix(analyseOutput(output)).sites.lab!.vault;
    expect(vault).toContainEqual({ subject: "kubernetes:tenant-alpha", path: "alpha/kv/data/*", capabilities: ["create", "delete", "read", "update"] });
    expect(vault).toContainEqual({ subject: "kubernetes:tenant-beta", path: "alpha/kv/data/*", capabilities: ["read"] });
  });

  it("a Kubernetes auth role bound by a namespace label selector is a finding", () => {
    // [VK] bound_service_account_namespace_selector: A label selector for Kubernetes namespaces allowed to access this role.
    // ... If set with bound_service_account_namespaces, the conditions are ORed.
    const findings = findingsOf(
      loadOutput(LAB, (s) => setAt(s[BETA], ["resource", "vault_kubernetes_auth_backend_role", "auth-role", 0, "bound_service_account_namespace_selector"], '{"matchLabels":{"team":"x"}}')),
    );
    expect(findings.map((f) => `${f.rule} ${f.field}`)).toEqual(["PRF-003 vault_kubernetes_auth_backend_role.auth-role"]);
    expect(findings[0]!.message).toContain("namespace label selector");
  });
});

// ---------------------------------------------------------------------------------------------- RBAC

describe("RBAC grants", () => {
  it("a tenant block without an admin group is refused when read (not a group named 'undefined')", () => {
    // [RBAC] A RoleBinding grants the permissions defined in a role to a user or set of users.
    // samdrift always records the admin group, so a block without one was edited: the reader refuses it,
    // and the proof never runs on it.
    const read = () =>
      loadOutput(LAB, (s) => {
        setAt(s[BETA], ["//", "samdrift", "vault", "adminGroup"], undefined);
        setAt(s[BETA], ["resource", "kubernetes_role_binding_v1", "api_admins", "subject", 0, "name"], "undefined");
      });
    expect(read).toThrow("//.samdrift.vault.adminGroup: Invalid input: expected string, received undefined");
  });
});
