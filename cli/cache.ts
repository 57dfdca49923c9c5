/**
 * samdrift's cache on disk: kept stacks (cli/synth-cache.ts) and kept per-site isolation proofs
 * (cli/proof.ts), each in a folder of its own, one file per key. A file is a header line (the key, what the
 * kind of entry records, and a SHA-256 of all of it) followed by a body.
 *
 * Where: `SAMDRIFT_CACHE` when set (`off` turns the cache off, like `--no-cache`), else
 * `$XDG_CACHE_HOME/samdrift`, else `$HOME/.cache/samdrift`; with none of them set there is no cache. The
 * default lies outside every repository on purpose: a kept entry is used unseen, so the cache must be a
 * folder no pull request can write into (docs/security.md). A damaged entry (its checksum does not match)
 * or one of another key is never served.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { usage } from "./args.js";
import type { CliIo } from "./io.js";
import { byKey, byNumber } from "../lib/sort.js";

/** Where the cache lives for this environment, or undefined for none. */
export function cacheDir(cwd: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const set = env.SAMDRIFT_CACHE;
  if (set === "off") return undefined;
  if (set !== undefined && set !== "") return resolve(cwd, set);
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, "samdrift");
  if (env.HOME && isAbsolute(env.HOME)) return join(env.HOME, ".cache", "samdrift");
  return undefined;
}

/**
 * Refuses a cache folder inside a folder the run reads or replaces: in the tenant or catalogue folders a
 * pull request could write it, and in the output folder synth would delete it.
 */
export function checkCacheDir(dir: string, inside: readonly string[]): void {
  for (const folder of inside) {
    const rel = relative(folder, dir);
    if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))) {
      throw usage(`SAMDRIFT_CACHE ${dir} lies inside ${folder}, a folder samdrift reads or replaces; keep the cache outside the repository (default: ~/.cache/samdrift)`);
    }
  }
}

export interface CacheChoice {
  /** `--no-cache`. */
  readonly noCache: boolean;
  /** Folders the run reads or replaces (tenants, catalogue, output): the cache may not lie in them. */
  readonly inside: readonly string[];
}

/** The cache folder a command uses, or undefined when the cache is off. */
export function chosenCacheDir(io: CliIo, choice: CacheChoice): string | undefined {
  const dir = choice.noCache ? undefined : cacheDir(io.cwd, io.env);
  if (dir) checkCacheDir(dir, choice.inside);
  return dir;
}

const identities = new Map<string, string>();

/**
 * A SHA-256 of code: every file of `dirs` beside this module (the compiled dist/ or, under tsx, the
 * sources) and the versions of `packages`. Computed once per process for each list.
 */
export function codeIdentity(dirs: readonly string[], packages: readonly string[] = []): string {
  const memo = `${dirs.join(",")};${packages.join(",")}`;
  const known = identities.get(memo);
  if (known) return known;
  const root = fileURLToPath(new URL("..", import.meta.url));
  const hash = createHash("sha256");
  const require = createRequire(import.meta.url);
  for (const name of packages) {
    const pkg = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version?: unknown };
    hash.update(`${name}@${String(pkg.version)}\n`);
  }
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true }).sort(byKey((e) => e.name))) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else hash.update(`${path}\n`).update(readFileSync(join(root, path))).update("\n");
    }
  };
  for (const dir of dirs) walk(dir);
  const identity = hash.digest("hex");
  identities.set(memo, identity);
  return identity;
}

/** One kept entry: what its kind records in the header line, and the body after it. */
export interface Entry {
  readonly header: Readonly<Record<string, unknown>>;
  readonly body: string;
}

/** What went wrong with the cache in this process: folder → the first error. */
const troubles = new Map<string, string>();

/**
 * One line per cache folder that could not be written since the last call (and empties the list).
 * cli/main.ts prints them when a command ends: a cache that cannot be written costs speed, never the run.
 */
