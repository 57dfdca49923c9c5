/**
 * What a tenant file gives the fees, and nothing more: its supplier, phase and agreement dates, its sites
 * in order, and the whole quantity of every fee unit per service it uses (per site and month, the same on
 * every site). Enough to price the tenant under any fee book, so the review can price the head's tenants
 * under the base's fee files from the synthesized output alone (output/fees.ts writes it there).
 */
import { FEE_UNIT_IDS, type FeeUnitId } from "../model/fees.js";
import { serviceIds, type ServiceId, type Tenant } from "../model/schema.js";
import { feeUnit } from "./units/registry.js";

export interface FeeUsage {
  readonly id: string;
  readonly supplier: string;
  readonly phase: Tenant["agreement"]["phase"];
  readonly acceptedAt?: string;
  readonly exitDate?: string;
  /** `resilience.sites`, in order: the first is billed in full, the others as the fee file's mirroring says. */
  readonly sites: readonly string[];
  /** Per service the tenant uses (catalogue order), every unit's whole quantity, per site and month. */
  readonly quantities: ReadonlyMap<ServiceId, ReadonlyMap<FeeUnitId, number>>;
}

/** The tenant file as the fees see it. */
export function usageOf(tenant: Tenant): FeeUsage {
  const a = tenant.agreement;
  return {
    id: tenant.id,
    supplier: tenant.supplier,
    phase: a.phase,
    ...(a.acceptedAt !== undefined ? { acceptedAt: a.acceptedAt } : {}),
    ...(a.exit ? { exitDate: a.exit.date } : {}),
    sites: tenant.resilience.sites,
    quantities: new Map(servicesOf(tenant).map((service) => [service, new Map(FEE_UNIT_IDS.map((unit) => [unit, feeUnit(unit).quantity(tenant, service)] as const))] as const)),
  };
}

/** The services a tenant chose, in the catalogue's order. */
export const servicesOf = (tenant: Tenant): ServiceId[] => serviceIds.filter((s) => tenant.services[s] !== undefined);

/** A tenant file, or what the fees read of it. */
export type Priceable = Tenant | FeeUsage;

/** What the fees read of a tenant file (a usage is returned as it is). */
export const toUsage = (t: Priceable): FeeUsage => ("agreement" in t ? usageOf(t) : t);
