/**
 * One error type for everything a user can get wrong. Each problem carries a stable code, the file, the
 * line and column, the field path and a message that says what was found and what is allowed.
 * Messages never echo secret values (samdrift reads none).
 */
import { byAll, byKey, byNumber } from "../lib/sort.js";
export type ProblemCode =
  | "YAML_SYNTAX" | "YAML_EMPTY" | "YAML_TOO_LARGE" | "YAML_ALIAS_BOMB" | "FILE_UNREADABLE"
  | "INVALID_FIELD" | "UNKNOWN_FIELD" | "MISSING_FIELD" | "POLICY_INJECTION" | "TERRAFORM_SYNTAX" | "DUPLICATE_ENTRY"
  | "INVISIBLE_CHARACTER" | "RESERVED_KEY" | "TOO_MANY_ENTRIES" | "PLACEHOLDER"
  | "DUPLICATE_ID" | "FILE_NAME_MISMATCH" | "RESERVED_NAME"
  | "UNKNOWN_SUPPLIER" | "UNKNOWN_SITE" | "SITE_OF_OTHER_SUPPLIER"
  | "UNKNOWN_SERVICE" | "SERVICE_NOT_OFFERED" | "UNKNOWN_NAMESPACE"
  | "NAME_TOO_LONG" | "CONNECTION_ONE_SIDED" | "CONNECTION_NO_SHARED_SITE" | "CONNECTION_UNKNOWN_TENANT"
  | "UNKNOWN_TENANT" | "DUPLICATE_CLAIM" | "POLICY_RULE" | "USAGE";

export interface Problem {
  readonly code: ProblemCode;
  /** Path relative to the working directory, with forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Dotted field path, e.g. `services.container-hosting.namespaces.apps.cpu`; empty for the whole file. */
  readonly field: string;
  readonly message: string;
}

export class SamdriftError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "SamdriftError";
  }
}

/**
 * `file:line:col: field.path: message [CODE]`, the form editors and CI annotate; policy findings use it
 * too, with their rule id as the code.
 */
export function formatProblem(p: Omit<Problem, "code"> & { readonly code: string }): string {
  const field = p.field === "" ? "" : `${p.field}: `;
  return `${p.file}:${p.line}:${p.col}: ${field}${p.message} [${p.code}]`;
}

export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(byAll(byKey((p) => p.file), byNumber((p) => p.line), byNumber((p) => p.col), byKey((p) => p.message)));
}

export const fieldPath = (path: readonly PropertyKey[]): string => path.map(String).join(".");

/** A value as a message shows what was found: `the string "20"`, `the number 5`, `.inf`, `a list`. */
export function describeFound(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "an empty value";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  if (typeof v === "number") return Number.isNaN(v) ? ".nan" : Number.isFinite(v) ? `the number ${v}` : v > 0 ? ".inf" : "-.inf";
  if (typeof v === "boolean") return String(v);
  return Array.isArray(v) ? "a list" : "a mapping";
}
