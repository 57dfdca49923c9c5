/** MIR-002: a moderate tenant that processes personal data should be mirrored too (warning). */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { placementText, zonesOf } from "../placement.js";

export const mir002: Rule = {
  id: "MIR-002",
  pack: "mirroring",
  severity: "warning",
  title: "A moderate tenant with personal data is placed on two sites in distinct zones",
  explanation:
    "Losing or being unable to reach personal data is itself a personal-data incident (GDPR Art. 32 asks for availability " +
    "and resilience). A single site is allowed at moderate level, but the reviewer should see the choice.",
  exceptable: true,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const t = entry.tenant;
      if (t.security.level !== "moderate" || t.security.personalData === "none") return [];
      const zones = zonesOf(ctx.model, t);
      if (zones.length >= 2) return [];
      return [tenantFinding(mir002, entry, ["resilience", "sites"],
        `the tenant processes ${t.security.personalData} personal data and ${placementText(t, zones)}; consider a second site in another zone`)];
    }),
};
