/** EXP-004: egress to the whole internet (`0.0.0.0/0`, `::/0`) always needs an exception. */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { isWholeInternet } from "../net.js";

export const exp004: Rule = {
  id: "EXP-004",
  pack: "exposure",
  severity: "error",
  title: "Egress to the whole internet needs an exception",
  explanation:
    "Egress to any address makes the default-deny network policy meaningless for outbound traffic: data can leave to " +
    "anywhere. Declare the actual destinations; where that is impossible, document the decision as an exception.",
  exceptable: true,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const egress = entry.tenant.services["container-hosting"]?.egress ?? [];
      return egress.flatMap((rule, i) =>
        isWholeInternet(rule.cidr)
          ? [tenantFinding(exp004, entry, ["services", "container-hosting", "egress", i, "cidr"],
            `egress to ${rule.cidr} allows every destination; declare the real destinations, or add an exception for EXP-004`)]
          : [],
      );
    }),
};
