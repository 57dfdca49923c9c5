/**
 * Kubernetes NetworkPolicy semantics on hand-written policy sets, one table row per rule of
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/ and per tricky case.
 * Expected flows are written as `from>to: ports` for every pair that can connect.
 */
import { describe, expect, it } from "vitest";
import {
  analyseNetwork, effectivePolicyTypes, NAME_LABEL, namespacesNamedBy, NetworkAnalysisError, OTHER_NAMESPACE, selectorMatches,
  type LabelSelector, type NamespaceInfo, type NetworkModel, type NetworkPolicy, type NetworkPolicyRule,
} from "../../analysis/netpol.js";
import { formatPorts } from "../../lib/ports.js";

const O = OTHER_NAMESPACE;
const named = (...names: string[]): LabelSelector => ({ matchExpressions: [{ key: NAME_LABEL, operator: "In", values: names }] });
const ALL: LabelSelector = {};
const ns = (name: string, labels: Record<string, string> = {}): NamespaceInfo => ({ name, labels });
let counter = 0;
const policy = (namespace: string, p: Partial<Omit<NetworkPolicy, "namespace">>): NetworkPolicy => ({
  id: p.id ?? `np${++counter}`,
  namespace,
  podSelector: p.podSelector ?? ALL,
  ...(p.policyTypes ? { policyTypes: p.policyTypes } : {}),
  ...(p.ingress ? { ingress: p.ingress } : {}),
  ...(p.egress ? { egress: p.egress } : {}),
});
const denyAll = (namespace: string): NetworkPolicy => policy(namespace, { id: `${namespace}/deny`, policyTypes: ["Ingress", "Egress"] });
const from = (...peers: NonNullable<NetworkPolicyRule["peers"]>): NetworkPolicyRule => ({ peers });

/** Every flow as `from>to: ports`, sorted. */
function flows(model: NetworkModel): string[] {
  return analyseNetwork(model).flows.map((f) => `${f.from}>${f.to}: ${formatPorts(f.ports).join(",")}`);
}

/** Flows between the listed namespaces only (leaving out `*other*`), for compact expectations. */
function flowsAmong(model: NetworkModel, names: readonly string[]): string[] {
  return analyseNetwork(model)
    .flows.filter((f) => names.includes(f.from) && names.includes(f.to))
    .map((f) => `${f.from}>${f.to}: ${formatPorts(f.ports).join(",")}`);
}

interface Case {
  readonly name: string;
  readonly model: NetworkModel;
  readonly expected: readonly string[];
  /** Only pairs among these namespaces are compared. @default - every flow, `*other*` included */
  readonly among?: readonly string[];
  /** Only flows into this namespace are compared. */
  readonly into?: string;
}

const a = ns("a", { team: "x" });
const b = ns("b", { team: "y" });
const c = ns("c", { team: "z" });

