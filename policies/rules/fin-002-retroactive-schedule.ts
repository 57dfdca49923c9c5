/** FIN-002: no fee schedule is valid from before it was published: prices never change retroactively. */
import type { Rule } from "../types.js";
import { feeFileFinding } from "../finding-at.js";
import { retroactive } from "../../fees/increase.js";

export const fin002: Rule = {
  id: "FIN-002",
  pack: "finance",
  severity: "error",
  title: "No fee schedule takes effect before it was published",
  explanation:
    "An agency's budget is set from the prices it was told; a schedule valid from before its publication charges for " +
    "months already planned and paid at other prices. A price change takes effect after it is communicated, never before.",
  exceptable: false,
  check: (ctx) =>
    [...ctx.model.catalogue.fees].flatMap(([supplier, { fees }]) =>
      fees.schedules.flatMap((schedule, i) =>
        retroactive(schedule)
          ? [feeFileFinding(fin002, ctx.model, supplier, ["schedules", i, "validFrom"],
              `the schedule is valid from ${schedule.validFrom}, before it was published (${schedule.published}); prices may not change retroactively: move validFrom to the first of a month on or after ${schedule.published}`)]
          : [],
      ),
    ),
};
