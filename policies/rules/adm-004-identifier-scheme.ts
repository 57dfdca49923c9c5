/**
 * ADM-004: the tenant is identified in the scheme of its supplier's arrangement: a Swedish organisation
 * number for Swedish arrangements, a Danish CVR number for a Danish one (model/arrangements.ts).
 */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { ARRANGEMENT_INFO } from "../../model/arrangements.js";
import { ORG_ID_FIELDS, agencyOrgId } from "../../model/organisation.js";

export const adm004: Rule = {
  id: "ADM-004",
  pack: "admission",
  severity: "error",
  title: "The tenant is identified in its supplier's arrangement's scheme",
  explanation:
    "Who may connect is judged by identifier: excluded organisations, a federation's members and the register all match " +
    "on it. A Swedish arrangement knows its tenants by organisation number, a Danish one by CVR number; an identifier " +
    "of the other country's scheme matches nothing and names an organisation the arrangement cannot serve.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const supplier = ctx.model.catalogue.suppliers.get(entry.tenant.supplier);
      if (!supplier) return [];
      const id = agencyOrgId(entry.tenant.agency);
      const wanted = ARRANGEMENT_INFO[supplier.arrangement].scheme;
      if (id.scheme === wanted) return [];
      const { field, name } = ORG_ID_FIELDS[wanted];
      return [tenantFinding(adm004, entry, ["agency", ORG_ID_FIELDS[id.scheme].field],
        `${supplier.name} is ${ARRANGEMENT_INFO[supplier.arrangement].law} and knows its tenants by ${name}; write agency.${field}, not a ${ORG_ID_FIELDS[id.scheme].name}`)];
    }),
};
