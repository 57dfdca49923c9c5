/**
 * One cdktf `App` over part of the plan: what `synthModel` builds in its thread and what each worker thread of
 * `synthModelInParallel` builds in its own (synth.ts). Kept apart from synth.ts so that a worker thread
 * imports what building stacks needs and not the planner.
 */
import { App, CDKTF_PREPARE_CONTEXT, withoutStackTraces, type SynthManifest } from "../lib/cdktf.js";
import type { SitePlan, TenantSitePlan } from "../model/plan.js";
import { SiteStack } from "./site-stack.js";
import { TenantStack } from "./tenant-stack.js";

/** What one cdktf `App` synthesizes: plain data, so that it crosses to a worker thread by structured clone. */
export interface SynthPart {
  readonly outdir: string;
  /** Site stacks to build. */
  readonly sites: readonly SitePlan[];
  /** Tenant stacks to build; each depends on its site's stack when that stack is in `sites`. */
  readonly tenantSites: readonly TenantSitePlan[];
  /** Run cdktf's preparing pass too (lib/cdktf.ts {@link SelfContainedStack}); for tests. @default false */
  readonly cdktfPrepare?: boolean;
}

/** Builds one `App` with the part's stacks and synthesizes it; returns the `App`'s manifest. */
export function synthPart(part: SynthPart): SynthManifest {
  return withoutStackTraces(() => {
    // Stack traces in construct metadata cost a third of synth time and are never read.
    const app = new App({ outdir: part.outdir, stackTraces: false, skipValidation: true, ...(part.cdktfPrepare ? { context: { [CDKTF_PREPARE_CONTEXT]: true } } : {}) });
    const siteStacks = new Map(part.sites.map((site) => [site.site.id, new SiteStack(app, { plan: site })]));
    for (const tenantSite of part.tenantSites) {
      const stack = new TenantStack(app, { plan: tenantSite });
      const site = siteStacks.get(tenantSite.site.id);
      // Deploy order only: the tenant's auth role and PKI role live on mounts of the site stack.
      if (site) stack.addDependency(site);
    }
    app.synth();
    return app.manifest.buildManifest();
  });
}
