/** AGG-002: warn when one supplier serves more tenants of the same sector than the supplier's threshold. */
import type { Rule } from "../types.js";
import type { TenantEntry } from "../../model/model.js";
import { tenantFinding } from "../finding-at.js";

/** Other tenants a finding names; the rest are counted. */
const NAMED_OTHERS = 5;

export const agg002: Rule = {
  id: "AGG-002",
  pack: "aggregation",
  severity: "warning",
  title: "A supplier serves few tenants of the same sector",
  explanation:
    "Tenants of one sector (agency.sector) at one supplier concentrate a whole function of society in one failure and " +
    "attack domain: one incident can stop, say, all social insurance at once. Tenants without a sector are not counted.",
  exceptable: true,
  check: (ctx) => {
    const groups = new Map<string, TenantEntry[]>();
    for (const entry of ctx.model.tenants) {
      const sector = entry.tenant.agency.sector;
      if (sector === undefined) continue;
      const key = `${entry.tenant.supplier}\u0000${sector}`;
      const group = groups.get(key);
      if (group) group.push(entry);
      else groups.set(key, [entry]);
    }
    return [...groups.values()].flatMap((entries) => {
      const { supplier, agency } = entries[0]!.tenant;
      const { maxTenantsPerSector } = ctx.thresholds(supplier);
      if (entries.length <= maxTenantsPerSector) return [];
      return entries.map((entry) => {
        // The first few others by name: every other's name in every finding would grow with the square of the group.
        const others: string[] = [];
        for (const e of entries) {
          if (others.length > NAMED_OTHERS) break;
          if (e !== entry) others.push(e.tenant.id);
        }
        const named = others.length > NAMED_OTHERS ? `${others.slice(0, NAMED_OTHERS).join(", ")} and ${entries.length - 1 - NAMED_OTHERS} more` : others.join(", ");
        return tenantFinding(agg002, entry, ["agency", "sector"],
          `supplier ${supplier} also serves ${named} of sector ${agency.sector} (${entries.length} tenants, more than ${maxTenantsPerSector}); consider another supplier for one of them`);
      });
    });
  },
};
