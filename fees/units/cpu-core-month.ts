/** cpu-core-month: the tenant's cpu quota in whole cores, per site and month. */
import type { FeeUnit } from "../types.js";
import { quotaUnits } from "./tenant-quantities.js";

export const cpuCoreMonth: FeeUnit = {
  id: "cpu-core-month",
  title: "One core of cpu quota, summed over the tenant's namespaces and rounded up, per site and month",
  explanation: "The quota is what the site reserves for the tenant (the capacity rules count the same sum), so it is what the tenant pays for, used or not.",
  quantity: (tenant) => quotaUnits(tenant, "cpu", 1n),
};
