/**
 * A tenant's Vault on one site: its KV v2 mount (with its versions kept per secret) and transit mount, its
 * PKI role on the site CA, one least-privilege policy per service limited to the tenant's own paths, a
 * Kubernetes auth role bound to the tenant's namespaces, and identity groups for its admin and view groups.
 * Used on its own with a tenant id and an admin group, it makes only the admin identity group; each
 * service given adds its mount or role and its policy. Mounts refuse `terraform destroy` and transit keys
 * refuse deletion unless `preventDestroy` is false. No secret value is ever written.
 *
 * @see https://developer.hashicorp.com/vault/docs/secrets/kv/kv-v2
 * @see https://developer.hashicorp.com/vault/docs/secrets/transit
 * @see https://developer.hashicorp.com/vault/docs/secrets/pki
 * @see https://developer.hashicorp.com/vault/docs/auth/kubernetes
 * @see https://developer.hashicorp.com/vault/docs/concepts/policies
 * @see https://registry.terraform.io/providers/hashicorp/vault/5.6.0/docs/resources/kv_secret_backend_v2
 * @see https://registry.terraform.io/providers/hashicorp/vault/5.6.0/docs/resources/kubernetes_auth_backend_role
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
import { vaultNames } from "../model/plan.js";
import { renderPolicy, kvRules, kvViewRules, transitRules, pkiRules } from "./vault-policy-text.js";
import { withDefaults } from "./props.js";

/** A KV v2 mount at `<tenant>/kv`, and the policy `tenant-<tenant>-kv` to read and write its secrets. */
export interface TenantSecrets {
  /** Versions Vault keeps of each secret; older ones are destroyed. @default 10 */
  readonly maxVersions?: number;
}

/** A transit mount at `<tenant>/transit` with these keys, and the policy `tenant-<tenant>-transit` to encrypt and decrypt with them. */
export interface TenantEncryption {
  /** Key names; each is an `aes256-gcm96` key that is never exportable nor backed up in plaintext. */
  readonly keys: readonly string[];
}

/** A role `tenant-<tenant>` on the site's PKI mount, and the policy `tenant-<tenant>-pki` to issue through it. */
export interface TenantCertificates {
  /** Exact host names certificates may be issued for; no subdomains, globs, wildcards, IP SANs or localhost. */
  readonly domains: readonly string[];
  /** The site's PKI mount. @default "pki" */
  readonly mount?: string;
  /** Longest certificate lifetime, in seconds (as Vault reads it back). @default 2592000 (30 days) */
  readonly maxTtlSeconds?: number;
}

/** A Kubernetes auth role `tenant-<tenant>` that gives the tenant's workloads its service policies. */
export interface TenantKubernetesAuth {
  /** Namespaces whose service accounts may log in; at least one (Vault refuses a role bound to none). */
  readonly namespaces: readonly string[];
  /** Path of the site's Kubernetes auth backend. @default "kubernetes" */
  readonly backend?: string;
  /** Lifetime of a login token, in seconds. @default 3600 (one hour) */
  readonly tokenTtlSeconds?: number;
  /** Longest lifetime of a renewed login token, in seconds. @default 14400 (four hours) */
  readonly tokenMaxTtlSeconds?: number;
}

export interface TenantVaultProps {
  /** The tenant id: every mount, policy and role is named after it. */
  readonly tenant: string;
  /** External group given every policy of the tenant's services. */
  readonly adminGroup: string;
  /** External group given read access to secret names and versions, never values. @default - no view group and no view policy */
  readonly viewGroup?: string;
  /** Accessor of the auth mount (OIDC, LDAP) whose groups map onto the identity groups. @default - groups get no alias */
  readonly groupAliasMountAccessor?: string;
  /** A KV v2 mount for secrets. @default - no KV mount */
  readonly secrets?: TenantSecrets;
  /** A transit mount for encryption. @default - no transit mount */
  readonly encryption?: TenantEncryption;
  /** Certificates from the site's PKI. @default - no PKI role */
  readonly certificates?: TenantCertificates;
  /** Login for the tenant's workloads. @default - no auth role: only the identity groups reach the mounts */
  readonly kubernetesAuth?: TenantKubernetesAuth;
  /** Refuse `terraform destroy` of the mounts (and so of the secrets and keys in them), and deletion of transit keys. @default true */
  readonly preventDestroy?: boolean;
  /**
   * A suspended tenant (docs/incidents.md): the auth role and the identity groups hold no policy, so no
   * token issued from now on reaches the tenant's mounts; the mounts, keys, secrets and policy documents
   * stay. Tokens already issued keep their policies until they expire (`tokenMaxTtlSeconds`).
   * @default false
   */
  readonly suspended?: boolean;
}

/** The defaults `TenantVault` applies; samdrift's tenant files resolve site and tenant choices over them. */
export const TENANT_VAULT_DEFAULTS = {
  secrets: { maxVersions: 10 },
  certificates: { mount: "pki", maxTtlSeconds: 30 * 24 * 3600 },
  kubernetesAuth: { backend: "kubernetes", tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 4 * 3600 },
  preventDestroy: true,
  suspended: false,
} as const satisfies {
  secrets: Required<TenantSecrets>;
  certificates: Omit<Required<TenantCertificates>, "domains">;
  kubernetesAuth: Omit<Required<TenantKubernetesAuth>, "namespaces">;
  preventDestroy: boolean;
  suspended: boolean;
};

