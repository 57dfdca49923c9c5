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
        // The runner lets the first active exception for a rule excuse the tenant's findings of that rule.
        const first = !used.has(ex.rule);
        used.add(ex.rule);
        const pack = ctx.rules.find((r) => r.id === ex.rule)?.pack;
        const off = pack !== undefined && ctx.model.catalogue.suppliers.get(entry.tenant.supplier)?.policy.disabledPacks.includes(pack);
        if (first && !off && ctx.findingsOf(ex.rule).some((f) => f.tenant === id)) return [];
        const why = !first
          ? `an earlier exception for ${ex.rule} already excuses its findings`
          : off
            ? `${entry.tenant.supplier} turned the ${pack} pack off`
            : `${ex.rule} finds nothing for ${id}`;
        return [tenantFinding(hyg006, entry, ["exceptions", i, "rule"], `the exception ${ex.ref} excuses nothing: ${why}; remove it, or correct the rule`)];
      });
    }),
};
