/** LVL-002: the tenant's level is no higher than `maxSecurityLevel` of every site it is placed on. */
import type { Rule } from "../types.js";
import { levelRank } from "../../model/primitives.js";
import { tenantFinding } from "../finding-at.js";

export const lvl002: Rule = {
  id: "LVL-002",
  pack: "security-level",
  severity: "error",
  title: "Every site the tenant is placed on is built for its security level",
  explanation:
    "A site's protection is dimensioned for its most demanding tenant; a site may only host tenants whose requirements it " +
    "meets. Placing a tenant above a site's maxSecurityLevel would silently lower the tenant's protection.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const level = entry.tenant.security.level;
      return entry.tenant.resilience.sites.flatMap((siteId, i) => {
        const site = ctx.model.catalogue.sites.get(siteId);
        if (!site || levelRank(level) <= levelRank(site.maxSecurityLevel)) return [];
        return [tenantFinding(lvl002, entry, ["resilience", "sites", i],
          `site ${siteId} is built for at most ${site.maxSecurityLevel}, the tenant is ${level}; place it on sites whose maxSecurityLevel is ${level} or higher`)];
      });
    }),
};
