/** AGR-006: warn when a tenant has been suspended longer than the supplier's limit (default 30 days). */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { daysBetween } from "../dates.js";

export const agr006: Rule = {
  id: "AGR-006",
  pack: "agreement",
  severity: "warning",
  title: "A suspension is resolved within the supplier's limit",
  explanation:
    "A suspended tenant keeps its data but runs nothing: it is a state for an incident or an unpaid agreement, not a " +
    "way to park a tenant. Past agreement.maxSuspensionDays, resume it or move it to decommission under its exit terms.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const s = entry.tenant.agreement.suspended;
      if (!s) return [];
      const { maxSuspensionDays } = ctx.thresholds(entry.tenant.supplier);
      const days = daysBetween(s.since, ctx.today);
      if (days <= maxSuspensionDays) return [];
      return [tenantFinding(agr006, entry, ["agreement", "suspended", "since"],
        `suspended since ${s.since} (${s.ref}), ${days} days, longer than the ${maxSuspensionDays} days allowed (agreement.maxSuspensionDays); resume the tenant (samdrift resume) or decommission it under its exit terms`)];
    }),
};
