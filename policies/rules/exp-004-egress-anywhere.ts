/**
 * EXP-004: egress to the whole internet (`0.0.0.0/0`, `::/0`), or to a public block so broad it amounts
 * to it (alone, or with the tenant's other public blocks), always needs an exception.
 */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { broadEgress, privateRangesOf, publicEgressBeyond } from "../net.js";

export const exp004: Rule = {
  id: "EXP-004",
  pack: "exposure",
  severity: "error",
  title: "Egress to the whole internet, or to a public block almost as broad, needs an exception",
  explanation:
    "Egress to any address makes the default-deny network policy meaningless for outbound traffic: data can leave to " +
    "anywhere. Splitting 0.0.0.0/0 into halves, or reaching IPv4 through a NAT64 prefix, is the same. Declare the " +
    "actual destinations; where that is impossible, document the decision as an exception. By default a public block broader than a /8 (IPv4) or /32 (IPv6) counts, and so do public blocks that together hold more addresses than one such block; the limits are thresholds.",
  exceptable: true,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const { minPublicEgressPrefixV4: v4, minPublicEgressPrefixV6: v6 } = ctx.thresholds(entry.tenant.supplier);
      const privateRanges = privateRangesOf(ctx.model.catalogue.suppliers.get(entry.tenant.supplier));
      const egress = entry.tenant.services["container-hosting"]?.egress ?? [];
      const broad = egress.flatMap((rule, i) => {
        const why = broadEgress(rule.cidr, { v4, v6 }, privateRanges);
        return why
          ? [tenantFinding(exp004, entry, ["services", "container-hosting", "egress", i, "cidr"],
            `${why}; declare the real destinations, or add an exception for EXP-004`)]
          : [];
      });
      // Many blocks each within the limit can add up to a share of the internet no single block may have.
      const sum = publicEgressBeyond(egress.map((r) => r.cidr), { v4, v6 }, privateRanges);
      return sum
        ? [...broad, tenantFinding(exp004, entry, ["services", "container-hosting", "egress"],
          `${sum}; declare the real destinations, or add an exception for EXP-004`)]
        : broad;
    }),
};
