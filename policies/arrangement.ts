/**
 * How an arrangement pack chooses what it judges: the tenants (and suppliers) of suppliers whose catalogue
 * `arrangement` is the pack's. A pack's id is its arrangement's name, so a rule asks for its own pack's
 * tenants and never for another's. Tenants of an unknown supplier belong to no arrangement (the model
 * refuses them already).
 */
import type { Arrangement } from "../model/arrangements.js";
import type { Model, TenantEntry } from "../model/model.js";
import type { Supplier } from "../model/schema.js";

/** The suppliers working under `arrangement`. */
export const suppliersUnder = (model: Model, arrangement: Arrangement): Supplier[] =>
  [...model.catalogue.suppliers.values()].filter((s) => s.arrangement === arrangement);

/** The tenants of suppliers working under `arrangement`, with their supplier. */
export function tenantsUnder(model: Model, arrangement: Arrangement): { readonly entry: TenantEntry; readonly supplier: Supplier }[] {
  return model.tenants.flatMap((entry) => {
    const supplier = model.catalogue.suppliers.get(entry.tenant.supplier);
    return supplier?.arrangement === arrangement ? [{ entry, supplier }] : [];
  });
}
