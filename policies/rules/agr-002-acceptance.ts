/**
 * AGR-002: a tenant in `run` has the acceptance date of its delivery. (The outage priority the agreement
 * fixes, `resilience.priority`, is required by the tenant file schema in every phase.)
 */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";

export const agr002: Rule = {
  id: "AGR-002",
  pack: "agreement",
  severity: "error",
  title: "The run phase records the acceptance of the delivery",
  explanation:
    "Build ends when both sides accept the delivery; only then does the tenant run on the platform with the agreed " +
    "outage priority. Without an acceptance date nobody can tell whether the service was ever accepted.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const a = entry.tenant.agreement;
      if (a.phase !== "run" || a.acceptedAt !== undefined) return [];
      return [tenantFinding(agr002, entry, ["agreement"],
        "phase run needs agreement.acceptedAt, the date both sides accepted the delivery (YYYY-MM-DD); add it, or keep the tenant in build")];
    }),
};
