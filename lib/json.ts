/**
 * Plain JSON values, and the one reading of Terraform JSON that every module uses: the policy rules, the
 * isolation proof, the review and the e2e checks read synthesized stacks (and Terraform plans) through these
 * helpers, so they can never disagree on what a value means.
 *
 * The readings follow Terraform, and where a value is not what Terraform would accept they read it the
 * way that cannot hide access from the isolation proof:
 * - a single nested block is an object or a list of exactly one object ({@link one}); a list of several is
 *   not a single block (Terraform refuses it), so it reads as absent rather than as its first item;
 * - a string attribute given a number or a boolean reads as Terraform converts it (`443` → `"443"`);
 * - a list attribute given one value reads as a one-item list, so a value is never dropped unseen.
 *
 * Here rather than in output/ because the model (which is below output/) needs the canonical text too.
 * @see https://developer.hashicorp.com/terraform/language/syntax/json
 * @see https://developer.hashicorp.com/terraform/language/expressions/type-constraints#conversion-of-primitive-types
 */
import { byString } from "./sort.js";

export type Json = null | boolean | number | string | readonly Json[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: Json;
}

/** A JSON object: not `null`, not a list. */
export const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
export const isArray = (v: unknown): v is readonly Json[] => Array.isArray(v);

/**
 * A single nested block (`metadata`, `spec`, a selector): an object, or a list holding exactly one object
 * (how `terraform show -json` writes it). Absent, an empty list, a list of several items or a scalar is
 * `undefined`: `one([a, b])` is `undefined`, never `a`.
 */
export function one(v: unknown): JsonObject | undefined {
  if (isObject(v)) return v;
  if (Array.isArray(v) && v.length === 1 && isObject(v[0])) return v[0];
  return undefined;
}

/** A repeated nested block (`ingress`, `subject`): the objects of a list, or one object alone. Absent is `[]`. */
export function many(v: unknown): JsonObject[] {
  if (Array.isArray(v)) return v.filter(isObject);
  if (isObject(v)) return [v];
  return [];
}

/** The items of a list attribute: a list as it is, a lone value as a one-item list, absent (or `null`) as `[]`. */
export const items = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/**
 * A string attribute as Terraform reads it: a string as it is, a number or boolean converted to its text
 * (`str(443)` is `"443"`, `str(true)` is `"true"`); anything else (absent, `null`, a list, an object) is
 * `undefined`.
 */
export const str = (v: unknown): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;

/** A list of strings: the {@link items} of the attribute, each through {@link str}; items that are not scalars are dropped. */
export const strings = (v: unknown): string[] => items(v).map(str).filter((s): s is string => s !== undefined);

/**
 * A string map (`labels`, `spec.hard`), given as an object or a one-item list: scalars through {@link str},
 * any other value as its {@link stableStringify} text, so that no entry vanishes unseen.
 */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(one(v) ?? {})) out[k] = str(val) ?? stableStringify(val);
  return out;
}

/**
 * The canonical form of a value read from Terraform JSON or a plan: every list that holds exactly one object
 * collapsed into that object (the two spellings of a single block compare equal, and attribute paths read
 * `metadata.name` rather than `metadata[0].name`), cdktf's `"//"` comment keys dropped and object keys
 * sorted. Lists of scalars and lists of several objects are kept.
 */
export function canonical(value: unknown): Json {
  if (Array.isArray(value)) {
    if (value.length === 1 && isObject(value[0])) return canonical(value[0]);
    return value.map(canonical);
  }
  if (isObject(value)) {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value).sort(byString)) {
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

/**
 * JSON text with object keys sorted (by code unit), so values equal but for key order give equal text.
 * `undefined` (alone or in a list) is written as `null`, and object keys holding `undefined` are left out,
 * as `JSON.stringify` does.
 */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : stableStringify(v))).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort(byString);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Deep equality of JSON values, key order ignored; `undefined` equals only itself. */
export const jsonEqual = (a: unknown, b: unknown): boolean =>
  a === b || (a !== undefined && b !== undefined && stableStringify(a) === stableStringify(b));
