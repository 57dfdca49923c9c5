/**
 * Reading one YAML file safely: size cap, no empty files, one document, plain keys, alias-bomb protection,
 * no Terraform syntax and no invisible characters in any text, no map key that JavaScript objects treat
 * specially, no repeated list entries, and a way back from a field path to the line and column where it
 * was written (through an index built once per file, so locating many fields stays linear).
 */
import { createHash } from "node:crypto";
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type ErrorCode, type Node, type Pair, type YAMLMap } from "yaml";
import { z } from "zod";
import { type Problem, type ProblemCode, describeFound, fieldPath } from "./errors.js";
import { terraformSyntaxIn } from "./primitives.js";
import { stableStringify } from "../lib/json.js";
import { invisibleCharacterIn } from "../lib/text.js";

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
 * Most problems reported for one file. Beyond it come errors that follow from the first ones (one missing
 * quote makes the YAML parser report every token after it: 18,000 lines for a 40 KB file) or the same
 * mistake repeated; the last line says how many more there are.
 */
export const MAX_PROBLEMS_PER_FILE = 50;

/**
 * Parses `text` as YAML and validates it with `schema`. Returns the typed value, or the problems found
 * (at most {@link MAX_PROBLEMS_PER_FILE}).
 */
export function parseYaml<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  keep?: Keep,
): { ok: true; parsed: Parsed<z.output<S>> } | { ok: false; problems: Problem[] } {
  const r = parseAll(file, text, schema, keep);
  if (r.ok || r.problems.length <= MAX_PROBLEMS_PER_FILE) return r;
  const shown = r.problems.slice(0, MAX_PROBLEMS_PER_FILE - 1);
  const last = shown[shown.length - 1]!;
  const more = r.problems.length - shown.length;
  return {
    ok: false,
    problems: [...shown, { code: last.code, file, line: last.line, col: last.col, field: last.field, message: `and ${more} more problems after this one in the file; fix these and run again` }],
  };
}

/**
 * Where the YAML parser's results are kept by file text (cli/parse-cache.ts keeps them on disk): the data a
 * text parses to, where each field was written, and for a valid file what its schema made of it. Parsing
 * and judging is most of the time it takes to load a thousand tenant files; the checks across files run on
 * every load.
 */
export interface ParsedStore {
  /** Identity of the parsing code (this module, the yaml package): any change to it must change this string. */
  readonly code: string;
  get(key: string): KeptParse | undefined;
  put(key: string, kept: KeptParse): void;
}

/**
 * Where a file's parse is kept, and the name of the schema it is judged by: a valid file's value is kept
 * under that name, so that an unchanged valid file is neither parsed nor judged again.
 */
export interface Keep {
  readonly store: ParsedStore;
  readonly schema: string;
}

/** What a text parsed to, kept: its data and what {@link SourceFile.locate} needs without the document. */
export interface KeptParse {
  readonly data: Record<string, unknown>;
  /**
   * The value the schema named `schema` made of `data`, when it found no problem (nor did the rules on how
   * any file is written). The parsing code's identity covers the schemas and rules (cli/parse-cache.ts).
   */
  readonly valid?: { readonly schema: string; readonly value: unknown };
  /** Where each written field starts, shaped like the document. */
  readonly positions: Positions;
  /** Offset of the document's contents (where an empty path is located). */
  readonly contentsAt: number;
  /** The parser's line starts (its LineCounter's), to turn offsets into lines and columns. */
  readonly lineStarts: readonly number[];
}

/** Offsets of a document's fields: a mapping's keys (first occurrence) and a list's items, each where it starts. */
export interface Positions {
  readonly at: number;
  readonly keys?: readonly (readonly [string, Positions])[];
  readonly items?: readonly Positions[];
}

/** The key of a text's parsed data: SHA-256 over the parsing code and the text. */
const parsedKey = (store: ParsedStore, text: string): string =>
  createHash("sha256").update(JSON.stringify(["samdrift-parsed/1", store.code])).update("\n").update(text).digest("hex");

