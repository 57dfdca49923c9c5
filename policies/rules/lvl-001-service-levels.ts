/** LVL-001: every chosen service is offered at the tenant's security level (services.yaml `securityLevels`). */
import type { Rule } from "../types.js";
import type { ServiceId } from "../../model/schema.js";
import { tenantFinding } from "../finding-at.js";

export const lvl001: Rule = {
  id: "LVL-001",
  pack: "security-level",
  severity: "error",
  title: "Every chosen service is offered at the tenant's security level",
  explanation:
    "The connecting organisation owns its security classification; the supplier only promises a service at the levels " +
    "it has dimensioned and assessed it for. A service used above those levels is an unassessed risk.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const level = entry.tenant.security.level;
      return (Object.keys(entry.tenant.services) as ServiceId[]).flatMap((id) => {
        const service = ctx.model.catalogue.services.get(id);
        if (!service || service.securityLevels.includes(level)) return [];
        return [tenantFinding(lvl001, entry, ["services", id],
          `service ${id} is offered at ${service.securityLevels.join(", ")}, not at the tenant's level ${level}; drop the service or ask the supplier to assess it for ${level}`)];
      });
    }),
};
