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
  /** Final output folder relative to the working directory (for local state paths). */
  readonly outdir: string;
}

export class SiteStack extends SiteScopedStack {
  constructor(scope: Construct, props: SiteStackProps) {
    const { plan } = props;
    super(scope, { stackId: plan.stackId, site: plan.site, state: plan.state, outdir: props.outdir, metadata: siteMetadata(plan) });
    new SiteVault(this, "vault-plumbing", {
      kubernetesAuthPath: plan.site.vault.kubernetesAuthPath,
      kubernetesHost: plan.site.vault.kubernetesHost,
      pki: plan.needsPki,
      pkiPath: plan.site.vault.pkiPath,
    });
  }
}
