/**
 * The stack cache of `samdrift synth`, `check` and `report` on disk (stacks/synth-cache.ts says what a key
 * covers; cli/cache.ts where the cache lives and how an entry is checked): one entry per kept stack in
 * `<cache>/stacks-v1/<key>`, its header the manifest entry and cdktf's version, its body the stack's
 * `cdk.tf.json`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { MIN_STACKS_FOR_WORKERS, NO_STORE, synthWithCache, type CachedStack, type CachedSynthResult, type OutputFiles, type StackStore } from "../stacks/synth-cache.js";
import type { Plan } from "../model/plan.js";
import { WorkerPool } from "../stacks/synth.js";
import type { CliIo } from "./io.js";
import { synthWorkers } from "./workers.js";
import { EntryFolder, codeIdentity } from "./cache.js";

/** Folders of the code that builds stacks: every module stacks/synth-part.ts imports lies in them (test/synth-cache.test.ts). */
export const STACK_CODE_DIRS = ["constructs", "stacks", "lib", "model", "output", "fees"] as const;

/** Packages whose code builds stacks besides samdrift's own. */
const STACK_PACKAGES = ["cdktf", "constructs", "@cdktf/provider-kubernetes", "@cdktf/provider-vault"] as const;

/** The identity of the code that builds stacks: part of every stack's key. */
export const stackCodeIdentity = (): string => codeIdentity(STACK_CODE_DIRS, STACK_PACKAGES);

/**
 * Kept stacks beyond this many (counting those of earlier code and inputs) are removed, oldest use first.
 * A 1,000-tenant repository has about 2,000 stacks, so this keeps a few generations of it.
 */
export const MAX_STACKS = 10_000;

/** The kept stacks in `<dir>/stacks-v1`. */
export class DiskStackStore implements StackStore {
  readonly entries: EntryFolder;

  constructor(dir: string) {
    this.entries = new EntryFolder(join(dir, "stacks-v1"));
  }

  get(key: string): CachedStack | undefined {
    const kept = this.entries.get(key);
    const { version, entry } = kept?.header ?? {};
    if (!kept || typeof version !== "string" || typeof entry !== "object" || entry === null) return undefined;
    return { version, entry: entry as CachedStack["entry"], text: kept.body };
  }

  put(key: string, stack: CachedStack): void {
    this.entries.put(key, { header: { version: stack.version, entry: stack.entry }, body: stack.text });
  }

  prune(max = MAX_STACKS): void {
    this.entries.prune(max);
  }
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
  /** The cache folder (cli/cache.ts `chosenCacheDir`), or undefined to build every stack and keep none. */
  readonly cache: string | undefined;
  /** Worker threads started ahead ({@link startWorkers}). @default - started when there is work */
  readonly pool?: WorkerPool;
}

/**
 * Starts the worker threads a synth may use (one fewer than {@link synthWorkers}: this thread is one) before
 * the files are read, so that they load cdktf meanwhile. The caller closes the pool when synth is done.
 */
export const startWorkers = (io: CliIo): WorkerPool => new WorkerPool(synthWorkers(io.env) - 1);

/**
 * How `synth` and `check` synthesize: every stack of `plan` into `outdir`, copying the kept ones from the
 * cache (unless it is off) and building the rest on {@link synthWorkers} threads.
 */
export async function synthesizeForCommand(io: CliIo, options: CommandSynthOptions): Promise<CachedSynthResult> {
  const store = options.cache ? new DiskStackStore(options.cache) : undefined;
  const result = await synthWithCache({
    outdir: options.outdir,
    plan: options.plan,
    withSites: options.withSites,
    workers: synthWorkers(io.env),
    // SAMDRIFT_WORKERS set: that many threads, however few the stacks.
    minStacksForWorkers: io.env.SAMDRIFT_WORKERS ? 0 : MIN_STACKS_FOR_WORKERS,
    ...(options.pool ? { pool: options.pool } : {}),
    code: store ? stackCodeIdentity() : "",
    store: store ?? NO_STORE,
    files: outputFiles(options.outdir),
  });
  store?.prune();
  return result;
}
