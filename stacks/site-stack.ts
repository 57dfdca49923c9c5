/**
 * `site--<site>`: a site's shared plumbing, deployed before the site's tenant stacks.
 */
import type { Construct } from "constructs";
import { VaultProvider } from "@cdktf/provider-vault/lib/provider/index.js";
import { TerraformStack } from "../lib/cdktf.js";
import type { SitePlan } from "../model/plan.js";
import { SiteVault } from "../constructs/site-vault.js";
import { addBackend } from "./backend.js";
import { siteMetadata } from "./metadata.js";

export interface SiteStackProps {
  readonly plan: SitePlan;
  /** Final output folder relative to the working directory (for local state paths). */
  readonly outdir: string;
}

export class SiteStack extends TerraformStack {
  constructor(scope: Construct, props: SiteStackProps) {
    const { plan } = props;
    super(scope, plan.stackId);
    addBackend(this, { stackId: plan.stackId, state: plan.state, kubeContext: plan.site.kubernetes.context, outdir: props.outdir });
    // The token comes from VAULT_TOKEN (or the provider's auth_login settings) in the environment.
    new VaultProvider(this, "vault", { address: plan.site.vault.address });
    new SiteVault(this, "vault-plumbing", {
      kubernetesAuthPath: plan.site.vault.kubernetesAuthPath,
      kubernetesHost: plan.site.vault.kubernetesHost,
      pki: plan.needsPki,
      pkiPath: plan.site.vault.pkiPath,
    });
    this.addOverride("//.samdrift", siteMetadata(plan));
  }
}
