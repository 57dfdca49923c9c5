/**
 * The pull request comment and the isolation proof must never disagree. One table of Vault policy texts
 * and one of NetworkPolicies, each case run through the review (facts, comparison, explanation) and
 * through the proof (analysis/vault.ts, analysis/netpol.ts), asserting they say the same thing.
 */
import { describe, expect, it } from "vitest";
import { buildAcl, parsePolicyHcl, VaultPolicySyntaxError } from "../../analysis/vault.js";
import { analyseNetwork, OTHER_NAMESPACE, type NamespaceInfo } from "../../analysis/netpol.js";
import { readNetworkPolicy } from "../../analysis/isolation.js";
import { formatPorts, parsePorts } from "../../lib/ports.js";
import { addressScope, localRangeOf, PRIVATE_RANGES } from "../../lib/address-scope.js";
import { isPrivateCidr } from "../../policies/net.js";
import { compareFacts } from "../../review/compare.js";
import { explain } from "../../review/explain.js";
import { NO_FACTS, stackFacts } from "../../review/facts.js";
import { policyFlows, type Flow } from "../../review/flows.js";
import type { JsonObject } from "../../lib/json.js";

// ------------------------------------------------------------------------------------------------ Vault

interface VaultCase {
  readonly name: string;
  readonly text: string;
  /** Path → capabilities both must read; `undefined` when neither can read the text. */
  readonly expected: Record<string, string[]> | undefined;
}

const VAULT_CASES: readonly VaultCase[] = [
  { name: "capabilities list", text: 'path "kv/data/*" { capabilities = ["read", "list"] }', expected: { "kv/data/*": ["list", "read"] } },
  { name: "legacy policy = write", text: 'path "x/*" { policy = "write" }', expected: { "x/*": ["create", "delete", "list", "patch", "read", "update"] } },
  { name: "legacy policy = read", text: 'path "x/data/a" { policy = "read" }', expected: { "x/data/a": ["list", "read"] } },
  { name: "legacy policy = sudo", text: 'path "sys/x" { policy = "sudo" }', expected: { "sys/x": ["create", "delete", "list", "patch", "read", "sudo", "update"] } },
  { name: "legacy policy = deny", text: 'path "x/*" { policy = "deny" }', expected: { "x/*": ["deny"] } },
  { name: "legacy and list together", text: 'path "x/a" {\n  policy = "read"\n  capabilities = ["update"]\n}', expected: { "x/a": ["list", "read", "update"] } },
  { name: "deny overrides the rest of its path", text: 'path "kv/*" { capabilities = ["read", "deny"] }', expected: { "kv/*": ["deny"] } },
  {
    name: "same path twice, deny in one block",
    text: 'path "kv/a" { capabilities = ["read"] }\npath "kv/a" { capabilities = ["deny"] }\npath "kv/b" { capabilities = ["read"] }',
    expected: { "kv/a": ["deny"], "kv/b": ["read"] },
  },
  { name: "same path twice, union", text: 'path "kv/a" { capabilities = ["read"] }\npath "kv/a" { capabilities = ["update"] }', expected: { "kv/a": ["read", "update"] } },
  { name: "+ segment", text: 'path "kv/+/config" { capabilities = ["read"] }', expected: { "kv/+/config": ["read"] } },
  { name: "+ and * glob", text: 'path "kv/+/data/zip-*" { capabilities = ["create"] }', expected: { "kv/+/data/zip-*": ["create"] } },
  { name: "leading slash", text: 'path "/kv/a" { capabilities = ["read"] }', expected: { "kv/a": ["read"] } },
  {
    name: "comments of every kind and nested parameters",
    text: '# path "hidden" { capabilities = ["sudo"] }\n/* path "hidden2" {\n capabilities = ["sudo"] } */\npath "kv/a" { // note\n  capabilities = ["read"]\n  allowed_parameters = { "k" = [] }\n}',
    expected: { "kv/a": ["read"] },
  },
  { name: "unknown capability", text: 'path "kv/a" { capabilities = ["reed"] }', expected: undefined },
  { name: "+ directly followed by *", text: 'path "kv/+*" { capabilities = ["read"] }', expected: undefined },
  { name: "unknown legacy policy", text: 'path "kv/a" { policy = "admin" }', expected: undefined },
  { name: "not path blocks", text: 'path "a" { capabilities = ["read"] } something else', expected: undefined },
  { name: "no capabilities", text: 'path "kv/a" { }', expected: undefined },
];

