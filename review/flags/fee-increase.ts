/**
 * fee-increase: a fee file change raises a committed tenant's monthly fee by more than the supplier's
 * `notice.maxYearlyIncreasePercent`. The head's tenant is priced under the base's and the head's fee file,
 * this month and from every later schedule, so only the rise the fee file causes counts.
 */
import { APPROVAL_CHANGES } from "../../model/approvals.js";
import { formatSekGrouped } from "../../model/money.js";
import { feeBook } from "../../fees/price.js";
import { percentText, risesBeyond } from "../../fees/increase.js";
import { bothRecords, feeFileChanged, underBoth } from "../fees.js";
import type { Draft, FlagDef } from "./types.js";

/** Tenants in build, run or decommission: they have committed, so their fee is no longer an estimate. */
export const committed = (phase: string): boolean => phase !== "initiate" && phase !== "plan";

export const feeIncrease: FlagDef = {
  kind: "fee-increase",
  level: "decision",
  approval: "fee-increase",
  approvalNote: "in the tenant's file, recording that the agency accepted the rise",
  title: "a fee file change raises a committed tenant's monthly fee by more than the supplier's `notice.maxYearlyIncreasePercent`",
  explanation: "Fees recalculated beyond what was promised were more than small agencies' budgets could absorb; the rise is decided with the agency, not merged in passing.",
  drafts: (ctx) => {
    const both = bothRecords(ctx.input.fees);
    if (!both) return [];
    const { base, head } = both;
    return [...head.tenants.values()].flatMap((usage): Draft[] => {
      if (!committed(usage.phase) || !feeFileChanged(base, head, usage.supplier)) return [];
      const before = base.suppliers.get(usage.supplier);
      const after = head.suppliers.get(usage.supplier);
      if (!before || !after) return [];
      const limit = feeBook(after).maxYearlyIncreasePercent;
      const rises = underBoth(usage, feeBook(before), feeBook(after), head.month).filter((p) => risesBeyond(p.before, p.after, limit));
      // The highest rise: a/b > c/d ⇔ a·d > c·b.
      const top = rises.reduce<(typeof rises)[number] | undefined>((best, p) => (!best || p.after * best.before > best.after * p.before ? p : best), undefined);
      if (!top) return [];
      return [{
        kind: "fee-increase", level: "decision", tenant: usage.id, subject: usage.supplier, sites: usage.sites,
        message: `the change to ${usage.supplier}'s fee file raises ${usage.id}'s monthly fee from ${formatSekGrouped(top.before)} to ${formatSekGrouped(top.after)} SEK (${percentText(top.before, top.after)}) from ${top.month}, more than ${usage.supplier}'s ${limit}% a year`,
        approval: APPROVAL_CHANGES.feeIncrease,
      }];
    });
  },
};
