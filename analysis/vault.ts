/**
 * Vault ACL policies: parsing the HCL samdrift generates and computing what a token holding several
 * policies may do on a path.
 *
 * Semantics, from https://developer.hashicorp.com/vault/docs/concepts/policies:
 * - A pattern is an exact path, may use `+` for exactly one path segment, and may end in the glob `*`,
 *   a prefix match that crosses `/` (`secret/zip-*` matches `secret/zip-zap/zong`; `secret/bar/*` does not
 *   match `secret/bar`).
 * - The same pattern in several policies: the union of their capabilities. `deny` overrides every other
 *   capability of that pattern.
 * - Different patterns matching one path: only the highest-priority one applies. P1 is lower priority
 *   than P2 if (1) its first `+` or `*` comes earlier, (2) it ends in `*` and P2 does not, (3) it has more
 *   `+` segments, (4) it is shorter, (5) it is lexicographically smaller.
 * - Deny by default: a path no pattern matches allows nothing.
 *
 * Pure: no file system, no environment.
 */

import { byEntryKey, byKey } from "../lib/sort.js";

export const CAPABILITIES = ["create", "delete", "deny", "list", "patch", "read", "recover", "subscribe", "sudo", "update"] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface VaultRule {
  readonly path: string;
  /** Sorted; exactly `["deny"]` when the rule denies. */
  readonly capabilities: readonly Capability[];
  /** 1-based line of the `path` keyword in the policy text. */
  readonly line: number;
}

/** A policy text samdrift cannot read; `line` is 1-based within the text. */
export class VaultPolicySyntaxError extends Error {
  override readonly name = "VaultPolicySyntaxError";
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

// ------------------------------------------------------------------------------------------------ HCL

type Token = { kind: "ident" | "string" | "number" | "punct"; value: string; line: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n") {
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r") i++;
    else if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) throw new VaultPolicySyntaxError(line, "unterminated /* comment");
      for (let j = i; j < end; j++) if (text[j] === "\n") line++;
      i = end + 2;
    } else if (c === '"') {
      let value = "";
      const start = line;
      i++;
      for (;;) {
        const d = text[i];
        if (d === undefined || d === "\n") throw new VaultPolicySyntaxError(start, "unterminated string");
        if (d === '"') break;
        if (d === "\\") {
          const e = text[i + 1];
          const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };
          if (e === undefined || map[e] === undefined) throw new VaultPolicySyntaxError(line, `unsupported escape \\${e ?? ""}`);
          value += map[e];
          i += 2;
        } else if (d === "$" && text[i + 1] === "{") {
          throw new VaultPolicySyntaxError(line, "interpolation (${...}) is not supported in policy text samdrift analyses");
        } else {
          value += d;
          i++;
        }
      }
      i++;
      tokens.push({ kind: "string", value, line: start });
    } else if ("{}[]=,:".includes(c)) {
      tokens.push({ kind: "punct", value: c, line });
      i++;
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(i));
      if (!m) throw new VaultPolicySyntaxError(line, `unexpected "${c}"`);
      tokens.push({ kind: "number", value: m[0], line });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))!;
      tokens.push({ kind: "ident", value: m[0], line });
      i += m[0].length;
    } else throw new VaultPolicySyntaxError(line, `unexpected "${c}"`);
  }
  return tokens;
}

type Value = string | number | boolean | Value[] | { [k: string]: Value };

