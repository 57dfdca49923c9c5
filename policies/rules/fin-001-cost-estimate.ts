/**
 * FIN-001: a tenant in `build` or later has a cost estimate that was communicated before it committed: on
 * or before today, and not after the delivery was accepted. Judged for tenants whose supplier has a fee
 * file (fees adopted); `samdrift fees` gives the estimate.
 */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { hasResources } from "../../model/model.js";

export const fin001: Rule = {
  id: "FIN-001",
  pack: "finance",
  severity: "error",
  title: "A tenant in build or later was given its cost estimate before it committed",
  explanation:
    "Costs revealed late in onboarding, when backing out was hard, were the pilot agencies' worst surprise; some would " +
    "not have joined had they known. The onboarding fee and the monthly fee are known before a tenant is built, so the " +
    "agency decides with them in hand.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const a = entry.tenant.agreement;
      if (!hasResources(entry.tenant) || !ctx.model.catalogue.fees.has(entry.tenant.supplier)) return [];
      const estimate = a.costEstimate;
      if (estimate === undefined) {
        return [tenantFinding(fin001, entry, ["agreement"],
          `phase ${a.phase} needs agreement.costEstimate, the onboarding and monthly fees communicated to the agency before it committed (samdrift fees --month <month> gives them): add { onboarding, monthly, communicatedAt, ref }, or keep the tenant in plan`)];
      }
      const at = ["agreement", "costEstimate", "communicatedAt"];
      if (estimate.communicatedAt > ctx.today) {
        return [tenantFinding(fin001, entry, at, `the cost estimate is dated ${estimate.communicatedAt}, after today (${ctx.today}); write the day it was communicated`)];
      }
      if (a.acceptedAt !== undefined && estimate.communicatedAt > a.acceptedAt) {
        return [tenantFinding(fin001, entry, at, `the cost estimate was communicated on ${estimate.communicatedAt}, after the delivery was accepted (${a.acceptedAt}); an estimate is given before the agency commits`)];
      }
      return [];
    }),
};
