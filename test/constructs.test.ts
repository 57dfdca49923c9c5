/** Constructs: the resource properties that isolation depends on. */
import { describe, expect, it } from "vitest";
import { TenantNamespace } from "../constructs/tenant-namespace.js";
import { NamespaceNetworkPolicies } from "../constructs/network-policies.js";
import { TenantVault } from "../constructs/tenant-vault.js";
import { SiteVault } from "../constructs/site-vault.js";
import { renderPolicy } from "../constructs/vault-policy-text.js";
import type { NamespacePlan, VaultPlan } from "../model/plan.js";
import { byName, synthConstruct } from "./helpers/synth.js";

const apps: NamespacePlan = {
  key: "apps",
  name: "t1-apps",
  quota: { cpu: "8", memory: "32Gi", storage: "200Gi", pods: 100 },
  containerDefaults: { defaultCpu: "500m", defaultMemory: "512Mi", defaultRequestCpu: "100m", defaultRequestMemory: "128Mi" },
  ingressFromController: false,
  egress: [],
  connectionsOut: [],
  connectionsIn: [],
};
const dns = { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } };
const ingress = { namespace: "ingress-nginx" };

describe("TenantNamespace", () => {
  const resources = synthConstruct((scope) => {
    new TenantNamespace(scope, "ns-apps", {
      namespace: apps,
      labels: { "samdrift.io/tenant": "t1", "pod-security.kubernetes.io/enforce": "restricted" },
      annotations: { "samdrift.io/agreement-ref": "A-1" },
      adminGroup: "t1-admins",
      viewGroup: "t1-auditors",
      preventDestroy: true,
    });
  });

  it("creates the namespace with its labels and prevent_destroy", () => {
    const ns = byName(resources, "kubernetes_namespace_v1")["t1-apps"]!;
    expect(ns.metadata).toMatchObject({ labels: { "pod-security.kubernetes.io/enforce": "restricted", "samdrift.io/tenant": "t1" } });
    expect(ns.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("caps resources and forbids NodePort and LoadBalancer services", () => {
    const quota = byName(resources, "kubernetes_resource_quota_v1")["t1-apps/tenant-quota"]!;
    expect(quota.spec).toEqual({
      hard: {
        "limits.cpu": "8", "requests.cpu": "8", "limits.memory": "32Gi", "requests.memory": "32Gi",
        "requests.storage": "200Gi", pods: "100", "services.nodeports": "0", "services.loadbalancers": "0",
      },
    });
  });

  it("sets container defaults", () => {
    const limits = byName(resources, "kubernetes_limit_range_v1")["t1-apps/tenant-defaults"]!;
    expect(limits.spec).toEqual({
      limit: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, default_request: { cpu: "100m", memory: "128Mi" } }],
    });
  });

  it("binds the admin and view groups in this namespace only", () => {
    const bindings = byName(resources, "kubernetes_role_binding_v1");
    expect(Object.keys(bindings).sort()).toEqual(["t1-apps/tenant-admins", "t1-apps/tenant-viewers"]);
    expect(bindings["t1-apps/tenant-admins"]).toMatchObject({
      role_ref: { kind: "ClusterRole", name: "admin" },
      subject: [{ kind: "Group", name: "t1-admins" }],
    });
    expect(bindings["t1-apps/tenant-viewers"]).toMatchObject({ role_ref: { name: "view" }, subject: [{ name: "t1-auditors" }] });
  });
});

describe("NamespaceNetworkPolicies", () => {
  const policies = (plan: Partial<NamespacePlan>, extra: { monitoring?: boolean } = {}) =>
    byName(
      synthConstruct((scope) => {
        new NamespaceNetworkPolicies(scope, "netpol-apps", {
          namespace: { ...apps, ...plan },
          tenantNamespaces: ["t1-apps", "t1-batch"],
          dns,
          ingressController: ingress,
          ...(extra.monitoring ? { monitoring: { namespace: "monitoring", ports: [9090] } } : {}),
          dependsOn: [],
        });
      }),
      "kubernetes_network_policy_v1",
    );

  it("denies everything by default and allows only the tenant's own namespaces and DNS", () => {
    const p = policies({});
    expect(Object.keys(p).sort()).toEqual(["t1-apps/allow-dns", "t1-apps/allow-same-tenant", "t1-apps/default-deny"]);
    expect(p["t1-apps/default-deny"]!.spec).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
    const own = { namespace_selector: { match_expressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["t1-apps", "t1-batch"] }] } };
    expect(p["t1-apps/allow-same-tenant"]!.spec).toEqual({
      pod_selector: {}, policy_types: ["Ingress", "Egress"], ingress: [{ from: [own] }], egress: [{ to: [own] }],
    });
    expect(p["t1-apps/allow-dns"]!.spec).toMatchObject({
      policy_types: ["Egress"],
      egress: [{
        to: [{ namespace_selector: { match_expressions: [{ values: ["kube-system"] }] }, pod_selector: { match_labels: { "k8s-app": "kube-dns" } } }],
        ports: [{ port: "53", protocol: "UDP" }, { port: "53", protocol: "TCP" }],
      }],
    });
  });

  it("allows the ingress controller only when ingress is declared", () => {
    expect(policies({ ingressFromController: true })["t1-apps/allow-ingress-controller"]!.spec).toMatchObject({
      policy_types: ["Ingress"],
      ingress: [{ from: [{ namespace_selector: { match_expressions: [{ values: ["ingress-nginx"] }] } }] }],
    });
  });

  it("allows scraping from monitoring on its ports when monitoring is chosen", () => {
    expect(policies({}, { monitoring: true })["t1-apps/allow-monitoring"]!.spec).toMatchObject({
      ingress: [{ ports: [{ port: "9090", protocol: "TCP" }] }],
    });
  });

  it("allows each declared egress CIDR on its ports only", () => {
    const p = policies({ egress: [{ cidr: "192.0.2.10/32", ports: [443], protocol: "TCP", reason: "register" }] });
    expect(p["t1-apps/allow-declared-egress"]!.spec).toEqual({
      pod_selector: {}, policy_types: ["Egress"],
      egress: [{ to: [{ ip_block: { cidr: "192.0.2.10/32" } }], ports: [{ port: "443", protocol: "TCP" }] }],
    });
  });

  it("never lets a broad egress block reach loopback or link-local addresses (the metadata service)", () => {
    const rule = (cidr: string) => ({ cidr, ports: [443], protocol: "TCP" as const, reason: "anywhere, excepted" });
    const p = policies({ egress: [rule("0.0.0.0/0"), rule("::/0"), rule("169.0.0.0/8"), rule("192.0.2.0/24")] });
    const blocks = (p["t1-apps/allow-declared-egress"]!.spec as { egress: { to: { ip_block: unknown }[] }[] }).egress.map((e) => e.to[0]!.ip_block);
    expect(blocks).toEqual([
      { cidr: "0.0.0.0/0", except: ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16"] },
      { cidr: "::/0", except: ["::/128", "::1/128", "fe80::/10", "64:ff9b:1::/48"] },
      { cidr: "169.0.0.0/8", except: ["169.254.0.0/16"] },
      { cidr: "192.0.2.0/24" },
    ]);
  });

  it("allows connections to and from the peer namespace only", () => {
    const c = { peerNamespace: "t2-api", peerTenant: "t2", ports: [443], protocol: "TCP" as const, ref: "ISA-1" };
    const p = policies({ connectionsOut: [c], connectionsIn: [c] });
    const peer = { namespace_selector: { match_expressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["t2-api"] }] } };
    expect(p["t1-apps/allow-connections-out"]!.spec).toMatchObject({ egress: [{ to: [peer], ports: [{ port: "443" }] }] });
    expect(p["t1-apps/allow-connections-in"]!.spec).toMatchObject({ ingress: [{ from: [peer], ports: [{ port: "443" }] }] });
  });
});

