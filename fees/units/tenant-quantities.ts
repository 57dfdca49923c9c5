/** What the fee units count in a tenant file, computed exactly (model/primitives.ts `exactQuantity`). */
import { exactQuantity } from "../../model/primitives.js";
import type { Tenant } from "../../model/schema.js";

/** Bytes in a GiB. */
export const GIB = 2n ** 30n;

type Namespace = NonNullable<Tenant["services"]["container-hosting"]>["namespaces"][string];

export const namespacesOf = (tenant: Tenant): readonly Namespace[] => Object.values(tenant.services["container-hosting"]?.namespaces ?? {});

/** A quota summed exactly over the tenant's namespaces, in whole units of `unit` base units, rounded up. */
export function quotaUnits(tenant: Tenant, dimension: "cpu" | "memory" | "storage", unit: bigint): number {
  let num = 0n;
  let den = 1n;
  for (const ns of namespacesOf(tenant)) {
    const q = exactQuantity(ns[dimension]);
    num = num * q.den + q.num * den;
    den *= q.den;
  }
  const whole = (num + den * unit - 1n) / (den * unit);
  return Number(whole);
}
