/**
 * fee-short-notice: a fee schedule added or changed takes effect sooner than the supplier's `notice.months`
 * after its `published` date. Raised on each committed tenant whose monthly fee it raises (approved by the
 * tenant's marker); when it raises nobody's, shown for attention on the supplier.
 */
import { APPROVAL_CHANGES } from "../../model/approvals.js";
import { stableStringify } from "../../lib/json.js";
import { feeBook, priceTenant } from "../../fees/price.js";
import { earliestWithNotice, shortNotice } from "../../fees/increase.js";
import { addMonths, monthOf } from "../../fees/months.js";
import { bothRecords } from "../fees.js";
import { committed } from "./fee-increase.js";
import type { Draft, FlagDef } from "./types.js";

export const feeShortNotice: FlagDef = {
  kind: "fee-short-notice",
  level: "decision or attention",
  approval: "fee-short-notice",
  approvalNote: "in the tenant's file, recording that the agency accepted the shorter notice",
  title: "a fee schedule added or changed takes effect sooner than `notice.months` after its `published` date",
  explanation: "Agencies plan their budgets a year ahead; a price change they hear of too late cannot be planned for. A schedule that only lowers fees is shown for attention.",
  drafts: (ctx) => {
    const both = bothRecords(ctx.input.fees);
    if (!both) return [];
    const { base, head } = both;
    return [...head.suppliers].flatMap(([supplier, file]): Draft[] => {
      const earlier = new Map((base.suppliers.get(supplier)?.schedules ?? []).map((s) => [s.validFrom, stableStringify(s)]));
      const after = feeBook(file);
      return file.schedules.flatMap((schedule): Draft[] => {
        if (earlier.get(schedule.validFrom) === stableStringify(schedule) || !shortNotice(schedule, after.noticeMonths)) return [];
        const month = monthOf(schedule.validFrom);
        const what = `${supplier}'s schedule valid from ${schedule.validFrom} was published on ${schedule.published}, less than ${after.noticeMonths} months before (the earliest with notice is ${earliestWithNotice(schedule.published, after.noticeMonths)})`;
        // Raised: the tenant pays more in the schedule's first month than in the month before it.
        const raised = [...head.tenants.values()].filter((u) => u.supplier === supplier && committed(u.phase)).filter((u) =>
          priceTenant(u, after, month).monthly > priceTenant(u, after, addMonths(month, -1)).monthly);
        if (raised.length === 0) {
          return [{ kind: "fee-short-notice", level: "attention", subject: `${supplier}@${schedule.validFrom}`, message: `${what}; it raises no committed tenant's fee` }];
        }
        return raised.map((u) => ({
          kind: "fee-short-notice" as const, level: "decision" as const, tenant: u.id, subject: `${supplier}@${schedule.validFrom}`, sites: u.sites,
          message: `${what}; it raises ${u.id}'s monthly fee`,
          approval: APPROVAL_CHANGES.feeShortNotice,
        }));
      });
    });
  },
};
