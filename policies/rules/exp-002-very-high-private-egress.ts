/** EXP-002: very-high tenants send traffic only to private address ranges. */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { PRIVATE_RANGES, isPrivateCidr } from "../net.js";

export const exp002: Rule = {
  id: "EXP-002",
  pack: "exposure",
  severity: "error",
  title: "Very-high tenants have egress only to private address ranges",
  explanation:
    "A very-high tenant's data leaves the site only towards networks the agency controls (its own data centre, the " +
    "government network), which use private ranges: RFC 1918, RFC 6598 and IPv6 unique local addresses.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      if (entry.tenant.security.level !== "very-high") return [];
      const egress = entry.tenant.services["container-hosting"]?.egress ?? [];
      return egress.flatMap((rule, i) =>
        isPrivateCidr(rule.cidr)
          ? []
          : [tenantFinding(exp002, entry, ["services", "container-hosting", "egress", i, "cidr"],
            `egress to ${rule.cidr} leaves the private ranges (${PRIVATE_RANGES.join(", ")}); a very-high tenant may only reach private networks`)],
      );
    }),
};
