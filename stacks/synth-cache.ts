/**
 * Incremental synth: each stack's `cdk.tf.json` and manifest entry are kept under a key that hashes exactly
 * what the stack is built from, and a stack whose key is already kept is copied instead of built.
 *
 * What a stack depends on is known exactly, because of how stacks are built (synth-part.ts): a stack is a
 * function of its plan item alone (a {@link TenantSitePlan} holds the tenant, its site, its supplier and
 * every catalogue value the stack reads, resolved by the planner; a {@link SitePlan} likewise), of whether
 * its site's stack is built in the same `App` (the manifest's `dependencies`), and of the code that builds
 * it (constructs, bindings, cdktf). Worker threads rely on the same property: they receive the plan item
 * and nothing else. So the key is a SHA-256 of the code's identity (given by the caller), the stack kind,
 * whether the site stack is present, and the plan item's JSON. A change to a tenant file changes that
 * tenant's items; a change to a site, supplier or service in the catalogue changes the items that read it;
 * a new samdrift or cdktf changes the code identity, and with it every key. Nothing else is trusted: an
 * entry whose text does not match the checksum it was stored with, or whose paths are not the stack's own,
 * is ignored and rebuilt.
 *
 * Pure apart from cdktf's writing: where entries are kept and how output files are read and written are
 * the caller's ({@link StackStore}, {@link OutputFiles}; cli/synth-cache.ts keeps them on disk).
 */
import { createHash } from "node:crypto";
import { mergeManifests, type SynthManifest, type SynthStackEntry } from "../lib/cdktf.js";
import type { Plan, SitePlan, TenantSitePlan } from "../model/plan.js";
import { synthPlanParts, type SynthResult, type WorkerPool } from "./synth.js";

/** One stack as kept: exactly what synth wrote for it. */
export interface CachedStack {
  /** cdktf's version, as `manifest.json` records it. */
  readonly version: string;
  /** The stack's entry in `manifest.json`. */
  readonly entry: SynthStackEntry;
  /** `stacks/<id>/cdk.tf.json`, byte for byte. */
  readonly text: string;
}

/** Where kept stacks live. `get` answers undefined for a key it does not hold (or holds damaged). */
export interface StackStore {
  get(key: string): CachedStack | undefined;
  put(key: string, stack: CachedStack): void;
}

/** A store that holds nothing and keeps nothing: every stack is built (`--no-cache`). */
export const NO_STORE: StackStore = { get: () => undefined, put: () => undefined };

/** The output folder's files, by path relative to it (forward slashes). */
export interface OutputFiles {
  read(path: string): string;
  write(path: string, text: string): void;
}

export interface CachedSynthOptions {
  /** Folder cdktf writes into (the caller's temporary folder). */
  readonly outdir: string;
  /** The stacks to write: {@link selectedPlan} of the model. */
  readonly plan: Plan;
  /** Whether site stacks are part of this synthesis (false for `--only`), which tenant stacks' manifest entries record. */
  readonly withSites: boolean;
  /** Threads for the stacks that are built. @default 1 */
  readonly workers?: number;
  /**
   * Fewer stacks to build than this are built in this thread whatever `workers` says: starting a worker
   * (loading cdktf and the provider bindings, about 0.4 s) costs more than it saves on a few stacks, the
   * usual case of a one-file change or `--only`. @default 0 (always `workers`)
   */
  readonly minStacksForWorkers?: number;
  /** Worker threads started ahead (stacks/synth.ts). @default - threads are started when there is work */
  readonly pool?: WorkerPool;
  /** Identity of the code that builds stacks: any change to it must change this string. */
  readonly code: string;
  readonly store: StackStore;
  readonly files: OutputFiles;
}

export interface CachedSynthResult extends SynthResult {
  /** Stack ids built by cdktf in this run, sorted. */
  readonly built: readonly string[];
  /** Stack ids copied from the store, sorted. */
  readonly reused: readonly string[];
  /**
   * Every stack's `cdk.tf.json` text by its path in the output folder, as written: what the policy gate
   * judges, so that it does not read the folder back.
   */
  readonly texts: ReadonlyMap<string, string>;
}

/** What `samdrift synth` passes as `minStacksForWorkers` unless `SAMDRIFT_WORKERS` is set. */
export const MIN_STACKS_FOR_WORKERS = 100;

/**
 * Writes every stack of `options.plan` into `options.outdir` with `manifest.json`, as `synthModelInParallel`
 * does, building only the stacks the store does not hold and keeping the ones it builds.
 */
