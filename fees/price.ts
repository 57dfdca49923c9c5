/**
 * What one tenant pays its supplier in one month, from the supplier's fee file and the tenant file alone:
 * one line per service, unit and site, each `quantity × unitPrice` exactly in öre.
 *
 * - The schedule in force in a month is the one with the latest `validFrom` on or before its first day.
 * - Billing starts in the first month that begins at least `billing.startsAfterMonths` whole months after
 *   `agreement.acceptedAt`, and ends with the month of `agreement.exit.date`. The onboarding fee is
 *   invoiced once, in the first billed month.
 * - Tenants in `initiate` and `plan` get an estimate: the same lines, marked, never invoiced.
 * - A tenant on several sites pays each site in full (`mirroring.charge: each-site`), or the first site of
 *   `resilience.sites` in full and every further one at `mirrorShare` of the unit price, rounded half up to
 *   a whole öre (`share`).
 */
import { FEE_UNIT_IDS, type FeeFile, type FeeUnitId } from "../model/fees.js";
import { basisPointsOf, oreOf, scaleOre, times, type Ore } from "../model/money.js";
import { serviceIds, type ServiceId } from "../model/schema.js";
import { toUsage, type Priceable } from "./usage.js";
import { addMonths, firstWholeMonthFrom, monthOf } from "./months.js";
import type { FeeLine, TenantFees } from "./types.js";

/** A schedule with its amounts in öre. */
export interface PricedSchedule {
  readonly validFrom: string;
  readonly published: string;
  readonly onboarding: Ore;
  readonly prices: ReadonlyMap<ServiceId, ReadonlyMap<FeeUnitId, Ore>>;
}

/** A supplier's fee file, ready to price with: amounts in öre, the mirror share in basis points. */
export interface FeeBook {
  readonly supplier: string;
  readonly startsAfterMonths: number;
  /** Share of the unit price billed for every site after the first, in basis points (10,000 = in full). */
  readonly mirrorShare: number;
  readonly noticeMonths: number;
  readonly maxYearlyIncreasePercent: number;
  /** Oldest first. */
  readonly schedules: readonly PricedSchedule[];
}

const ore = (amount: string | number): Ore => oreOf(amount)!;

/** The fee file in öre; the schema has already refused every amount `oreOf` cannot read. */
export function feeBook(file: FeeFile): FeeBook {
  return {
    supplier: file.supplier,
    startsAfterMonths: file.billing.startsAfterMonths,
    mirrorShare: file.mirroring.charge === "share" ? basisPointsOf(file.mirroring.mirrorShare!)! : 10_000,
    noticeMonths: file.notice.months,
    maxYearlyIncreasePercent: file.notice.maxYearlyIncreasePercent,
    schedules: file.schedules.map((s) => ({
      validFrom: s.validFrom,
      published: s.published,
      onboarding: ore(s.onboarding),
      prices: new Map(
        serviceIds.flatMap((service) => {
          const units = s.prices[service];
          if (!units) return [];
          return [[service, new Map(FEE_UNIT_IDS.flatMap((u) => (units[u] === undefined ? [] : [[u, ore(units[u]!)] as const])))] as const];
        }),
      ),
    })),
  };
}

/** The schedule in force in `month` (YYYY-MM), if any. */
export function scheduleFor(book: FeeBook, month: string): PricedSchedule | undefined {
  let found: PricedSchedule | undefined;
  for (const s of book.schedules) if (monthOf(s.validFrom) <= month) found = s;
  return found;
}

/** The months a tenant is billed: from (when accepted) through to (when an exit is agreed). */
export function billingWindow(tenant: Priceable, book: FeeBook): { readonly from?: string; readonly to?: string } {
  const { acceptedAt: accepted, exitDate: exit } = toUsage(tenant);
  const from = accepted === undefined ? undefined : addMonths(firstWholeMonthFrom(accepted), book.startsAfterMonths);
  return { ...(from ? { from } : {}), ...(exit ? { to: monthOf(exit) } : {}) };
}

export { servicesOf } from "./usage.js";

/** One tenant's fees in `month`, from its file or from what the fees read of it (fees/usage.ts). */
export function priceTenant(priceable: Priceable, book: FeeBook, month: string): TenantFees {
  const tenant = toUsage(priceable);
  const schedule = scheduleFor(book, month);
  const estimate = tenant.phase === "initiate" || tenant.phase === "plan";
  const window = billingWindow(tenant, book);
  const billed = !estimate && window.from !== undefined && window.from <= month && (window.to === undefined || month <= window.to);
  const lines: FeeLine[] = [];
  const unpriced: ServiceId[] = [];
  for (const [service, quantities] of tenant.quantities) {
    const prices = schedule?.prices.get(service);
    if (!prices) {
      unpriced.push(service);
      continue;
    }
    for (const [unit, price] of prices) {
      const quantity = quantities.get(unit) ?? 0;
      if (quantity === 0) continue;
      tenant.sites.forEach((site, i) => {
        const unitPrice = i === 0 ? price : scaleOre(price, book.mirrorShare);
        lines.push({ service, unit, site, quantity, unitPrice, amount: times(quantity, unitPrice) });
      });
    }
  }
  const monthly = lines.reduce((sum, l) => sum + l.amount, 0);
  const onboarding = schedule?.onboarding ?? 0;
  const firstMonth = billed && month === window.from && onboarding > 0;
  if (firstMonth) lines.push({ service: "onboarding", unit: "onboarding", site: "", quantity: 1, unitPrice: onboarding, amount: onboarding });
  return {
    id: tenant.id,
    supplier: tenant.supplier,
    estimate,
    billed,
    ...(window.from ? { billingFrom: window.from } : {}),
    ...(window.to ? { billingTo: window.to } : {}),
    ...(schedule ? { schedule: schedule.validFrom } : {}),
    monthly,
    onboarding,
    invoiced: billed ? monthly + (firstMonth ? onboarding : 0) : 0,
    lines,
    unpriced,
  };
}

/** Every supplier's fee book, built once from the catalogue's fee files. */
export const feeBooks = (fees: ReadonlyMap<string, { readonly fees: FeeFile }>): Map<string, FeeBook> =>
  new Map([...fees].map(([supplier, f]) => [supplier, feeBook(f.fees)]));