describe("TenantVault", () => {
  const vault: VaultPlan = {
    authBackend: "kubernetes",
    kv: { mount: "t1/kv", policy: "tenant-t1-kv", maxVersions: 7 },
    transit: { mount: "t1/transit", policy: "tenant-t1-transit", keys: ["docs"] },
    pki: { mount: "pki", role: "tenant-t1", policy: "tenant-t1-pki", domains: ["t1.example.se"], maxTtlSeconds: 2_592_000 },
    authRole: "tenant-t1",
    adminGroup: "t1-admins",
    viewGroup: "t1-auditors",
    groupAliasMountAccessor: "auth_oidc_1",
  };
  const resources = synthConstruct((scope) => void new TenantVault(scope, "vault", { tenant: "t1", namespaces: ["t1-apps"], preventDestroy: true, vault }));

  it("mounts KV v2 and transit under the tenant's own prefix, protected from destroy", () => {
    const mounts = byName(resources, "vault_mount");
    expect(mounts["t1/kv"]).toMatchObject({ type: "kv", options: { version: "2" }, lifecycle: { prevent_destroy: true } });
    expect(mounts["t1/transit"]).toMatchObject({ type: "transit", lifecycle: { prevent_destroy: true } });
  });

  it("keeps the tenant's maxVersions versions per secret on its KV mount", () => {
    expect(Object.values(resources.vault_kv_secret_backend_v2 ?? {})).toEqual([
      expect.objectContaining({ mount: "t1/kv", max_versions: 7, depends_on: [expect.stringMatching(/^vault_mount\.vault_kv_/)] }),
    ]);
  });

  it("creates no auth role for a tenant without namespaces on the site; its groups still hold its policies", () => {
    const { authRole: _, ...withoutRole } = vault;
    const bare = synthConstruct((scope) => void new TenantVault(scope, "vault", { tenant: "t1", namespaces: [], preventDestroy: true, vault: withoutRole }));
    expect(bare.vault_kubernetes_auth_backend_role).toBeUndefined();
    expect(byName(bare, "vault_identity_group")["t1-admins"]).toMatchObject({ policies: ["tenant-t1-kv", "tenant-t1-pki", "tenant-t1-transit"] });
  });

  it("limits every policy to the tenant's own paths", () => {
    const policies = byName(resources, "vault_policy");
    expect(Object.keys(policies).sort()).toEqual(["tenant-t1-kv", "tenant-t1-pki", "tenant-t1-transit", "tenant-t1-view"]);
    for (const p of Object.values(policies)) {
      const paths = [...String(p.policy).matchAll(/path "([^"]+)"/g)].map((m) => m[1]!);
      for (const path of paths) expect(path.startsWith("t1/") || path === "pki/issue/tenant-t1").toBe(true);
    }
    expect(policies["tenant-t1-transit"]!.policy).toContain('path "t1/transit/encrypt/docs"');
    expect(policies["tenant-t1-view"]!.policy).not.toContain("/data/");
  });

  it("binds the auth role to the tenant's namespaces and its policies", () => {
    expect(byName(resources, "vault_kubernetes_auth_backend_role")["tenant-t1"]).toMatchObject({
      backend: "kubernetes",
      bound_service_account_namespaces: ["t1-apps"],
      token_policies: ["tenant-t1-kv", "tenant-t1-pki", "tenant-t1-transit"],
    });
  });

  it("limits the PKI role to the declared domains", () => {
    expect(byName(resources, "vault_pki_secret_backend_role")["tenant-t1"]).toMatchObject({
      allowed_domains: ["t1.example.se"], allow_subdomains: false, allow_any_name: false, allow_glob_domains: false, allow_ip_sans: false,
    });
  });

  // Vault answers max_ttl in seconds and provider 5.x stores the answer: "720h" planned a change on every
  // run after the first apply (found by the first real deploy, npm run e2e).
  it("writes the PKI role's max_ttl in seconds, as Vault reads it back", () => {
    expect(byName(resources, "vault_pki_secret_backend_role")["tenant-t1"]).toMatchObject({ max_ttl: "2592000" });
  });

  it("keeps transit keys non-exportable", () => {
    expect(byName(resources, "vault_transit_secret_backend_key")["docs"]).toMatchObject({ exportable: false, deletion_allowed: false });
  });

  it("gives the view group metadata only, and aliases groups to the site's auth mount", () => {
    const groups = byName(resources, "vault_identity_group");
    expect(groups["t1-admins"]).toMatchObject({ type: "external", policies: ["tenant-t1-kv", "tenant-t1-pki", "tenant-t1-transit"] });
    expect(groups["t1-auditors"]).toMatchObject({ policies: ["tenant-t1-view"] });
    expect(Object.keys(byName(resources, "vault_identity_group_alias")).sort()).toEqual(["t1-admins", "t1-auditors"]);
  });
});

describe("SiteVault", () => {
  it("mounts the Kubernetes auth backend, and the PKI only when asked", () => {
    const without = synthConstruct((s) => void new SiteVault(s, "v", { kubernetesAuthPath: "kubernetes", kubernetesHost: "https://k8s:6443", pki: false, pkiPath: "pki" }));
    expect(Object.keys(without).sort()).toEqual(["vault_auth_backend", "vault_kubernetes_auth_backend_config"]);
    const withPki = synthConstruct((s) => void new SiteVault(s, "v", { kubernetesAuthPath: "kubernetes", kubernetesHost: "https://k8s:6443", pki: true, pkiPath: "pki" }));
    expect(byName(withPki, "vault_mount")["pki"]).toMatchObject({ type: "pki" });
  });
});

describe("renderPolicy", () => {
  it("refuses a path that could break out of its quotes", () => {
    expect(() => renderPolicy("x", [{ path: 'a" {', capabilities: ["read"] }])).toThrow(/unsafe Vault policy path/);
  });
});