function parseAll<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  keep: Keep | undefined,
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
    return whole("YAML_EMPTY", "file is empty; a tenant or catalogue file is a YAML mapping (see docs/files.md)");
  }
  const key = keep && parsedKey(keep.store, text);
  const kept = key === undefined ? undefined : keep!.store.get(key);
  if (kept !== undefined) {
    const source = keptSourceFile(file, kept);
    // Judged before by the same code under the same schema, and valid then: valid now.
    if (kept.valid?.schema === keep!.schema) return { ok: true, parsed: { source, value: kept.valid.value as z.output<S> } };
    const judged = judge(source, kept.data, schema);
    if (judged.ok) keepParse(keep!, key!, { ...kept, valid: { schema: keep!.schema, value: judged.parsed.value } });
    return judged;
  }
  const { doc, lineCounter } = parseText(text);
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
  if (!isMapping(data)) {
    return whole("INVALID_FIELD", "the file must hold a YAML mapping (key: value lines) at the top level");
  }
  const judged = judge(source, data, schema);
  if (key !== undefined) {
    const parse: KeptParse = { data, positions: positionsOf(doc.contents, 0), contentsAt: (doc.contents as Node | null)?.range?.[0] ?? 0, lineStarts: lineCounter.lineStarts };
    keepParse(keep!, key, judged.ok ? { ...parse, valid: { schema: keep!.schema, value: judged.parsed.value } } : parse);
  }
  return judged;
}

/**
 * Keeps `parse` only when JSON carries it exactly (no .inf, .nan or -0), so that a kept load sees the same
 * data; its valid value likewise, else the parse is kept without it.
 */
function keepParse(keep: Keep, key: string, parse: KeptParse): void {
  if (!isPlainJson(parse.data)) return;
  const { valid, ...parsed } = parse;
  keep.store.put(key, valid && isPlainJson(valid.value) ? parse : parsed);
}

/** Parses YAML text as every file is parsed. */
function parseText(text: string): { doc: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  // stringKeys: a list or mapping used as a key is an error, not a key silently turned into text.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, stringKeys: true });
  return { doc, lineCounter };
}

const isMapping = (data: unknown): data is Record<string, unknown> => data !== null && typeof data === "object" && !Array.isArray(data);

/** Whether `value` is made of what JSON writes and reads back unchanged. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(isPlainJson);
  return false;
}

/**
 * The offsets of `node`'s fields, found as {@link sourceFile}'s `locate` finds them: a mapping's key by its
 * first occurrence, at the key; a list item at the item; `at` where a node has no range.
 */
function positionsOf(node: unknown, at: number): Positions {
  if (isMap(node)) {
    const keys: [string, Positions][] = [];
    const seen = new Set<string>();
    for (const p of node.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const key = String(p.key.value);
      if (seen.has(key)) continue;
      seen.add(key);
      keys.push([key, positionsOf(p.value, (p.key as Node).range?.[0] ?? at)]);
    }
    return { at, keys };
  }
  if (isSeq(node)) return { at, items: node.items.map((item) => positionsOf(item, (item as Node | null)?.range?.[0] ?? at)) };
  return { at };
}

/** A {@link SourceFile} for data taken from a {@link ParsedStore}: it locates fields as the document would. */
function keptSourceFile(file: string, kept: KeptParse): SourceFile {
  // Built at the first field located: most kept files are never asked where a field is.
  let lineCounter: LineCounter | undefined;
  const linePos = (offset: number) => {
    if (!lineCounter) {
      lineCounter = new LineCounter();
      for (const start of kept.lineStarts) lineCounter.addNewLine(start);
    }
    return lineCounter.linePos(offset);
  };
  const keyIndex = new WeakMap<Positions, Map<string, Positions>>();
  const child = (node: Positions, key: string): Positions | undefined => {
    let index = keyIndex.get(node);
    if (!index) keyIndex.set(node, (index = new Map(node.keys)));
    return index.get(key);
  };
  return {
    file,
    locate(path) {
      let node = kept.positions;
      let offset = 0;
      for (const segment of path) {
        const next = node.keys ? child(node, String(segment)) : node.items && typeof segment === "number" ? node.items[segment] : undefined;
        if (!next) break;
        offset = next.at;
        node = next;
      }
      if (path.length === 0) offset = kept.contentsAt;
      return linePos(offset);
    },
  };
}

