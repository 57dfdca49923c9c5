/** storage-GiB-month: the tenant's storage quota in whole GiB, per site and month. */
import type { FeeUnit } from "../types.js";
import { GIB, quotaUnits } from "./tenant-quantities.js";

export const storageGibMonth: FeeUnit = {
  id: "storage-GiB-month",
  title: "One GiB of persistent-volume storage quota, summed over the tenant's namespaces and rounded up, per site and month",
  explanation: "Storage is reserved by the quota; backup priced per GiB counts the same volumes, which it copies.",
  quantity: (tenant) => quotaUnits(tenant, "storage", GIB),
};
