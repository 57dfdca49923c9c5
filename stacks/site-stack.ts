/**
 * `site--<site>`: a site's shared plumbing, deployed before the site's tenant stacks.
 */
import type { Construct } from "constructs";
import type { SitePlan } from "../model/plan.js";
import { SiteVault } from "../constructs/site-vault.js";
import { SiteScopedStack } from "./site-scoped-stack.js";
import { siteMetadata } from "../output/metadata.js";

export interface SiteStackProps {
  readonly plan: SitePlan;
}

export class SiteStack extends SiteScopedStack {
  constructor(scope: Construct, props: SiteStackProps) {
    const { plan } = props;
    super(scope, { stackId: plan.stackId, site: plan.site, state: plan.state, metadata: siteMetadata(plan) });
    // Only what the site chose is passed; SiteVault applies its own documented defaults.
    new SiteVault(this, "vault-plumbing", {
      kubernetesAuthPath: plan.site.vault.kubernetesAuthPath,
      kubernetesHost: plan.site.vault.kubernetesHost,
      ...(plan.needsPki ? { pki: { path: plan.site.vault.pkiPath } } : {}),
    });
  }
}