class Parser {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private line(): number {
    return this.peek()?.line ?? this.tokens[this.tokens.length - 1]?.line ?? 1;
  }
  private next(what: string): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new VaultPolicySyntaxError(this.line(), `expected ${what}, found the end of the text`);
    return t;
  }
  private expect(value: string): void {
    const t = this.next(`"${value}"`);
    if (t.kind !== "punct" || t.value !== value) throw new VaultPolicySyntaxError(t.line, `expected "${value}", found "${t.value}"`);
  }
  private isPunct(value: string): boolean {
    const t = this.peek();
    return t?.kind === "punct" && t.value === value;
  }

  rules(): VaultRule[] {
    const out: VaultRule[] = [];
    while (this.peek()) {
      const kw = this.next("path");
      if (kw.kind !== "ident" || kw.value !== "path") {
        throw new VaultPolicySyntaxError(kw.line, `expected a path block, found "${kw.value}"; samdrift reads path "..." { capabilities = [...] } blocks`);
      }
      const path = this.next("a quoted path");
      if (path.kind !== "string") throw new VaultPolicySyntaxError(path.line, "expected a quoted path after path");
      // Vault refuses the whole policy: "The glob and wildcard character cannot be used together like +*".
      if (path.value.includes("+*")) throw new VaultPolicySyntaxError(path.line, `path "${path.value}" uses + directly followed by *, which Vault refuses`);
      const body = this.object();
      out.push({ path: path.value, capabilities: capabilitiesOf(body, kw.line), line: kw.line });
    }
    return out;
  }

  private object(): Record<string, Value> {
    this.expect("{");
    const out: Record<string, Value> = {};
    while (!this.isPunct("}")) {
      const key = this.next("an attribute name");
      if (key.kind !== "ident" && key.kind !== "string") throw new VaultPolicySyntaxError(key.line, `expected an attribute name, found "${key.value}"`);
      if (this.isPunct("{")) out[key.value] = this.object();
      else {
        const sep = this.next('"="');
        if (sep.kind !== "punct" || (sep.value !== "=" && sep.value !== ":")) throw new VaultPolicySyntaxError(sep.line, `expected "=" after ${key.value}`);
        out[key.value] = this.value();
      }
      if (this.isPunct(",")) this.i++;
    }
    this.expect("}");
    return out;
  }

  private value(): Value {
    if (this.isPunct("[")) {
      this.i++;
      const items: Value[] = [];
      while (!this.isPunct("]")) {
        items.push(this.value());
        if (this.isPunct(",")) this.i++;
        else if (!this.isPunct("]")) throw new VaultPolicySyntaxError(this.line(), 'expected "," or "]" in a list');
      }
      this.i++;
      return items;
    }
    if (this.isPunct("{")) return this.object();
    const t = this.next("a value");
    if (t.kind === "string") return t.value;
    if (t.kind === "number") return Number(t.value);
    if (t.kind === "ident" && (t.value === "true" || t.value === "false")) return t.value === "true";
    throw new VaultPolicySyntaxError(t.line, `unexpected "${t.value}"`);
  }
}

/** The deprecated `policy = "read"` form, as Vault expands it. */
const OLD_POLICY: Readonly<Record<string, readonly Capability[]>> = {
  deny: ["deny"],
  read: ["read", "list"],
  write: ["create", "read", "update", "patch", "delete", "list"],
  sudo: ["create", "read", "update", "patch", "delete", "list", "sudo"],
};

const isCapability = (s: string): s is Capability => (CAPABILITIES as readonly string[]).includes(s);

function capabilitiesOf(body: Record<string, Value>, line: number): Capability[] {
  const caps = new Set<Capability>();
  const list = body.capabilities;
  if (list !== undefined) {
    if (!Array.isArray(list)) throw new VaultPolicySyntaxError(line, "capabilities must be a list of strings");
    for (const c of list) {
      if (typeof c !== "string" || !isCapability(c)) throw new VaultPolicySyntaxError(line, `unknown capability ${JSON.stringify(c)}; Vault knows ${CAPABILITIES.join(", ")}`);
      caps.add(c);
    }
  }
  const old = body.policy;
  if (old !== undefined) {
    const expanded = typeof old === "string" ? OLD_POLICY[old] : undefined;
    if (!expanded) throw new VaultPolicySyntaxError(line, `policy = ${JSON.stringify(old)} is not deny, read, write or sudo`);
    expanded.forEach((c) => caps.add(c));
  }
  if (list === undefined && old === undefined) throw new VaultPolicySyntaxError(line, "a path block needs capabilities");
  return caps.has("deny") ? ["deny"] : [...caps].sort();
}

/**
 * The rules of a policy in HCL: `path "<pattern>" { capabilities = [...] }` blocks and `#`, `//`, `/* *\/`
 * comments. Other attributes of a path block (parameter constraints, wrapping TTLs) only narrow access,
 * so they are read and ignored. A path with `+*` is refused, as Vault refuses it.
 */
