/**
 * Plain JSON values as review reads them from synthesized stacks and Terraform plans, and the few helpers
 * every review module needs: canonical form, deep equality, single-item blocks as object or list, and
 * readable attribute paths.
 */

export type Json = null | boolean | number | string | readonly Json[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: Json;
}

export const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
export const isArray = (v: unknown): v is readonly Json[] => Array.isArray(v);

/**
 * Terraform JSON writes a block with at most one item either as an object or as a one-item list (cdktf
 * writes objects, `terraform show -json` lists). The canonical form collapses every list that holds
 * exactly one object into that object, and drops cdktf's `"//"` comment keys, so both spellings compare
 * equal and attribute paths read `metadata.name` rather than `metadata[0].name`. Lists of scalars and
 * lists of several objects are kept.
 */
export function canonical(value: unknown): Json {
  if (Array.isArray(value)) {
    if (value.length === 1 && isObject(value[0])) return canonical(value[0]);
    return value.map(canonical);
  }
  if (isObject(value)) {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value).sort()) {
      if (key === "//") continue;
      const v = value[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  if (value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) return value;
  return String(value);
}

/** JSON text with object keys sorted, so equal values give equal text. */
export function stableStringify(value: Json): string {
  if (isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(value[k] as Json)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export const jsonEqual = (a: Json | undefined, b: Json | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && stableStringify(a) === stableStringify(b));

/** A single-item block written as an object or a one-item list; `undefined` when absent or empty. */
export function one(value: Json | undefined): JsonObject | undefined {
  if (isObject(value)) return value;
  if (isArray(value)) {
    const first = value[0];
    return isObject(first) ? first : undefined;
  }
  return undefined;
}

/** A repeated block written as a list, or (collapsed) as a single object; `[]` when absent. */
export function blocks(value: Json | undefined): JsonObject[] {
  if (isObject(value)) return [value];
  if (isArray(value)) return value.filter(isObject);
  return [];
}

/** Strings of a list attribute; a lone string counts as a one-item list. */
export function strings(value: Json | undefined): string[] {
  if (typeof value === "string") return [value];
  if (isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

/** A string map such as `labels` or `spec.hard`; non-string values are written as JSON. */
export function stringMap(value: Json | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === "string" ? v : JSON.stringify(v);
  return out;
}

export const str = (value: Json | undefined): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Appends a key to an attribute path, Terraform style: `metadata.labels["samdrift.io/phase"]`. */
export const pathKey = (path: string, key: string): string =>
  PLAIN_KEY.test(key) ? (path === "" ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;

export const pathIndex = (path: string, index: number): string => `${path}[${index}]`;

/** Compares ids the same way everywhere (plain code-unit order, as `sort()` does). */
export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted unique strings. */
export const uniqueSorted = (items: Iterable<string>): string[] => [...new Set(items)].sort(byString);

/** `a, b and c`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** `1 namespace`, `2 namespaces`. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
