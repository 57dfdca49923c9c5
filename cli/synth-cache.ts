/**
 * The stack cache of `samdrift synth` and `samdrift check` on disk (stacks/synth-cache.ts says what a key
 * covers): one file per kept stack in `<cache>/stacks-v1/<key>`, a header line (the key, cdktf's version,
 * the manifest entry and a SHA-256 of all of it) followed by the stack's `cdk.tf.json`.
 *
 * Where: `SAMDRIFT_CACHE` when set (`off` turns the cache off, like `--no-cache`), else
 * `$XDG_CACHE_HOME/samdrift`, else `$HOME/.cache/samdrift`; with none of them set there is no cache. The
 * default lies outside every repository on purpose: a kept stack is copied into the output unseen, so the
 * cache must be a folder no pull request can write into (docs/security.md). A damaged or foreign entry is
 * never served: its checksum or its paths do not match, and the stack is built again.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { NO_STORE, synthWithCache, type CachedStack, type CachedSynthResult, type OutputFiles, type StackStore } from "../stacks/synth-cache.js";
import type { Plan } from "../model/plan.js";
import type { CliIo } from "./io.js";
import { synthWorkers } from "./workers.js";
import { usage } from "./args.js";
import { byKey, byNumber } from "../lib/sort.js";

/** Folders of the code that builds stacks: every module stacks/synth-part.ts imports lies in them (test/synth-cache.test.ts). */
export const STACK_CODE_DIRS = ["constructs", "stacks", "lib", "model", "output", "fees"] as const;

/** Packages whose code builds stacks besides samdrift's own. */
const STACK_PACKAGES = ["cdktf", "constructs", "@cdktf/provider-kubernetes", "@cdktf/provider-vault"] as const;

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
export function checkCacheDir(dir: string, inputs: readonly string[], out: string | undefined): void {
  for (const folder of [...inputs, ...(out ? [out] : [])]) {
    const rel = relative(folder, dir);
    if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))) {
      throw usage(`SAMDRIFT_CACHE ${dir} lies inside ${folder}, a folder samdrift reads or replaces; keep the cache outside the repository (default: ~/.cache/samdrift)`);
    }
  }
}

let codeIdentityMemo: string | undefined;

/**
 * A SHA-256 of the code that builds stacks: every file of {@link STACK_CODE_DIRS} beside this module (the
 * compiled dist/ or, under tsx, the sources) and the versions of {@link STACK_PACKAGES}. Computed once per
 * process.
 */
export function codeIdentity(): string {
  if (codeIdentityMemo) return codeIdentityMemo;
  const root = fileURLToPath(new URL("..", import.meta.url));
  const hash = createHash("sha256");
  const require = createRequire(import.meta.url);
  for (const name of STACK_PACKAGES) {
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
  for (const dir of STACK_CODE_DIRS) walk(dir);
  return (codeIdentityMemo = hash.digest("hex"));
}

/**
 * Kept entries beyond this many (counting those of earlier code and inputs) are removed, oldest use first.
 * A 1,000-tenant repository has about 2,000 stacks, so this keeps a few generations of it.
 */
export const MAX_ENTRIES = 10_000;

/** The cache in `dir`: reads and writes of entries; {@link DiskStackStore.prune} after a run. */
export class DiskStackStore implements StackStore {
  private readonly folder: string;
  private written = 0;

  constructor(dir: string) {
    this.folder = join(dir, "stacks-v1");
    mkdirSync(this.folder, { recursive: true });
  }

  get(key: string): CachedStack | undefined {
    const path = join(this.folder, key);
    let data: string;
    try {
      data = readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
    const stack = parseEntry(key, data);
    // Marks the entry used, so that pruning removes those unused longest.
    if (stack) touch(path);
    return stack;
  }

  put(key: string, stack: CachedStack): void {
    const path = join(this.folder, key);
    // Written beside and renamed, so that a reader (another run) never sees half an entry.
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, entryText(key, stack));
    renameSync(partial, path);
    this.written++;
  }

  /** Removes the entries used longest ago while more than `max` are kept. Lists the folder only when this run wrote. */
  prune(max = MAX_ENTRIES): void {
    if (this.written === 0) return;
    const names = readdirSync(this.folder);
    if (names.length <= max) return;
    const aged = names
      .map((name) => ({ name, used: statSync(join(this.folder, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort(byNumber((e) => e.used));
    for (const { name } of aged.slice(0, names.length - max)) rmSync(join(this.folder, name), { force: true });
  }
}

function touch(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    // Removed by a parallel run's pruning: the text is already read.
  }
}

interface EntryHeader {
  readonly key: string;
  readonly version: string;
  readonly entry: CachedStack["entry"];
  readonly sha256: string;
}

const checksum = (key: string, version: string, entry: CachedStack["entry"], text: string): string =>
  createHash("sha256").update(JSON.stringify([key, version, entry])).update("\n").update(text).digest("hex");

function entryText(key: string, stack: CachedStack): string {
  const header: EntryHeader = { key, version: stack.version, entry: stack.entry, sha256: checksum(key, stack.version, stack.entry, stack.text) };
  return `${JSON.stringify(header)}\n${stack.text}`;
}

/** The kept stack in `data`, or undefined when it is not an intact entry of `key`. */
export function parseEntry(key: string, data: string): CachedStack | undefined {
  const newline = data.indexOf("\n");
  if (newline < 0) return undefined;
  let header: Partial<EntryHeader>;
  try {
    header = JSON.parse(data.slice(0, newline)) as Partial<EntryHeader>;
  } catch {
    return undefined;
  }
  const text = data.slice(newline + 1);
  if (header.key !== key || typeof header.version !== "string" || typeof header.entry !== "object" || header.entry === null) return undefined;
  if (header.sha256 !== checksum(key, header.version, header.entry, text)) return undefined;
  return { version: header.version, entry: header.entry, text };
}

/** The files of output folder `dir`. */
export function outputFiles(dir: string): OutputFiles {
  return {
    read: (path) => readFileSync(join(dir, path), "utf8"),
    write: (path, text) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
  };
}

export interface CommandSynthOptions {
  /** Folder to synthesize into (a temporary folder the command owns). */
  readonly outdir: string;
  readonly plan: Plan;
  /** False for `--only`: no site stacks. */
  readonly withSites: boolean;
  /** `--no-cache`: build every stack and keep none. */
  readonly noCache: boolean;
  /** Folders the run reads (tenants, catalogue) and the output folder it replaces: the cache may not lie in them. */
  readonly inputs: readonly string[];
  readonly out?: string;
}

/**
 * How `synth` and `check` synthesize: every stack of `plan` into `outdir`, copying the kept ones from the
 * cache (unless it is off) and building the rest on {@link synthWorkers} threads.
 */
export async function synthesizeForCommand(io: CliIo, options: CommandSynthOptions): Promise<CachedSynthResult> {
  const dir = options.noCache ? undefined : cacheDir(io.cwd, io.env);
  if (dir) checkCacheDir(dir, options.inputs, options.out);
  const store = dir ? new DiskStackStore(dir) : undefined;
  const result = await synthWithCache({
    outdir: options.outdir,
    plan: options.plan,
    withSites: options.withSites,
    workers: synthWorkers(io.env),
    code: store ? codeIdentity() : "",
    store: store ?? NO_STORE,
    files: outputFiles(options.outdir),
  });
  store?.prune();
  return result;
}