const cases: readonly Case[] = [
  {
    name: "without policies every pod is non-isolated: everything connects, *other* included",
    model: { namespaces: [a, b], policies: [] },
    expected: [`${O}>a: *`, `${O}>b: *`, "a>*other*: *", "a>b: *", "b>*other*: *", "b>a: *"],
  },
  {
    name: "a policy isolates the pods it selects for the types it lists, allowing only its rules (none: deny)",
    model: { namespaces: [a, b], policies: [denyAll("b")] },
    expected: [`${O}>a: *`, "a>*other*: *"],
  },
  {
    name: "a policy with only Egress leaves ingress open",
    model: { namespaces: [a, b], policies: [policy("b", { policyTypes: ["Egress"] })] },
    expected: [`${O}>a: *`, `${O}>b: *`, "a>*other*: *", "a>b: *"],
  },
  {
    name: "a policy with only Ingress leaves egress open",
    model: { namespaces: [a, b], policies: [policy("b", { policyTypes: ["Ingress"] })] },
    expected: [`${O}>a: *`, "a>*other*: *", "b>*other*: *", "b>a: *"],
  },
  {
    name: "policyTypes omitted with egress rules defaults to Ingress and Egress",
    model: { namespaces: [a, b], policies: [policy("b", { egress: [{ peers: [{ namespaceSelector: named("a") }] }] })] },
    expected: ["b>a: *"],
    among: ["a", "b"],
  },
  {
    name: "policyTypes omitted without egress rules defaults to Ingress only (egress stays open)",
    model: { namespaces: [a, b, c], policies: [policy("b", { ingress: [from({ namespaceSelector: named("a") })] })] },
    expected: ["a>b: *", "a>c: *", "b>a: *", "b>c: *", "c>a: *"],
    among: ["a", "b", "c"],
  },
  {
    name: "allowed traffic is the union of every policy selecting the pod",
    model: {
      namespaces: [a, b],
      policies: [
        denyAll("b"),
        policy("b", { policyTypes: ["Ingress"], ingress: [{ peers: [{ namespaceSelector: named("a") }], ports: [{ port: 80 }] }] }),
        policy("b", { policyTypes: ["Ingress"], ingress: [{ peers: [{ namespaceSelector: named("a") }], ports: [{ port: "443", protocol: "TCP" }] }] }),
      ],
    },
    expected: ["a>b: TCP/80,TCP/443"],
    among: ["a", "b"],
  },
  {
    name: "rules within one policy are ORed; each rule needs its peers AND its ports",
    model: {
      namespaces: [a, b, c],
      policies: [
        policy("b", {
          policyTypes: ["Ingress"],
          ingress: [
            { peers: [{ namespaceSelector: named("a") }], ports: [{ port: 80 }] },
            { peers: [{ namespaceSelector: named("c") }], ports: [{ port: 53, protocol: "UDP" }] },
          ],
        }),
      ],
    },
    expected: ["a>b: TCP/80", "c>b: UDP/53"],
    into: "b",
  },
  {
    name: "pods a policy does not select stay open, and some pod is enough for a flow",
    model: { namespaces: [a, b], policies: [policy("b", { podSelector: { matchLabels: { app: "db" } }, policyTypes: ["Ingress", "Egress"] })] },
    expected: ["a>b: *", "b>a: *"],
    among: ["a", "b"],
  },
  {
    name: "an empty namespaceSelector selects every namespace, *other* included",
    model: { namespaces: [a, b], policies: [denyAll("b"), policy("b", { policyTypes: ["Ingress"], ingress: [from({ namespaceSelector: {} })] })] },
    expected: [`${O}>a: *`, `${O}>b: *`, "a>*other*: *", "a>b: *"],
  },
  {
    name: "a podSelector without namespaceSelector selects pods of the policy's own namespace only",
    model: { namespaces: [a, b], policies: [denyAll("b"), policy("b", { policyTypes: ["Ingress"], ingress: [from({ podSelector: {} })] })] },
    expected: [`${O}>a: *`, "a>*other*: *"],
  },
  {
    name: "a rule without peers allows every source",
    model: { namespaces: [a, b], policies: [denyAll("b"), policy("b", { policyTypes: ["Ingress"], ingress: [{ ports: [{ port: 8080 }] }] })] },
    expected: [`${O}>a: *`, `${O}>b: TCP/8080`, "a>*other*: *", "a>b: TCP/8080"],
  },
  {
    name: "namespaceSelector matches namespace labels (matchLabels)",
    model: { namespaces: [a, b, c], policies: [denyAll("b"), policy("b", { policyTypes: ["Ingress"], ingress: [from({ namespaceSelector: { matchLabels: { team: "x" } } })] })] },
    expected: ["a>b: *", "a>c: *", "c>a: *"],
    among: ["a", "b", "c"],
  },
  {
    name: "AND: namespaceSelector and podSelector in one peer need both; pods of the source can be constrained",
    // Pods labelled role=client in a may send nothing; b admits only role=client pods: no flow a>b.
    model: {
      namespaces: [a, b],
      policies: [
        policy("a", { podSelector: { matchLabels: { role: "client" } }, policyTypes: ["Egress"] }),
        denyAll("b"),
        policy("b", { policyTypes: ["Ingress"], ingress: [from({ namespaceSelector: {}, podSelector: { matchLabels: { role: "client" } } })] }),
      ],
    },
    expected: [],
    among: ["a", "b"],
  },
  {
    name: "OR: the same selectors as two peers admit any pod of any namespace",
    model: {
      namespaces: [a, b],
      policies: [
        policy("a", { podSelector: { matchLabels: { role: "client" } }, policyTypes: ["Egress"] }),
        denyAll("b"),
        policy("b", { policyTypes: ["Ingress"], ingress: [from({ namespaceSelector: {} }, { podSelector: { matchLabels: { role: "client" } } })] }),
      ],
    },
    expected: ["a>b: *"],
    among: ["a", "b"],
  },
  {
    name: "AND with a namespace label that does not match selects nothing",
    model: {
      namespaces: [a, b],
      policies: [denyAll("b"), policy("b", { policyTypes: ["Ingress"], ingress: [from({ namespaceSelector: { matchLabels: { team: "nope" } }, podSelector: {} })] })],
    },
    expected: [],
    among: ["a", "b"],
  },
  {
    name: "a connection needs egress at the source and ingress at the destination: the ports both allow",
    model: {
      namespaces: [a, b],
      policies: [
        denyAll("a"),
        policy("a", { policyTypes: ["Egress"], egress: [{ peers: [{ namespaceSelector: named("b") }], ports: [{ port: 80 }, { port: 8000, endPort: 8100 }] }] }),
        denyAll("b"),
        policy("b", { policyTypes: ["Ingress"], ingress: [{ peers: [{ namespaceSelector: named("a") }], ports: [{ port: 443 }, { port: 8080, endPort: 9000 }] }] }),
      ],
    },
    expected: ["a>b: TCP/8080-8100"],
  },
  {
    name: "ports: protocol defaults to TCP, a protocol without a port is every port of it, endPort is a range",
    model: {
      namespaces: [a, b],
      policies: [denyAll("b"), policy("b", { policyTypes: ["Ingress"], ingress: [{ peers: [{ namespaceSelector: named("a") }], ports: [{ port: 22 }, { protocol: "UDP" }, { port: "30000", endPort: 30010, protocol: "SCTP" }] }] })],
    },
    expected: ["a>b: SCTP/30000-30010,TCP/22,UDP/*"],
    among: ["a", "b"],
  },
  {
    name: "a named port is kept as a name when the other side allows every port",
    model: { namespaces: [a, b], policies: [denyAll("b"), policy("b", { policyTypes: ["Ingress"], ingress: [{ peers: [{ namespaceSelector: named("a") }], ports: [{ port: "https" }] }] })] },
    expected: ["a>b: TCP/https"],
    among: ["a", "b"],
  },
  {
    name: "a named port meets a number: the pod may give that number the name, so the number is reachable",
    model: {
      namespaces: [a, b],
      policies: [
        denyAll("a"),
        policy("a", { policyTypes: ["Egress"], egress: [{ peers: [{ namespaceSelector: named("b") }], ports: [{ port: 443 }] }] }),
        denyAll("b"),
        policy("b", { policyTypes: ["Ingress"], ingress: [{ peers: [{ namespaceSelector: named("a") }], ports: [{ port: "https" }] }] }),
      ],
    },
    expected: ["a>b: TCP/443"],
  },
  {
    name: "two different port names can meet: one pod may give one number both names (both are kept)",
    model: {
      namespaces: [a, b],
      policies: [
        denyAll("a"),
        policy("a", { policyTypes: ["Egress"], egress: [{ peers: [{ namespaceSelector: named("b") }], ports: [{ port: "http" }] }] }),
        denyAll("b"),
        policy("b", { policyTypes: ["Ingress"], ingress: [{ peers: [{ namespaceSelector: named("a") }], ports: [{ port: "https" }] }] }),
      ],
    },
    expected: ["a>b: TCP/http,TCP/https"],
  },
  {
    name: "an ipBlock peer never matches a pod (pod IPs are implementation-defined)",
    model: { namespaces: [a, b], policies: [denyAll("b"), policy("b", { policyTypes: ["Ingress"], ingress: [from({ ipBlock: { cidr: "0.0.0.0/0" } })] })] },
    expected: [],
    among: ["a", "b"],
  },
  {
    name: "a namespace with unknown labels (platform) may carry any label but its name",
    model: {
      namespaces: [a, b, { name: "mon" }],
      policies: [denyAll("b"), policy("b", { policyTypes: ["Ingress"], ingress: [from({ namespaceSelector: { matchLabels: { team: "ops" } } })] })],
    },
    expected: ["mon>b: *", `${O}>b: *`],
    into: "b",
  },
  {
    name: "a name selector pins a namespace of unknown labels: *other* never takes a known name",
    model: { namespaces: [a, b, { name: "mon" }], policies: [denyAll("b"), policy("b", { policyTypes: ["Ingress"], ingress: [from({ namespaceSelector: named("mon") })] })] },
    expected: ["mon>b: *"],
    into: "b",
  },
  {
    name: "matchExpressions NotIn also selects namespaces without the key, *other* included",
    model: {
      namespaces: [a, b, ns("c")],
      policies: [denyAll("b"), policy("b", { policyTypes: ["Ingress"], ingress: [from({ namespaceSelector: { matchExpressions: [{ key: "team", operator: "NotIn", values: ["x"] }] } })] })],
    },
    expected: ["c>b: *", `${O}>b: *`],
    into: "b",
  },
];

