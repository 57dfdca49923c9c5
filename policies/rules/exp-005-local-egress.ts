/**
 * EXP-005: no egress to addresses that belong to the node or the platform: loopback, link-local (the cloud
 * metadata service), "this network", and the local-use NAT64 prefix (lib/address-scope.ts).
 */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { localRangeOf } from "../../lib/address-scope.js";

export const exp005: Rule = {
  id: "EXP-005",
  pack: "exposure",
  severity: "error",
  title: "No egress to loopback, link-local or other node-local addresses",
  explanation:
    "What answers on loopback and link-local addresses is the node's, not a network's: the cloud metadata service at " +
    "169.254.169.254 hands out the node's credentials. A local-use NAT64 prefix (RFC 8215) reaches IPv4 addresses that " +
    "only the operator's translator knows. These belong to the platform, so no exception can grant them. A broader " +
    "block that contains them (up to 0.0.0.0/0) is allowed: the network policy lists them as the block's except.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) =>
      (entry.tenant.services["container-hosting"]?.egress ?? []).flatMap((rule, i) => {
        const local = localRangeOf(rule.cidr);
        return local
          ? [tenantFinding(exp005, entry, ["services", "container-hosting", "egress", i, "cidr"],
            `egress to ${rule.cidr} lies in ${local.cidr}, ${local.what}; it belongs to the platform: declare the real destination`)]
          : [];
      }),
    ),
};
