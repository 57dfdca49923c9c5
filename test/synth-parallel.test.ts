/**
 * Synth over several threads writes the same bytes as synth in one: every stack's JSON and manifest.json.
 * In-process (from the TypeScript sources) the parts run one after the other through the same partition and
 * merge; the compiled CLI runs them in real worker threads (SAMDRIFT_WORKERS).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { generateRepository } from "../bench/generate.js";
import { loadModel } from "../cli/inputs.js";
import { MAX_WORKERS, synthWorkers } from "../cli/workers.js";
import type { Model } from "../model/model.js";
import { planModel } from "../model/plan.js";
import { partitionBySite, synthModel, synthModelInParallel } from "../stacks/synth.js";
import { exampleDir, ROOT } from "./helpers/examples.js";
import { tempDirs } from "./helpers/temp.js";

const fresh = tempDirs("samdrift-parallel-test-");

/** Every file below `dir`, by its path relative to `dir`, with its bytes. */
function tree(dir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(join(d, e.name));
      else files[relative(dir, join(d, e.name))] = readFileSync(join(d, e.name));
    }
  };
  walk(dir);
  return files;
}

function expectSameTree(actual: string, expected: string): void {
  const a = tree(actual);
  const e = tree(expected);
  expect(Object.keys(a)).toEqual(Object.keys(e));
  expect(Object.keys(a)).toContain("manifest.json");
  for (const file of Object.keys(e)) expect(a[file]!.equals(e[file]!), file).toBe(true);
}

function load(dir: string): Model {
  const r = loadModel(dir);
  if (!r.ok) throw new Error(`invalid repository ${dir}`);
  return r.value;
}

const generated = (() => {
  let dir: string | undefined;
  return () => {
    if (!dir) generateRepository((dir = fresh()), 40);
    return dir;
  };
})();

describe("partitionBySite", () => {
  const plan = () => planModel(load(generated()));

  it("keeps each site's stack with the tenant stacks on that site, and loses none", () => {
    const parts = partitionBySite(plan(), 3);
    expect(parts).toHaveLength(3);
    for (const part of parts) {
      const sites = new Set(part.sites.map((s) => s.site.id));
      for (const t of part.tenantSites) expect(sites.has(t.site.id), t.stackId).toBe(true);
    }
    const ids = (p: typeof parts) => p.flatMap((x) => [...x.sites, ...x.tenantSites].map((s) => s.stackId)).sort();
    expect(ids(parts)).toEqual(ids(partitionBySite(plan(), 1)));
    expect(ids(parts)).toHaveLength(100);
  });

  it("balances the parts (the generated sites are alike) and puts the heaviest first", () => {
    const sizes = partitionBySite(plan(), 2).map((p) => p.tenantSites.length);
    expect(sizes).toEqual([40, 40]);
    const uneven = partitionBySite(plan(), 3).map((p) => p.sites.length);
    expect(uneven).toEqual([7, 7, 6]);
  });

  it("makes no more parts than there are sites, and at least one", () => {
    expect(partitionBySite(plan(), 64)).toHaveLength(20);
    expect(partitionBySite(plan(), 0)).toHaveLength(1);
    expect(partitionBySite({ sites: [], tenantSites: [] }, 2)).toEqual([{ sites: [], tenantSites: [] }]);
  });
});

/** One thread's output of a repository, synthesized once and shared by the tests that compare with it. */
const oneThread = (() => {
  const outs = new Map<string, string>();
  return (repository: string): string => {
    let out = outs.get(repository);
    if (!out) {
      synthModel(load(repository), { outdir: (out = join(fresh(), "out")) });
      outs.set(repository, out);
    }
    return out;
  };
})();

describe("synth in parallel", () => {
  it.each([
    ["the example", () => exampleDir(), [2, 3]],
    ["a generated repository of 40 tenants", generated, [2]],
  ])("writes %s byte for byte as one thread does, manifest.json included", async (_, repository, threads) => {
    const model = load(repository());
    const one = oneThread(repository());
    for (const workers of threads) {
      const many = join(fresh(), "out");
      const result = await synthModelInParallel(model, { outdir: many, workers });
      expect(result.stacks).toEqual(readdirSync(join(one, "stacks")).sort());
      expectSameTree(many, one);
    }
  });

  it("writes the same with --only, where no site stack is written", async () => {
    const model = load(exampleDir());
    const only = ["mfof", "kronofogden"];
    const one = join(fresh(), "out");
    const many = join(fresh(), "out");
    synthModel(model, { outdir: one, only });
    const result = await synthModelInParallel(model, { outdir: many, only, workers: 2 });
    expect(result.stacks).toEqual(["tenant--kronofogden--skv-a", "tenant--kronofogden--skv-b", "tenant--mfof--fk-a", "tenant--mfof--fk-b"]);
    expectSameTree(many, one);
  });

  // The real worker threads: the compiled CLI (SAMDRIFT_WORKERS=1 synthesizes with synthModel, as above).
  it.each([
    ["the example", () => exampleDir()],
    ["a generated repository of 40 tenants", generated],
  ])("writes %s from the compiled CLI in two worker threads as one thread does", (_, repository) => {
    expect(existsSync(join(ROOT, "dist", "stacks", "synth-worker.js")), "the compiled worker entry").toBe(true);
    const out = join(fresh(), "out");
    execFileSync(process.execPath, [join(ROOT, "bin", "samdrift.js"), "synth", "--today", "2026-11-22", "--out", out], {
      cwd: repository(),
      env: { ...process.env, SAMDRIFT_WORKERS: "2", SAMDRIFT_CACHE: "off" },
      stdio: "pipe",
    });
    const single = join(fresh(), "out");
    execFileSync(process.execPath, [join(ROOT, "bin", "samdrift.js"), "synth", "--today", "2026-11-22", "--out", single], {
      cwd: repository(),
      env: { ...process.env, SAMDRIFT_WORKERS: "1", SAMDRIFT_CACHE: "off" },
      stdio: "pipe",
    });
    expectSameTree(out, single);
  });
});

describe("SAMDRIFT_WORKERS", () => {
  it("sets the threads synth uses, one per processor up to a cap when unset, and refuses anything but a whole number from 1", () => {
    expect(synthWorkers({ SAMDRIFT_WORKERS: "1" })).toBe(1);
    expect(synthWorkers({ SAMDRIFT_WORKERS: "6" })).toBe(6);
    expect(synthWorkers({})).toBe(Math.min(availableParallelism(), MAX_WORKERS));
    for (const bad of ["0", "-1", "2.5", "two", " 2"]) {
      expect(() => synthWorkers({ SAMDRIFT_WORKERS: bad }), bad).toThrow(`SAMDRIFT_WORKERS is "${bad}"; it takes a whole number of threads from 1`);
    }
  });
});
