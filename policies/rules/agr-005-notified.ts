/**
 * AGR-005: a tenant in `run` or `decommission` records when the coordinating agency and the government
 * were notified of its signed agreement (§12 of the ordinance). The review lists those notifications,
 * ready to send, in the change that moves the tenant into build.
 */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";

export const agr005: Rule = {
  id: "AGR-005",
  pack: "agreement",
  severity: "error",
  title: "A signed agreement was notified to the coordinating agency and the government",
  explanation:
    "When an agreement with a connecting organisation is signed, the supplier notifies the coordinating agency and " +
    "the government (§12), which keep the register of coordinated operations. By the time the tenant runs, both dates " +
    "are on file, so the register and the annual report can rely on them.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const a = entry.tenant.agreement;
      if (a.phase !== "run" && a.phase !== "decommission") return [];
      const missing = (["coordinator", "government"] as const).filter((to) => a.notified?.[to] === undefined);
      if (missing.length === 0) return [];
      return [tenantFinding(agr005, entry, ["agreement"],
        `phase ${a.phase} needs agreement.notified: { coordinator: YYYY-MM-DD, government: YYYY-MM-DD }, the dates the coordinating agency and the government were notified of the signed agreement (the review of the move into build lists both notifications); ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} missing`)];
    }),
};
