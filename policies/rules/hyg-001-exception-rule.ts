/** HYG-001: every exception names an existing rule that may be excepted. */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { exceptionStatus } from "../exceptions.js";

export const hyg001: Rule = {
  id: "HYG-001",
  pack: "hygiene",
  severity: "error",
  title: "Every exception names an existing, exceptable rule, and the peer it excuses for a rule about flows",
  explanation:
    "An exception for a rule that does not exist (a typo, a renamed rule) excuses nothing while looking like a decision. " +
    "Hard rules (the law, isolation, agreement gates) are fixed in the file, never excepted.",
  exceptable: false,
  check: (ctx) => {
    const exceptable = ctx.rules.filter((r) => r.exceptable).map((r) => r.id);
    return ctx.model.tenants.flatMap((entry) =>
      entry.tenant.exceptions.flatMap((ex, i) => {
        const status = exceptionStatus(ex, ctx.today, ctx.rules);
        if (status === "missing-peer") {
          return [tenantFinding(hyg001, entry, ["exceptions", i], `the exception for ${ex.rule} names no peer: a ${ex.rule} exception excuses the flows to one tenant only, so add peer: <tenant id>`)];
        }
        if (status === "needless-peer") {
          return [tenantFinding(hyg001, entry, ["exceptions", i, "peer"], `${ex.rule} findings are about no peer, so the exception's peer would excuse nothing; remove it`)];
        }
        if (status !== "unknown-rule" && status !== "not-exceptable") return [];
        const problem = status === "unknown-rule" ? `names no rule "${ex.rule}"` : `names ${ex.rule}, which may not be excepted`;
        return [tenantFinding(hyg001, entry, ["exceptions", i, "rule"], `the exception ${problem}; exceptable rules are ${exceptable.join(", ")}`)];
      }),
    );
  },
};