describe("NetworkPolicy semantics", () => {
  it.each(cases)("$name", ({ model, expected, among, into }) => {
    const got = into ? flows(model).filter((f) => f.split(":")[0]!.endsWith(`>${into}`)) : among ? flowsAmong(model, among) : flows(model);
    expect(got).toEqual([...expected].sort());
  });

  it("reports traffic to and from IP blocks, with except, and 0.0.0.0/0 plus ::/0 for rules without peers", () => {
    const result = analyseNetwork({
      namespaces: [a, b],
      policies: [
        denyAll("a"),
        policy("a", {
          id: "a/egress",
          policyTypes: ["Egress"],
          egress: [
            { peers: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16", "10.0.0.0/16"] } }], ports: [{ port: 443 }] },
            { ports: [{ port: 53, protocol: "UDP" }] },
          ],
        }),
      ],
    });
    const ip = result.ip.map((e) => `${e.namespace} ${e.direction} ${e.cidr}${e.except.length ? ` except ${e.except.join(",")}` : ""}: ${formatPorts(e.ports).join(",")} by ${e.by.map((x) => x.policy ?? "-").join(",")}`);
    expect(ip).toEqual([
      "a egress 0.0.0.0/0: UDP/53 by a/egress",
      "a egress 10.0.0.0/8 except 10.0.0.0/16,10.1.0.0/16: TCP/443 by a/egress",
      "a egress ::/0: UDP/53 by a/egress",
      "b egress 0.0.0.0/0: * by -",
      "b egress ::/0: * by -",
      "b ingress 0.0.0.0/0: * by -",
      "b ingress ::/0: * by -",
    ]);
  });

  it("names the policies on each side of a flow, with the ports each lets through", () => {
    const result = analyseNetwork({
      namespaces: [a, b],
      policies: [
        denyAll("a"),
        policy("a", { id: "a/out", policyTypes: ["Egress"], egress: [{ peers: [{ namespaceSelector: named("b") }] }] }),
        denyAll("b"),
        policy("b", { id: "b/in-80", policyTypes: ["Ingress"], ingress: [{ peers: [{ namespaceSelector: {} }], ports: [{ port: 80 }] }] }),
        policy("b", { id: "b/in-443", policyTypes: ["Ingress"], ingress: [{ peers: [{ namespaceSelector: named("a") }], ports: [{ port: 443 }] }] }),
      ],
    });
    const f = result.flows.find((x) => x.from === "a" && x.to === "b")!;
    expect(f.egress.map((x) => `${x.policy}: ${formatPorts(x.ports).join(",")}`)).toEqual(["a/out: TCP/80,TCP/443"]);
    expect(f.ingress.map((x) => `${x.policy}: ${formatPorts(x.ports).join(",")}`)).toEqual(["b/in-443: TCP/443", "b/in-80: TCP/80"]);
    const open = result.flows.find((x) => x.from === O && x.to === "b")!;
    expect(open.egress).toEqual([{ policy: undefined, ports: open.ports }]);
  });

  it("lists every node, *other* last", () => {
    expect(analyseNetwork({ namespaces: [b, a], policies: [denyAll("z")] }).namespaces).toEqual(["a", "b", "z", O]);
  });

  it.each([
    ["an unknown protocol", { protocol: "ICMP", port: 1 }, /protocol "ICMP"/],
    ["endPort with a named port", { port: "http", endPort: 90 }, /endPort needs a numeric port/],
    ["a backwards range", { port: 90, endPort: 80 }, /outside 1-65535 or backwards/],
  ] as const)("refuses a policy the API server rejects: %s", (_name, port, message) => {
    const model = { namespaces: [a, b], policies: [policy("b", { id: "bad", policyTypes: ["Ingress"], ingress: [{ ports: [port] }] })] };
    expect(() => analyseNetwork(model)).toThrow(NetworkAnalysisError);
    expect(() => analyseNetwork(model)).toThrow(message);
  });

  it.each([
    ["a peer without selectors or ipBlock", { peers: [{}] }, /a peer needs a podSelector, a namespaceSelector or an ipBlock/],
    ["an ipBlock with a selector", { peers: [{ ipBlock: { cidr: "10.0.0.0/8" }, podSelector: {} }] }, /a peer with an ipBlock may not have selectors/],
  ] as const)("refuses %s", (_name, rule, message) => {
    expect(() => analyseNetwork({ namespaces: [a], policies: [policy("a", { ingress: [rule] })] })).toThrow(message);
  });

  it("refuses to enumerate more label combinations than it can prove exactly", () => {
    const keys = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, "v"]));
    const model = { namespaces: [a, b], policies: [policy("b", { podSelector: { matchLabels: keys }, policyTypes: ["Ingress"] })] };
    expect(() => analyseNetwork(model)).toThrow(/label keys .* combinations/);
  });
});

