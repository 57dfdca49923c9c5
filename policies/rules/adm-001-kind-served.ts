/**
 * ADM-001: the tenant's kind of organisation is one its supplier serves (suppliers.yaml `serves`).
 * Under the proposed ordinance a state supplier serves state agencies only; a municipal federation serves
 * its member municipalities. Serving anyone else needs a different legal basis, not a tenant file.
 */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";

export const adm001: Rule = {
  id: "ADM-001",
  pack: "admission",
  severity: "error",
  title: "The tenant's kind of organisation is one its supplier serves",
  explanation:
    "A supplier may only serve the kinds of organisation its legal basis covers (under the ordinance: state agencies). " +
    "Serving another kind is not an engineering decision, so this cannot be excepted: change the supplier or the catalogue.",
  exceptable: false,
  check: (ctx) => {
    return ctx.model.tenants.flatMap((entry) => {
      const { tenant } = entry;
      const supplier = ctx.model.catalogue.suppliers.get(tenant.supplier);
      if (!supplier || supplier.serves.includes(tenant.agency.kind)) return [];
      return [tenantFinding(adm001, entry, ["agency", "kind"],
        `${supplier.name} serves ${supplier.serves.join(", ")}, not "${tenant.agency.kind}"; choose a supplier whose serves list includes ${tenant.agency.kind}`)];
    });
  },
};
