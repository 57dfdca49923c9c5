/**
 * Reading one YAML file safely: size cap, no empty files, one document, plain keys, alias-bomb protection,
 * no Terraform syntax in any text, no repeated list entries, and a way back from a field path to the line
 * and column where it was written.
 */
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type ErrorCode, type Node } from "yaml";
import type { z } from "zod";
import { type Problem, type ProblemCode, describeFound, fieldPath } from "./errors.js";
import { terraformSyntaxIn } from "./primitives.js";
import { canonicalJson } from "../lib/canonical.js";

/** Largest file samdrift reads; a tenant file is a few kilobytes. */
export const MAX_FILE_BYTES = 256 * 1024;
/** Aliases allowed per file: enough for anchors reused by hand, far too few for a "billion laughs". */
export const MAX_ALIASES = 100;

export type FieldPath = readonly (string | number)[];

/** A parsed file that can say where any field of it was written. */
export interface SourceFile {
  /** Path relative to the working directory, with forward slashes. */
  readonly file: string;
  /** Line and column (1-based) of the field, or of its nearest written ancestor. */
  locate(path: FieldPath): { line: number; col: number };
}

export interface Parsed<T> {
  readonly source: SourceFile;
  readonly value: T;
}

export function problemAt(source: SourceFile, path: FieldPath, code: ProblemCode, message: string): Problem {
  return { code, file: source.file, ...source.locate(path), field: fieldPath(path), message };
}

/**
 * Parses `text` as YAML and validates it with `schema`. Returns the typed value, or every problem found.
 */
export function parseYaml<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): { ok: true; parsed: Parsed<z.output<S>> } | { ok: false; problems: Problem[] } {
  const whole = (code: ProblemCode, message: string): { ok: false; problems: Problem[] } => ({
    ok: false,
    problems: [{ code, file, line: 1, col: 1, field: "", message }],
  });
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_FILE_BYTES) {
    return whole("YAML_TOO_LARGE", `file is ${bytes} bytes; samdrift reads files up to ${MAX_FILE_BYTES} bytes`);
  }
  // Line by line: a single regular expression over the whole text backtracks exponentially on long runs
  // of blank space.
  if (text.split(/\r?\n/).every((line) => /^\s*(#.*)?$/.test(line))) {
    return whole("YAML_EMPTY", "file is empty; a tenant or catalogue file is a YAML mapping (see the README)");
  }
  const lineCounter = new LineCounter();
  // stringKeys: a list or mapping used as a key is an error, not a key silently turned into text.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, stringKeys: true });
  const source = sourceFile(file, doc, lineCounter);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        const message = YAML_ERROR_HELP[e.code] ?? `invalid YAML: ${firstLine(e.message)}`;
        return { code: "YAML_SYNTAX" as const, file, line: pos.line, col: pos.col, field: "", message };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/alias/i.test(message)) {
      return whole("YAML_ALIAS_BOMB", `the file expands too many YAML aliases (at most ${MAX_ALIASES}); write the values out`);
    }
    return whole("YAML_SYNTAX", `invalid YAML: ${firstLine(message)}`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return whole("INVALID_FIELD", "the file must hold a YAML mapping (key: value lines) at the top level");
  }
  // Rules on how any file is written, then its schema; a field gets one problem, the first.
  const written = valueProblems(source, data, []);
  const result = schema.safeParse(data);
  if (result.success && written.length === 0) return { ok: true, parsed: { source, value: result.data } };
  const reported = new Set(written.map((p) => p.field));
  const shaped = result.success ? [] : result.error.issues.flatMap((issue) => issueProblems(source, data, issue)).filter((p) => !reported.has(p.field));
  return { ok: false, problems: [...written, ...shaped] };
}

/** Plainer words for the YAML errors a hand-written file meets. */
const YAML_ERROR_HELP: Partial<Record<ErrorCode, string>> = {
  MULTIPLE_DOCS: "one YAML document per file: remove the second '---' and what follows it, or move that document to a file of its own",
  NON_STRING_KEY: "a key must be a plain name, not a list or a mapping",
};

