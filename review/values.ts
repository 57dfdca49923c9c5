/**
 * Small helpers every review module needs: readable attribute paths and English lists. JSON values and
 * their reading are lib/json.ts's; sorting is lib/sort.ts's.
 */

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Appends a key to an attribute path, Terraform style: `metadata.labels["samdrift.io/phase"]`. */
export const pathKey = (path: string, key: string): string =>
  PLAIN_KEY.test(key) ? (path === "" ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;

export const pathIndex = (path: string, index: number): string => `${path}[${index}]`;

/** `a, b and c`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** `1 namespace`, `2 namespaces`. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** A tenant block's `suspended` as one phrase: `INC-2026-7 since 2026-12-01 (reason: "compromised workload")`. */
export const suspensionText = (s: { readonly ref: string; readonly since: string; readonly reason: string }): string =>
  `${s.ref} since ${s.since} (reason: "${s.reason}")`;
