/**
 * The state-suppliers example (examples/state-suppliers/), synthesized for real: the matrix it proves, pinned,
 * and the check failing when a synthesized policy is mutated to open a flow.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../cli/inputs.js";
import { readSynthOutput } from "../../cli/isolation.js";
import { checkIsolation } from "../../analysis/verdict.js";
import { synthModel } from "../../stacks/synth.js";
import type { SiteMatrix } from "../../analysis/matrix.js";
import { STATE_SUPPLIERS, exampleDir } from "../helpers/examples.js";
import { REPO, findingsOf, getAt, loadOutput, pushAt } from "./helpers.js";

let out = "";

beforeAll(() => {
  const loaded = loadModel(exampleDir(STATE_SUPPLIERS));
  if (!loaded.ok) throw new Error(`the example repository does not load: ${JSON.stringify(loaded.problems)}`);
  out = mkdtempSync(join(tmpdir(), "samdrift-isolation-example-"));
  synthModel(loaded.value, { outdir: out });
});

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

/** One line per entry: `from > to: ports`, `from > cidr: ports`, `subject role in namespace`, `subject path: caps`. */
function compact(m: SiteMatrix) {
  return {
    flows: m.flows.map((f) => `${f.from} > ${f.to}: ${f.ports.join(" ")}`),
    egress: m.egress.map((e) => `${e.from} > ${e.cidr}${e.except ? ` except ${e.except.join(" ")}` : ""}: ${e.ports.join(" ")}`),
    ipIngress: m.ipIngress.map((e) => `${e.cidr} > ${e.to}: ${e.ports.join(" ")}`),
    rbac: m.rbac.map((r) => `${r.subject} ${r.role} in ${r.namespace}`),
    vault: m.vault.map((v) => `${v.subject} ${v.path}: ${v.capabilities.join(" ")}`),
  };
}

const kvAdmin = (subject: string, tenant: string) => [
  `${subject} ${tenant}/kv/data/*: create delete patch read update`,
  `${subject} ${tenant}/kv/delete/*: update`,
  `${subject} ${tenant}/kv/destroy/*: update`,
  `${subject} ${tenant}/kv/metadata/*: delete list read`,
  `${subject} ${tenant}/kv/undelete/*: update`,
];

const FK_FLOWS = [
  "digg-api > kube-system: TCP/53 UDP/53",
  "ingress-nginx > digg-api: *",
  "ingress-nginx > isof-web: *",
  "ingress-nginx > mfof-apps: *",
  "isof-web > kube-system: TCP/53 UDP/53",
  "mfof-apps > digg-api: TCP/443",
  "mfof-apps > kube-system: TCP/53 UDP/53",
  "mfof-apps > mfof-batch: *",
  "mfof-batch > kube-system: TCP/53 UDP/53",
  "mfof-batch > mfof-apps: *",
  "monitoring > digg-api: TCP/8080 TCP/9090",
  "monitoring > mfof-apps: TCP/8080 TCP/9090",
  "monitoring > mfof-batch: TCP/8080 TCP/9090",
];

const FK_VAULT = [
  ...kvAdmin("group:digg-platform", "digg"),
  "group:digg-platform pki/issue/tenant-digg: create update",
  "group:digg-readers digg/kv/metadata/*: list read",
  ...kvAdmin("group:mfof-admins", "mfof"),
  "group:mfof-admins mfof/transit/decrypt/documents: update",
  "group:mfof-admins mfof/transit/encrypt/documents: update",
  "group:mfof-admins pki/issue/tenant-mfof: create update",
  "group:mfof-auditors mfof/kv/metadata/*: list read",
  ...kvAdmin("kubernetes:tenant-digg", "digg"),
  "kubernetes:tenant-digg pki/issue/tenant-digg: create update",
  ...kvAdmin("kubernetes:tenant-mfof", "mfof"),
  "kubernetes:tenant-mfof mfof/transit/decrypt/documents: update",
  "kubernetes:tenant-mfof mfof/transit/encrypt/documents: update",
  "kubernetes:tenant-mfof pki/issue/tenant-mfof: create update",
];

