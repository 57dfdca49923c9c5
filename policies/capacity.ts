/**
 * Quota totals per site for the capacity rules: the sum of the namespace quotas of every tenant that has
 * resources (build, run, decommission) on the site. Each mirrored site carries the tenant's full quota.
 *
 * Amounts are whole numbers of millicores (cpu) and bytes (memory, storage), so sums are exact: quotas
 * that add up to exactly the capacity are within it (with fractional cores, 2.7 + 0.1 + 0.1 + 0.1 is
 * 3.0000000000000004 in floating point). Exact up to 2^53 bytes (8 PiB) per site.
 */
import type { Model } from "../model/model.js";
import { hasResources } from "../model/model.js";
import type { Site } from "../model/schema.js";
import { parseQuantity, type Quantity } from "../model/primitives.js";

export const DIMENSIONS = ["cpu", "memory", "storage"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface SiteLoad {
  readonly site: Site;
  /** Dimension to [tenant id, amount in millicores or bytes], largest first. */
  readonly byTenant: Readonly<Record<Dimension, readonly (readonly [string, number])[]>>;
  readonly total: Readonly<Record<Dimension, number>>;
  readonly capacity: Readonly<Record<Dimension, number>>;
}

/** A quantity as a whole number of millicores (cpu) or bytes. */
const amountOf = (d: Dimension, q: Quantity): number => Math.round(parseQuantity(q) * (d === "cpu" ? 1000 : 1));

/** What quotas may add up to on a site: capacity × overcommit, in whole millicores or bytes. */
export const allowed = (load: SiteLoad, d: Dimension, overcommit: number): number => Math.round(load.capacity[d] * overcommit);

export function siteLoads(model: Model): SiteLoad[] {
  return [...model.catalogue.sites.values()].map((site) => {
    const tenants = model.tenants.filter((e) => hasResources(e.tenant) && e.tenant.resilience.sites.includes(site.id));
    const per = (d: Dimension) =>
      tenants
        .map((e) => [e.tenant.id, Object.values(e.tenant.services["container-hosting"]?.namespaces ?? {}).reduce((sum, ns) => sum + amountOf(d, ns[d]), 0)] as const)
        .filter(([, amount]) => amount > 0)
        .sort((a, b) => b[1] - a[1]);
    const byTenant = { cpu: per("cpu"), memory: per("memory"), storage: per("storage") };
    const sum = (d: Dimension) => byTenant[d].reduce((s, [, a]) => s + a, 0);
    return {
      site,
      byTenant,
      total: { cpu: sum("cpu"), memory: sum("memory"), storage: sum("storage") },
      capacity: { cpu: amountOf("cpu", site.capacity.cpu), memory: amountOf("memory", site.capacity.memory), storage: amountOf("storage", site.capacity.storage) },
    };
  });
}

/** An amount (millicores or bytes) in readable units: cores for cpu, Gi or Ti for bytes. */
export function formatAmount(d: Dimension, amount: number): string {
  const round = (n: number) => String(Math.round(n * 100) / 100);
  if (d === "cpu") return `${round(amount / 1000)} cores`;
  return amount >= 2 ** 40 ? `${round(amount / 2 ** 40)}Ti` : `${round(amount / 2 ** 30)}Gi`;
}

/** "digg 16 cores, mfof 12 cores, ..." for the largest contributors. */
export const contributors = (load: SiteLoad, d: Dimension, max = 3): string =>
  load.byTenant[d].slice(0, max).map(([t, a]) => `${t} ${formatAmount(d, a)}`).join(", ") + (load.byTenant[d].length > max ? ", ..." : "");
