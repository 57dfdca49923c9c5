/**
 * FED-001: a municipal federation serves its members only: the tenant's identifier is in the supplier's
 * `members` list (its member municipalities and its own joint bodies).
 */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { tenantsUnder } from "../arrangement.js";
import { ORG_ID_FIELDS, agencyOrgId, describeOrgId, orgIdOf, sameOrgId } from "../../model/organisation.js";

export const fed001: Rule = {
  id: "FED-001",
  pack: "municipal-federation",
  severity: "error",
  title: "A municipal federation serves its members only",
  explanation:
    "A municipal federation (kommunalförbund), joint committee or jointly owned company serves its members under " +
    "municipal law; serving anyone else would be business outside its remit (and outside the municipal licences it holds " +
    "for its members). Membership is by identifier, so a tenant that merely shares a member's name is not one.",
  exceptable: false,
  check: (ctx) =>
    tenantsUnder(ctx.model, "municipal-federation").flatMap(({ entry, supplier }) => {
      const id = agencyOrgId(entry.tenant.agency);
      if (supplier.members.some((m) => { const mid = orgIdOf(m); return mid !== undefined && sameOrgId(mid, id); })) return [];
      return [tenantFinding(fed001, entry, ["agency", ORG_ID_FIELDS[id.scheme].field],
        `${describeOrgId(id)} is not a member of ${supplier.name} (its members list in the catalogue); a federation serves its member municipalities and its own joint bodies only`)];
    }),
};