export function cacheTroubles(): string[] {
  const lines = [...troubles].map(([folder, reason]) => `samdrift: the cache folder ${folder} cannot be written (${reason}); going on without keeping what this run built`);
  troubles.clear();
  return lines;
}

const reasonOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** A folder of entries, one file per key. A folder that cannot be created or written is skipped, and said so once. */
export class EntryFolder {
  private written = 0;
  private usable = true;

  constructor(readonly folder: string) {
    try {
      mkdirSync(folder, { recursive: true });
    } catch (e) {
      this.unusable(e);
    }
  }

  private unusable(e: unknown): void {
    this.usable = false;
    if (!troubles.has(this.folder)) troubles.set(this.folder, reasonOf(e));
  }

  /** The entry of `key`, or undefined when there is none or it is damaged. */
  get(key: string): Entry | undefined {
    if (!this.usable) return undefined;
    const path = join(this.folder, key);
    let data: string;
    try {
      data = readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
    const entry = parseEntry(key, data);
    // Marks the entry used, so that pruning removes those unused longest.
    if (entry) touch(path);
    return entry;
  }

  put(key: string, entry: Entry): void {
    if (!this.usable) return;
    const path = join(this.folder, key);
    // Written beside and renamed, so that a reader (another run) never sees half an entry.
    const partial = `${path}.${process.pid}.partial`;
    try {
      writeFileSync(partial, entryText(key, entry));
      renameSync(partial, path);
      this.written++;
    } catch (e) {
      rmSync(partial, { force: true });
      this.unusable(e);
    }
  }

  /** Removes the entries used longest ago while more than `max` are kept. Lists the folder only when this run wrote. */
  prune(max: number): void {
    if (this.written === 0 || !this.usable) return;
    const names = readdirSync(this.folder);
    if (names.length <= max) return;
    const aged = names
      .map((name) => ({ name, used: statSync(join(this.folder, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort(byNumber((e) => e.used));
    for (const { name } of aged.slice(0, names.length - max)) rmSync(join(this.folder, name), { force: true });
  }
}

/**
 * Entries whose body is a JSON value, checked by `isWhole` on the way out: a value that fails it (or is
 * not JSON) is never served.
 */
export class JsonEntries<T> {
  readonly entries: EntryFolder;

  constructor(
    folder: string,
    private readonly isWhole: (value: Partial<T>) => boolean,
  ) {
    this.entries = new EntryFolder(folder);
  }

  get(key: string): T | undefined {
    const kept = this.entries.get(key);
    if (!kept) return undefined;
    try {
      const value = JSON.parse(kept.body) as Partial<T>;
      return value !== null && typeof value === "object" && this.isWhole(value) ? (value as T) : undefined;
    } catch {
      return undefined;
    }
  }

  put(key: string, value: T): void {
    this.entries.put(key, { header: {}, body: JSON.stringify(value) });
  }

  prune(max: number): void {
    this.entries.prune(max);
  }
}

function touch(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    // Removed by a parallel run's pruning: the entry is already read.
  }
}

const checksum = (key: string, header: Entry["header"], body: string): string =>
  createHash("sha256").update(JSON.stringify([key, header])).update("\n").update(body).digest("hex");

function entryText(key: string, entry: Entry): string {
  return `${JSON.stringify({ key, header: entry.header, sha256: checksum(key, entry.header, entry.body) })}\n${entry.body}`;
}

/** The entry in `data`, or undefined when it is not an intact entry of `key`. */
export function parseEntry(key: string, data: string): Entry | undefined {
  const newline = data.indexOf("\n");
  if (newline < 0) return undefined;
  let line: { key?: unknown; header?: unknown; sha256?: unknown };
  try {
    line = JSON.parse(data.slice(0, newline)) as typeof line;
  } catch {
    return undefined;
  }
  const body = data.slice(newline + 1);
  if (line.key !== key || typeof line.header !== "object" || line.header === null || Array.isArray(line.header)) return undefined;
  const header = line.header as Entry["header"];
  if (line.sha256 !== checksum(key, header, body)) return undefined;
  return { header, body };
}
