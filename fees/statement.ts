/**
 * The fee statement of a month for every tenant of the repository, with totals per tenant, supplier and
 * site, and the three-year view: each tenant's yearly fees from the schedules known today.
 */
import type { Tenant } from "../model/schema.js";
import type { Ore } from "../model/money.js";
import { billingWindow, priceTenant, type FeeBook } from "./price.js";
import { addMonths } from "./months.js";
import type { TenantFees } from "./types.js";
import { byEntryKey } from "../lib/sort.js";

export interface FeeTotals {
  /** Invoiced this month, over every billed tenant. */
  readonly invoiced: Ore;
  readonly bySupplier: ReadonlyMap<string, Ore>;
  /** Recurring lines by site; the one-off onboarding fees are under `onboarding`. */
  readonly bySite: ReadonlyMap<string, Ore>;
  /** Monthly fees of the tenants that only have an estimate (initiate, plan): never invoiced. */
  readonly estimated: Ore;
}

export interface FeeStatement {
  readonly currency: "SEK";
  readonly month: string;
  /** Tenants sorted by id; a tenant whose supplier has no fee file is in `withoutFees`. */
  readonly tenants: readonly TenantFees[];
  readonly withoutFees: readonly string[];
  readonly totals: FeeTotals;
}

const add = (map: Map<string, Ore>, key: string, amount: Ore) => map.set(key, (map.get(key) ?? 0) + amount);
const sortedMap = (map: Map<string, Ore>): ReadonlyMap<string, Ore> => new Map([...map].sort(byEntryKey));

/** Every tenant's fees in `month`, with totals. */
export function feeStatement(tenants: readonly Tenant[], books: ReadonlyMap<string, FeeBook>, month: string): FeeStatement {
  const priced: TenantFees[] = [];
  const withoutFees: string[] = [];
  const bySupplier = new Map<string, Ore>();
  const bySite = new Map<string, Ore>();
  let invoiced = 0;
  let estimated = 0;
  for (const tenant of tenants) {
    const book = books.get(tenant.supplier);
    if (!book) {
      withoutFees.push(tenant.id);
      continue;
    }
    const fees = priceTenant(tenant, book, month);
    priced.push(fees);
    if (fees.estimate) estimated += fees.monthly;
    if (!fees.billed) continue;
    invoiced += fees.invoiced;
    add(bySupplier, fees.supplier, fees.invoiced);
    for (const line of fees.lines) add(bySite, line.site === "" ? "onboarding" : line.site, line.amount);
  }
  return { currency: "SEK", month, tenants: priced, withoutFees, totals: { invoiced, bySupplier: sortedMap(bySupplier), bySite: sortedMap(bySite), estimated } };
}

/** One tenant's fees per calendar year. */
export interface TenantForecast {
  readonly id: string;
  readonly supplier: string;
  /** The tenant has no acceptance date yet: its years assume billing from the forecast's first month. */
  readonly estimate: boolean;
  /** Year (YYYY) → what would be invoiced in it, onboarding included. */
  readonly years: ReadonlyMap<string, Ore>;
}

/**
 * Each tenant's yearly fees for `years` calendar years from the year of `month`, from the schedules known
 * today (a schedule valid from a later date counts from that date) and the tenant's agreement dates. A
 * tenant not yet accepted (initiate, plan, or build without `acceptedAt`) is forecast as if accepted in
 * `month`, so that its first year shows the onboarding fee and the months before billing starts.
 */
export function feeForecast(tenants: readonly Tenant[], books: ReadonlyMap<string, FeeBook>, month: string, years: number): TenantForecast[] {
  const firstYear = Number(month.slice(0, 4));
  const forecasts: TenantForecast[] = [];
  for (const tenant of tenants) {
    const book = books.get(tenant.supplier);
    if (!book) continue;
    const estimate = billingWindow(tenant, book).from === undefined;
    const assumed: Tenant = estimate
      ? { ...tenant, agreement: { ...tenant.agreement, phase: "run", acceptedAt: `${month}-01` } }
      : tenant;
    const totals = new Map<string, Ore>();
    for (let y = 0; y < years; y++) {
      const year = String(firstYear + y);
      let sum = 0;
      for (let m = 0; m < 12; m++) sum += priceTenant(assumed, book, addMonths(`${year}-01`, m)).invoiced;
      totals.set(year, sum);
    }
    forecasts.push({ id: tenant.id, supplier: tenant.supplier, estimate, years: totals });
  }
  return forecasts;
}
