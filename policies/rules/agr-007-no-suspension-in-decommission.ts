/** AGR-007: a tenant in `decommission` is not suspended. */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";

export const agr007: Rule = {
  id: "AGR-007",
  pack: "agreement",
  severity: "error",
  title: "A tenant in decommission is not suspended",
  explanation:
    "Decommission lifts prevent_destroy so that the exit decision can hand over and delete the data; a suspension keeps " +
    "the data and waits for a decision to resume. Both at once leave the data unprotected while nothing runs: end the " +
    "decommission (back to run) to suspend, or remove the suspension to decommission.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const a = entry.tenant.agreement;
      if (a.phase !== "decommission" || a.suspended === undefined) return [];
      return [tenantFinding(agr007, entry, ["agreement", "suspended"],
        `a tenant in decommission cannot be suspended (${a.suspended.ref}); remove agreement.suspended, or set the phase back to run to keep the data`)];
    }),
};