const FK_RBAC = [
  "group:digg-platform admin in digg-api",
  "group:digg-readers view in digg-api",
  "group:isof-admins admin in isof-web",
  "group:mfof-admins admin in mfof-apps",
  "group:mfof-admins admin in mfof-batch",
  "group:mfof-auditors view in mfof-apps",
  "group:mfof-auditors view in mfof-batch",
];

const SKV_FLOWS = [
  "ekobrott-case > kube-system: TCP/53 UDP/53",
  "kronofogden-core > kronofogden-jobs: *",
  "kronofogden-core > kube-system: TCP/53 UDP/53",
  "kronofogden-jobs > kronofogden-core: *",
  "kronofogden-jobs > kube-system: TCP/53 UDP/53",
];

const transit = (subject: string, tenant: string, keys: readonly string[]) => [
  ...keys.map((k) => `${subject} ${tenant}/transit/decrypt/${k}: update`),
  ...keys.map((k) => `${subject} ${tenant}/transit/encrypt/${k}: update`),
];

const SKV_GROUPS = [
  "group:ebm-audit ekobrott/kv/metadata/*: list read",
  ...kvAdmin("group:ebm-ops", "ekobrott"),
  ...transit("group:ebm-ops", "ekobrott", ["case-files", "evidence"]),
  "group:ebm-ops pki/issue/tenant-ekobrott: create update",
  ...kvAdmin("group:kfm-platform", "kronofogden"),
  ...transit("group:kfm-platform", "kronofogden", ["registry"]),
];

const SKV_ROLES = [
  ...kvAdmin("kubernetes:tenant-ekobrott", "ekobrott"),
  ...transit("kubernetes:tenant-ekobrott", "ekobrott", ["case-files", "evidence"]),
  "kubernetes:tenant-ekobrott pki/issue/tenant-ekobrott: create update",
  ...kvAdmin("kubernetes:tenant-kronofogden", "kronofogden"),
  ...transit("kubernetes:tenant-kronofogden", "kronofogden", ["registry"]),
];

const SKV_RBAC = [
  "group:ebm-audit view in ekobrott-case",
  "group:ebm-ops admin in ekobrott-case",
  "group:kfm-platform admin in kronofogden-core",
  "group:kfm-platform admin in kronofogden-jobs",
];

describe("the example repository", () => {
  it("allows nothing undeclared, and proves this matrix", () => {
    const { matrix, findings } = checkIsolation(readSynthOutput(out, REPO));
    expect(findings).toEqual([]);
    expect(Object.keys(matrix.sites)).toEqual(["fk-a", "fk-b", "skv-a", "skv-b"]);
    expect(compact(matrix.sites["fk-a"]!)).toEqual({
      flows: FK_FLOWS,
      egress: ["mfof-apps > 192.0.2.10/32: TCP/443"],
      ipIngress: [],
      rbac: FK_RBAC,
      vault: FK_VAULT,
    });
    // fk-b hosts digg and mfof but not isof (placed on fk-a only).
    expect(compact(matrix.sites["fk-b"]!)).toEqual({
      flows: FK_FLOWS.filter((f) => !f.includes("isof")),
      egress: ["mfof-apps > 192.0.2.10/32: TCP/443"],
      ipIngress: [],
      rbac: FK_RBAC.filter((r) => !r.includes("isof")),
      vault: FK_VAULT,
    });
    // statskontoret (decommission) is on skv-a only; it has a KV mount and no view group.
    expect(compact(matrix.sites["skv-a"]!)).toEqual({
      flows: [...SKV_FLOWS, "statskontoret-analys > kube-system: TCP/53 UDP/53"],
      egress: ["ekobrott-case > 10.40.0.0/16: TCP/443 TCP/8443", "kronofogden-core > 10.60.12.0/24: TCP/5432"],
      ipIngress: [],
      rbac: [...SKV_RBAC, "group:sk-admins admin in statskontoret-analys"],
      vault: [...SKV_GROUPS, ...kvAdmin("group:sk-admins", "statskontoret"), ...SKV_ROLES, ...kvAdmin("kubernetes:tenant-statskontoret", "statskontoret")],
    });
    expect(compact(matrix.sites["skv-b"]!)).toEqual({
      flows: SKV_FLOWS,
      egress: ["ekobrott-case > 10.40.0.0/16: TCP/443 TCP/8443", "kronofogden-core > 10.60.12.0/24: TCP/5432"],
      ipIngress: [],
      rbac: SKV_RBAC,
      vault: [...SKV_GROUPS, ...SKV_ROLES],
    });
  });
});

