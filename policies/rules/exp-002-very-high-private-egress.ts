/** EXP-002: very-high tenants send traffic only to private address ranges. */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { isPrivateCidr, privateRangesOf } from "../net.js";

export const exp002: Rule = {
  id: "EXP-002",
  pack: "exposure",
  severity: "error",
  title: "Very-high tenants have egress only to private address ranges",
  explanation:
    "A very-high tenant's data leaves the site only towards networks the agency controls (its own data centre, the " +
    "government network), which use private ranges: RFC 1918, RFC 6598, IPv6 unique local addresses, and the ranges " +
    "the supplier declares private in the catalogue (policy.privateRanges).",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      if (entry.tenant.security.level !== "very-high") return [];
      const privateRanges = privateRangesOf(ctx.model.catalogue.suppliers.get(entry.tenant.supplier));
      const egress = entry.tenant.services["container-hosting"]?.egress ?? [];
      return egress.flatMap((rule, i) =>
        isPrivateCidr(rule.cidr, privateRanges)
          ? []
          : [tenantFinding(exp002, entry, ["services", "container-hosting", "egress", i, "cidr"],
            `egress to ${rule.cidr} leaves the private ranges (${privateRanges.join(", ")}); a very-high tenant may only reach private networks`)],
      );
    }),
};