/**
 * Rules for every value of every file, whatever its schema. Text never holds Terraform or cdktf syntax
 * (it would be interpolated, or break synthesis, instead of reaching the output as written), and a list
 * never holds one entry twice (entries name resources: keys, hosts, ports, sites).
 */
function valueProblems(source: SourceFile, value: unknown, path: FieldPath): Problem[] {
  const text = (s: string, at: FieldPath): Problem[] => {
    const found = terraformSyntaxIn(s);
    return found === undefined ? [] : [problemAt(source, at, "TERRAFORM_SYNTAX",
      `text may not hold "${found}": Terraform reads "\${" and "%{" as template syntax and cdktf reads "#{TfToken[" as a token, so it would not reach the output as written`)];
  };
  if (typeof value === "string") return text(value, path);
  if (Array.isArray(value)) {
    // Entries compare by value: a repeated egress rule or connection is as much a repeat as a repeated port.
    const firsts = new Map<unknown, number>();
    return value.flatMap((item: unknown, i) => {
      const key = item !== null && typeof item === "object" ? `json:${canonicalJson(item)}` : item;
      const first = firsts.get(key);
      firsts.set(key, first ?? i);
      const repeat = first === undefined
        ? []
        : [problemAt(source, [...path, i], "DUPLICATE_ENTRY", `${describeFound(item)} is already entry ${first} of this list; list each entry once`)];
      return [...repeat, ...valueProblems(source, item, [...path, i])];
    });
  }
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, v]) => [...text(key, [...path, key]), ...valueProblems(source, v, [...path, key])]);
  }
  return [];
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}

function issueProblems(source: SourceFile, data: unknown, issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) =>
      problemAt(source, [...path, key], "UNKNOWN_FIELD", `unknown field "${key}"; check the spelling against the JSON Schema in schema/`),
    );
  }
  // Refinements that carry their own code (POLICY_INJECTION, RESERVED_NAME) keep it.
  const params = (issue as { params?: { code?: ProblemCode } }).params;
  if (params?.code) return [problemAt(source, path, params.code, issue.message)];
  // zod 4 issues do not carry the value, so look it up: a value left out is missing, whatever the check.
  const found = valueAt(data, path);
  const expected = issue.code === "invalid_type" ? (EXPECTED[issue.expected] ?? issue.expected) : undefined;
  if (found === undefined) return [problemAt(source, path, "MISSING_FIELD", `required field is missing${expected ? ` (expected ${expected})` : ""}`)];
  if (issue.code === "invalid_type") {
    const hint = found === null ? "; write a value, or leave the field out if it is optional" : "";
    return [problemAt(source, path, "INVALID_FIELD", `expected ${expected}, got ${describeFound(found)}${hint}`)];
  }
  return [problemAt(source, path, "INVALID_FIELD", describeIssue(issue))];
}

/** What zod's `expected` means, in the words of a YAML file. */
const EXPECTED: Partial<Record<string, string>> = {
  number: "a number", int: "a whole number", string: "text", boolean: "true or false",
  object: "a mapping", record: "a mapping", array: "a list",
};

function valueAt(data: unknown, path: FieldPath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_value":
      return `${issue.message.replace(/^Invalid option: expected one of /, "must be one of ")}`;
    case "invalid_key":
      return issue.issues.map((i) => i.message).join("; ");
    case "invalid_union": {
      const hint = (issue as { note?: string }).note;
      return hint ? `${issue.message} (${hint})` : issue.message;
    }
    default:
      return issue.message;
  }
}

function sourceFile(file: string, doc: Document, lineCounter: LineCounter): SourceFile {
  return {
    file,
    locate(path) {
      let node: unknown = doc.contents;
      let offset = 0;
      for (const segment of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
          if (!pair) break;
          offset = (pair.key as Node).range?.[0] ?? offset;
          node = pair.value;
        } else if (isSeq(node) && typeof segment === "number") {
          const item = node.items[segment];
          if (!item) break;
          node = item;
          offset = (item as Node).range?.[0] ?? offset;
        } else break;
      }
      if (path.length === 0) offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
      return lineCounter.linePos(offset);
    },
  };
}
