/** namespace-month: each of the tenant's namespaces, per site and month. */
import type { FeeUnit } from "../types.js";
import { namespacesOf } from "./tenant-quantities.js";

export const namespaceMonth: FeeUnit = {
  id: "namespace-month",
  title: "One namespace of the tenant, per site and month",
  explanation: "A namespace carries fixed platform work whatever it runs: its quota, policies, bindings and, for monitoring and backup, its scraping and snapshots.",
  quantity: (tenant) => namespacesOf(tenant).length,
};
