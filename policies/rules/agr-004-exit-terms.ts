/** AGR-004: a tenant in `decommission` has exit terms (`agreement.exit` with a reference and a date). */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";

export const agr004: Rule = {
  id: "AGR-004",
  pack: "agreement",
  severity: "error",
  title: "Decommissioning follows agreed exit terms",
  explanation:
    "Decommission lifts the protection against destroying namespaces and mounts. Before that, the tenant's data must " +
    "be exported or its retention decided, and the date agreed: the exit decision is the authority for deleting data.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const a = entry.tenant.agreement;
      if (a.phase !== "decommission" || a.exit !== undefined) return [];
      return [tenantFinding(agr004, entry, ["agreement"],
        "phase decommission needs agreement.exit { ref, date }: the export or retention decision and the exit date")];
    }),
};
