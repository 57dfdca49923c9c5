/**
 * ORD-003: a tenant of a supplier under the ordinance, in `run` or `decommission`, records when the coordinating agency and the government
 * were notified of its signed agreement (§12 of the ordinance). The review lists those notifications,
 * ready to send, in the change that moves the tenant into build.
 */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { tenantsUnder } from "../arrangement.js";

export const ord003: Rule = {
  id: "ORD-003",
  pack: "swedish-ordinance",
  severity: "error",
  title: "A signed agreement was notified to the coordinating agency and the government",
  explanation:
    "When an agreement with a connecting organisation is signed, the supplier notifies the coordinating agency and " +
    "the government (§12 of the ordinance; other arrangements have no such duty), which keep the register of coordinated operations. By the time the tenant runs, both dates " +
    "are on file, so the register and the annual report can rely on them.",
  exceptable: false,
  check: (ctx) =>
    tenantsUnder(ctx.model, "swedish-ordinance").flatMap(({ entry }) => {
      const a = entry.tenant.agreement;
      if (a.phase !== "run" && a.phase !== "decommission") return [];
      const missing = (["coordinator", "government"] as const).filter((to) => a.notified?.[to] === undefined);
      if (missing.length === 0) return [];
      return [tenantFinding(ord003, entry, ["agreement"],
        `phase ${a.phase} needs agreement.notified: { coordinator: YYYY-MM-DD, government: YYYY-MM-DD }, the dates the coordinating agency and the government were notified of the signed agreement (the review of the move into build lists both notifications); ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} missing`)];
    }),
};