/** The proof's reading: its parser and its ACL of one policy. */
function proofVault(text: string): Record<string, string[]> | undefined {
  try {
    return Object.fromEntries(buildAcl([{ name: "p", rules: parsePolicyHcl(text) }]).map((e) => [e.path, [...e.capabilities]]));
  } catch (e) {
    if (e instanceof VaultPolicySyntaxError) return undefined;
    throw e;
  }
}

/** The review's reading: a stack that creates the policy, compared with no stack, and its explanation. */
function reviewVault(text: string): { granted: Record<string, string[]> | undefined; lines: string[] } {
  const after = stackFacts({ tenant: "t", resources: [{ address: "vault_policy.p", type: "vault_policy", name: "p", values: { name: "t-p", policy: text }, preventDestroy: false }] });
  const changes = compareFacts(NO_FACTS, after);
  const lines = explain(changes, after).map((e) => e.text);
  if (changes.unreadablePolicies.includes("t-p")) return { granted: undefined, lines };
  return { granted: Object.fromEntries(changes.granted.map((g) => [g.path, [...g.capabilities].sort()])), lines };
}

describe("the review reads Vault policies as the proof does", () => {
  it("names a policy as Vault stores it: a change of case is no new policy", () => {
    const facts = (name: string) =>
      stackFacts({ tenant: "t", resources: [{ address: "vault_policy.p", type: "vault_policy", name: "p", values: { name, policy: 'path "kv/a" { capabilities = ["read"] }' }, preventDestroy: false }] });
    const changes = compareFacts(facts("T-KV"), facts("t-kv"));
    expect([changes.granted, changes.revoked, changes.unreadablePolicies]).toEqual([[], [], []]);
    expect([...facts("T-KV").vaultPolicies.keys()]).toEqual(["t-kv"]);
  });

  for (const c of VAULT_CASES) {
    it(c.name, () => {
      const proof = proofVault(c.text);
      const review = reviewVault(c.text);
      expect(proof).toEqual(c.expected);
      expect(review.granted).toEqual(proof);
      if (proof === undefined) expect(review.lines).toContain("Vault policy t-p changed (its text is not plain path blocks; read the attribute diff)");
      else expect(review.lines).toEqual([`Vault policy t-p created: ${Object.entries(proof).map(([p, caps]) => `${p} (${caps.join(", ")})`).join("; ")}`]);
    });
  }
});

// ---------------------------------------------------------------------------------------- NetworkPolicy

const POLICY_NS = "a-apps";
const NAMESPACES: readonly NamespaceInfo[] = [{ name: "a-apps" }, { name: "a-db" }, { name: "b-api" }, { name: "kube-system" }];
const ctx = {
  tenant: "a",
  tenantNamespaces: new Set(["a-apps", "a-db"]),
  platform: new Map([["kube-system", "dns"]]),
  directory: { owner: new Map([["a-apps", "a"], ["a-db", "a"], ["b-api", "b"]]), platform: new Map(), privateRanges: new Map() },
  privateRanges: [...PRIVATE_RANGES, "198.18.0.0/15"],
};

const nsSel = (labels: Record<string, string>) => ({ match_labels: labels });
const nameIn = (...names: string[]) => ({ match_expressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: names }] });
const NAME = "kubernetes.io/metadata.name";

interface NetCase {
  readonly name: string;
  /** `spec` of a `kubernetes_network_policy_v1` in a-apps. */
  readonly spec: JsonObject;
}

const egressTo = (to: JsonObject | readonly JsonObject[], ports?: JsonObject | readonly JsonObject[]): JsonObject => ({
  pod_selector: {}, policy_types: ["Egress"], egress: { to, ...(ports ? { ports } : {}) },
});

