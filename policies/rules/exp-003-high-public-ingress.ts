/** EXP-003: a high tenant with internet ingress needs a documented exception. */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";

export const exp003: Rule = {
  id: "EXP-003",
  pack: "exposure",
  severity: "error",
  title: "High tenants have internet ingress only with an exception",
  explanation:
    "At high level an internet-facing service is a decision the agency takes and documents (risk assessment, " +
    "reference), not a default. The exception records who decided, why and until when.",
  exceptable: true,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const ingress = entry.tenant.services["container-hosting"]?.ingress;
      if (entry.tenant.security.level !== "high" || ingress === undefined) return [];
      return [tenantFinding(exp003, entry, ["services", "container-hosting", "ingress"],
        `a high tenant exposes ${ingress.hosts.join(", ")} to the internet; add an exception for EXP-003 with the decision's reference, or remove ingress`)];
    }),
};