/** The Terraform name of the NetworkPolicy `name` in `namespace` in a stack's JSON. */
function policyKey(stack: unknown, namespace: string, name: string): string {
  const policies = getAt(stack, ["resource", "kubernetes_network_policy_v1"]) as Record<string, { metadata: { name: string; namespace: string } }>;
  const key = Object.keys(policies).find((k) => policies[k]!.metadata.name === name && policies[k]!.metadata.namespace === namespace);
  if (!key) throw new Error(`no policy ${namespace}/${name}`);
  return key;
}

const nameValues = (stack: unknown, key: string, direction: "ingress" | "egress"): readonly (string | number)[] => [
  "resource", "kubernetes_network_policy_v1", key, "spec", direction, 0, direction === "ingress" ? "from" : "to", 0, "namespace_selector", "match_expressions", 0, "values",
];

describe("a mutated synthesized policy", () => {
  it("opening digg-api's connections-in policy to every namespace lets the supplier's workloads in: the check fails", () => {
    let key = "";
    const findings = findingsOf(
      loadOutput(out, (s) => {
        const digg = s["tenant--digg--fk-a"];
        key = policyKey(digg, "digg-api", "allow-connections-in");
        pushAt(digg, ["resource", "kubernetes_network_policy_v1", key, "spec", "ingress", 0, "from"], { namespace_selector: {} });
      }),
    );
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => `${f.rule} ${f.tenant} ${f.field}`))).toEqual(new Set([`PRF-001 digg kubernetes_network_policy_v1.${key}`]));
    expect(findings.every((f) => f.file.endsWith("stacks/tenant--digg--fk-a/cdk.tf.json") && f.severity === "error")).toBe(true);
    expect(findings.map((f) => f.message.split(" can connect")[0])).toEqual([
      "site fk-a: any other namespace",
      "site fk-a: kube-system (platform dns)",
      "site fk-a: monitoring (platform monitoring)",
      "site fk-a: velero (platform backup)",
    ]);
  });

  it("opening a flow from mfof-batch to digg-api is a cross-tenant finding naming both tenants", () => {
    let key = "";
    const findings = findingsOf(
      loadOutput(out, (s) => {
        const mfof = s["tenant--mfof--fk-a"];
        const digg = s["tenant--digg--fk-a"];
        pushAt(mfof, nameValues(mfof, policyKey(mfof, "mfof-batch", "allow-same-tenant"), "egress"), "digg-api");
        key = policyKey(digg, "digg-api", "allow-same-tenant");
        pushAt(digg, nameValues(digg, key, "ingress"), "mfof-batch");
      }),
    );
    expect(findings.map((f) => `${f.rule} ${f.tenant} ${f.field}`)).toEqual([`PRF-001 digg kubernetes_network_policy_v1.${key}`]);
    expect(findings[0]!.message).toMatch(
      /^site fk-a: mfof-batch \(tenant mfof\) can connect to digg-api \(tenant digg\) on \*, which tenants mfof and digg have not both declared; allowed by kubernetes_network_policy_v1\.netpol-batch_same-tenant_\w+ \(egress of mfof-batch\) and kubernetes_network_policy_v1\.netpol-api_same-tenant_\w+ \(ingress of digg-api\)$/,
    );
  });

  it("mutating only the ingress side opens nothing: mfof-batch's egress still stops it", () => {
    const findings = findingsOf(
      loadOutput(out, (s) => {
        const digg = s["tenant--digg--fk-a"];
        pushAt(digg, nameValues(digg, policyKey(digg, "digg-api", "allow-same-tenant"), "ingress"), "mfof-batch");
      }),
    );
    expect(findings).toEqual([]);
  });
});
