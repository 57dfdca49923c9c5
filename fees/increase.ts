/**
 * The fee-jump pain, as facts a rule or the review can judge: a schedule published with less notice than
 * the supplier promises, a schedule that changes prices retroactively, and a tenant whose monthly fee the
 * schedules alone (the same tenant file) raise by more than the supplier's yearly limit.
 */
import type { Priceable } from "./usage.js";
import type { Ore } from "../model/money.js";
import { priceTenant, type FeeBook, type PricedSchedule } from "./price.js";
import { addMonths, addMonthsToDate } from "./months.js";

/** The first validFrom a schedule published on `published` may have without a decision. */
export const earliestWithNotice = (published: string, noticeMonths: number): string => addMonthsToDate(published, noticeMonths);

/** Whether a schedule takes effect sooner than the notice period after it was published. */
export const shortNotice = (schedule: Pick<PricedSchedule, "validFrom" | "published">, noticeMonths: number): boolean =>
  schedule.validFrom < earliestWithNotice(schedule.published, noticeMonths);

/** Whether a schedule changes prices for a time before it was published. */
export const retroactive = (schedule: Pick<PricedSchedule, "validFrom" | "published">): boolean => schedule.validFrom < schedule.published;

export interface FeeChange {
  readonly before: Ore;
  readonly after: Ore;
  /** after > before × (100 + limit) / 100, in whole öre arithmetic. */
  readonly exceeds: boolean;
}

/** Whether `after` rises above `before` by more than `percent` per cent (exactly; a rise from nothing never does). */
export const risesBeyond = (before: Ore, after: Ore, percent: number): boolean => before > 0 && after * 100 > before * (100 + percent);

/**
 * The tenant's monthly fee in `month` against twelve months earlier, the tenant file held the same: what
 * the schedules alone changed. Judged against the supplier's `notice.maxYearlyIncreasePercent`.
 */
export function yearlyIncrease(tenant: Priceable, book: FeeBook, month: string): FeeChange {
  const before = priceTenant(tenant, book, addMonths(month, -12)).monthly;
  const after = priceTenant(tenant, book, month).monthly;
  return { before, after, exceeds: risesBeyond(before, after, book.maxYearlyIncreasePercent) };
}

/** The largest yearly rise beyond the supplier's limit, and when it happens. */
export interface YearlyRise extends FeeChange {
  /** The month the fee reaches `after` (YYYY-MM). */
  readonly month: string;
  /** Twelve months earlier, when it was `before`. */
  readonly from: string;
  /** The rise for people, e.g. `"+12.5%"` (rounded to a tenth of a per cent; the judgement itself is exact). */
  readonly percent: string;
}

/** `+12.5%`: how much `after` is above `before`, to a tenth of a per cent (half up). */
export const percentText = (before: Ore, after: Ore): string => {
  // For people only: the judgement (risesBeyond) is exact integer arithmetic.
  const tenths = Math.abs(Math.round(((after - before) * 1000) / before));
  return `${after >= before ? "+" : "-"}${Math.trunc(tenths / 10)}.${tenths % 10}%`;
};

/**
 * The highest rise beyond the supplier's limit of the tenant's monthly fee over twelve months, judged in
 * `month` and in every month of the next twelve (the schedules already known say what they will bring),
 * the tenant file held the same; undefined when no month exceeds the limit.
 */
export function highestYearlyIncrease(tenant: Priceable, book: FeeBook, month: string): YearlyRise | undefined {
  let highest: YearlyRise | undefined;
  for (let i = 0; i <= 12; i++) {
    const m = addMonths(month, i);
    const change = yearlyIncrease(tenant, book, m);
    if (!change.exceeds) continue;
    // Compare after/before ratios exactly: a/b > c/d ⇔ a·d > c·b (both befores are positive when exceeding).
    if (highest === undefined || change.after * highest.before > highest.after * change.before) {
      highest = { ...change, month: m, from: addMonths(m, -12), percent: percentText(change.before, change.after) };
    }
  }
  return highest;
}
