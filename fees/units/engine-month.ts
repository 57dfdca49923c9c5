/** engine-month: the service's one Vault engine (KV mount, transit mount, PKI role), per site and month. */
import type { FeeUnit } from "../types.js";

export const engineMonth: FeeUnit = {
  id: "engine-month",
  title: "The service's Vault engine for the tenant (its KV or transit mount, its PKI role), per site and month",
  explanation: "A flat fee per service and site, for suppliers who do not price by what the engine holds.",
  quantity: () => 1,
};
