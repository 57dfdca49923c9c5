/** CAP-002: warn when a site's quotas pass the warning share of what CAP-001 allows. */
import type { Rule } from "../types.js";
import { siteFinding } from "../finding-at.js";
import { DIMENSIONS, allowed, contributors, formatAmount, siteLoads } from "../capacity.js";

export const cap002: Rule = {
  id: "CAP-002",
  pack: "capacity",
  severity: "warning",
  title: "Quotas on a site stay below the warning share of the allowed total",
  explanation:
    "Onboarding takes months; a site that is nearly full must be extended before the next tenant arrives, not when " +
    "synth starts failing. The warning share (capacity.warnShare) gives the supplier that lead time.",
  exceptable: false,
  check: (ctx) =>
    siteLoads(ctx.model).flatMap((load) => {
      const { overcommit, capacityWarnShare } = ctx.thresholds(load.site.supplier);
      return DIMENSIONS.flatMap((d) => {
        const limit = allowed(load, d, overcommit);
        const total = load.total[d];
        // Above the limit CAP-001 reports it as an error; one finding per problem.
        if (total <= limit * capacityWarnShare || total > limit) return [];
        const pct = Math.round((total / limit) * 100);
        return [siteFinding(cap002, ctx.model, load.site.id, ["capacity", d],
          `tenant quotas use ${pct}% of the allowed ${formatAmount(d, limit)} of ${d} (warning above ${Math.round(capacityWarnShare * 100)}%); largest: ${contributors(load, d)}`)];
      });
    }),
};
