/**
 * Reading one YAML file safely: size cap, no empty files, alias-bomb protection, and a way back from a
 * field path to the line and column where it was written.
 */
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type Node } from "yaml";
import type { z } from "zod";
import { type Problem, type ProblemCode, fieldPath } from "./errors.js";

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
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const source = sourceFile(file, doc, lineCounter);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { code: "YAML_SYNTAX" as const, file, line: pos.line, col: pos.col, field: "", message: `invalid YAML: ${firstLine(e.message)}` };
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
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, parsed: { source, value: result.data } };
  return { ok: false, problems: result.error.issues.flatMap((issue) => issueProblems(source, issue)) };
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}

function issueProblems(source: SourceFile, issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) =>
      problemAt(source, [...path, key], "UNKNOWN_FIELD", `unknown field "${key}"; check the spelling against the JSON Schema in schema/`),
    );
  }
  const params = (issue as { params?: { code?: string } }).params;
  if (params?.code === "POLICY_INJECTION") return [problemAt(source, path, "POLICY_INJECTION", issue.message)];
  if (issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined) {
    return [problemAt(source, path, "MISSING_FIELD", `required field is missing (expected ${issue.expected})`)];
  }
  return [problemAt(source, path, "INVALID_FIELD", describeIssue(issue))];
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_value":
      return `${issue.message.replace(/^Invalid option: expected one of /, "must be one of ")}`;
    case "invalid_type":
      return `expected ${issue.expected}, found ${describeValue((issue as { input?: unknown }).input)}`;
    case "invalid_union": {
      const hint = (issue as { note?: string }).note;
      return hint ? `${issue.message} (${hint})` : issue.message;
    }
    default:
      return issue.message;
  }
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? "a mapping" : typeof v;
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
