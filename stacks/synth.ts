/**
 * Model to Terraform JSON: one `site--<site>` stack per site and one `tenant--<tenant>--<site>` stack per
 * tenant and site, synthesized into `outdir` with cdktf's layout (manifest.json, stacks/<id>/cdk.tf.json).
 *
 * `synthModel` builds one cdktf `App` in this thread. `synthModelInParallel` splits the same stacks over
 * several threads, each with an `App` of its own writing into the same `outdir`, and merges their manifests;
 * the output is byte for byte the same (test/synth-parallel.test.ts):
 * - a site's stack and every tenant stack on that site go to the same `App` (a *part*), because a tenant
 *   stack depends on its site's stack and cdktf records a dependency only between stacks of one `App`;
 * - parts are balanced by an estimate of their resources ({@link partitionBySite});
 * - the calling thread synthesizes the largest part itself while worker threads (`synth-worker.ts`)
 *   synthesize the others, so one thread fewer loads cdktf and the provider bindings;
 * - a worker receives its part of the plan, plain data copied by structured clone (tens of milliseconds for
 *   300 tenants; rebuilding the model from the files in each worker would cost seconds), and answers with
 *   its `App`'s manifest; construct objects never cross threads;
 * - `manifest.json` is written last from the merged manifests. cdktf writes it with sorted keys, so the
 *   order in which parts finish does not show.
 * Worker threads run compiled JavaScript only: run from the TypeScript sources (tsx, vitest), the parts are
 * synthesized one after the other in this thread, through the same partition and merge.
 */
import { Worker } from "node:worker_threads";
import { mergeManifests, type SynthManifest } from "../lib/cdktf.js";
import type { Model } from "../model/model.js";
import { planModel, type Plan, type SitePlan, type TenantSitePlan } from "../model/plan.js";
import { synthPart, type SynthPart } from "./synth-part.js";

export { synthPart, type SynthPart } from "./synth-part.js";

export interface SynthOptions {
  /** Folder to write into; it should be empty or absent. */
  readonly outdir: string;
  /** Only these tenants' stacks (no site stacks). @default - every stack */
  readonly only?: readonly string[];
  /** A plan already computed from `model`. @default - computed here */
  readonly plan?: Plan;
}

export interface ParallelSynthOptions extends SynthOptions {
  /** Threads synthesizing at once, this one included; 1 synthesizes in this thread alone. @default 1 */
  readonly workers?: number;
}

export interface SynthResult {
  /** Stack ids written, sorted. */
  readonly stacks: readonly string[];
}

/** Synthesizes every stack of `model` with one cdktf `App`, in this thread. */
export function synthModel(model: Model, options: SynthOptions): SynthResult {
  const plan = selectedPlan(model, options);
  synthPart({ outdir: options.outdir, ...plan });
  return result(plan);
}

/**
 * The same output as {@link synthModel}, synthesized by `options.workers` threads at once (fewer when there
 * are fewer sites than threads).
 */
export async function synthModelInParallel(model: Model, options: ParallelSynthOptions): Promise<SynthResult> {
  const plan = selectedPlan(model, options);
  const manifests = await synthPlanParts(plan, options.outdir, options.workers ?? 1);
  if (manifests.length > 1) mergeManifests(options.outdir, manifests);
  return result(plan);
}

/**
 * Synthesizes every stack of `plan` into `outdir` in at most `workers` threads and returns each `App`'s
 * manifest. With one part, its `App` has written `manifest.json`; with several, each `App` wrote its own
 * over the others' and the caller merges them ({@link mergeManifests}).
 */
export async function synthPlanParts(plan: Plan, outdir: string, workers: number, pool?: WorkerPool): Promise<SynthManifest[]> {
  const parts = partitionBySite(plan, workers).map((p) => ({ outdir, ...p }));
  if (parts.length === 1 || !WORKER_ENTRY) return parts.map(synthPart);
  const entry = WORKER_ENTRY;
  const [own, ...others] = parts;
  // Sent first, so that the workers work (or load their modules) while this thread synthesizes its own part.
  const started = others.map((part) => inWorker(pool?.take() ?? new Worker(entry), part));
  const mine = settle(() => synthPart(own!));
  return allOrFirstError([mine, ...started]);
}

/**
 * Worker threads started before there is work for them: loading cdktf and the provider bindings takes a
 * worker about half a second, which the caller can overlap with reading the files and planning. A worker
 * waiting for work does not keep the process alive, and {@link WorkerPool.close} stops the ones no part
 * was given. Starts none when this module runs from its TypeScript source.
 */
export class WorkerPool {
  private readonly waiting: Worker[] = [];