export function parsePolicyHcl(text: string): VaultRule[] {
  return new Parser(tokenize(text)).rules();
}

// --------------------------------------------------------------------------------------------- matching

const normalisePattern = (p: string): string => p.replace(/^\/+/, "");

/** Whether `pattern` matches the request path `path`. */
export function patternMatches(pattern: string, path: string): boolean {
  const p = normalisePattern(pattern);
  const glob = p.endsWith("*");
  const segments = (glob ? p.slice(0, -1) : p).split("/");
  const parts = normalisePattern(path).split("/");
  if (!glob) return parts.length === segments.length && segments.every((s, i) => s === "+" || s === parts[i]);
  if (parts.length < segments.length) return false;
  for (let i = 0; i < segments.length - 1; i++) if (segments[i] !== "+" && segments[i] !== parts[i]) return false;
  const last = segments[segments.length - 1]!;
  return parts.slice(segments.length - 1).join("/").startsWith(last);
}

function firstWildcard(p: string): number {
  let pos = 0;
  const body = p.endsWith("*") ? p.slice(0, -1) : p;
  for (const seg of body.split("/")) {
    if (seg === "+") return pos;
    pos += seg.length + 1;
  }
  return p.endsWith("*") ? p.length - 1 : Number.POSITIVE_INFINITY;
}

const plusCount = (p: string): number => (p.endsWith("*") ? p.slice(0, -1) : p).split("/").filter((s) => s === "+").length;

/** Whether `a` has priority over `b` when both match a path (Vault's five rules). */
export function hasPriority(a: string, b: string): boolean {
  const pa = normalisePattern(a);
  const pb = normalisePattern(b);
  const wa = firstWildcard(pa);
  const wb = firstWildcard(pb);
  if (wa !== wb) return wa > wb;
  const ga = pa.endsWith("*");
  const gb = pb.endsWith("*");
  if (ga !== gb) return !ga;
  const ca = plusCount(pa);
  const cb = plusCount(pb);
  if (ca !== cb) return ca < cb;
  if (pa.length !== pb.length) return pa.length > pb.length;
  return pa > pb;
}

// ----------------------------------------------------------------------------------------------- ACLs

export interface AclEntry {
  readonly path: string;
  readonly capabilities: readonly Capability[];
  /** Names of the policies that hold this pattern, sorted. */
  readonly policies: readonly string[];
}

/** The ACL of a token holding `policies`: one entry per distinct pattern, sorted by pattern. */
export function buildAcl(policies: readonly { readonly name: string; readonly rules: readonly VaultRule[] }[]): AclEntry[] {
  const byPath = new Map<string, { caps: Set<Capability>; policies: Set<string> }>();
  for (const p of policies) {
    for (const r of p.rules) {
      const key = normalisePattern(r.path);
      const entry = byPath.get(key) ?? { caps: new Set<Capability>(), policies: new Set<string>() };
      r.capabilities.forEach((c) => entry.caps.add(c));
      entry.policies.add(p.name);
      byPath.set(key, entry);
    }
  }
  return [...byPath.entries()]
    .sort(byEntryKey)
    .map(([path, e]) => ({ path, capabilities: e.caps.has("deny") ? ["deny"] : [...e.caps].sort(), policies: [...e.policies].sort() }));
}

/** The entry that decides `path` (highest priority among matching patterns), or undefined: denied. */
export function decidingEntry(acl: readonly AclEntry[], path: string): AclEntry | undefined {
  let best: AclEntry | undefined;
  for (const e of acl) if (patternMatches(e.path, path) && (!best || hasPriority(e.path, best.path))) best = e;
  return best;
}

/** What a token with `acl` may do on `path`: `[]` when nothing is allowed (no match, or `deny`). */
export function effectiveCapabilities(acl: readonly AclEntry[], path: string): readonly Capability[] {
  const e = decidingEntry(acl, path);
  return !e || e.capabilities.includes("deny") ? [] : e.capabilities;
}

/** A segment no pattern can name literally. */
const FRESH = "\u0000x";

/** A pattern's `/`-separated segments, its leading slashes and trailing glob left out. */
const segmentsOf = (pattern: string): string[] => normalisePattern(pattern).replace(/\*$/, "").split("/");

