/** CAP-001: per site, the tenants' quotas stay within capacity × the supplier's overcommit factor. */
import type { Rule } from "../types.js";
import { siteFinding } from "../finding-at.js";
import { DIMENSIONS, allowed, contributors, formatAmount, siteLoads } from "../capacity.js";

export const cap001: Rule = {
  id: "CAP-001",
  pack: "capacity",
  severity: "error",
  title: "Quotas on a site fit its capacity (times the overcommit factor)",
  explanation:
    "Quotas are promises: a tenant may use what its quota allows. When the promises exceed what the site can deliver, " +
    "one tenant's peak becomes another's outage. The supplier tunes capacity.overcommit to what it is willing to risk.",
  exceptable: false,
  check: (ctx) =>
    siteLoads(ctx.model).flatMap((load) => {
      const { overcommit } = ctx.thresholds(load.site.supplier);
      return DIMENSIONS.flatMap((d) => {
        const limit = allowed(load, d, overcommit);
        if (load.total[d] <= limit) return [];
        return [siteFinding(cap001, ctx.model, load.site.id, ["capacity", d],
          `tenant quotas add up to ${formatAmount(d, load.total[d])} of ${d}, above the allowed ${formatAmount(d, limit)} ` +
          `(capacity ${formatAmount(d, load.capacity[d])} × overcommit ${overcommit}); largest: ${contributors(load, d)}. Add capacity, move a tenant or lower quotas`)];
      });
    }),
};
