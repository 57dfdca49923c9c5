/**
 * Model to Terraform JSON: one `site--<site>` stack per site and one `tenant--<tenant>--<site>` stack per
 * tenant and site, synthesized into `outdir` with cdktf's layout (manifest.json, stacks/<id>/cdk.tf.json).
 */
import { App, withoutStackTraces } from "../lib/cdktf.js";
import type { Model } from "../model/model.js";
import { planModel, type Plan } from "../model/plan.js";
import { SiteStack } from "./site-stack.js";
import { TenantStack } from "./tenant-stack.js";

export interface SynthOptions {
  /** Folder to write into; it should be empty or absent. */
  readonly outdir: string;
  /** Only these tenants' stacks (no site stacks). @default - every stack */
  readonly only?: readonly string[];
  /** A plan already computed from `model`. @default - computed here */
  readonly plan?: Plan;
}

export interface SynthResult {
  /** Stack ids written, sorted. */
  readonly stacks: readonly string[];
}

export function synthModel(model: Model, options: SynthOptions): SynthResult {
  return withoutStackTraces(() => synthesize(model, options));
}

function synthesize(model: Model, options: SynthOptions): SynthResult {
  const plan = options.plan ?? planModel(model);
  // Stack traces in construct metadata cost a third of synth time and are never read.
  const app = new App({ outdir: options.outdir, stackTraces: false, skipValidation: true });
  const only = options.only ? new Set(options.only) : undefined;
  const siteStacks = new Map<string, SiteStack>();
  if (!only) {
    for (const site of plan.sites) siteStacks.set(site.site.id, new SiteStack(app, { plan: site }));
  }
  const stacks: string[] = [...siteStacks.values()].map((s) => s.node.id);
  for (const tenantSite of plan.tenantSites) {
    if (only && !only.has(tenantSite.tenant.id)) continue;
    const stack = new TenantStack(app, { plan: tenantSite });
    const site = siteStacks.get(tenantSite.site.id);
    // Deploy order only: the tenant's auth role and PKI role live on mounts of the site stack.
    if (site) stack.addDependency(site);
    stacks.push(stack.node.id);
  }
  app.synth();
  return { stacks: stacks.sort() };
}
