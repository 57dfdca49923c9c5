/** MIR-001: high and very-high tenants are mirrored across at least two sites in distinct zones. */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { placementText, zonesOf } from "../placement.js";

export const mir001: Rule = {
  id: "MIR-001",
  pack: "mirroring",
  severity: "error",
  title: "High and very-high tenants are placed on two sites in distinct zones",
  explanation:
    "Redundancy comes from mirroring across geographically separated data centres. For high and very-high tenants an " +
    "outage of one zone must not take the service down; two sites in the same zone share that failure.",
  exceptable: true,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const t = entry.tenant;
      if (t.security.level !== "high" && t.security.level !== "very-high") return [];
      const zones = zonesOf(ctx.model, t);
      if (zones.length >= 2) return [];
      return [tenantFinding(mir001, entry, ["resilience", "sites"],
        `a ${t.security.level} tenant needs sites in two distinct zones, but ${placementText(t, zones)}; add a site of ${t.supplier} in another zone`)];
    }),
};
