/** Shared by the mirroring rules: the distinct zones of the sites a tenant is placed on. */
import type { Model } from "../model/model.js";
import type { Tenant } from "../model/schema.js";

export const zonesOf = (model: Model, tenant: Tenant): string[] => [
  ...new Set(tenant.resilience.sites.flatMap((id) => {
    const site = model.catalogue.sites.get(id);
    return site ? [site.zone] : [];
  })),
];

export const placementText = (tenant: Tenant, zones: readonly string[]): string => {
  const n = tenant.resilience.sites.length;
  return n === 1 ? "it is placed on one site" : `its ${n} sites are all in zone ${zones.join(", ")}`;
};
