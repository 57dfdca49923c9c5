/** AGG-001: warn when one site holds more high/very-high tenants than the supplier's threshold. */
import type { Rule } from "../types.js";
import { siteFinding } from "../finding-at.js";

export const agg001: Rule = {
  id: "AGG-001",
  pack: "aggregation",
  severity: "warning",
  title: "A site holds few high and very-high tenants",
  explanation:
    "Pooling many high-security tenants at one site makes it a more valuable target and raises the consequence of one " +
    "breach or outage (aggregation risk). The count includes tenants still in initiate or plan, so the warning comes " +
    "while the placement can still change.",
  exceptable: false,
  check: (ctx) =>
    [...ctx.model.catalogue.sites.values()].flatMap((site) => {
      const { maxHighTenantsPerSite } = ctx.thresholds(site.supplier);
      const high = ctx.model.tenants
        .filter((e) => e.tenant.resilience.sites.includes(site.id))
        .filter((e) => e.tenant.security.level === "high" || e.tenant.security.level === "very-high")
        .map((e) => `${e.tenant.id} (${e.tenant.security.level})`);
      if (high.length <= maxHighTenantsPerSite) return [];
      return [siteFinding(agg001, ctx.model, site.id, [],
        `${high.length} high or very-high tenants are placed on this site, more than ${maxHighTenantsPerSite}: ${high.join(", ")}; spread them over other sites or raise aggregation.maxHighTenantsPerSite after a risk assessment`)];
    }),
};
