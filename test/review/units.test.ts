/**
 * The pure review modules one by one: reading output folders, resource diffs and force-new attributes,
 * flows and Vault capabilities in readable terms, mirror checks, and Markdown escaping and capping.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SamdriftError } from "../../model/errors.js";
import { ROOT } from "../helpers/repo.js";
import { parseManifest, parseStack, parseStackId } from "../../output/read.js";
import { outputFolder } from "../../review/stacks.js";
import { FORCE_NEW, attributeChanges, diffOutputs, forcesNew } from "../../review/diff.js";
import { explain } from "../../review/explain.js";
import { compareFacts } from "../../review/compare.js";
import { NO_FACTS, policyRules, stackFacts } from "../../review/facts.js";
import { EMPTY_DIRECTORY, policyFlows } from "../../review/flows.js";
import { PRIVATE_RANGES, localRangeOf, type AddressScope } from "../../lib/address-scope.js";
import { isPrivateCidr, privateRangesOf } from "../../policies/net.js";
import type { Supplier } from "../../model/schema.js";
import { checkMirror } from "../../review/equivalence.js";
import { code, esc, renderMarkdown } from "../../review/render.js";
import { capText } from "../../lib/fold.js";
import type { RiskFlag } from "../../review/risk.js";
import { buildReview } from "../../review/report.js";
import { review } from "../../cli/review.js";
import { readFolder, runCommand } from "./helpers.js";
import type { JsonObject } from "../../lib/json.js";

const fixture = (...parts: string[]) => join(ROOT, "test/fixtures/review", ...parts);

describe("reading an output folder", () => {
  it("accepts single-item blocks as objects or one-item lists: the hand-written fixture differs only so", async () => {
    const base = readFolder(fixture("block-spelling", "base"));
    const head = readFolder(fixture("block-spelling", "head"));
    const headText = readFileSync(fixture("block-spelling", "head", "stacks/tenant--demo--s1/cdk.tf.json"), "utf8");
    expect(headText).toContain('"metadata": [');
    expect(diffOutputs(base, head)).toEqual({ stacks: [], unchanged: 1 });
    const r = await runCommand(review, fixture("block-spelling"), "--base", "base", "--head", "head", "--affected");
    expect(r).toEqual({ code: 0, out: "", err: "" });
  });

  it("reads the samdrift block and resources in canonical form", () => {
    const stack = readFolder(fixture("block-spelling", "head")).stacks.get("tenant--demo--s1")!;
    expect(stack).toMatchObject({ kind: "tenant-site", tenant: "demo", site: "s1" });
    expect(stack.tenantMeta?.declared.egress[0]?.reason).toBe("database");
    const ns = stack.resources.get("kubernetes_namespace_v1.ns-web_namespace_1")!;
    expect(ns.preventDestroy).toBe(true);
    expect(ns.values).toEqual({ metadata: { labels: { "samdrift.io/security-level": "low", "samdrift.io/tenant": "demo" }, name: "demo-web" } });
  });

  it("tells tenant and site from stack ids", () => {
    expect(parseStackId("tenant--mfof--fk-a")).toEqual({ kind: "tenant-site", tenant: "mfof", site: "fk-a" });
    expect(parseStackId("site--skv-b")).toEqual({ kind: "site", site: "skv-b" });
    expect(parseStackId("something")).toEqual({ kind: "other" });
  });

  it("fails with the file and field when the manifest or samdrift block is not of the documented shape", () => {
    expect(() => parseManifest("manifest.json", JSON.stringify({ version: "0.21.0" }))).toThrow("manifest.json:1:1: stacks: missing; this is not a cdktf manifest");
    expect(() => parseManifest("manifest.json", JSON.stringify({ stacks: { x: { synthesizedStackPath: "../../etc/passwd" } } }))).toThrow('"../../etc/passwd" leaves the output folder');
    const block = { kind: "tenant-site", tenant: "a", site: "b", supplier: "s", file: "tenants/a.yaml", phase: "run", placement: ["b"] };
    const bad = () => parseStack("tenant--a--b", "stacks/tenant--a--b/cdk.tf.json", JSON.stringify({ "//": { samdrift: block } }));
    expect(bad).toThrow(SamdriftError);
    expect(bad).toThrow("stacks/tenant--a--b/cdk.tf.json:1:1: //.samdrift.securityLevel:");
  });
});

describe("resource diffs", () => {
  it("replaces a namespace whose name changes, and the policies that move with it", () => {
    const r = buildReview(readFolder(fixture("namespace-renamed", "base")), readFolder(fixture("namespace-renamed", "head")));
    const resources = r.tenants[0]!.sites[0]!.resources;
    expect(resources.map((c) => [c.address, c.action])).toEqual([
      ["kubernetes_namespace_v1.ns-web_namespace_1", "replace"],
      ["kubernetes_network_policy_v1.netpol-web_egress_1", "replace"],
    ]);
    expect(resources[0]!.attributes).toEqual([{ path: "metadata.name", before: "demo-web", after: "demo-website", forcesNew: true }]);
    expect(r.flags.map((f) => [f.kind, f.approval])).toEqual([
      ["namespace-replaced", "destroy-namespace:web"],
      ["resource-replaced", undefined],
    ]);
    expect(r.decisionNeeded).toBe(true);
  });

  it("knows the force-new attributes of every resource type samdrift emits", () => {
    expect(forcesNew("kubernetes_namespace_v1", "metadata.name")).toBe(true);
    expect(forcesNew("kubernetes_namespace_v1", 'metadata.labels["samdrift.io/phase"]')).toBe(false);
    expect(forcesNew("kubernetes_role_binding_v1", "role_ref.name")).toBe(true);
    expect(forcesNew("vault_mount", "type")).toBe(true);
    expect(forcesNew("vault_mount", "path")).toBe(true);
    expect(forcesNew("vault_mount", "description")).toBe(false);
    expect(forcesNew("vault_policy", "name")).toBe(true);
    expect(forcesNew("vault_policy", "policy")).toBe(false);
    expect(Object.keys(FORCE_NEW).sort()).toEqual([
      "kubernetes_limit_range_v1", "kubernetes_namespace_v1", "kubernetes_network_policy_v1", "kubernetes_resource_quota_v1",
      "kubernetes_role_binding_v1", "terraform_data", "vault_auth_backend", "vault_identity_group", "vault_kubernetes_auth_backend_config",
      "vault_kubernetes_auth_backend_role", "vault_kv_secret_backend_v2", "vault_mount", "vault_pki_secret_backend_role", "vault_policy", "vault_transit_secret_backend_key",
    ]);
  });

  it("documents the force-new table in docs/review.md", () => {
    const doc = readFileSync(join(ROOT, "docs/review.md"), "utf8");
    for (const [type, rules] of Object.entries(FORCE_NEW)) {
      for (const rule of rules) expect(doc).toContain(`| \`${type}\` | \`${rule.path}\` |`);
    }
  });

  it("diffs attributes leaf by leaf, and a block list that grows item by item", () => {
    const before: JsonObject = { spec: { hard: { pods: "5", cpu: "1" }, egress: { to: { cidr: "10.0.0.0/8" } } } };
    const after: JsonObject = { spec: { hard: { pods: "6", cpu: "1" }, egress: [{ to: { cidr: "10.0.0.0/8" } }, { to: { cidr: "192.0.2.1/32" } }] } };
    expect(attributeChanges(before, after, () => false)).toEqual([
      { path: "spec.egress[1]", after: { to: { cidr: "192.0.2.1/32" } }, forcesNew: false },
      { path: "spec.hard.pods", before: "5", after: "6", forcesNew: false },
    ]);
  });
});

describe("flows in readable terms", () => {
  const directory = { owner: new Map([["digg-api", "digg"], ["mfof-apps", "mfof"]]), platform: new Map([["fk-a", new Map([["kube-system", "dns"]])]]), privateRanges: new Map() };
  const ctx = { tenant: "mfof", tenantNamespaces: new Set(["mfof-apps", "mfof-batch"]), platform: directory.platform.get("fk-a")!, directory, privateRanges: PRIVATE_RANGES };

  it("reads ip blocks, namespace selectors, pod selectors, port ranges and rules without peers", () => {
    const flows = policyFlows(
      {
        metadata: { name: "p", namespace: "mfof-apps" },
        spec: {
          pod_selector: {},
          egress: [
            { to: { ip_block: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }, ports: { port: "8000", end_port: 8100, protocol: "TCP" } },
            { to: { namespace_selector: { match_expressions: { key: "kubernetes.io/metadata.name", operator: "In", values: ["digg-api", "mfof-batch"] } } }, ports: { port: "443" } },
            { to: { namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "kube-system" } }, pod_selector: { match_labels: { "k8s-app": "kube-dns" } } }, ports: [{ port: "53", protocol: "UDP" }] },
            {},
          ],
          ingress: { from: { pod_selector: { match_labels: { app: "web" } } } },
        },
      },
      ctx,
    );
    expect(flows.map((f) => [f.direction, f.peer, f.peerRole, f.peerTenant ?? f.platform ?? "", f.port, f.internet])).toEqual([
      ["ingress", "mfof-apps", "same-tenant", "mfof", "all", false],
      ["egress", "0.0.0.0/0 except 10.0.0.0/8", "cidr", "", "TCP/8000-8100", true],
      ["egress", "digg-api", "other-tenant", "digg", "TCP/443", false],
      ["egress", "mfof-batch", "same-tenant", "mfof", "TCP/443", false],
      ["egress", "kube-system", "platform", "dns", "UDP/53", false],
      ["egress", "anywhere", "anywhere", "", "all", true],
    ]);
  });

  it("tells private ranges from the internet and from node-local ranges as the policies do, with the supplier's own", () => {
    // One table for the review's reading of a network policy and for the policy gate's rules.
    const supplierRanges = ["198.18.0.0/15"];
    const cases: [string, AddressScope][] = [
      ["10.40.0.0/16", "private"], ["172.16.5.0/24", "private"], ["192.168.1.1/32", "private"], ["100.64.0.0/10", "private"], ["fd00::/8", "private"],
      ["198.18.0.0/16", "private"],
      ["0.0.0.0/0", "internet"], ["192.0.2.10/32", "internet"], ["10.0.0.0/7", "internet"], ["172.32.0.0/16", "internet"], ["2001:db8::/32", "internet"],
      ["169.254.169.254/32", "local"], ["127.0.0.1/32", "local"], ["fe80::/64", "local"], ["::1/128", "local"], ["64:ff9b:1::a00:1/128", "local"], ["0.0.0.0/32", "local"],
    ];
    const ranges = [...PRIVATE_RANGES, ...supplierRanges];
    for (const [cidr, scope] of cases) {
      const [flow] = policyFlows({ metadata: { name: "egress", namespace: "mfof-apps" }, spec: { pod_selector: {}, egress: { to: { ip_block: { cidr } } } } }, { ...ctx, privateRanges: ranges });
      const reviewScope = flow!.local ? "local" : flow!.internet ? "internet" : "private";
      const gateScope = localRangeOf(cidr) ? "local" : isPrivateCidr(cidr, privateRangesOf({ policy: { privateRanges: supplierRanges } } as unknown as Supplier)) ? "private" : "internet";
      expect([cidr, reviewScope, gateScope], cidr).toEqual([cidr, scope, scope]);
    }
  });
});

describe("Vault policies in readable terms", () => {
  it("reads path blocks with comments and nested braces, and refuses other text", () => {
    const text = `# comment with path "x" { }
path "mfof/kv/data/*" {
  capabilities = ["read", "create"]
  allowed_parameters = { "key" = [] }
}
path "pki/issue/tenant-mfof" { capabilities = ["update"] }
`;
    expect([...policyRules(text)!]).toEqual([
      ["mfof/kv/data/*", ["create", "read"]],
      ["pki/issue/tenant-mfof", ["update"]],
    ]);
    expect(policyRules('path "a" { capabilities = ["read"] } something else')).toBeUndefined();
    expect(policyRules("(sensitive)")).toBeUndefined();
  });

  it("says which capabilities a policy change grants and revokes", () => {
    const facts = (policy: string) => stackFacts({ resources: [{ address: "vault_policy.p", type: "vault_policy", name: "p", values: { name: "tenant-x-kv", policy }, preventDestroy: false }] }, EMPTY_DIRECTORY);
    const before = facts('path "x/kv/data/*" { capabilities = ["read"] }');
    const after = facts('path "x/kv/data/*" { capabilities = ["read", "update"] }\npath "sys/*" { capabilities = ["sudo"] }');
    const changes = compareFacts(before, after);
    expect(changes.granted).toEqual([
      { policy: "tenant-x-kv", path: "sys/*", capabilities: ["sudo"], newPolicy: false },
      { policy: "tenant-x-kv", path: "x/kv/data/*", capabilities: ["update"], newPolicy: false },
    ]);
    expect(explain(changes, after, before).map((e) => e.text)).toEqual([
      "Vault policy tenant-x-kv adds sudo on sys/*",
      "Vault policy tenant-x-kv adds update on x/kv/data/*",
    ]);
    expect(explain(compareFacts(after, before), before, after).map((e) => e.text)).toEqual([
      "Vault policy tenant-x-kv revokes sudo on sys/*",
      "Vault policy tenant-x-kv revokes update on x/kv/data/*",
    ]);
  });
});

describe("mirror equivalence", () => {
  it("compares sites apart from site-specific values and names what differs", () => {
    const folder = readFolder(fixture("block-spelling", "base"));
    const stack = folder.stacks.get("tenant--demo--s1")!;
    const facts = stackFacts({ ...stack, resources: stack.resources.values() }, EMPTY_DIRECTORY);
    expect(checkMirror("demo", [{ site: "s1", facts }, { site: "s2", facts }])).toEqual({ tenant: "demo", sites: ["s1", "s2"], equivalent: true, differences: [] });
    const fewer = stackFacts({ ...stack, resources: [...stack.resources.values()].filter((r) => r.type !== "vault_mount") }, EMPTY_DIRECTORY);
    expect(checkMirror("demo", [{ site: "s1", facts }, { site: "s2", facts: fewer }]).differences).toEqual(["Vault mounts: demo/kv (kv, version=2) — only on s1"]);
    expect(compareFacts(NO_FACTS, NO_FACTS).namespacesAdded).toEqual([]);
  });
});

describe("Markdown safety and size", () => {
  it("escapes prose and code spans", () => {
    expect(esc("<b>hi</b> @team [x](y) | a_b *c*\nnext")).toBe("&lt;b&gt;hi&lt;/b&gt; @\u200bteam \\[x\\](y) \\| a\\_b \\*c\\* next");
    expect(code("a`b|c")).toBe("``a`b\\|c``");
  });

  it("cuts at a line, closes open blocks and says so", () => {
    const text = `${"line\n".repeat(50)}<details>\n\n\`\`\`\n${"x\n".repeat(500)}`;
    const capped = capText(text, 600);
    expect(capped.length).toBeLessThanOrEqual(600);
    expect(capped).toContain("> **Truncated:** this comment was cut at 600 characters");
    expect(capped.match(/```/g)?.length).toBe(2);
    expect(capped).toContain("</details>");
  });

  it("keeps a review under a small cap with the flags first", () => {
    const r = buildReview(readFolder(fixture("namespace-renamed", "base")), readFolder(fixture("namespace-renamed", "head")));
    const full = renderMarkdown(r);
    const small = renderMarkdown(r, { maxChars: 1_000 });
    expect(full.length).toBeGreaterThan(1_000);
    expect(small.length).toBeLessThanOrEqual(1_000);
    expect(small).toContain("⛔ **namespace-replaced**");
    expect(small).toContain("Folded to stay under 1,000 characters");
    expect(outputFolder([]).stacks.size).toBe(0);
  });

  it("keeps every kind of flag visible when the flags do not fit: a share each, and a count of the rest", () => {
    const r = buildReview(readFolder(fixture("namespace-renamed", "base")), readFolder(fixture("namespace-renamed", "head")));
    const flag = (kind: RiskFlag["kind"], n: number): RiskFlag => ({ kind, level: "attention", tenant: `t${n}`, sites: ["fk-a"], message: `t${n}: ${"x".repeat(200)}` });
    const flags = [...Array.from({ length: 300 }, (_, n) => flag("internet-flow", n)), ...Array.from({ length: 80 }, (_, n) => flag("broader-vault-capabilities", 1000 + n))];
    const md = renderMarkdown({ ...r, flags }, { maxChars: 20_000 });
    expect(md.length).toBeLessThanOrEqual(20_000);
    const shown = (kind: string) => (md.match(new RegExp(`^- ⚠️ \\*\\*${kind}\\*\\*`, "gm")) ?? []).length;
    expect(shown("internet-flow")).toBeGreaterThan(10);
    expect(shown("broader-vault-capabilities")).toBeGreaterThan(10);
    expect(md).toContain(`- … and ${300 - shown("internet-flow")} more **internet-flow** flags (t`);
    expect(md).toContain(`- … and ${80 - shown("broader-vault-capabilities")} more **broader-vault-capabilities** flags (t10`);
  });
});
