/**
 * A site's shared Vault plumbing: the Kubernetes auth backend tenant roles hang off, and the site PKI mount
 * when a tenant on the site asks for certificates. Used on its own with the API server's URL, it mounts
 * the auth backend at Vault's usual path, protected from `terraform destroy`. The CA itself (an
 * intermediate signed by the supplier's root) is installed by the site's operators; samdrift never handles
 * key material.
 *
 * @see https://developer.hashicorp.com/vault/docs/auth/kubernetes
 * @see https://developer.hashicorp.com/vault/docs/secrets/pki
 * @see https://registry.terraform.io/providers/hashicorp/vault/5.6.0/docs/resources/kubernetes_auth_backend_config
 * @see https://registry.terraform.io/providers/hashicorp/vault/5.6.0/docs/resources/mount
 */
import { Construct } from "constructs";
import { AuthBackend } from "@cdktf/provider-vault/lib/auth-backend/index.js";
import { KubernetesAuthBackendConfig } from "@cdktf/provider-vault/lib/kubernetes-auth-backend-config/index.js";
import { Mount } from "@cdktf/provider-vault/lib/mount/index.js";
import { withDefaults } from "./props.js";

/** The site PKI mount. */
export interface SitePki {
  /** Path of the mount. @default "pki" */
  readonly path?: string;
  /** Longest lease of anything issued from the mount, in seconds. @default 7776000 (90 days) */
  readonly maxLeaseTtlSeconds?: number;
}

export interface SiteVaultProps {
  /** API server URL Vault calls to review service-account tokens. */
  readonly kubernetesHost: string;
  /** Path of the Kubernetes auth backend. @default "kubernetes" */
  readonly kubernetesAuthPath?: string;
  /** Mount the site PKI. @default - no PKI mount */
  readonly pki?: SitePki;
  /** Refuse `terraform destroy` of the auth backend and the PKI mount (every tenant's roles hang off them). @default true */
  readonly preventDestroy?: boolean;
}

/** The defaults `SiteVault` applies; samdrift's catalogue resolves a site's own choices over them. */
export const SITE_VAULT_DEFAULTS = {
  kubernetesAuthPath: "kubernetes",
  pki: { path: "pki", maxLeaseTtlSeconds: 90 * 24 * 3600 },
  preventDestroy: true,
} as const satisfies { kubernetesAuthPath: string; pki: Required<SitePki>; preventDestroy: boolean };

export class SiteVault extends Construct {
  constructor(scope: Construct, id: string, props: SiteVaultProps) {
    super(scope, id);
    const d = SITE_VAULT_DEFAULTS;
    const authPath = props.kubernetesAuthPath ?? d.kubernetesAuthPath;
    const lifecycle = { preventDestroy: props.preventDestroy ?? d.preventDestroy };
    const auth = new AuthBackend(this, "kubernetes-auth", {
      type: "kubernetes",
      path: authPath,
      description: "Service accounts of tenant namespaces (roles per tenant, managed by samdrift)",
      lifecycle,
    });
    new KubernetesAuthBackendConfig(this, "kubernetes-auth-config", {
      backend: authPath,
      kubernetesHost: props.kubernetesHost,
      dependsOn: [auth],
    });
    if (props.pki) {
      const pki = withDefaults<SitePki>(d.pki, props.pki);
      new Mount(this, "pki", {
        path: pki.path,
        type: "pki",
        description: "Site CA for tenant certificates",
        maxLeaseTtlSeconds: pki.maxLeaseTtlSeconds,
        lifecycle,
      });
    }
  }
}
