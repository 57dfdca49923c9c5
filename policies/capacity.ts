/**
 * Quota totals per site for the capacity rules: the sum of the namespace quotas of every tenant that has
 * resources (build, run, decommission) on the site. Each mirrored site carries the tenant's full quota.
 */
import type { Model } from "../model/model.js";
import { hasResources } from "../model/model.js";
import type { Site } from "../model/schema.js";
import { parseQuantity } from "../model/primitives.js";

export const DIMENSIONS = ["cpu", "memory", "storage"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface SiteLoad {
  readonly site: Site;
  /** Dimension to [tenant id, amount in base units], largest first. */
  readonly byTenant: Readonly<Record<Dimension, readonly (readonly [string, number])[]>>;
  readonly total: Readonly<Record<Dimension, number>>;
  readonly capacity: Readonly<Record<Dimension, number>>;
}

export function siteLoads(model: Model): SiteLoad[] {
  return [...model.catalogue.sites.values()].map((site) => {
    const tenants = model.tenants.filter((e) => hasResources(e.tenant) && e.tenant.resilience.sites.includes(site.id));
    const per = (d: Dimension) =>
      tenants
        .map((e) => [e.tenant.id, Object.values(e.tenant.services["container-hosting"]?.namespaces ?? {}).reduce((sum, ns) => sum + parseQuantity(ns[d]), 0)] as const)
        .filter(([, amount]) => amount > 0)
        .sort((a, b) => b[1] - a[1]);
    const byTenant = { cpu: per("cpu"), memory: per("memory"), storage: per("storage") };
    const sum = (d: Dimension) => byTenant[d].reduce((s, [, a]) => s + a, 0);
    return {
      site,
      byTenant,
      total: { cpu: sum("cpu"), memory: sum("memory"), storage: sum("storage") },
      capacity: { cpu: parseQuantity(site.capacity.cpu), memory: parseQuantity(site.capacity.memory), storage: parseQuantity(site.capacity.storage) },
    };
  });
}

/** An amount in readable units: cores for cpu, Gi or Ti for bytes. */
export function formatAmount(d: Dimension, amount: number): string {
  const round = (n: number) => String(Math.round(n * 100) / 100);
  if (d === "cpu") return `${round(amount)} cores`;
  return amount >= 2 ** 40 ? `${round(amount / 2 ** 40)}Ti` : `${round(amount / 2 ** 30)}Gi`;
}

/** "digg 16 cores, mfof 12 cores, ..." for the largest contributors. */
export const contributors = (load: SiteLoad, d: Dimension, max = 3): string =>
  load.byTenant[d].slice(0, max).map(([t, a]) => `${t} ${formatAmount(d, a)}`).join(", ") + (load.byTenant[d].length > max ? ", ..." : "");
