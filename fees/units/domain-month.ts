/** domain-month: each certificate domain the tenant's PKI role allows, per site and month. */
import type { FeeUnit } from "../types.js";

export const domainMonth: FeeUnit = {
  id: "domain-month",
  title: "One certificate domain the tenant's PKI role may issue for, per site and month",
  explanation: "Each domain is a name the supplier's CA vouches for on the tenant's behalf.",
  quantity: (tenant) => tenant.services.certificates?.domains.length ?? 0,
};
