/** HYG-004: warn when an exception expires within the warning period (default 30 days). */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { daysBetween } from "../dates.js";

export const hyg004: Rule = {
  id: "HYG-004",
  pack: "hygiene",
  severity: "warning",
  title: "Exceptions are renewed before they expire",
  explanation:
    "When an exception expires, the findings it excuses block synth again. The warning period " +
    "(hygiene.expiryWarningDays) leaves time to take the decision again before that happens.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const { expiryWarningDays } = ctx.thresholds(entry.tenant.supplier);
      return entry.tenant.exceptions.flatMap((ex, i) => {
        const days = daysBetween(ctx.today, ex.expires);
        if (days < 0 || days > expiryWarningDays) return [];
        const when = days === 0 ? "today" : `in ${days} day${days === 1 ? "" : "s"}`;
        return [tenantFinding(hyg004, entry, ["exceptions", i, "expires"],
          `the exception for ${ex.rule} (${ex.ref}) expires ${when} (${ex.expires}); renew the decision or fix what it excuses`)];
      });
    }),
};
