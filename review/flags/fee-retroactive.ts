/**
 * fee-retroactive: a fee file change alters the prices of a month already begun or past (the head's
 * month or earlier). No marker approves it: prices are never changed retroactively (FIN-002); fix the
 * file, with a new schedule from a coming month.
 */
import { feeBook, scheduleFor } from "../../fees/price.js";
import { monthOf } from "../../fees/months.js";
import { bothRecords, feeFileChanged, sameCharges } from "../fees.js";
import type { Draft, FlagDef } from "./types.js";
import { byString } from "../../lib/sort.js";

export const feeRetroactive: FlagDef = {
  kind: "fee-retroactive",
  level: "decision",
  approvalNote: "none: add a schedule from a coming month instead",
  title: "a fee file change alters the prices of the current or a past month",
  explanation: "Months already begun were budgeted, and perhaps invoiced, at the prices in force; changing them breaks the agencies' trust in every fee.",
  drafts: (ctx) => {
    const both = bothRecords(ctx.input.fees);
    if (!both) return [];
    const { base, head } = both;
    return [...head.suppliers.keys()].flatMap((supplier): Draft[] => {
      const was = base.suppliers.get(supplier);
      if (!was || !feeFileChanged(base, head, supplier)) return [];
      const before = feeBook(was);
      const after = feeBook(head.suppliers.get(supplier)!);
      const months = [...new Set([...before.schedules, ...after.schedules].map((s) => monthOf(s.validFrom)).filter((m) => m <= head.month))].sort(byString);
      const changed = months.filter((m) => !sameCharges(scheduleFor(before, m), scheduleFor(after, m)));
      if (changed.length === 0) return [];
      return [{
        kind: "fee-retroactive", level: "decision", subject: supplier,
        message: `${supplier}'s fee file changes the prices in force from ${changed[0]}, a month already begun (this month is ${head.month}); prices may not change retroactively: restore them and add a schedule from a coming month`,
      }];
    });
  },
};
