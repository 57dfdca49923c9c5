/**
 * A suspended tenant, synthesized for real: digg of the example suspended (with the text samdrift suspend
 * writes). Its namespaces, quota, mounts and bindings stay; no flow but backup reaches it, mfof's side of
 * their connection goes too, no Vault subject of digg holds a policy, and the proof finds nothing undeclared.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../cli/inputs.js";
import { readSynthOutput } from "../../cli/isolation.js";
import { checkIsolation } from "../../analysis/verdict.js";
import { synthModel } from "../../stacks/synth.js";
import { suspendTenantText } from "../../model/tenant-edit.js";
import { STATE_SUPPLIERS, exampleDir } from "../helpers/examples.js";
import { REPO, findingsOf, getAt, loadOutput, setAt } from "./helpers.js";

let repo = "";
let out = "";
type Resources = Record<string, Record<string, Record<string, unknown>>>;
const stack = (id: string) => JSON.parse(readFileSync(join(out, "stacks", id, "cdk.tf.json"), "utf8")) as { resource: Resources; "//": { samdrift: Record<string, unknown> } };
const names = (r: Record<string, unknown> | undefined) => Object.values(r ?? {}).map((x) => (x as { metadata: { name: string } }).metadata.name).sort();

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "samdrift-suspended-"));
  cpSync(exampleDir(STATE_SUPPLIERS), repo, { recursive: true });
  const file = join(repo, "tenants", "digg.yaml");
  const edited = suspendTenantText(readFileSync(file, "utf8"), { ref: "INC-2026-7", since: "2026-03-01", reason: "compromised workload" });
  if (!edited.ok) throw new Error(edited.message);
  writeFileSync(file, edited.text);
  const loaded = loadModel(repo);
  if (!loaded.ok) throw new Error(`the suspended example does not load: ${JSON.stringify(loaded.problems)}`);
  out = join(repo, "cdktf.out");
  synthModel(loaded.value, { outdir: out });
});

afterAll(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
});

describe("a suspended tenant", () => {
  it("keeps its namespace, mounts and prevent_destroy, and its quota allows no pod", () => {
    const digg = stack("tenant--digg--fk-a");
    const [ns] = Object.values(digg.resource.kubernetes_namespace_v1!) as { lifecycle: { prevent_destroy: boolean }; metadata: { annotations: Record<string, string> } }[];
    expect(ns!.lifecycle.prevent_destroy).toBe(true);
    expect(ns!.metadata.annotations["samdrift.io/suspended"]).toBe("INC-2026-7");
    const [quota] = Object.values(digg.resource.kubernetes_resource_quota_v1!) as { spec: { hard: Record<string, string> } }[];
    expect(quota!.spec.hard).toMatchObject({ pods: "0", "limits.cpu": "16", "requests.storage": "100Gi" });
    const mounts = Object.values(digg.resource.vault_mount!) as { path: string; lifecycle: { prevent_destroy: boolean } }[];
    expect(mounts.map((m) => [m.path, m.lifecycle.prevent_destroy])).toEqual([["digg/kv", true]]);
    expect(Object.keys(digg.resource.kubernetes_role_binding_v1!)).toHaveLength(2);
  });

  it("keeps only default-deny, and strips every policy from its auth role and groups (the policy documents stay)", () => {
    const digg = stack("tenant--digg--fk-a");
    // The example's backup agent lists no ports, so not even allow-backup is made.
    expect(names(digg.resource.kubernetes_network_policy_v1)).toEqual(["default-deny"]);
    const roles = Object.values(digg.resource.vault_kubernetes_auth_backend_role!) as { token_policies: string[] }[];
    expect(roles.map((r) => r.token_policies)).toEqual([[]]);
    const groups = Object.values(digg.resource.vault_identity_group!) as { policies: string[] }[];
    expect(groups.map((g) => g.policies)).toEqual([[], []]);
    expect(Object.keys(digg.resource.vault_policy!).length).toBeGreaterThan(0);
    expect(digg["//"].samdrift.suspended).toEqual({ ref: "INC-2026-7", since: "2026-03-01", reason: "compromised workload" });
  });

  it("takes the peer's side of their connection away too", () => {
    const mfof = stack("tenant--mfof--fk-a");
    expect(names(mfof.resource.kubernetes_network_policy_v1)).not.toContain("allow-connections-out");
    expect((mfof["//"].samdrift.declared as { connections: unknown[] }).connections).toEqual([]);
  });

  it("is proven cut off: nothing undeclared, and no flow, grant or Vault access of digg in the matrix", () => {
    const { matrix, findings } = checkIsolation(readSynthOutput(out, REPO));
    expect(findings).toEqual([]);
    for (const site of ["fk-a", "fk-b"]) {
      const m = matrix.sites[site]!;
      expect(m.flows.filter((f) => f.from.startsWith("digg-") || f.to.startsWith("digg-"))).toEqual([]);
      expect(m.vault.filter((v) => v.subject.includes("digg"))).toEqual([]);
    }
  });

  it("declares no DNS while suspended: a DNS policy put back is a finding", () => {
    const findings = findingsOf(
      loadOutput(out, (s) => {
        const digg = s["tenant--digg--fk-a"];
        const mfof = s["tenant--mfof--fk-a"] as Record<string, unknown>;
        const policies = getAt(mfof, ["resource", "kubernetes_network_policy_v1"]) as Record<string, { metadata: { name: string; namespace: string } }>;
        const key = Object.keys(policies).find((k) => policies[k]!.metadata.name === "allow-dns" && policies[k]!.metadata.namespace === "mfof-apps")!;
        const dns = JSON.parse(JSON.stringify(policies[key])) as { metadata: { namespace: string } };
        dns.metadata.namespace = "digg-api";
        setAt(digg, ["resource", "kubernetes_network_policy_v1", "smuggled"], dns);
      }),
    );
    expect(findings.map((f) => `${f.rule} ${f.tenant}`)).toContain("PRF-001 digg");
  });
});
