/** HYG-006: warn when an active exception excuses nothing (stale, or a rule id that does not fit). */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { exceptionStatus } from "../exceptions.js";

export const hyg006: Rule = {
  id: "HYG-006",
  pack: "hygiene",
  severity: "warning",
  title: "Every active exception excuses a finding",
  explanation:
    "An exception that excuses nothing is either stale (what it excused was fixed) or names the wrong rule, and then " +
    "the finding it was meant for still blocks. Left in the file, it would silently excuse the next finding of that " +
    "rule, a decision nobody took. Remove it, or correct the rule id.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const id = entry.tenant.id;
      const used = new Set<string>();
      return entry.tenant.exceptions.flatMap((ex, i) => {
        if (exceptionStatus(ex, ctx.today, ctx.rules) !== "active") return [];
        // The runner lets the first active exception for a rule (and peer, for a rule about flows) excuse the
        // tenant's findings of that rule (about that peer).
        const scope = `${ex.rule}\u0000${ex.peer ?? ""}`;
        const first = !used.has(scope);
        used.add(scope);
        const pack = ctx.rules.find((r) => r.id === ex.rule)?.pack;
        const off = pack !== undefined && ctx.model.catalogue.suppliers.get(entry.tenant.supplier)?.policy.disabledPacks.includes(pack);
        if (first && !off && ctx.findingsOf(ex.rule).some((f) => f.tenant === id && (ex.peer === undefined || f.peer === ex.peer))) return [];
        const peer = ex.peer !== undefined ? ` about ${ex.peer}` : "";
        const why = !first
          ? `an earlier exception for ${ex.rule}${peer} already excuses its findings`
          : off
            ? `${entry.tenant.supplier} turned the ${pack} pack off`
            : `${ex.rule} finds nothing${peer} for ${id}`;
        return [tenantFinding(hyg006, entry, ["exceptions", i, "rule"], `the exception ${ex.ref} excuses nothing: ${why}; remove it, or correct the rule`)];
      });
    }),
};
