/**
 * ADM-002: the tenant is not an excluded organisation, matched by identifier (organisation number or CVR
 * number, model/organisation.ts) or by name against
 * the catalogue-wide `excludedOrganisations` and the supplier's own `excluded` list.
 */
import type { Rule } from "../types.js";
import type { OrganisationRef } from "../../model/schema.js";
import { tenantFinding } from "../finding-at.js";
import { ORG_ID_FIELDS, agencyOrgId, describeOrgId, organisationMatch } from "../../model/organisation.js";

export const adm002: Rule = {
  id: "ADM-002",
  pack: "admission",
  severity: "error",
  title: "The tenant is not an excluded organisation",
  explanation:
    "The defence and security agencies named in SOU 2021:97 are outside the ordinance altogether, and a supplier may " +
    "exclude others. Matching by organisation number catches a renamed agency; matching by name catches a missing number.",
  exceptable: false,
  check: (ctx) => {
    const { catalogue } = ctx.model;
    return ctx.model.tenants.flatMap((entry) => {
      const { agency, supplier: supplierId } = entry.tenant;
      const supplier = catalogue.suppliers.get(supplierId);
      const lists: [string, readonly OrganisationRef[]][] = [
        [`the catalogue's excludedOrganisations (${catalogue.sources.suppliers.file})`, catalogue.excludedOrganisations],
        [`${supplierId}'s excluded list (${catalogue.sources.suppliers.file})`, supplier?.excluded ?? []],
      ];
      for (const [where, refs] of lists) {
        for (const ref of refs) {
          const id = agencyOrgId(agency);
          const by = organisationMatch(ref, agency.name, id);
          if (!by) continue;
          const path = by === "id" ? ["agency", ORG_ID_FIELDS[id.scheme].field] : ["agency", "name"];
          const what = by === "id" ? describeOrgId(id) : `name "${agency.name}"`;
          return [tenantFinding(adm002, entry, path, `${what} matches "${ref.name}" in ${where}; this organisation may not be onboarded`)];
        }
      }
      return [];
    });
  },
};