export class TenantVault extends Construct {
  constructor(scope: Construct, id: string, props: TenantVaultProps) {
    super(scope, id);
    const { tenant } = props;
    const d = TENANT_VAULT_DEFAULTS;
    const names = vaultNames(tenant);
    const preventDestroy = props.preventDestroy ?? d.preventDestroy;
    const lifecycle = { preventDestroy };
    const workloadPolicies: string[] = [];
    const viewPolicies: string[] = [];
    const policy = (policyId: string, name: string, comment: string, rules: Parameters<typeof renderPolicy>[1], deps: Mount[]) =>
      new Policy(this, policyId, { name, policy: renderPolicy(comment, rules), ...(deps.length > 0 ? { dependsOn: deps } : {}) });

    if (props.secrets) {
      const secrets = withDefaults<TenantSecrets>(d.secrets, props.secrets);
      const kv = new Mount(this, "kv", {
        path: names.kvMount,
        type: "kv",
        options: { version: "2" },
        description: `KV v2 secrets of tenant ${tenant}`,
        lifecycle,
      });
      new KvSecretBackendV2(this, "kv-config", { mount: names.kvMount, maxVersions: secrets.maxVersions, dependsOn: [kv] });
      policy("kv-policy", names.kvPolicy, `Tenant ${tenant}: its KV v2 mount ${names.kvMount} only.`, kvRules(names.kvMount), [kv]);
      workloadPolicies.push(names.kvPolicy);
      if (props.viewGroup !== undefined) {
        policy("view-policy", names.viewPolicy, `Tenant ${tenant}: secret names and versions, never values.`, kvViewRules(names.kvMount), [kv]);
        viewPolicies.push(names.viewPolicy);
      }
    }
    if (props.encryption) {
      const keys = props.encryption.keys;
      const transit = new Mount(this, "transit", {
        path: names.transitMount,
        type: "transit",
        description: `Encryption keys of tenant ${tenant}`,
        lifecycle,
      });
      for (const key of keys) {
        new TransitSecretBackendKey(this, `key-${key}`, {
          backend: names.transitMount,
          name: key,
          type: "aes256-gcm96",
          deletionAllowed: !preventDestroy,
          exportable: false,
          allowPlaintextBackup: false,
          dependsOn: [transit],
        });
      }
      policy("transit-policy", names.transitPolicy, `Tenant ${tenant}: encrypt and decrypt with its own keys only.`, transitRules(names.transitMount, keys), [transit]);
      workloadPolicies.push(names.transitPolicy);
    }
    if (props.certificates) {
      const pki = withDefaults<Omit<TenantCertificates, "domains">>(d.certificates, props.certificates);
      new PkiSecretBackendRole(this, "pki-role", {
        backend: pki.mount,
        name: names.pkiRole,
        allowedDomains: [...props.certificates.domains],
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
        maxTtl: String(pki.maxTtlSeconds),
        serverFlag: true,
        clientFlag: false,
      });
      policy("pki-policy", names.pkiPolicy, `Tenant ${tenant}: issue certificates for its declared domains.`, pkiRules(pki.mount, names.pkiRole), []);
      workloadPolicies.push(names.pkiPolicy);
    }
    workloadPolicies.sort();
    // What the role and the groups hold: nothing while the tenant is suspended.
    const suspended = props.suspended ?? d.suspended;
    const granted = (policies: string[]): string[] => (suspended ? [] : policies);

    if (props.kubernetesAuth) {
      const auth = withDefaults<Omit<TenantKubernetesAuth, "namespaces">>(d.kubernetesAuth, props.kubernetesAuth);
      if (props.kubernetesAuth.namespaces.length === 0) {
        throw new Error(`TenantVault ${tenant}: kubernetesAuth.namespaces is empty, and Vault refuses a role bound to no namespace; omit kubernetesAuth instead`);
      }
      new KubernetesAuthBackendRole(this, "auth-role", {
        backend: auth.backend,
        roleName: names.authRole,
        boundServiceAccountNames: ["*"],
        boundServiceAccountNamespaces: [...props.kubernetesAuth.namespaces],
        tokenPolicies: granted(workloadPolicies),
        tokenTtl: auth.tokenTtlSeconds,
        tokenMaxTtl: auth.tokenMaxTtlSeconds,
      });
    }

    const group = (groupId: string, name: string, policies: string[]) => {
      const g = new IdentityGroup(this, groupId, { name, type: "external", policies: granted(policies) });
      if (props.groupAliasMountAccessor !== undefined) {
        new IdentityGroupAlias(this, `${groupId}-alias`, { name, mountAccessor: props.groupAliasMountAccessor, canonicalId: g.id });
      }
    };
    group("admin-group", props.adminGroup, workloadPolicies);
    if (props.viewGroup !== undefined) group("view-group", props.viewGroup, viewPolicies);
  }
}