/**
 * What {@link witnessPaths} needs of the other patterns, worked out once for all the patterns of one
 * policy set: the deepest pattern's segment count, and the literal segments at each position.
 */
export interface WitnessContext {
  readonly deepest: number;
  /** Literal segments (not `+`, not empty) the other patterns have at each position. */
  readonly literalsAt: readonly (readonly string[])[];
}

export function witnessContext(others: readonly string[]): WitnessContext {
  const literals: Set<string>[] = [];
  let deepest = 0;
  for (const other of others) {
    const segments = segmentsOf(other);
    deepest = Math.max(deepest, segments.length);
    segments.forEach((seg, i) => {
      if (seg === "+" || seg === "") return;
      (literals[i] ??= new Set()).add(seg);
    });
  }
  return { deepest, literalsAt: Array.from({ length: literals.length }, (_, i) => [...(literals[i] ?? [])]) };
}

/**
 * Concrete paths a pattern matches, chosen to escape any literal of other patterns: `+` becomes a fresh
 * segment or a literal other patterns use at that position; a trailing `*` becomes nothing or a fresh
 * continuation of the last segment, followed by up to one fresh segment more than the deepest other
 * pattern has. That depth matters: `+` is exactly one segment, so `x/+` and `x/+/+` (which outrank `x/*`
 * by rule 2) decide `x/a` and `x/a/b`, but `x/a/b/c` is still decided by `x/*`.
 */
export function witnessPaths(pattern: string, others: readonly string[] | WitnessContext = []): string[] {
  const context = Array.isArray(others) ? witnessContext(others as readonly string[]) : (others as WitnessContext);
  const p = normalisePattern(pattern);
  const glob = p.endsWith("*");
  const segments = (glob ? p.slice(0, -1) : p).split("/");
  const extra = Math.max(1, context.deepest - segments.length + 1);
  // "", <any>, <any>/<any>, /<any>, <any>/<any>/<any>, /<any>/<any>, ...: cleaner witnesses first, for messages.
  const globSuffixes = ["", FRESH];
  for (let k = 1; k <= extra; k++) globSuffixes.push(FRESH + `/${FRESH}`.repeat(k), `/${FRESH}`.repeat(k));
  let paths: string[] = [""];
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    const options = seg === "+" ? [FRESH, ...(context.literalsAt[i] ?? [])] : [seg];
    paths = paths.flatMap((prefix) => options.map((o) => (i === 0 ? o : `${prefix}/${o}`)));
    if (last && glob) paths = paths.flatMap((x) => globSuffixes.map((s) => x + s));
  });
  return [...new Set(paths)];
}

/** Renders a witness for messages: fresh segments read `<any>`. */
/** A witness path for messages: fresh segments as `<any>`, and the empty path (the mount root) named. */
export const showWitness = (path: string): string => (path === "" ? "the root path" : path.split(FRESH).join("<any>"));

export interface UndeclaredGrant {
  /** The pattern that decides the witness path. */
  readonly entry: AclEntry;
  /** A path outside every declared pattern on which the token holds `entry.capabilities`. */
  readonly witness: string;
}

/**
 * Patterns of `acl` that grant something on a path no `declared` pattern matches. Decided on witness
 * paths of every granting pattern, with Vault's priority rules, so a more specific `deny` that really
 * shadows a broad grant is honoured.
 */
export function undeclaredGrants(acl: readonly AclEntry[], declared: readonly string[]): UndeclaredGrant[] {
  const found = new Map<string, UndeclaredGrant>();
  const context = witnessContext([...acl.map((e) => e.path), ...declared]);
  for (const e of acl) {
    if (e.capabilities.includes("deny")) continue;
    for (const w of witnessPaths(e.path, context)) {
      if (declared.some((d) => patternMatches(d, w))) continue;
      const decider = decidingEntry(acl, w);
      if (!decider || decider.capabilities.includes("deny")) continue;
      if (!found.has(decider.path)) found.set(decider.path, { entry: decider, witness: w });
    }
  }
  return [...found.values()].sort(byKey((f) => f.entry.path));
}
