/**
 * A site's shared Vault plumbing: the Kubernetes auth backend tenant roles hang off, and the site PKI mount
 * when a tenant on the site asks for certificates. The CA itself (an intermediate signed by the supplier's
 * root) is installed by the site's operators; samdrift never handles key material.
 *
 * @see https://developer.hashicorp.com/vault/docs/auth/kubernetes
 * @see https://developer.hashicorp.com/vault/docs/secrets/pki
 */
import { Construct } from "constructs";
import { AuthBackend } from "@cdktf/provider-vault/lib/auth-backend/index.js";
import { KubernetesAuthBackendConfig } from "@cdktf/provider-vault/lib/kubernetes-auth-backend-config/index.js";
import { Mount } from "@cdktf/provider-vault/lib/mount/index.js";

export interface SiteVaultProps {
  readonly kubernetesAuthPath: string;
  /** API server URL Vault calls to review service-account tokens. */
  readonly kubernetesHost: string;
  /** Mount the site PKI. */
  readonly pki: boolean;
  readonly pkiPath: string;
}

export class SiteVault extends Construct {
  constructor(scope: Construct, id: string, props: SiteVaultProps) {
    super(scope, id);
    const auth = new AuthBackend(this, "kubernetes-auth", {
      type: "kubernetes",
      path: props.kubernetesAuthPath,
      description: "Service accounts of tenant namespaces (roles per tenant, managed by samdrift)",
      lifecycle: { preventDestroy: true },
    });
    new KubernetesAuthBackendConfig(this, "kubernetes-auth-config", {
      backend: props.kubernetesAuthPath,
      kubernetesHost: props.kubernetesHost,
      dependsOn: [auth],
    });
    if (props.pki) {
      new Mount(this, "pki", {
        path: props.pkiPath,
        type: "pki",
        description: "Site CA for tenant certificates",
        maxLeaseTtlSeconds: 90 * 24 * 3600,
        lifecycle: { preventDestroy: true },
      });
    }
  }
}
