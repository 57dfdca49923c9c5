/** HYG-003: an expired exception is an error (and excuses nothing). */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { daysAgo, daysBetween } from "../dates.js";

export const hyg003: Rule = {
  id: "HYG-003",
  pack: "hygiene",
  severity: "error",
  title: "No exception has expired",
  explanation:
    "Exceptions are temporary by design: the expiry date forces the decision to be taken again. An expired exception " +
    "must be renewed with a new decision, or the excepted configuration fixed.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) =>
      entry.tenant.exceptions.flatMap((ex, i) => {
        if (ex.expires >= ctx.today) return [];
        return [tenantFinding(hyg003, entry, ["exceptions", i, "expires"],
          `the exception for ${ex.rule} (${ex.ref}) expired on ${ex.expires}, ${daysAgo(daysBetween(ex.expires, ctx.today))}; renew it with a new decision or fix what it excuses`)];
      }),
    ),
};
