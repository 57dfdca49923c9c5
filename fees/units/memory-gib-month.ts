/** memory-GiB-month: the tenant's memory quota in whole GiB, per site and month. */
import type { FeeUnit } from "../types.js";
import { GIB, quotaUnits } from "./tenant-quantities.js";

export const memoryGibMonth: FeeUnit = {
  id: "memory-GiB-month",
  title: "One GiB of memory quota, summed over the tenant's namespaces and rounded up, per site and month",
  explanation: "Memory is reserved for the tenant by its quota, as cpu is.",
  quantity: (tenant) => quotaUnits(tenant, "memory", GIB),
};
