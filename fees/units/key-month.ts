/** key-month: each transit key the tenant declares, per site and month. */
import type { FeeUnit } from "../types.js";

export const keyMonth: FeeUnit = {
  id: "key-month",
  title: "One transit encryption key, per site and month",
  explanation: "Each key exists, with its versions, in the transit engine on every site the tenant is placed on.",
  quantity: (tenant) => tenant.services.encryption?.keys.length ?? 0,
};
