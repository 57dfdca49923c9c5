/**
 * `site--<site>`: a site's shared plumbing, deployed before the site's tenant stacks.
 */
import type { Construct } from "constructs";
import type { SitePlan } from "../model/plan.js";
import { SiteVault } from "../constructs/site-vault.js";
import { SiteScopedStack } from "./site-scoped-stack.js";
import { siteMetadata } from "./metadata.js";

export interface SiteStackProps {
  readonly plan: SitePlan;
}

export class SiteStack extends SiteScopedStack {
  constructor(scope: Construct, props: SiteStackProps) {
    const { plan } = props;
    super(scope, { stackId: plan.stackId, site: plan.site, state: plan.state, metadata: siteMetadata(plan) });
    new SiteVault(this, "vault-plumbing", {
      kubernetesAuthPath: plan.site.vault.kubernetesAuthPath,
      kubernetesHost: plan.site.vault.kubernetesHost,
      pki: plan.needsPki,
      pkiPath: plan.site.vault.pkiPath,
    });
  }
}
