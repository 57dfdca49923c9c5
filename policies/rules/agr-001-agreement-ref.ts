/** AGR-001: from `build` on, the tenant file names the signed collaboration agreement. */
import type { Rule } from "../types.js";
import { hasResources } from "../../model/model.js";
import { tenantFinding } from "../finding-at.js";

export const agr001: Rule = {
  id: "AGR-001",
  pack: "agreement",
  severity: "error",
  title: "Build and later phases name the agreement",
  explanation:
    "The plan phase ends with a signed collaboration agreement; nothing is built for a tenant without one. The " +
    "reference ties every namespace and mount to the agreement that pays for it and fixes its terms.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const a = entry.tenant.agreement;
      if (!hasResources(entry.tenant) || a.ref !== undefined) return [];
      return [tenantFinding(agr001, entry, ["agreement"],
        `phase ${a.phase} needs agreement.ref, the signed agreement's reference; add it, or keep the tenant in plan until it is signed`)];
    }),
};