/** The rules on how any file is written, then its schema, on the data a file parsed to. */
function judge<S extends z.ZodType>(source: SourceFile, data: Record<string, unknown>, schema: S): { ok: true; parsed: Parsed<z.output<S>> } | { ok: false; problems: Problem[] } {
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
 * Map keys that JavaScript objects treat specially: `__proto__` is dropped or replaces the prototype when a
 * map is copied into a plain object, and the names of `Object.prototype`'s members (`constructor`,
 * `toString`, ...) are "found" in every object by a careless lookup. Keys starting with `__` are refused
 * as well, so that a future built-in cannot become one. Refused in every map of every file.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), "prototype"]);
export const reservedKey = (key: string): boolean => RESERVED_KEYS.has(key) || key.startsWith("__");

/**
 * Rules for every value of every file, whatever its schema:
 * - text never holds Terraform or cdktf syntax (it would be interpolated, or break synthesis, instead of
 *   reaching the output as written);
 * - text and keys never hold an invisible character (lib/text.ts: format and bidirectional controls,
 *   control characters but line feed and tab, ...): two names that look the same would differ, and a
 *   reviewer would read something else than the tools do. Line feeds and tabs pass here; the schema
 *   refuses them in every single-line field;
 * - a key is never one that JavaScript objects treat specially ({@link RESERVED_KEYS});
 * - a list never holds one entry twice (entries name resources: keys, hosts, ports, sites).
 */
function valueProblems(source: SourceFile, value: unknown, path: FieldPath): Problem[] {
  const text = (s: string, at: FieldPath, what = "text"): Problem[] => {
    const found = terraformSyntaxIn(s);
    const invisible = invisibleCharacterIn(s);
    return found !== undefined
      ? [problemAt(source, at, "TERRAFORM_SYNTAX",
        `text may not hold "${found}": Terraform reads "\${" and "%{" as template syntax and cdktf reads "#{TfToken[" as a token, so it would not reach the output as written`)]
      : invisible !== undefined
        ? [problemAt(source, at, "INVISIBLE_CHARACTER",
          `${what} holds the invisible character ${invisible.label} at position ${invisible.index + 1}; it makes text look like something it is not (a name that looks the same but differs, or reads in another order): delete it`)]
        : [];
  };
  const key = (k: string, at: FieldPath): Problem[] =>
    reservedKey(k)
      ? [problemAt(source, at, "RESERVED_KEY",
        `the key "${k}" is reserved: JavaScript objects treat it specially (as they do every key starting with "__" and the names of Object.prototype's members), so it could vanish or be found where it was never written; choose another key`)]
      : text(k, at, "the key");
  if (typeof value === "string") return text(value, path);
  if (Array.isArray(value)) {
    // Entries compare by value: a repeated egress rule or connection is as much a repeat as a repeated port.
    const firsts = new Map<unknown, number>();
    return value.flatMap((item: unknown, i) => {
      const key = item !== null && typeof item === "object" ? `json:${stableStringify(item)}` : item;
      const first = firsts.get(key);
      firsts.set(key, first ?? i);
      const repeat = first === undefined
        ? []
        : [problemAt(source, [...path, i], "DUPLICATE_ENTRY", `${describeFound(item)} is already entry ${first} of this list; list each entry once`)];
      return [...repeat, ...valueProblems(source, item, [...path, i])];
    });
  }
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [...key(k, [...path, k]), ...valueProblems(source, v, [...path, k])]);
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
  // A list over its cap: TOO_MANY_ENTRIES, with the cap's own message (model/schema.ts's capped()).
  if (issue.code === "too_big" && issue.origin === "array") return [problemAt(source, path, "TOO_MANY_ENTRIES", issue.message)];
  // zod 4 issues do not carry the value, so look it up: a value left out is missing, whatever the check.
  const found = valueAt(data, path);
  const expected = issue.code === "invalid_type" ? (EXPECTED[issue.expected] ?? issue.expected) : undefined;
  if (found === undefined) return [problemAt(source, path, "MISSING_FIELD", `required field is missing${expected ? ` (expected ${expected})` : ""}`)];
  if (issue.code === "invalid_type") {
    const hint = found === null ? "; write a value, or leave the field out if it is optional" : "";
    return [problemAt(source, path, "INVALID_FIELD", `expected ${expected}, got ${describeFound(found)}${hint}`)];
  }
  return [problemAt(source, path, "INVALID_FIELD", describeIssue(issue, found))];
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