describe("policyTypes defaults", () => {
  it.each([
    [{}, ["Ingress"]],
    [{ egress: [{}] }, ["Ingress", "Egress"]],
    [{ egress: [] }, ["Ingress"]],
    [{ policyTypes: ["Egress"] as const }, ["Egress"]],
  ] as const)("%j → %j", (p, types) => {
    expect(effectivePolicyTypes(policy("n", p))).toEqual(types);
  });
});

describe("label selectors", () => {
  const labels = { app: "web", tier: "front" };
  it.each([
    [{}, true],
    [{ matchLabels: { app: "web" } }, true],
    [{ matchLabels: { app: "web", tier: "back" } }, false],
    [{ matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] }, true],
    [{ matchExpressions: [{ key: "app", operator: "In", values: ["api"] }] }, false],
    [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }, false],
    [{ matchExpressions: [{ key: "app", operator: "NotIn", values: ["api"] }] }, true],
    [{ matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }, true],
    [{ matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] }, false],
    [{ matchExpressions: [{ key: "tier", operator: "Exists", values: [] }] }, true],
    [{ matchExpressions: [{ key: "zone", operator: "Exists", values: [] }] }, false],
    [{ matchExpressions: [{ key: "zone", operator: "DoesNotExist", values: [] }] }, true],
    [{ matchExpressions: [{ key: "app", operator: "DoesNotExist", values: [] }] }, false],
    [{ matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["back"] }] }, false],
  ] as const)("%j → %s", (selector, expected) => {
    expect(selectorMatches(selector as LabelSelector, labels)).toBe(expected);
  });
});

describe("namespaces a selector names", () => {
  const N = NAME_LABEL;
  it.each([
    [{ matchLabels: { [N]: "a" } }, { names: ["a"] }],
    [{ matchExpressions: [{ key: N, operator: "In", values: ["b", "a"] }] }, { names: ["a", "b"] }],
    [{ matchLabels: { [N]: "a" }, matchExpressions: [{ key: N, operator: "In", values: ["a", "b"] }] }, { names: ["a"] }],
    [{ matchExpressions: [{ key: N, operator: "In", values: ["a", "b"] }, { key: N, operator: "NotIn", values: ["b"] }] }, { names: ["a"] }],
    [{ matchLabels: { [N]: "a", team: "x" } }, { names: ["a"], rest: { matchLabels: { team: "x" }, matchExpressions: [] } }],
    [{ matchExpressions: [{ key: N, operator: "NotIn", values: ["a"] }] }, undefined],
    [{ matchExpressions: [{ key: N, operator: "Exists", values: [] }] }, undefined],
    [{ matchLabels: { team: "x" } }, undefined],
    [{}, undefined],
  ] as const)("%j → %j", (selector, expected) => {
    expect(namespacesNamedBy(selector as LabelSelector)).toEqual(expected);
  });
});