export async function synthWithCache(options: CachedSynthOptions): Promise<CachedSynthResult> {
  const { plan, store, files, code, withSites } = options;
  // Without a store nothing is looked up or kept: no key is worth hashing.
  const keyOf = (kind: "site" | "tenant-site", item: SitePlan | TenantSitePlan) => (store === NO_STORE ? "" : stackKey(code, kind, withSites, item));
  const keyed = [
    ...plan.sites.map((item) => ({ item, kind: "site" as const, key: keyOf("site", item) })),
    ...plan.tenantSites.map((item) => ({ item, kind: "tenant-site" as const, key: keyOf("tenant-site", item) })),
  ];
  const reused = new Map<string, CachedStack>();
  const missingSites = new Set<string>();
  const missingTenantSites: TenantSitePlan[] = [];
  for (const { item, kind, key } of keyed) {
    const kept = store.get(key);
    if (kept && isOwnEntry(item.stackId, kept.entry)) reused.set(item.stackId, kept);
    else if (kind === "site") missingSites.add(item.site.id);
    else missingTenantSites.push(item as TenantSitePlan);
  }
  // A tenant stack records its dependency on its site's stack only when both are in one App, so a site stack
  // is built again with any tenant stack on its site (a site stack is a handful of resources).
  if (withSites) for (const t of missingTenantSites) missingSites.add(t.site.id);
  const toBuild: Plan = { sites: plan.sites.filter((s) => missingSites.has(s.site.id)), tenantSites: missingTenantSites };
  const buildCount = toBuild.sites.length + toBuild.tenantSites.length;
  for (const s of toBuild.sites) reused.delete(s.stackId);

  const manifests: SynthManifest[] = [];
  if (buildCount > 0 || reused.size === 0) {
    const workers = buildCount < (options.minStacksForWorkers ?? 0) ? 1 : (options.workers ?? 1);
    manifests.push(...(await synthPlanParts(toBuild, options.outdir, workers, options.pool)));
  }
  const texts = new Map<string, string>();
  const keys = new Map(keyed.map((k) => [k.item.stackId, k.key]));
  for (const m of manifests) {
    for (const entry of Object.values(m.stacks)) {
      const text = files.read(entry.synthesizedStackPath);
      texts.set(entry.synthesizedStackPath, text);
      store.put(keys.get(entry.name)!, { version: m.version, entry, text });
    }
  }
  if (reused.size > 0) {
    const byVersion = new Map<string, Record<string, SynthStackEntry>>();
    for (const [id, stack] of reused) {
      files.write(stack.entry.synthesizedStackPath, stack.text);
      texts.set(stack.entry.synthesizedStackPath, stack.text);
      let entries = byVersion.get(stack.version);
      if (!entries) byVersion.set(stack.version, (entries = {}));
      entries[id] = stack.entry;
    }
    // cdktf's version is part of the code identity, so kept stacks share the built ones' version; should they
    // not, mergeManifests refuses to mix versions rather than write a manifest of two.
    for (const [version, stacks] of byVersion) manifests.push({ version, stacks });
  }
  // One App that built everything has written manifest.json itself; copied stacks were written by none.
  if (manifests.length > 1 || reused.size > 0) mergeManifests(options.outdir, manifests);
  const sorted = (ids: Iterable<string>) => [...ids].sort();
  return {
    stacks: sorted(keys.keys()),
    built: sorted([...toBuild.sites, ...toBuild.tenantSites].map((p) => p.stackId)),
    reused: sorted(reused.keys()),
    texts,
  };
}

/** The key of a stack: SHA-256 over everything it is built from (see the module comment). */
export function stackKey(code: string, kind: "site" | "tenant-site", withSites: boolean, item: SitePlan | TenantSitePlan): string {
  return createHash("sha256").update(JSON.stringify(["samdrift-stack/1", code, kind, withSites, item])).digest("hex");
}

/**
 * Whether a kept manifest entry is the stack's own: it names the stack and points at the stack's own folder.
 * A kept entry is written into the output at its path, so a path of another stack's (or outside the output
 * folder) is never followed.
 */
function isOwnEntry(id: string, entry: SynthStackEntry): boolean {
  return (
    entry.name === id &&
    entry.constructPath === id &&
    entry.synthesizedStackPath === `stacks/${id}/cdk.tf.json` &&
    entry.workingDirectory === `stacks/${id}` &&
    entry.stackMetadataPath === `stacks/${id}/metadata.json`
  );
}