/** zod's own English wording, to tell its default messages from those our schemas give. */
const zodWording = z.locales.en().localeError;
const isZodWording = (issue: z.core.$ZodIssue): boolean => {
  const wording = zodWording(issue as Parameters<typeof zodWording>[0]);
  return issue.message === (typeof wording === "string" ? wording : wording?.message);
};

/** A bound of a number or a size, in words: "at most 5", "more than 0". */
const bound = (side: "most" | "least", inclusive: boolean | undefined, limit: number | bigint): string =>
  inclusive === false ? `${side === "most" ? "less" : "more"} than ${limit}` : `at ${side} ${limit}`;

const plainList = (values: readonly unknown[]): string => values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");

/**
 * What an issue means, in our words and with the value found (`describeFound` shortens long text; tenant
 * files hold no secrets). A message a schema gives itself is kept: only zod's own wording is replaced.
 */
function describeIssue(issue: z.core.$ZodIssue, found: unknown): string {
  if (issue.code !== "invalid_key" && issue.code !== "invalid_element" && !isZodWording(issue)) return issue.message;
  const value = describeFound(found);
  switch (issue.code) {
    case "too_big":
    case "too_small": {
      const side = issue.code === "too_big" ? "most" : "least";
      const limit = issue.code === "too_big" ? issue.maximum : issue.minimum;
      const within = bound(side, issue.inclusive, limit);
      if (issue.origin === "string") {
        if (issue.code === "too_small" && Number(limit) <= 1) return "is empty; write a value";
        return `${value} is too ${side === "most" ? "long" : "short"}: ${within} characters are allowed`;
      }
      if (issue.origin === "array" || issue.origin === "set") return `the list has ${Array.isArray(found) ? found.length : "too few"} entries; ${within} are allowed`;
      return `${value} is too ${side === "most" ? "large" : "small"}: ${within} is allowed`;
    }
    case "invalid_value":
      return issue.values.length === 1 ? `${value} is not allowed; write ${plainList(issue.values)}` : `${value} is not allowed; use one of ${plainList(issue.values)}`;
    case "invalid_format":
      return issue.format === "regex" ? `${value} is not written the way this field needs (it must match ${issue.pattern ?? "its pattern"})` : `${value} is not a valid ${issue.format}`;
    case "not_multiple_of":
      return `${value} is not a multiple of ${issue.divisor}`;
    case "invalid_union": {
      const expected = [...new Set(issue.errors.flatMap((branch) => branch.flatMap((i) => (i.code === "invalid_type" ? [EXPECTED[i.expected] ?? i.expected] : []))))];
      return expected.length > 0 ? `expected ${expected.join(" or ")}, got ${value}` : `${value} is not allowed here`;
    }
    case "invalid_key":
      return `a key: ${issue.issues.map((i) => describeIssue(i as z.core.$ZodIssue, issue.path.at(-1))).join("; ")}`;
    case "invalid_element":
      return issue.issues.map((i) => describeIssue(i as z.core.$ZodIssue, found)).join("; ");
    case "invalid_type":
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${value}`;
    default:
      return `${value} is not allowed here`;
  }
}

function sourceFile(file: string, doc: Document, lineCounter: LineCounter): SourceFile {
  // Each mapping's keys, indexed the first time a path goes through it: locating every field of a file
  // costs one pass over it, not one pass per field.
  const keyIndex = new WeakMap<object, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, key: string): Pair | undefined => {
    let index = keyIndex.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items) {
        if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
      }
      keyIndex.set(map, index);
    }
    return index.get(key);
  };
  return {
    file,
    locate(path) {
      let node: unknown = doc.contents;
      let offset = 0;
      for (const segment of path) {
        if (isMap(node)) {
          const pair = pairOf(node, String(segment));
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