const NET_CASES: readonly NetCase[] = [
  { name: "namespace by name label", spec: egressTo({ namespace_selector: nsSel({ [NAME]: "b-api" }) }, { port: 443, protocol: "TCP" }) },
  { name: "namespaces by name In", spec: egressTo({ namespace_selector: nameIn("b-api", "a-db") }, { port: 5432 }) },
  { name: "name label and In together narrow", spec: egressTo({ namespace_selector: { match_labels: { [NAME]: "b-api" }, match_expressions: [{ key: NAME, operator: "In", values: ["b-api", "a-db"] }] } }) },
  { name: "name NotIn excludes, any other namespace", spec: egressTo({ namespace_selector: { match_expressions: [{ key: NAME, operator: "NotIn", values: ["b-api"] }] } }) },
  { name: "namespace and pod selector in one peer", spec: egressTo({ namespace_selector: nsSel({ [NAME]: "kube-system" }), pod_selector: nsSel({ "k8s-app": "kube-dns" }) }, { port: 53, protocol: "UDP" }) },
  { name: "pod selector alone: own namespace", spec: egressTo({ pod_selector: nsSel({ app: "db" }) }, { port: 5432 }) },
  { name: "empty namespace selector: every namespace", spec: egressTo({ namespace_selector: {} }, { port: 80 }) },
  { name: "namespaces by another label", spec: egressTo({ namespace_selector: nsSel({ team: "x" }) }) },
  { name: "name label with another label", spec: egressTo({ namespace_selector: nsSel({ [NAME]: "b-api", team: "x" }) }) },
  { name: "two peers, ORed", spec: egressTo([{ namespace_selector: nsSel({ [NAME]: "b-api" }) }, { namespace_selector: nsSel({ [NAME]: "kube-system" }) }], { port: 443 }) },
  { name: "port range", spec: egressTo({ namespace_selector: nsSel({ [NAME]: "b-api" }) }, { port: 8000, end_port: 8100 }) },
  { name: "end_port 0 is unset", spec: egressTo({ namespace_selector: nsSel({ [NAME]: "b-api" }) }, { port: 8000, end_port: 0 }) },
  { name: "protocol without port", spec: egressTo({ namespace_selector: nsSel({ [NAME]: "b-api" }) }, { protocol: "UDP" }) },
  { name: "rule without peers: anywhere", spec: { pod_selector: {}, policy_types: ["Egress"], egress: { ports: { port: 443 } } } },
  { name: "ipBlock with except", spec: egressTo({ ip_block: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "169.254.0.0/16"] } }, { port: 443 }) },
  { name: "ipBlock private", spec: egressTo({ ip_block: { cidr: "10.40.0.0/16" } }) },
  { name: "ipBlock supplier's private range", spec: egressTo({ ip_block: { cidr: "198.18.0.0/16" } }) },
  { name: "ipBlock public", spec: egressTo({ ip_block: { cidr: "192.0.2.10/32" } }) },
  { name: "ipBlock loopback", spec: egressTo({ ip_block: { cidr: "127.0.0.1/32" } }) },
  { name: "ipBlock link-local metadata service", spec: egressTo({ ip_block: { cidr: "169.254.169.254/32" } }) },
  { name: "ipBlock IPv6 link-local", spec: egressTo({ ip_block: { cidr: "fe80::/64" } }) },
  { name: "ipBlock IPv6 unique local", spec: egressTo({ ip_block: { cidr: "fd00::/8" } }) },
  { name: "ingress from a namespace", spec: { pod_selector: {}, policy_types: ["Ingress"], ingress: { from: { namespace_selector: nsSel({ [NAME]: "b-api" }) }, ports: { port: 8080 } } } },
  { name: "ingress from anywhere", spec: { pod_selector: {}, policy_types: ["Ingress"], ingress: {} } },
  { name: "egress rules of an Ingress-only policy open nothing", spec: { pod_selector: {}, policy_types: ["Ingress"], egress: { to: { namespace_selector: {} } } } },
  { name: "policy types defaulted from the rules", spec: { pod_selector: {}, egress: { to: { namespace_selector: nsSel({ [NAME]: "b-api" }) } } } },
];

/** Review ports in the proof's notation. */
const asPorts = (ports: readonly string[]): string[] => formatPorts(parsePorts(ports.map((p) => (p === "all" ? "*" : p.replace(/\/all$/, "/*")))));

/** What the review reads as "namespaces with <labels>" or "any namespace": no namespace named. */
const OPEN = "(selected by labels)";

interface Reading {
  /** Direction → peer namespace → ports; `*other*` stands for namespaces the review does not name. */
  readonly namespaces: Record<string, Record<string, string[]>>;
  /** Direction → `cidr except ...` → ports. */
  readonly blocks: Record<string, Record<string, string[]>>;
}

function add(into: Record<string, Record<string, string[]>>, direction: string, key: string, ports: readonly string[]): void {
  const d = (into[direction] ??= {});
  d[key] = asPorts([...(d[key] ?? []), ...ports]);
}

