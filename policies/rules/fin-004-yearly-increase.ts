/**
 * FIN-004: a tenant's monthly fee, its file held the same, rises by at most the supplier's
 * `notice.maxYearlyIncreasePercent` over twelve months: this month, and every month of the coming year
 * that a schedule already known prices, so that the warning comes before the rise does.
 */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { feeBook } from "../../fees/price.js";
import { highestYearlyIncrease } from "../../fees/increase.js";
import { formatSekGrouped } from "../../model/money.js";
import { monthOf } from "../../fees/months.js";

export const fin004: Rule = {
  id: "FIN-004",
  pack: "finance",
  severity: "warning",
  title: "A tenant's monthly fee rises by at most the supplier's yearly limit",
  explanation:
    "Fees recalculated with little notice were more than small agencies' budgets could absorb. A rise the schedules " +
    "cause beyond the supplier's promised yearly limit is shown while there is still time to plan for it.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const file = ctx.model.catalogue.fees.get(entry.tenant.supplier);
      if (!file) return [];
      const book = feeBook(file.fees);
      const rise = highestYearlyIncrease(entry.tenant, book, monthOf(ctx.today));
      if (rise === undefined) return [];
      return [tenantFinding(fin004, entry, ["services"],
        `the schedules of ${file.source.file} raise the monthly fee from ${formatSekGrouped(rise.before)} SEK (${rise.from}) to ${formatSekGrouped(rise.after)} SEK (${rise.month}), ${rise.percent} a year, more than ${entry.tenant.supplier}'s ${book.maxYearlyIncreasePercent}%; spread the rise over more schedules, or decide it with the agency`)];
    }),
};
