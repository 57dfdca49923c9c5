/**
 * Constructs: each used on its own with minimal props makes the safe resource (the defaults it owns), an
 * explicit prop overrides its default, and the Terraform addresses (construct ids are API) stay pinned.
 */
import { describe, expect, it } from "vitest";
import { TenantNamespace, TENANT_NAMESPACE_DEFAULTS, type TenantNamespaceProps } from "../constructs/tenant-namespace.js";
import { NamespaceNetworkPolicies, type NamespaceNetworkPoliciesProps } from "../constructs/network-policies.js";
import { TenantVault, TENANT_VAULT_DEFAULTS, type TenantVaultProps } from "../constructs/tenant-vault.js";
import { SiteVault, SITE_VAULT_DEFAULTS } from "../constructs/site-vault.js";
import { renderPolicy } from "../constructs/vault-policy-text.js";
import { z } from "zod";
import { sitesFileSchema, tenantSchema } from "../model/schema.js";
import { byName, synthConstruct, type Json } from "./helpers/synth.js";

type Resources = Record<string, Record<string, Json>>;

/** Terraform addresses (`type.logical_id`): what a renamed construct id would replace. */
const addresses = (resources: Resources): string[] =>
  Object.entries(resources).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`)).sort();

const PSA_RESTRICTED = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/enforce-version": "latest",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
};

describe("TenantNamespace", () => {
  const namespace = (props: Partial<TenantNamespaceProps> = {}) =>
    synthConstruct((scope) => void new TenantNamespace(scope, "ns-apps", { name: "t1-apps", adminGroup: "t1-admins", ...props }));

  describe("used on its own with a name and an admin group", () => {
    const resources = namespace();

    it("enforces, audits and warns the restricted Pod Security Standard, and refuses destroy", () => {
      const ns = byName(resources, "kubernetes_namespace_v1")["t1-apps"]!;
      expect(ns.metadata).toEqual({ name: "t1-apps", labels: PSA_RESTRICTED, annotations: {} });
      expect(ns.lifecycle).toEqual({ prevent_destroy: true });
    });

    it("caps resources with a small quota and forbids NodePort and LoadBalancer services", () => {
      expect(byName(resources, "kubernetes_resource_quota_v1")["t1-apps/tenant-quota"]!.spec).toEqual({
        hard: {
          "limits.cpu": "2", "requests.cpu": "2", "limits.memory": "4Gi", "requests.memory": "4Gi",
          "requests.storage": "10Gi", pods: "20", "services.nodeports": "0", "services.loadbalancers": "0",
        },
      });
    });

    it("sets samdrift's container defaults", () => {
      expect(byName(resources, "kubernetes_limit_range_v1")["t1-apps/tenant-defaults"]!.spec).toEqual({
        limit: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, default_request: { cpu: "100m", memory: "128Mi" } }],
      });
    });

    it("binds the admin group only, in this namespace only", () => {
      expect(Object.keys(byName(resources, "kubernetes_role_binding_v1"))).toEqual(["t1-apps/tenant-admins"]);
      expect(byName(resources, "kubernetes_role_binding_v1")["t1-apps/tenant-admins"]).toMatchObject({
        metadata: { namespace: "t1-apps" },
        role_ref: { kind: "ClusterRole", name: "admin" },
        subject: [{ kind: "Group", name: "t1-admins" }],
      });
    });
  });

  describe("with explicit props", () => {
    const resources = namespace({
      viewGroup: "t1-auditors",
      podSecurity: { enforce: "baseline", enforceVersion: "v1.33" },
      quota: { cpu: "8", memory: "32Gi", storage: "200Gi", pods: 100 },
      containerDefaults: { defaultMemory: "1Gi" },
      labels: { "samdrift.io/tenant": "t1" },
      annotations: { "samdrift.io/agreement-ref": "A-1" },
      preventDestroy: false,
    });

    it("takes each given Pod Security level, label, annotation and prevent_destroy over the default", () => {
      const ns = byName(resources, "kubernetes_namespace_v1")["t1-apps"]!;
      expect(ns.metadata).toEqual({
        name: "t1-apps",
        labels: {
          "samdrift.io/tenant": "t1",
          "pod-security.kubernetes.io/enforce": "baseline",
          "pod-security.kubernetes.io/enforce-version": "v1.33",
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/warn": "restricted",
        },
        annotations: { "samdrift.io/agreement-ref": "A-1" },
      });
      expect(ns.lifecycle).toEqual({ prevent_destroy: false });
    });

    it("takes the given quota, and still forbids NodePort and LoadBalancer services", () => {
      expect(byName(resources, "kubernetes_resource_quota_v1")["t1-apps/tenant-quota"]!.spec).toEqual({
        hard: {
          "limits.cpu": "8", "requests.cpu": "8", "limits.memory": "32Gi", "requests.memory": "32Gi",
          "requests.storage": "200Gi", pods: "100", "services.nodeports": "0", "services.loadbalancers": "0",
        },
      });
    });

    it("takes each given container default and defaults the others", () => {
      expect(byName(resources, "kubernetes_limit_range_v1")["t1-apps/tenant-defaults"]!.spec).toEqual({
        limit: [{ type: "Container", default: { cpu: "500m", memory: "1Gi" }, default_request: { cpu: "100m", memory: "128Mi" } }],
      });
    });

    it("binds the view group to the view ClusterRole", () => {
      expect(byName(resources, "kubernetes_role_binding_v1")["t1-apps/tenant-viewers"]).toMatchObject({
        role_ref: { kind: "ClusterRole", name: "view" },
        subject: [{ kind: "Group", name: "t1-auditors" }],
      });
    });

    it("keeps a default when a prop is given as undefined", () => {
      const ns = byName(namespace({ preventDestroy: undefined, podSecurity: { enforce: undefined } }), "kubernetes_namespace_v1")["t1-apps"]!;
      expect(ns).toMatchObject({ lifecycle: { prevent_destroy: true }, metadata: { labels: PSA_RESTRICTED } });
    });
  });

  it("refuses Pod Security labels among labels, so they cannot bypass podSecurity", () => {
    expect(() => namespace({ labels: { "pod-security.kubernetes.io/enforce": "privileged" } })).toThrow(
      "TenantNamespace t1-apps: labels may not set pod-security.kubernetes.io/enforce; set podSecurity instead",
    );
  });

  it("keeps its Terraform addresses", () => {
    expect(addresses(namespace({ viewGroup: "t1-auditors" }))).toEqual([
      "kubernetes_limit_range_v1.ns-apps_limits_6871D3B1",
      "kubernetes_namespace_v1.ns-apps_namespace_7A56EF27",
      "kubernetes_resource_quota_v1.ns-apps_quota_75172992",
      "kubernetes_role_binding_v1.ns-apps_admins_2A63826B",
      "kubernetes_role_binding_v1.ns-apps_viewers_38F2E100",
    ]);
  });
});

describe("NamespaceNetworkPolicies", () => {
  const dns = { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } };
  const ingress = { namespace: "ingress-nginx" };
  const policies = (props: Partial<NamespaceNetworkPoliciesProps> = {}) =>
    byName(synthConstruct((scope) => void new NamespaceNetworkPolicies(scope, "netpol-apps", { namespace: "t1-apps", ...props })), "kubernetes_network_policy_v1");
  const named = (...names: string[]) => ({ namespace_selector: { match_expressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: names }] } });

  it("used on its own with a namespace, denies everything but the namespace's own pods and DNS to kube-dns", () => {
    const p = policies();
    expect(Object.keys(p).sort()).toEqual(["t1-apps/allow-dns", "t1-apps/allow-same-tenant", "t1-apps/default-deny"]);
    expect(p["t1-apps/default-deny"]!.spec).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
    expect(p["t1-apps/allow-same-tenant"]!.spec).toEqual({
      pod_selector: {}, policy_types: ["Ingress", "Egress"], ingress: [{ from: [named("t1-apps")] }], egress: [{ to: [named("t1-apps")] }],
    });
    expect(p["t1-apps/allow-dns"]!.spec).toEqual({
      pod_selector: {},
      policy_types: ["Egress"],
      egress: [{ to: [{ ...named("kube-system"), pod_selector: { match_labels: { "k8s-app": "kube-dns" } } }], ports: [{ port: "53", protocol: "UDP" }, { port: "53", protocol: "TCP" }] }],
    });
  });

  it("allows the tenant's other namespaces and the given DNS when told", () => {
    const p = policies({ tenantNamespaces: ["t1-batch"], dns: { namespace: "dns-system" } });
    expect(p["t1-apps/allow-same-tenant"]!.spec).toMatchObject({ ingress: [{ from: [named("t1-apps", "t1-batch")] }], egress: [{ to: [named("t1-apps", "t1-batch")] }] });
    expect(p["t1-apps/allow-dns"]!.spec).toMatchObject({ egress: [{ to: [named("dns-system")] }] });
  });

  it("allows exactly the tenant's own namespaces, in the order given, and DNS", () => {
    const p = policies({ tenantNamespaces: ["t1-apps", "t1-batch"], dns });
    expect(p["t1-apps/allow-same-tenant"]!.spec).toEqual({
      pod_selector: {}, policy_types: ["Ingress", "Egress"], ingress: [{ from: [named("t1-apps", "t1-batch")] }], egress: [{ to: [named("t1-apps", "t1-batch")] }],
    });
  });

  it("keeps its Terraform addresses", () => {
    const port = { ports: [443], protocol: "TCP" as const };
    const resources = synthConstruct((scope) => void new NamespaceNetworkPolicies(scope, "netpol-apps", {
      namespace: "t1-apps", ingressController: ingress, monitoring: { namespace: "monitoring" }, backupAgent: { namespace: "backup", ports: [8080] },
      egress: [{ cidr: "192.0.2.0/24", ...port }], connectionsIn: [{ peerNamespace: "t2-api", ...port }], connectionsOut: [{ peerNamespace: "t2-api", ...port }],
    }));
    expect(addresses(resources)).toEqual([
      "kubernetes_network_policy_v1.netpol-apps_backup_161AC37F",
      "kubernetes_network_policy_v1.netpol-apps_connections-in_8E323ABA",
      "kubernetes_network_policy_v1.netpol-apps_connections-out_C810BA3E",
      "kubernetes_network_policy_v1.netpol-apps_default-deny_89A2CE97",
      "kubernetes_network_policy_v1.netpol-apps_dns_23B352D2",
      "kubernetes_network_policy_v1.netpol-apps_egress_3CE69138",
      "kubernetes_network_policy_v1.netpol-apps_ingress-controller_148194F7",
      "kubernetes_network_policy_v1.netpol-apps_monitoring_294A6D14",
      "kubernetes_network_policy_v1.netpol-apps_same-tenant_D52F0A6E",
    ]);
  });

  it("allows the ingress controller only when one is given", () => {
    expect(policies({ ingressController: ingress })["t1-apps/allow-ingress-controller"]!.spec).toMatchObject({
      policy_types: ["Ingress"],
      ingress: [{ from: [{ namespace_selector: { match_expressions: [{ values: ["ingress-nginx"] }] } }] }],
    });
  });

  it("allows scraping from monitoring on its ports when monitoring is chosen", () => {
    expect(policies({ monitoring: { namespace: "monitoring", ports: [9090] } })["t1-apps/allow-monitoring"]!.spec).toMatchObject({
      ingress: [{ ports: [{ port: "9090", protocol: "TCP" }] }],
    });
  });

  it("lets a backup agent in on its ports only, and one without ports not at all", () => {
    expect(policies({ backupAgent: { namespace: "velero", ports: [8085] } })["t1-apps/allow-backup"]!.spec).toMatchObject({
      policy_types: ["Ingress"], ingress: [{ from: [named("velero")], ports: [{ port: "8085", protocol: "TCP" }] }],
    });
    expect(policies({ backupAgent: { namespace: "velero" } })["t1-apps/allow-backup"]).toBeUndefined();
  });

  it("allows each declared egress CIDR on its ports only", () => {
    const p = policies({ egress: [{ cidr: "192.0.2.10/32", ports: [443], protocol: "TCP" }] });
    expect(p["t1-apps/allow-declared-egress"]!.spec).toEqual({
      pod_selector: {}, policy_types: ["Egress"],
      egress: [{ to: [{ ip_block: { cidr: "192.0.2.10/32" } }], ports: [{ port: "443", protocol: "TCP" }] }],
    });
  });

  it("never lets a broad egress block reach loopback or link-local addresses (the metadata service)", () => {
    const rule = (cidr: string) => ({ cidr, ports: [443], protocol: "TCP" as const });
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
    const c = { peerNamespace: "t2-api", ports: [443], protocol: "TCP" as const };
    const p = policies({ connectionsOut: [c], connectionsIn: [c] });
    const peer = { namespace_selector: { match_expressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["t2-api"] }] } };
    expect(p["t1-apps/allow-connections-out"]!.spec).toMatchObject({ egress: [{ to: [peer], ports: [{ port: "443" }] }] });
    expect(p["t1-apps/allow-connections-in"]!.spec).toMatchObject({ ingress: [{ from: [peer], ports: [{ port: "443" }] }] });
  });
});

describe("TenantVault", () => {
  const tenantVault = (props: Partial<TenantVaultProps> = {}) =>
    synthConstruct((scope) => void new TenantVault(scope, "tenant-vault", { tenant: "t1", adminGroup: "t1-admins", ...props }));
  const everyService: Partial<TenantVaultProps> = {
    viewGroup: "t1-auditors",
    groupAliasMountAccessor: "auth_oidc_1",
    secrets: {},
    encryption: { keys: ["docs"] },
    certificates: { domains: ["t1.example.se"] },
    kubernetesAuth: { namespaces: ["t1-apps"] },
  };

  it("used on its own with a tenant and an admin group, makes only the admin identity group, with no policy", () => {
    const resources = tenantVault();
    expect(Object.keys(resources)).toEqual(["vault_identity_group"]);
    expect(byName(resources, "vault_identity_group")["t1-admins"]).toEqual({ name: "t1-admins", type: "external", policies: [] });
  });

  describe("with every service and only its required props", () => {
    const resources = tenantVault(everyService);

    it("mounts KV v2 and transit under the tenant's own prefix, protected from destroy", () => {
      const mounts = byName(resources, "vault_mount");
      expect(Object.keys(mounts).sort()).toEqual(["t1/kv", "t1/transit"]);
      expect(mounts["t1/kv"]).toMatchObject({ type: "kv", options: { version: "2" }, lifecycle: { prevent_destroy: true } });
      expect(mounts["t1/transit"]).toMatchObject({ type: "transit", lifecycle: { prevent_destroy: true } });
    });

    it("keeps 10 versions per secret", () => {
      expect(Object.values(resources.vault_kv_secret_backend_v2 ?? {})).toEqual([
        expect.objectContaining({ mount: "t1/kv", max_versions: 10, depends_on: [expect.stringMatching(/^vault_mount\.tenant-vault_kv_/)] }),
      ]);
    });

    it("keeps transit keys non-exportable, never backed up in plaintext, and not deletable", () => {
      expect(byName(resources, "vault_transit_secret_backend_key")["docs"]).toMatchObject({
        backend: "t1/transit", type: "aes256-gcm96", exportable: false, allow_plaintext_backup: false, deletion_allowed: false,
      });
    });

    it("limits the PKI role on the pki mount to the declared domains, for 30 days at most (in seconds, as Vault reads it back)", () => {
      // Vault answers max_ttl in seconds and provider 5.x stores the answer: "720h" planned a change on every
      // run after the first apply (found by the first real deploy, npm run e2e).
      expect(byName(resources, "vault_pki_secret_backend_role")["tenant-t1"]).toMatchObject({
        backend: "pki", allowed_domains: ["t1.example.se"], max_ttl: "2592000",
        allow_subdomains: false, allow_any_name: false, allow_glob_domains: false, allow_ip_sans: false, allow_localhost: false, allow_wildcard_certificates: false,
      });
    });

    it("writes least-privilege policies, each limited to the tenant's own paths", () => {
      const policies = byName(resources, "vault_policy");
      expect(Object.keys(policies).sort()).toEqual(["tenant-t1-kv", "tenant-t1-pki", "tenant-t1-transit", "tenant-t1-view"]);
      expect(policies["tenant-t1-kv"]!.policy).toBe(
        "# Tenant t1: its KV v2 mount t1/kv only.\n" +
          'path "t1/kv/data/*" {\n  capabilities = ["create", "read", "update", "patch", "delete"]\n}\n' +
          'path "t1/kv/metadata/*" {\n  capabilities = ["read", "list", "delete"]\n}\n' +
          'path "t1/kv/delete/*" {\n  capabilities = ["update"]\n}\n' +
          'path "t1/kv/undelete/*" {\n  capabilities = ["update"]\n}\n' +
          'path "t1/kv/destroy/*" {\n  capabilities = ["update"]\n}\n',
      );
      expect(policies["tenant-t1-transit"]!.policy).toBe(
        "# Tenant t1: encrypt and decrypt with its own keys only.\n" +
          'path "t1/transit/encrypt/docs" {\n  capabilities = ["update"]\n}\n' +
          'path "t1/transit/decrypt/docs" {\n  capabilities = ["update"]\n}\n',
      );
      expect(policies["tenant-t1-pki"]!.policy).toContain('path "pki/issue/tenant-t1" {\n  capabilities = ["create", "update"]\n}');
      expect(policies["tenant-t1-view"]!.policy).toContain('path "t1/kv/metadata/*" {\n  capabilities = ["read", "list"]\n}');
      expect(policies["tenant-t1-view"]!.policy).not.toContain("/data/");
    });

    it("binds the auth role on the kubernetes backend to the tenant's namespaces, with one-hour tokens renewable to four", () => {
      expect(byName(resources, "vault_kubernetes_auth_backend_role")["tenant-t1"]).toEqual(expect.objectContaining({
        backend: "kubernetes",
        bound_service_account_names: ["*"],
        bound_service_account_namespaces: ["t1-apps"],
        token_policies: ["tenant-t1-kv", "tenant-t1-pki", "tenant-t1-transit"],
        token_ttl: 3600,
        token_max_ttl: 14400,
      }));
    });

    it("gives the view group metadata only, and aliases groups to the given auth mount", () => {
      const groups = byName(resources, "vault_identity_group");
      expect(groups["t1-admins"]).toMatchObject({ type: "external", policies: ["tenant-t1-kv", "tenant-t1-pki", "tenant-t1-transit"] });
      expect(groups["t1-auditors"]).toMatchObject({ policies: ["tenant-t1-view"] });
      expect(Object.keys(byName(resources, "vault_identity_group_alias")).sort()).toEqual(["t1-admins", "t1-auditors"]);
    });

    it("keeps its Terraform addresses", () => {
      expect(addresses(resources)).toEqual([
        "vault_identity_group.tenant-vault_admin-group_1734005D",
        "vault_identity_group.tenant-vault_view-group_F297F35D",
        "vault_identity_group_alias.tenant-vault_admin-group-alias_8CB6A979",
        "vault_identity_group_alias.tenant-vault_view-group-alias_C4C22E82",
        "vault_kubernetes_auth_backend_role.tenant-vault_auth-role_83EB9E0A",
        "vault_kv_secret_backend_v2.tenant-vault_kv-config_FEDB37A8",
        "vault_mount.tenant-vault_kv_EEBE0ABE",
        "vault_mount.tenant-vault_transit_EE0B46C4",
        "vault_pki_secret_backend_role.tenant-vault_pki-role_E14837B2",
        "vault_policy.tenant-vault_kv-policy_BD2F61F0",
        "vault_policy.tenant-vault_pki-policy_1AF79AC2",
        "vault_policy.tenant-vault_transit-policy_828A2630",
        "vault_policy.tenant-vault_view-policy_FEC6D0F4",
        "vault_transit_secret_backend_key.tenant-vault_key-docs_BDF12403",
      ]);
    });
  });

  describe("with explicit props", () => {
    const resources = tenantVault({
      secrets: { maxVersions: 7 },
      encryption: { keys: ["docs"] },
      certificates: { domains: ["t1.example.se"], mount: "pki-fk", maxTtlSeconds: 86_400 },
      kubernetesAuth: { namespaces: ["t1-apps"], backend: "k8s-fk", tokenTtlSeconds: 600, tokenMaxTtlSeconds: 1200 },
      preventDestroy: false,
    });

    it("lets mounts be destroyed and keys deleted when preventDestroy is false", () => {
      for (const mount of Object.values(byName(resources, "vault_mount"))) expect(mount.lifecycle).toEqual({ prevent_destroy: false });
      expect(byName(resources, "vault_transit_secret_backend_key")["docs"]).toMatchObject({ deletion_allowed: true });
    });

    it("takes the given versions, PKI mount and lifetime, auth backend and token lifetimes", () => {
      expect(Object.values(resources.vault_kv_secret_backend_v2 ?? {})).toEqual([expect.objectContaining({ mount: "t1/kv", max_versions: 7 })]);
      expect(byName(resources, "vault_pki_secret_backend_role")["tenant-t1"]).toMatchObject({ backend: "pki-fk", max_ttl: "86400" });
      expect(byName(resources, "vault_policy")["tenant-t1-pki"]!.policy).toContain('path "pki-fk/issue/tenant-t1"');
      expect(byName(resources, "vault_kubernetes_auth_backend_role")["tenant-t1"]).toMatchObject({ backend: "k8s-fk", token_ttl: 600, token_max_ttl: 1200 });
    });
  });

  it("creates no auth role unless asked; the admin group still holds the tenant's policies", () => {
    const { kubernetesAuth: _, ...withoutAuth } = everyService;
    const bare = tenantVault(withoutAuth);
    expect(bare.vault_kubernetes_auth_backend_role).toBeUndefined();
    expect(byName(bare, "vault_identity_group")["t1-admins"]).toMatchObject({ policies: ["tenant-t1-kv", "tenant-t1-pki", "tenant-t1-transit"] });
  });

  it("refuses an auth role bound to no namespace, which Vault would refuse at apply", () => {
    expect(() => tenantVault({ secrets: {}, kubernetesAuth: { namespaces: [] } })).toThrow(/TenantVault t1: kubernetesAuth.namespaces is empty/);
  });
});

describe("SiteVault", () => {
  it("used on its own with the API server's URL, mounts the Kubernetes auth backend at kubernetes, protected from destroy, and no PKI", () => {
    const resources = synthConstruct((s) => void new SiteVault(s, "vault-plumbing", { kubernetesHost: "https://k8s:6443" }));
    expect(Object.keys(resources).sort()).toEqual(["vault_auth_backend", "vault_kubernetes_auth_backend_config"]);
    expect(byName(resources, "vault_auth_backend")["kubernetes"]).toMatchObject({ type: "kubernetes", lifecycle: { prevent_destroy: true } });
    expect(Object.values(resources.vault_kubernetes_auth_backend_config!)[0]).toMatchObject({ backend: "kubernetes", kubernetes_host: "https://k8s:6443" });
  });

  it("mounts the PKI at pki with 90-day leases when asked, protected from destroy", () => {
    const resources = synthConstruct((s) => void new SiteVault(s, "vault-plumbing", { kubernetesHost: "https://k8s:6443", pki: {} }));
    expect(byName(resources, "vault_mount")["pki"]).toMatchObject({ type: "pki", max_lease_ttl_seconds: 7_776_000, lifecycle: { prevent_destroy: true } });
    expect(addresses(resources)).toEqual([
      "vault_auth_backend.vault-plumbing_kubernetes-auth_713EFA03",
      "vault_kubernetes_auth_backend_config.vault-plumbing_kubernetes-auth-config_A466C254",
      "vault_mount.vault-plumbing_pki_715475A9",
    ]);
  });

  it("takes the given paths, lease and preventDestroy", () => {
    const resources = synthConstruct((s) => void new SiteVault(s, "v", {
      kubernetesHost: "https://k8s:6443", kubernetesAuthPath: "k8s-fk", pki: { path: "pki-fk", maxLeaseTtlSeconds: 3600 }, preventDestroy: false,
    }));
    expect(byName(resources, "vault_auth_backend")["k8s-fk"]).toMatchObject({ lifecycle: { prevent_destroy: false } });
    expect(byName(resources, "vault_mount")["pki-fk"]).toMatchObject({ max_lease_ttl_seconds: 3600, lifecycle: { prevent_destroy: false } });
  });
});

describe("the constructs' defaults and the tenant and catalogue files' defaults", () => {
  // The files' schema resolves these for editors and the plan; a construct used on its own must agree.
  const tenantFile = z.toJSONSchema(tenantSchema, { io: "input", unrepresentable: "any" });
  const sitesFile = z.toJSONSchema(sitesFileSchema, { io: "input", unrepresentable: "any" });
  const defaultOf = (node: unknown, key: string): unknown => {
    if (typeof node !== "object" || node === null) return undefined;
    const properties = (node as { properties?: Record<string, { default?: unknown }> }).properties;
    if (properties?.[key] && "default" in properties[key]) return properties[key].default;
    for (const child of Object.values(node)) {
      const found = defaultOf(child, key);
      if (found !== undefined) return found;
    }
    return undefined;
  };

  it("agree, so a construct used on its own makes what an unset field in a file makes", () => {
    expect(defaultOf(tenantFile, "maxVersions")).toBe(TENANT_VAULT_DEFAULTS.secrets.maxVersions);
    expect(defaultOf(tenantFile, "maxTtl")).toBe(`${TENANT_VAULT_DEFAULTS.certificates.maxTtlSeconds / 3600}h`);
    expect(defaultOf(sitesFile, "kubernetesAuthPath")).toBe(SITE_VAULT_DEFAULTS.kubernetesAuthPath);
    expect(defaultOf(sitesFile, "pkiPath")).toBe(SITE_VAULT_DEFAULTS.pki.path);
    expect(defaultOf(sitesFile, "kubernetesAuthPath")).toBe(TENANT_VAULT_DEFAULTS.kubernetesAuth.backend);
    expect(TENANT_VAULT_DEFAULTS.certificates.mount).toBe(SITE_VAULT_DEFAULTS.pki.path);
    const c = TENANT_NAMESPACE_DEFAULTS.containerDefaults;
    expect(JSON.stringify(tenantFile)).toContain(`samdrift's (${c.defaultCpu}/${c.defaultMemory} limits, ${c.defaultRequestCpu}/${c.defaultRequestMemory} requests)`);
    expect(TENANT_NAMESPACE_DEFAULTS.preventDestroy && TENANT_VAULT_DEFAULTS.preventDestroy && SITE_VAULT_DEFAULTS.preventDestroy).toBe(true);
  });
});

describe("renderPolicy", () => {
  it("refuses a path that could break out of its quotes", () => {
    expect(() => renderPolicy("x", [{ path: 'a" {', capabilities: ["read"] }])).toThrow(/unsafe Vault policy path/);
  });
});
