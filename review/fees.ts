/**
 * Fees in the review, read from the two outputs' fees records (output/fees.ts): each changed tenant's
 * monthly fee before and after, every tenant a fee file change moves, and the facts the fee flags judge
 * (review/flags/fee-*.ts). A tenant is priced in the head record's month; "what the fee file caused" is
 * the head's tenant priced under the base's and the head's fee file, so a tenant's own change never counts.
 * Silent (undefined) unless both outputs have a record: an output from before fees were recorded.
 */
import type { FeeFile } from "../model/fees.js";
import { formatSek, formatSekGrouped, oreOf, type Ore } from "../model/money.js";
import { stableStringify } from "../lib/json.js";
import { byString } from "../lib/sort.js";
import type { FeesRecord } from "../output/fees.js";
import { feeBook, priceTenant, type FeeBook, type PricedSchedule } from "../fees/price.js";
import { monthOf } from "../fees/months.js";
import type { FeeUsage } from "../fees/usage.js";

/** The two outputs' fees records. */
export interface FeeSides {
  readonly base?: FeesRecord;
  readonly head?: FeesRecord;
}

/** A monthly fee before and after, as SEK text (two decimals) for the JSON output. */
export interface FeeDelta {
  readonly tenant: string;
  readonly supplier: string;
  /** Absent for a tenant that is new (or had no fee file). */
  readonly before?: string;
  /** Absent for a tenant that goes (or has no fee file). */
  readonly after?: string;
  readonly difference: string;
}

/** A tenant a fee file change moves: from the first month its fee differs. */
export interface FeeMove extends FeeDelta {
  readonly from: string;
}

export interface FeeFileChange {
  readonly supplier: string;
  /** Every tenant of the supplier whose monthly fee the change moves (this month or from a later one). */
  readonly moves: readonly FeeMove[];
}

export interface FeeReview {
  /** The month priced (the head's `--today`). */
  readonly month: string;
  /** Changed tenants' monthly fees before and after (the tenant file and the fee file both count). */
  readonly tenants: readonly FeeDelta[];
  /** Fee files that change, each with the tenants it moves. */
  readonly feeFiles: readonly FeeFileChange[];
}

/** Both records, when both outputs have one. */
export const bothRecords = (sides: FeeSides | undefined): { base: FeesRecord; head: FeesRecord } | undefined =>
  sides?.base && sides.head ? { base: sides.base, head: sides.head } : undefined;

const bookOf = (record: FeesRecord, supplier: string): FeeBook | undefined => {
  const file = record.suppliers.get(supplier);
  return file ? feeBook(file) : undefined;
};

const same = (a: FeeFile | undefined, b: FeeFile | undefined): boolean => stableStringify(a) === stableStringify(b);

/** Whether the supplier's fee file differs between the records. */
export const feeFileChanged = (base: FeesRecord, head: FeesRecord, supplier: string): boolean => !same(base.suppliers.get(supplier), head.suppliers.get(supplier));

/** The months from `month` on at which either book's prices can change (the fee is constant between them). */
export function breakpoints(books: readonly FeeBook[], month: string): string[] {
  const months = new Set([month]);
  for (const b of books) for (const s of b.schedules) if (monthOf(s.validFrom) > month) months.add(monthOf(s.validFrom));
  return [...months].sort(byString);
}

const monthly = (usage: FeeUsage, book: FeeBook, month: string): Ore => priceTenant(usage, book, month).monthly;

/** A tenant priced under two books at each breakpoint: before and after, per month. */
export function underBoth(usage: FeeUsage, before: FeeBook, after: FeeBook, month: string): { month: string; before: Ore; after: Ore }[] {
  return breakpoints([before, after], month).map((m) => ({ month: m, before: monthly(usage, before, m), after: monthly(usage, after, m) }));
}

/** Whether two schedules charge the same (onboarding and every price). */
export const sameCharges = (a: PricedSchedule | undefined, b: PricedSchedule | undefined): boolean =>
  stableStringify(a ? { o: a.onboarding, p: [...a.prices].map(([s, u]) => [s, [...u]]) } : null) ===
  stableStringify(b ? { o: b.onboarding, p: [...b.prices].map(([s, u]) => [s, [...u]]) } : null);


const delta = (tenant: string, supplier: string, before: Ore | undefined, after: Ore | undefined) => ({
  tenant,
  supplier,
  ...(before !== undefined ? { before: formatSek(before) } : {}),
  ...(after !== undefined ? { after: formatSek(after) } : {}),
  difference: formatSek((after ?? 0) - (before ?? 0)),
});

/** The fee review of a change; `changedTenants` are the tenants with a stack in it. */
export function feeReview(sides: FeeSides | undefined, changedTenants: readonly string[]): FeeReview | undefined {
  const both = bothRecords(sides);
  if (!both) return undefined;
  const { base, head } = both;
  const month = head.month;
  const priced = (record: FeesRecord, id: string): { supplier: string; fee?: Ore } | undefined => {
    const usage = record.tenants.get(id);
    if (!usage) return undefined;
    const book = bookOf(record, usage.supplier);
    return { supplier: usage.supplier, ...(book ? { fee: monthly(usage, book, month) } : {}) };
  };
  const tenants = changedTenants.flatMap((id) => {
    const b = priced(base, id);
    const h = priced(head, id);
    if (b?.fee === undefined && h?.fee === undefined) return [];
    return [delta(id, (h ?? b)!.supplier, b?.fee, h?.fee)];
  });
  const suppliers = [...new Set([...base.suppliers.keys(), ...head.suppliers.keys()])].sort(byString).filter((s) => feeFileChanged(base, head, s));
  const feeFiles = suppliers.map((supplier) => {
    const before = bookOf(base, supplier);
    const after = bookOf(head, supplier);
    const moves = [...head.tenants.values()].filter((u) => u.supplier === supplier).sort((a, b) => byString(a.id, b.id)).flatMap((usage) => {
      const first = before && after
        ? underBoth(usage, before, after, month).find((p) => p.before !== p.after)
        : { month, before: before ? monthly(usage, before, month) : undefined, after: after ? monthly(usage, after, month) : undefined };
      return first ? [{ ...delta(usage.id, supplier, first.before, first.after), from: first.month }] : [];
    });
    return { supplier, moves };
  });
  return { month, tenants, feeFiles };
}

/** `19 849.60 → 20 300.00 SEK a month (+450.40)`, for people. */
export function deltaText(d: FeeDelta): string {
  const sek = (s: string) => formatSekGrouped(oreOf(s)!);
  if (d.before === undefined) return `${sek(d.after!)} SEK a month (new)`;
  if (d.after === undefined) return `was ${sek(d.before)} SEK a month`;
  if (d.before === d.after) return `${sek(d.after)} SEK a month (unchanged)`;
  const diff = d.difference.startsWith("-") ? `−${sek(d.difference.slice(1))}` : `+${sek(d.difference)}`;
  return `${sek(d.before)} → ${sek(d.after)} SEK a month (${diff})`;
}
