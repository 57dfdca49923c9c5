/**
 * DKM-001: a Danish municipal common cloud serves Danish municipalities only.
 */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { tenantsUnder } from "../arrangement.js";

export const dkm001: Rule = {
  id: "DKM-001",
  pack: "danish-municipal",
  severity: "error",
  title: "A Danish municipal cloud serves Danish municipalities only",
  explanation:
    "The common cloud the Danish municipalities discuss through KL is theirs, so that their data stays in their hands; " +
    "it is not a supplier for the state, regions or companies, which the Danish arrangement's agreements and law do not " +
    "cover. (ADM-004 holds the tenant to a CVR number.)",
  exceptable: false,
  check: (ctx) =>
    tenantsUnder(ctx.model, "danish-municipal")
      .filter(({ entry }) => entry.tenant.agency.kind !== "municipality")
      .map(({ entry, supplier }) => tenantFinding(dkm001, entry, ["agency", "kind"],
        `${supplier.name} is a Danish municipal cloud (arrangement danish-municipal), which serves municipalities only, not "${entry.tenant.agency.kind}"`)),
};
