/** The shapes of the fee computation: units, lines and statements. Money is whole öre (model/money.ts). */
import type { FeeUnitId } from "../model/fees.js";
import type { Ore } from "../model/money.js";
import type { ServiceId, Tenant } from "../model/schema.js";

/**
 * A unit a price is given per: what it counts in a tenant file, for one site and one month. Quantities are
 * whole numbers: anything fractional (500m of cpu, 512Mi of memory) is summed exactly over the tenant's
 * namespaces and then rounded **up** to a whole unit, so `amount = quantity × unitPrice` holds exactly.
 */
export interface FeeUnit {
  readonly id: FeeUnitId;
  /** One line for people, shown in docs/fees.md. */
  readonly title: string;
  /** Why it is counted this way. */
  readonly explanation: string;
  /** The whole quantity the tenant uses of this unit on one site, for a service it chose. */
  readonly quantity: (tenant: Tenant, service: ServiceId) => number;
}

/** One line of a statement: a service, a unit, a site (empty for the one-off onboarding fee). */
export interface FeeLine {
  readonly service: ServiceId | "onboarding";
  readonly unit: FeeUnitId | "onboarding";
  readonly site: string;
  readonly quantity: number;
  readonly unitPrice: Ore;
  readonly amount: Ore;
}

/** One tenant's fees for one month. */
export interface TenantFees {
  readonly id: string;
  readonly supplier: string;
  /** A tenant in initiate or plan: what it would pay once billed, for it to decide on before it commits. */
  readonly estimate: boolean;
  /** Whether this month is invoiced (billing has started and not ended). An estimate is never billed. */
  readonly billed: boolean;
  /** First billed month (YYYY-MM), when known: `billing.startsAfterMonths` after `agreement.acceptedAt`. */
  readonly billingFrom?: string;
  /** Last billed month (YYYY-MM): the month of the agreed exit, when one is agreed. */
  readonly billingTo?: string;
  /** The schedule priced with (its validFrom), or undefined when none is in force yet. */
  readonly schedule?: string;
  /** The recurring monthly fee on the lines (onboarding excluded). */
  readonly monthly: Ore;
  /** The one-off onboarding fee of the schedule in force. */
  readonly onboarding: Ore;
  /** What is invoiced this month: the lines' sum when billed (onboarding included in the first month), else 0. */
  readonly invoiced: Ore;
  readonly lines: readonly FeeLine[];
  /** Services the tenant uses that the schedule gives no price for (FIN-003 refuses them). */
  readonly unpriced: readonly ServiceId[];
}
