/**
 * A tenant's Vault on one site: its KV v2 mount (with its versions kept per secret) and transit mount, its
 * PKI role on the site CA, one policy per service limited to the tenant's own paths, a Kubernetes auth role
 * bound to the tenant's namespaces (when it has any on the site), and identity groups for its admin and
 * view groups. No secret value is ever written.
 *
 * @see https://developer.hashicorp.com/vault/docs/secrets/kv/kv-v2
 * @see https://registry.terraform.io/providers/hashicorp/vault/5.6.0/docs/resources/kv_secret_backend_v2
 * @see https://developer.hashicorp.com/vault/docs/secrets/transit
 * @see https://developer.hashicorp.com/vault/docs/auth/kubernetes
 */
import { Construct } from "constructs";
import { Mount } from "@cdktf/provider-vault/lib/mount/index.js";
import { KvSecretBackendV2 } from "@cdktf/provider-vault/lib/kv-secret-backend-v2/index.js";
import { Policy } from "@cdktf/provider-vault/lib/policy/index.js";
import { TransitSecretBackendKey } from "@cdktf/provider-vault/lib/transit-secret-backend-key/index.js";
import { PkiSecretBackendRole } from "@cdktf/provider-vault/lib/pki-secret-backend-role/index.js";
import { KubernetesAuthBackendRole } from "@cdktf/provider-vault/lib/kubernetes-auth-backend-role/index.js";
import { IdentityGroup } from "@cdktf/provider-vault/lib/identity-group/index.js";
import { IdentityGroupAlias } from "@cdktf/provider-vault/lib/identity-group-alias/index.js";
import { viewPolicyName, type VaultPlan } from "../model/plan.js";
import { renderPolicy, kvRules, kvViewRules, transitRules, pkiRules } from "./vault-policy-text.js";

export interface TenantVaultProps {
  readonly tenant: string;
  readonly vault: VaultPlan;
  /** Namespaces the tenant's workloads run in on this site; the auth role (`vault.authRole`) accepts their service accounts only. */
  readonly namespaces: readonly string[];
  /** Refuse `terraform destroy` of the mounts (and so of the secrets and keys in them). */
  readonly preventDestroy: boolean;
}

export class TenantVault extends Construct {
  constructor(scope: Construct, id: string, props: TenantVaultProps) {
    super(scope, id);
    const { tenant, vault } = props;
    const lifecycle = { preventDestroy: props.preventDestroy };
    const workloadPolicies: string[] = [];
    const viewPolicies: string[] = [];
    const policy = (policyId: string, name: string, comment: string, rules: Parameters<typeof renderPolicy>[1], deps: Mount[]) =>
      new Policy(this, policyId, { name, policy: renderPolicy(comment, rules), ...(deps.length > 0 ? { dependsOn: deps } : {}) });

    if (vault.kv) {
      const kv = new Mount(this, "kv", {
        path: vault.kv.mount,
        type: "kv",
        options: { version: "2" },
        description: `KV v2 secrets of tenant ${tenant}`,
        lifecycle,
      });
      new KvSecretBackendV2(this, "kv-config", { mount: vault.kv.mount, maxVersions: vault.kv.maxVersions, dependsOn: [kv] });
      policy("kv-policy", vault.kv.policy, `Tenant ${tenant}: its KV v2 mount ${vault.kv.mount} only.`, kvRules(vault.kv.mount), [kv]);
      workloadPolicies.push(vault.kv.policy);
      if (vault.viewGroup !== undefined) {
        policy("view-policy", viewPolicyName(tenant), `Tenant ${tenant}: secret names and versions, never values.`, kvViewRules(vault.kv.mount), [kv]);
        viewPolicies.push(viewPolicyName(tenant));
      }
    }
    if (vault.transit) {
      const transit = new Mount(this, "transit", {
        path: vault.transit.mount,
        type: "transit",
        description: `Encryption keys of tenant ${tenant}`,
        lifecycle,
      });
      for (const key of vault.transit.keys) {
        new TransitSecretBackendKey(this, `key-${key}`, {
          backend: vault.transit.mount,
          name: key,
          type: "aes256-gcm96",
          deletionAllowed: !props.preventDestroy,
          exportable: false,
          allowPlaintextBackup: false,
          dependsOn: [transit],
        });
      }
      policy("transit-policy", vault.transit.policy, `Tenant ${tenant}: encrypt and decrypt with its own keys only.`, transitRules(vault.transit.mount, vault.transit.keys), [transit]);
      workloadPolicies.push(vault.transit.policy);
    }
    if (vault.pki) {
      new PkiSecretBackendRole(this, "pki-role", {
        backend: vault.pki.mount,
        name: vault.pki.role,
        allowedDomains: [...vault.pki.domains],
        allowBareDomains: true,
        allowSubdomains: false,
        allowGlobDomains: false,
        allowAnyName: false,
        allowIpSans: false,
        allowLocalhost: false,
        allowWildcardCertificates: false,
        enforceHostnames: true,
        // Seconds, as Vault answers it: the provider (5.6 to 5.9) stores the answer and diffs it against
        // what was written, so "720h" would plan a change on every run after the first apply.
        maxTtl: String(vault.pki.maxTtlSeconds),
        serverFlag: true,
        clientFlag: false,
      });
      policy("pki-policy", vault.pki.policy, `Tenant ${tenant}: issue certificates for its declared domains.`, pkiRules(vault.pki.mount, vault.pki.role), []);
      workloadPolicies.push(vault.pki.policy);
    }
    workloadPolicies.sort();

    if (vault.authRole !== undefined) {
      new KubernetesAuthBackendRole(this, "auth-role", {
        backend: vault.authBackend,
        roleName: vault.authRole,
        boundServiceAccountNames: ["*"],
        boundServiceAccountNamespaces: [...props.namespaces],
        tokenPolicies: workloadPolicies,
        tokenTtl: 3600,
        tokenMaxTtl: 14400,
      });
    }

    const group = (groupId: string, name: string, policies: string[]) => {
      const g = new IdentityGroup(this, groupId, { name, type: "external", policies });
      if (vault.groupAliasMountAccessor !== undefined) {
        new IdentityGroupAlias(this, `${groupId}-alias`, { name, mountAccessor: vault.groupAliasMountAccessor, canonicalId: g.id });
      }
    };
    group("admin-group", vault.adminGroup, workloadPolicies);
    if (vault.viewGroup !== undefined) group("view-group", vault.viewGroup, viewPolicies);
  }
}
