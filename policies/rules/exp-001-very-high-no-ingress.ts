/** EXP-001: very-high tenants take no traffic from the internet (no `ingress` in container hosting). */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";

export const exp001: Rule = {
  id: "EXP-001",
  pack: "exposure",
  severity: "error",
  title: "Very-high tenants have no internet ingress",
  explanation:
    "The site's ingress controller faces the internet. A very-high tenant's services are reached only over declared " +
    "private connections; an internet-facing endpoint is an attack surface the level does not allow.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const ingress = entry.tenant.services["container-hosting"]?.ingress;
      if (entry.tenant.security.level !== "very-high" || ingress === undefined) return [];
      return [tenantFinding(exp001, entry, ["services", "container-hosting", "ingress"],
        `a very-high tenant takes no internet ingress, but hosts ${ingress.hosts.join(", ")} are declared; remove ingress and reach the service over a connection`)];
    }),
};
