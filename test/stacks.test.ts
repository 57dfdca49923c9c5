/** Stacks of the example repository: ids, wiring, phases, determinism and what must never be in the output. */
import { describe, expect, it } from "vitest";
import { buildModel } from "../model/model.js";
import type { Model } from "../model/model.js";
import { exampleCatalogue, exampleTenantFiles } from "./helpers/model.js";
import { synthStacks, type Json } from "./helpers/synth.js";
import { TerraformStack, Testing } from "../lib/cdktf.js";
import { addBackend } from "../stacks/backend.js";
import type { StateBackendConfig } from "../model/schema.js";
import { planModel } from "../model/plan.js";

function example(edit: (files: ReturnType<typeof exampleTenantFiles>) => ReturnType<typeof exampleTenantFiles> = (f) => f): Model {
  const r = buildModel(exampleCatalogue(), edit(exampleTenantFiles()));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const resources = (stack: Json, type: string): Json[] => Object.values(((stack.resource as Json)[type] ?? {}) as Record<string, Json>);

describe("the example's stacks", () => {
  const stacks = synthStacks(example());

  it("one per site and one per tenant and site, none for tenants in initiate or plan", () => {
    expect(Object.keys(stacks)).toEqual([
      "site--fk-a", "site--fk-b", "site--skv-a", "site--skv-b",
      "tenant--digg--fk-a", "tenant--digg--fk-b",
      "tenant--ekobrott--skv-a", "tenant--ekobrott--skv-b",
      "tenant--isof--fk-a",
      "tenant--kronofogden--skv-a", "tenant--kronofogden--skv-b",
      "tenant--mfof--fk-a", "tenant--mfof--fk-b",
      "tenant--statskontoret--skv-a",
    ]);
  });

  it("gives each tenant stack its own providers for its site and its own state", () => {
    const s = stacks["tenant--mfof--fk-b"]!;
    expect(s.provider).toEqual({
      kubernetes: [{ config_context: "fk-b-platform" }],
      vault: [{ address: "https://vault.fk-b.platform.example.internal:8200" }],
    });
    expect((s.terraform as Json).backend).toEqual({ local: { path: "../../../state/tenant--mfof--fk-b.tfstate" } });
    expect((stacks["tenant--kronofogden--skv-a"]!.terraform as Json).backend).toEqual({
      s3: {
        bucket: "skv-terraform-state", key: "samdrift/tenant--kronofogden--skv-a.tfstate", region: "eu-north-1", encrypt: true,
        endpoints: { s3: "https://objects.skv-a.example.internal" }, use_path_style: true,
        skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true, skip_region_validation: true, skip_s3_checksum: true,
      },
    });
    expect((stacks["tenant--kronofogden--skv-b"]!.terraform as Json).backend).toEqual({ pg: { schema_name: "samdrift_tenant__kronofogden__skv_b" } });
  });

  // The first real deploy (npm run e2e) found that without these, terraform init calls AWS STS before it
  // talks to an S3-compatible endpoint, and fails on every stack of the site.
  it("tells the s3 backend not to call AWS's own services when the store is S3-compatible, and only then", () => {
    const cat = exampleCatalogue();
    const sites = { ...cat.sites, text: cat.sites.text.replace(", endpoint: https://objects.skv-a.example.internal }", " }") };
    const r = buildModel({ ...cat, sites }, exampleTenantFiles());
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const backend = ((synthStacks(r.value, ["kronofogden"])["tenant--kronofogden--skv-a"]!.terraform as Json).backend as Json).s3 as Json;
    expect(Object.keys(backend).filter((k) => k.startsWith("skip_") || k === "endpoints")).toEqual([]);
  });

  it("writes an absolute local state folder as it is, so deploy and destroy jobs share the state", () => {
    const cat = exampleCatalogue();
    const sites = { ...cat.sites, text: cat.sites.text.replace("    state: { backend: local }\n  - id: fk-b", "    state: { backend: local, dir: /var/lib/samdrift/state }\n  - id: fk-b") };
    const r = buildModel({ ...cat, sites }, exampleTenantFiles());
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const out = synthStacks(r.value, ["isof"]);
    expect((out["tenant--isof--fk-a"]!.terraform as Json).backend).toEqual({ local: { path: "/var/lib/samdrift/state/tenant--isof--fk-a.tfstate" } });
  });

  it("gives the kubernetes state backend one Secret per stack, in the site's context unless it names one", () => {
    const cat = exampleCatalogue();
    const sites = { ...cat.sites, text: cat.sites.text.replace("    state: { backend: local }\n  - id: fk-b", "    state: { backend: kubernetes, namespace: tfstate }\n  - id: fk-b") };
    const r = buildModel({ ...cat, sites }, exampleTenantFiles());
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const out = synthStacks(r.value, ["isof"]);
    expect((out["tenant--isof--fk-a"]!.terraform as Json).backend).toEqual({
      kubernetes: { secret_suffix: "tenant--isof--fk-a", namespace: "tfstate", config_context: "fk-a-platform" },
    });
  });

  it("mounts the site PKI only where a tenant asks for certificates", () => {
    const pki = (id: string) => resources(stacks[id]!, "vault_mount").filter((m) => m.type === "pki").length;
    expect(pki("site--fk-a")).toBe(1);
    expect(pki("site--skv-a")).toBe(1);
    expect(pki("site--skv-b")).toBe(1);
    const onlyNoCerts = synthStacks(example((files) => files.filter((f) => !/ekobrott|mfof|digg/.test(f.path))));
    expect(resources(onlyNoCerts["site--skv-a"]!, "vault_mount")).toEqual([]);
  });

  it("creates the cross-tenant flow on both sides, on every shared site", () => {
    for (const site of ["fk-a", "fk-b"]) {
      const out = resources(stacks[`tenant--mfof--${site}`]!, "kubernetes_network_policy_v1").find((p) => (p.metadata as Json).name === "allow-connections-out");
      const inn = resources(stacks[`tenant--digg--${site}`]!, "kubernetes_network_policy_v1").find((p) => (p.metadata as Json).name === "allow-connections-in");
      expect(JSON.stringify(out)).toContain('"values":["digg-api"]');
      expect(JSON.stringify(inn)).toContain('"values":["mfof-apps"]');
    }
  });

  it("protects namespaces and mounts from destroy, except for tenants being decommissioned", () => {
    const protectedOf = (id: string) =>
      [...resources(stacks[id]!, "kubernetes_namespace_v1"), ...resources(stacks[id]!, "vault_mount")].map((r) => (r.lifecycle as Json).prevent_destroy);
    expect(protectedOf("tenant--mfof--fk-a")).toEqual([true, true, true, true]);
    expect(protectedOf("tenant--statskontoret--skv-a")).toEqual([false, false]);
  });

  it("plans only what the files chose, and the constructs add their defaults: framework < site < tenant", () => {
    const plan = planModel(example());
    const mfof = plan.tenantSites.find((p) => p.stackId === "tenant--mfof--fk-a")!;
    expect(mfof.namespaces.map((ns) => [ns.key, ns.containerDefaults])).toEqual([["apps", {}], ["batch", { defaultMemory: "1Gi" }]]);
    expect(Object.keys(mfof.labels).filter((k) => k.startsWith("pod-security."))).toEqual([]);
    const limits = (id: string) => Object.fromEntries(
      resources(stacks[id]!, "kubernetes_limit_range_v1").map((r) => [(r.metadata as Json).namespace, (r.spec as { limit: Json[] }).limit[0]]),
    );
    // samdrift's own, then the tenant's memory over it (fk-a sets no container defaults).
    expect(limits("tenant--mfof--fk-a")["mfof-apps"]).toMatchObject({ default: { cpu: "500m", memory: "512Mi" }, default_request: { cpu: "100m", memory: "128Mi" } });
    expect(limits("tenant--mfof--fk-a")["mfof-batch"]).toMatchObject({ default: { cpu: "500m", memory: "1Gi" }, default_request: { cpu: "100m", memory: "128Mi" } });
    // skv-a's own over samdrift's.
    const kronofogden = Object.values(limits("tenant--kronofogden--skv-a"));
    expect(kronofogden.length).toBeGreaterThan(0);
    for (const limit of kronofogden) {
      expect(limit).toMatchObject({ default: { cpu: "250m", memory: "256Mi" }, default_request: { cpu: "100m", memory: "128Mi" } });
    }
    for (const ns of resources(stacks["tenant--mfof--fk-a"]!, "kubernetes_namespace_v1")) {
      expect((ns.metadata as Json).labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted", "samdrift.io/tenant": "mfof" });
    }
  });

  it("never writes a secret value or a credential", () => {
    const text = JSON.stringify(stacks);
    for (const field of ["data_json", "data_json_wo", "\"token\"", "password", "client_key", "conn_str", "secret_key", "access_key", "token_reviewer_jwt"]) {
      expect(text).not.toContain(field);
    }
  });

  it("is deterministic and free of absolute paths", () => {
    const again = synthStacks(example());
    expect(JSON.stringify(again)).toBe(JSON.stringify(stacks));
    expect(JSON.stringify(stacks)).not.toMatch(/"\/(tmp|home|root|work|Users)\//);
  });
});

describe("onboarding", () => {
  it("adding one tenant file adds exactly that tenant's stacks and changes no other stack", () => {
    const before = synthStacks(example());
    const newcomer = {
      path: "tenants/lantm.yaml",
      text: exampleTenantFiles().find((f) => f.path === "tenants/isof.yaml")!.text
        .replace("id: isof", "id: lantm").replace("202100-0845", "202100-4888").replace("sprak.isof", "karta.lantm")
        .replace("isof-admins", "lantm-admins").replace("[fk-a]", "[fk-a, fk-b]"),
    };
    const after = synthStacks(example((files) => [...files, newcomer]));
    const added = Object.keys(after).filter((id) => !(id in before));
    expect(added).toEqual(["tenant--lantm--fk-a", "tenant--lantm--fk-b"]);
    const changed = Object.keys(before).filter((id) => JSON.stringify(before[id]) !== JSON.stringify(after[id]));
    expect(changed).toEqual([]);
  });

  it("--only synthesizes just the named tenants' stacks", () => {
    expect(Object.keys(synthStacks(example(), ["mfof"]))).toEqual(["tenant--mfof--fk-a", "tenant--mfof--fk-b"]);
  });
});

describe("state names", () => {
  const backend = (stackId: string, state: StateBackendConfig): Record<string, Json> => {
    const stack = new TerraformStack(Testing.app(), stackId);
    addBackend(stack, { stackId, state, kubeContext: "ctx" });
    return (JSON.parse(Testing.synth(stack)) as { terraform: { backend: Record<string, Json> } }).terraform.backend;
  };
  const tenant = "abcdefghijklmnopqrstuvwxyz0123"; // 30 characters, the longest tenant id
  const longIds = ["0001", "0002"].map((n) => `tenant--${tenant}--skv-b-long-site-${n}`); // 20-character sites

  it("writes a relative local state folder as a folder beside the output folder, seen from the stack's folder", () => {
    const local = (dir: string) => backend("tenant--mfof--fk-a", { backend: "local", dir }).local!.path;
    // Terraform runs in <out>/stacks/<stack>/, so ../../../ is the folder that holds <out>, wherever that is.
    expect(local("state")).toBe("../../../state/tenant--mfof--fk-a.tfstate");
    expect(local("../shared/state")).toBe("../../../../shared/state/tenant--mfof--fk-a.tfstate");
    expect(local("./state/")).toBe("../../../state/tenant--mfof--fk-a.tfstate");
    expect(local("/var/lib/samdrift/state")).toBe("/var/lib/samdrift/state/tenant--mfof--fk-a.tfstate");
  });

  it("keeps pg schema names within PostgreSQL's 63 characters, distinct and stable, and short ones unchanged", () => {
    const pg = { backend: "pg", schemaPrefix: "samdrift" } as const;
    const names = longIds.map((id) => backend(id, pg).pg!.schema_name as string);
    expect(names).toEqual(["samdrift_tenant__abcdefghijklmnopqrstuvwxyz0123__skv__h8af190a2", "samdrift_tenant__abcdefghijklmnopqrstuvwxyz0123__skv__hf95b8a96"]);
    for (const n of names) expect(n).toHaveLength(63);
    expect(backend(longIds[0]!, pg).pg!.schema_name).toBe(names[0]);
    expect(backend("tenant--kronofogden--skv-b", pg).pg!.schema_name).toBe("samdrift_tenant__kronofogden__skv_b");
  });

  it("gives the kubernetes backend a suffix Terraform accepts: a valid label value, never ending in -<number>", () => {
    const k8s = { backend: "kubernetes", namespace: "tfstate" } as const;
    const suffixes = longIds.map((id) => backend(id, k8s).kubernetes!.secret_suffix as string);
    expect(suffixes).toEqual(["tenant--abcdefghijklmnopqrstuvwxyz0123--skv-b-long-si-h0fd470f7", "tenant--abcdefghijklmnopqrstuvwxyz0123--skv-b-long-si-h1554682f"]);
    for (const s of suffixes) expect(s).toHaveLength(63);
    expect(backend("tenant--mfof--site-1", k8s).kubernetes!.secret_suffix).toBe("tenant--mfof--site-1-h7294d8e8");
    expect(backend("tenant--isof--fk-a", k8s).kubernetes!.secret_suffix).toBe("tenant--isof--fk-a");
  });
});