  constructor(count: number) {
    if (!WORKER_ENTRY) return;
    for (let i = 0; i < count; i++) {
      const worker = new Worker(WORKER_ENTRY);
      worker.unref();
      // A worker that failed or ended while waiting is dropped; a part then gets a new one.
      const drop = () => {
        const at = this.waiting.indexOf(worker);
        if (at >= 0) this.waiting.splice(at, 1);
      };
      worker.once("error", drop);
      worker.once("exit", drop);
      this.waiting.push(worker);
    }
  }

  /** A started worker, or undefined when none is left. */
  take(): Worker | undefined {
    const worker = this.waiting.shift();
    worker?.removeAllListeners().ref();
    return worker;
  }

  /** Stops the workers no part was given. */
  async close(): Promise<void> {
    await Promise.all(this.waiting.splice(0).map((w) => w.terminate()));
  }
}

/** The stacks `options` asks for: with `only`, those tenants' stacks and no site stacks. */
export function selectedPlan(model: Model, options: Pick<SynthOptions, "only" | "plan">): Plan {
  const plan = options.plan ?? planModel(model);
  if (!options.only) return plan;
  const only = new Set(options.only);
  return { sites: [], tenantSites: plan.tenantSites.filter((t) => only.has(t.tenant.id)) };
}

/**
 * Splits `plan` into at most `count` parts, whole sites each (a site's stack with the tenant stacks on the
 * site), balanced by estimated resources: sites heaviest first, each to the lightest part so far (largest
 * processing time first). A tenant stack weighs its namespaces (each a namespace, quota, limit range,
 * roles and network policies) plus its Vault mounts and the stack's own providers and backend. The
 * heaviest part comes first. Stack order inside a part follows `plan` (sorted by stack id).
 */
export function partitionBySite(plan: Plan, count: number): Omit<SynthPart, "outdir">[] {
  const bySite = new Map<string, { sites: SitePlan[]; tenantSites: TenantSitePlan[]; weight: number }>();
  const group = (site: string) => {
    let g = bySite.get(site);
    if (!g) bySite.set(site, (g = { sites: [], tenantSites: [], weight: 0 }));
    return g;
  };
  for (const site of plan.sites) {
    const g = group(site.site.id);
    g.sites.push(site);
    g.weight += SITE_STACK_WEIGHT;
  }
  for (const tenantSite of plan.tenantSites) {
    const g = group(tenantSite.site.id);
    g.tenantSites.push(tenantSite);
    g.weight += tenantStackWeight(tenantSite);
  }
  const parts = Array.from({ length: Math.max(1, Math.min(Math.floor(count), bySite.size)) }, () => ({ siteIds: new Set<string>(), weight: 0 }));
  const heaviestFirst = [...bySite].sort(([a, x], [b, y]) => y.weight - x.weight || (a < b ? -1 : a > b ? 1 : 0));
  for (const [site, g] of heaviestFirst) {
    const lightest = parts.reduce((min, p) => (p.weight < min.weight ? p : min));
    lightest.siteIds.add(site);
    lightest.weight += g.weight;
  }
  return parts
    .sort((a, b) => b.weight - a.weight)
    .map((p) => ({
      sites: plan.sites.filter((s) => p.siteIds.has(s.site.id)),
      tenantSites: plan.tenantSites.filter((t) => p.siteIds.has(t.site.id)),
    }));
}

const SITE_STACK_WEIGHT = 4;
const tenantStackWeight = (t: TenantSitePlan): number => 4 + 6 * t.namespaces.length + (t.vault.kv ? 2 : 0) + (t.vault.transit ? 2 : 0) + (t.vault.pki ? 2 : 0);

const result = (part: Plan): SynthResult => ({
  stacks: [...part.sites, ...part.tenantSites].map((p) => p.stackId).sort(),
});

/**
 * The compiled worker entry beside this module, or undefined when this module runs from its TypeScript
 * source: a worker thread starts with plain Node, which does not load `.ts` files.
 */
const WORKER_ENTRY = import.meta.url.endsWith(".js") ? new URL("./synth-worker.js", import.meta.url) : undefined;

/** Synthesizes `part` in `worker`; rejects with the worker's error, or when it stops without an answer. */
function inWorker(worker: Worker, part: SynthPart): Promise<SynthManifest> {
  return new Promise((resolve, reject) => {
    let answer: SynthManifest | undefined;
    worker.once("message", (m: SynthManifest) => (answer = m));
    worker.once("error", reject);
    worker.once("exit", (code) => (answer ? resolve(answer) : reject(new Error(`samdrift: a synth worker stopped (exit code ${code}) before it finished its stacks`))));
    worker.postMessage(part);
  });
}

/** Runs `fn` now and hands back its outcome as a promise, so that it waits with the workers'. */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/**
 * Waits for every part, failed or not (a part still running would go on writing into a folder the caller
 * removes), then throws the first failure or returns every result.
 */
async function allOrFirstError<T>(pending: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(pending);
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