function reviewReading(flows: readonly Flow[]): Reading {
  const reading: Reading = { namespaces: {}, blocks: {} };
  for (const f of flows) {
    const port = f.port === "all" ? "*" : f.port;
    if (f.peerRole === "cidr") add(reading.blocks, f.direction, f.peer, [port]);
    else if (f.peerRole === "anywhere") {
      add(reading.blocks, f.direction, "0.0.0.0/0", [port]);
      add(reading.blocks, f.direction, "::/0", [port]);
      for (const ns of [...NAMESPACES.map((n) => n.name), OTHER_NAMESPACE]) if (ns !== POLICY_NS) add(reading.namespaces, f.direction, ns, [port]);
    } else if (f.peer.startsWith("namespaces with ") || f.peer === "any namespace") {
      // A selector by other labels: the review names no namespace, only the selector.
      add(reading.namespaces, f.direction, OPEN, [port]);
    } else if (f.peer !== POLICY_NS) add(reading.namespaces, f.direction, f.peer.split(" ")[0]!, [port]);
  }
  return reading;
}

function proofReading(body: JsonObject): Reading {
  const policy = readNetworkPolicy("p", body);
  const result = analyseNetwork({ namespaces: NAMESPACES, policies: [policy] });
  const reading: Reading = { namespaces: {}, blocks: {} };
  for (const f of result.flows) {
    // Only what the policy opens: the side it isolates, through its own rules.
    if (f.from === POLICY_NS && f.egress.some((c) => c.policy === "p")) add(reading.namespaces, "egress", f.to, formatPorts(f.ports));
    if (f.to === POLICY_NS && f.ingress.some((c) => c.policy === "p")) add(reading.namespaces, "ingress", f.from, formatPorts(f.ports));
  }
  for (const e of result.ip) {
    if (e.namespace !== POLICY_NS || !e.by.some((c) => c.policy === "p")) continue;
    add(reading.blocks, e.direction, e.except.length > 0 ? `${e.cidr} except ${e.except.join(", ")}` : e.cidr, formatPorts(e.ports));
  }
  return reading;
}

describe("the review reads NetworkPolicies as the proof does", () => {
  for (const c of NET_CASES) {
    it(c.name, () => {
      const body: JsonObject = { metadata: { name: "p", namespace: POLICY_NS }, spec: c.spec };
      const flows = policyFlows(body, ctx);
      const review = reviewReading(flows);
      const proof = proofReading(body);
      expect(review.blocks).toEqual(proof.blocks);
      for (const direction of ["egress", "ingress"]) {
        const named = review.namespaces[direction] ?? {};
        const proven = proof.namespaces[direction] ?? {};
        if (named[OPEN] === undefined) {
          expect([direction, proven]).toEqual([direction, named]);
          continue;
        }
        // An open selector: the proof finds flows to namespaces the output does not name (*other*), on the
        // selector's ports, and to no namespace the review names otherwise on other ports.
        expect(proven[OTHER_NAMESPACE]).toEqual(named[OPEN]);
        for (const [ns, ports] of Object.entries(proven)) expect(asPorts([...(named[ns] ?? []), ...named[OPEN]!])).toEqual(asPorts([...(named[ns] ?? []), ...named[OPEN]!, ...ports]));
      }
      // Address blocks: the review's scope is the policy gate's (EXP-002, EXP-005).
      for (const f of flows.filter((x) => x.peerRole === "cidr")) {
        const cidr = f.peer.split(" ")[0]!;
        const gate = localRangeOf(cidr) ? "local" : isPrivateCidr(cidr, ctx.privateRanges) ? "private" : "internet";
        expect([cidr, f.local ? "local" : f.internet ? "internet" : "private"]).toEqual([cidr, gate]);
        expect(addressScope(cidr, ctx.privateRanges)).toBe(gate);
      }
    });
  }

  it("names loopback, link-local and fe80::/10 node-local, never private", () => {
    for (const cidr of ["127.0.0.0/8", "169.254.0.0/16", "fe80::/10"]) {
      const [flow] = policyFlows({ metadata: { name: "p", namespace: POLICY_NS }, spec: egressTo({ ip_block: { cidr } }) }, ctx);
      expect([cidr, flow!.local, flow!.internet]).toEqual([cidr, true, false]);
      expect(isPrivateCidr(cidr, ctx.privateRanges)).toBe(false);
    }
  });
});
