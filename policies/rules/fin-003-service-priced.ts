/**
 * FIN-003: every service a tenant uses has a price at its supplier in the schedule in force this month.
 * Silent when the catalogue has no fee file at all (fees not adopted); a supplier without a fee file while
 * others have one is reported on each of its tenants in build or later.
 */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { hasResources } from "../../model/model.js";
import { feeBook, priceTenant } from "../../fees/price.js";
import { monthOf } from "../../fees/months.js";

export const fin003: Rule = {
  id: "FIN-003",
  pack: "finance",
  severity: "error",
  title: "Every service a tenant uses has a price at its supplier this month",
  explanation:
    "Costs that were not visible up front were the first pain of the pilot onboardings. A service without a price " +
    "cannot be billed or estimated, so the agency would learn its cost only when the supplier makes one up.",
  exceptable: false,
  check: (ctx) => {
    const fees = ctx.model.catalogue.fees;
    if (fees.size === 0) return [];
    const month = monthOf(ctx.today);
    return ctx.model.tenants.flatMap((entry) => {
      const file = fees.get(entry.tenant.supplier);
      if (!file) {
        return hasResources(entry.tenant)
          ? [tenantFinding(fin003, entry, ["supplier"], `${entry.tenant.supplier} has no fee file, so nothing the tenant uses has a price; add catalogue/fees/${entry.tenant.supplier}.yaml (docs/fees.md)`)]
          : [];
      }
      const priced = priceTenant(entry.tenant, feeBook(file.fees), month);
      const where = priced.schedule === undefined
        ? `no schedule of catalogue/fees/${entry.tenant.supplier}.yaml is in force in ${month}`
        : `the schedule in force in ${month} (valid from ${priced.schedule}) gives no price for it`;
      return priced.unpriced.map((service) =>
        tenantFinding(fin003, entry, ["services", service], `the tenant uses ${service}, but ${where}; price it in ${file.source.file}`));
    });
  },
};
