/** AGR-008: notice of an agreed exit within the notice period (default 90 days). */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { daysBetween } from "../dates.js";

export const agr008: Rule = {
  id: "AGR-008",
  pack: "agreement",
  severity: "warning",
  title: "Agreed exits coming soon are announced",
  explanation:
    "An agreed exit date needs the export or retention of the tenant's data prepared before it, and the tenant may not " +
    "be removed before it without a decision (review flags that). The notice (agreement.exitNoticeDays ahead) leaves " +
    "time to plan the decommission; it does not block.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const exit = entry.tenant.agreement.exit;
      if (!exit) return [];
      const { exitNoticeDays } = ctx.thresholds(entry.tenant.supplier);
      const days = daysBetween(ctx.today, exit.date);
      if (days < 0 || days > exitNoticeDays) return [];
      const when = days === 0 ? "today" : `in ${days} day${days === 1 ? "" : "s"}`;
      return [tenantFinding(agr008, entry, ["agreement", "exit", "date"],
        `notice: the agreed exit (${exit.ref}) is ${when}, on ${exit.date}; prepare the export or retention and the decommission`)];
    }),
};
