/**
 * The stack cache (stacks/synth-cache.ts, cli/synth-cache.ts): an unchanged stack is copied, a stack whose
 * inputs changed is built again, and what is written is byte for byte what a run without the cache writes.
 * Each kind of input is changed in turn and the stacks built again are named.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../cli/inputs.js";
import { DiskStackStore, STACK_CODE_DIRS, outputFiles, stackCodeIdentity } from "../cli/synth-cache.js";
import { cacheDir, checkCacheDir, parseEntry } from "../cli/cache.js";
import type { Model } from "../model/model.js";
import { selectedPlan, synthModel } from "../stacks/synth.js";
import { synthWithCache, type CachedStack, type StackStore } from "../stacks/synth-cache.js";
import { importedFiles } from "./helpers/imports.js";
import { copyExample, editFile, runWithEnv, snapshotDir } from "./helpers/repo.js";
import { tempDirs } from "./helpers/temp.js";

const fresh = tempDirs("samdrift-cache-test-");

function load(dir: string): Model {
  const r = loadModel(dir);
  if (!r.ok) throw new Error(`invalid repository ${dir}: ${JSON.stringify(r.problems)}`);
  return r.value;
}

class MemoryStore implements StackStore {
  readonly kept = new Map<string, CachedStack>();
  get = (key: string) => this.kept.get(key);
  put = (key: string, stack: CachedStack) => void this.kept.set(key, stack);
}

/** Synthesizes `repository` through the cache into a fresh folder; `only` as `synth --only`. */
async function cached(repository: string, store: StackStore, options: { code?: string; only?: readonly string[] } = {}) {
  const model = load(repository);
  const outdir = join(fresh(), "out");
  const only = options.only;
  const result = await synthWithCache({
    outdir,
    plan: selectedPlan(model, only ? { only } : {}),
    withSites: !only,
    code: options.code ?? "code-1",
    store,
    files: outputFiles(outdir),
  });
  return { result, outdir };
}

/** What synth writes for `repository` without any cache. */
function uncached(repository: string, only?: readonly string[]): Record<string, string> {
  const outdir = join(fresh(), "out");
  synthModel(load(repository), { outdir, ...(only ? { only } : {}) });
  return snapshotDir(outdir);
}

const ALL = [
  "site--fk-a",
  "site--fk-b",
  "site--skv-a",
  "site--skv-b",
  "tenant--digg--fk-a",
  "tenant--digg--fk-b",
  "tenant--ekobrott--skv-a",
  "tenant--ekobrott--skv-b",
  "tenant--isof--fk-a",
  "tenant--kronofogden--skv-a",
  "tenant--kronofogden--skv-b",
  "tenant--mfof--fk-a",
  "tenant--mfof--fk-b",
  "tenant--statskontoret--skv-a",
];
const onSite = (site: string) => ALL.filter((id) => id.endsWith(`--${site}`));

describe("synth with the stack cache", () => {
  it("builds every stack once, then copies them all, writing what a run without the cache writes", async () => {
    const repo = copyExample();
    const store = new MemoryStore();
    const first = await cached(repo, store);
    expect(first.result.built).toEqual(ALL);
    expect(first.result.reused).toEqual([]);
    expect(store.kept.size).toBe(ALL.length);
    const second = await cached(repo, store);
    expect(second.result.built).toEqual([]);
    expect(second.result.reused).toEqual(ALL);
    expect(second.result.stacks).toEqual(ALL);
    const expected = uncached(repo);
    expect(snapshotDir(first.outdir)).toEqual(expected);
    expect(snapshotDir(second.outdir)).toEqual(expected);
    // The texts handed to the policy gate are the files written.
    expect(Object.fromEntries(second.result.texts)).toEqual(Object.fromEntries(Object.entries(expected).filter(([path]) => path !== "manifest.json")));
  });

  it.each([
    [
      "a tenant file",
      "tenants/mfof.yaml",
      (t: string) => t.replace("pods: 100", "pods: 110"),
      // The tenant's stacks, and the site stacks of its sites (built with them for the manifest's dependencies).
      ["site--fk-a", "site--fk-b", "tenant--mfof--fk-a", "tenant--mfof--fk-b"],
    ],
    ["a site in the catalogue", "catalogue/sites.yaml", (t: string) => t.replace("context: skv-b-admin", "context: skv-b-admin-2"), onSite("skv-b")],
    ["a supplier in the catalogue", "catalogue/suppliers.yaml", (t: string) => t.replace("name: Skatteverket", "name: Skatteverket (SKV)"), [...onSite("skv-a"), ...onSite("skv-b")].sort()],
    ["a fee schedule, which no stack reads", "catalogue/fees/skatteverket.yaml", (t: string) => t.replace(/^# .*$/m, "# edited"), []],
  ])("builds again exactly the stacks that read %s when it changes", async (_, file, edit, rebuilt) => {
    const repo = copyExample();
    const store = new MemoryStore();
    await cached(repo, store);
    const before = readFileSync(join(repo, file), "utf8");
    editFile(repo, file, edit);
    expect(readFileSync(join(repo, file), "utf8"), "the edit applies").not.toBe(before);
    const { result, outdir } = await cached(repo, store);
    expect(result.built).toEqual(rebuilt);
    expect(result.reused).toEqual(ALL.filter((id) => !rebuilt.includes(id)));
    expect(snapshotDir(outdir)).toEqual(uncached(repo));
  });

  it("builds every stack again for new code", async () => {
    const repo = copyExample();
    const store = new MemoryStore();
    await cached(repo, store, { code: "code-1" });
    const { result } = await cached(repo, store, { code: "code-2" });
    expect(result.built).toEqual(ALL);
  });

  it("keeps --only's stacks apart from a full synth's (their manifest entries differ) and writes what --only writes", async () => {
    const repo = copyExample();
    const store = new MemoryStore();
    await cached(repo, store);
    const only = ["mfof"];
    const first = await cached(repo, store, { only });
    expect(first.result.built).toEqual(["tenant--mfof--fk-a", "tenant--mfof--fk-b"]);
    const second = await cached(repo, store, { only });
    expect(second.result.reused).toEqual(["tenant--mfof--fk-a", "tenant--mfof--fk-b"]);
    expect(snapshotDir(second.outdir)).toEqual(uncached(repo, only));
  });
});

describe("the stack cache on disk", () => {
  it("serves an intact entry, and neither a damaged one nor one whose paths are not its stack's own", async () => {
    const repo = copyExample();
    const store = new DiskStackStore(fresh());
    await cached(repo, store);
    const folder = store.entries.folder;
    const names = readdirSync(folder);
    expect(names).toHaveLength(ALL.length);
    const entryOf = (id: string) => names.find((n) => readFileSync(join(folder, n), "utf8").includes(`"name":"${id}"`))!;

    // A flipped character in the stack text: the checksum no longer matches.
    const damaged = entryOf("tenant--digg--fk-a");
    writeFileSync(join(folder, damaged), readFileSync(join(folder, damaged), "utf8").replace('"tenant--digg--fk-a"', '"tenant--digg--fk-x"'));
    expect(store.get(damaged)).toBeUndefined();

    // An entry with a correct checksum that points outside its stack's folder (what a forged entry would do).
    const forged = entryOf("tenant--isof--fk-a");
    const stack = store.get(forged)!;
    store.put(forged, { ...stack, entry: { ...stack.entry, synthesizedStackPath: "../../escaped.json" } });
    expect(store.get(forged)?.entry.synthesizedStackPath, "stored as given").toBe("../../escaped.json");

    const { result, outdir } = await cached(repo, store);
    expect(result.built).toEqual(["site--fk-a", "tenant--digg--fk-a", "tenant--isof--fk-a"]);
    expect(existsSync(join(outdir, "..", "..", "escaped.json"))).toBe(false);
    expect(snapshotDir(outdir)).toEqual(uncached(repo));
    // The rebuilt entries replaced the bad ones.
    expect(store.get(damaged)).toBeDefined();
    expect(store.get(forged)?.entry.synthesizedStackPath).toBe("stacks/tenant--isof--fk-a/cdk.tf.json");
  });

  it("reads back only the entry of its own key, intact", async () => {
    const dir = fresh();
    const store = new DiskStackStore(dir);
    const stack: CachedStack = {
      version: "0.21.0",
      entry: { name: "s", constructPath: "s", synthesizedStackPath: "stacks/s/cdk.tf.json", stackMetadataPath: "stacks/s/metadata.json", workingDirectory: "stacks/s", annotations: [], dependencies: [] },
      text: "{}\n",
    };
    const key = "a".repeat(64);
    store.put(key, stack);
    expect(store.get(key)).toEqual(stack);
    const text = readFileSync(join(dir, "stacks-v1", key), "utf8");
    expect(parseEntry(key, text)?.body).toBe(stack.text);
    expect(parseEntry("b".repeat(64), text)).toBeUndefined();
    expect(parseEntry(key, text.slice(0, -1))).toBeUndefined();
    expect(parseEntry(key, text.replace('"0.21.0"', '"0.21.1"'))).toBeUndefined();
    expect(parseEntry(key, "not an entry")).toBeUndefined();
  });

  it("removes the entries used longest ago once more than the limit are kept", async () => {
    const repo = copyExample();
    const dir = fresh();
    const store = new DiskStackStore(dir);
    await cached(repo, store, { code: "old" });
    await new Promise((r) => setTimeout(r, 20));
    await cached(repo, store, { code: "new" });
    store.prune(ALL.length);
    const again = new DiskStackStore(dir);
    const { result } = await cached(repo, again, { code: "new" });
    expect(result.reused).toEqual(ALL);
    expect(readdirSync(join(dir, "stacks-v1"))).toHaveLength(ALL.length);
  });
});

describe("where the cache lives", () => {
  it("is SAMDRIFT_CACHE, else under XDG_CACHE_HOME or HOME, and none without them or with SAMDRIFT_CACHE=off", () => {
    expect(cacheDir("/repo", { SAMDRIFT_CACHE: "/c" })).toBe("/c");
    expect(cacheDir("/repo", { SAMDRIFT_CACHE: "rel", HOME: "/home/u" })).toBe("/repo/rel");
    expect(cacheDir("/repo", { XDG_CACHE_HOME: "/x", HOME: "/home/u" })).toBe("/x/samdrift");
    expect(cacheDir("/repo", { HOME: "/home/u" })).toBe("/home/u/.cache/samdrift");
    expect(cacheDir("/repo", { SAMDRIFT_CACHE: "off", HOME: "/home/u" })).toBeUndefined();
    expect(cacheDir("/repo", {})).toBeUndefined();
  });

  it("may not lie in the tenant or catalogue folders, nor in the output folder", () => {
    expect(() => checkCacheDir("/repo/tenants/.cache", ["/repo/tenants", "/repo/catalogue", "/repo/cdktf.out"])).toThrow(
      "SAMDRIFT_CACHE /repo/tenants/.cache lies inside /repo/tenants, a folder samdrift reads or replaces",
    );
    expect(() => checkCacheDir("/repo/cdktf.out/c", ["/repo/tenants", "/repo/cdktf.out"])).toThrow("lies inside /repo/cdktf.out");
    expect(() => checkCacheDir("/home/u/.cache/samdrift", ["/repo/tenants", "/repo/catalogue", "/repo/cdktf.out"])).not.toThrow();
  });

  it("is keyed by a code identity that covers every module a stack is built from", () => {
    // Every module stacks/synth-part.ts imports must lie in a folder the identity hashes.
    const seen = importedFiles("stacks/synth-part.ts");
    expect(seen.size).toBeGreaterThan(10);
    for (const file of seen) expect(STACK_CODE_DIRS as readonly string[], file).toContain(file.split("/")[0]);
    expect(stackCodeIdentity()).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("samdrift synth and check with the stack cache", () => {
  it("copy unchanged stacks from SAMDRIFT_CACHE, say so, and write the same; --no-cache neither reads nor keeps", async () => {
    const repo = copyExample();
    const cache = fresh();
    const env = { SAMDRIFT_CACHE: cache };
    const first = await runWithEnv(repo, env, "synth", "--today", "2026-11-22", "--out", "a");
    expect(first.code, first.err).toBe(0);
    expect(first.out).not.toContain("stack cache");
    const second = await runWithEnv(repo, env, "synth", "--today", "2026-11-22", "--out", "b");
    expect(second.out).toContain("; 14 unchanged, copied from the stack cache) into b");
    expect(snapshotDir(join(repo, "b"))).toEqual(snapshotDir(join(repo, "a")));
    const check = await runWithEnv(repo, env, "check", "--today", "2026-11-22");
    expect(check.code, check.out).toBe(0);

    rmSync(cache, { recursive: true });
    const none = await runWithEnv(repo, env, "synth", "--today", "2026-11-22", "--out", "c", "--no-cache");
    expect(none.code).toBe(0);
    expect(none.out).not.toContain("stack cache");
    expect(existsSync(cache)).toBe(false);
    expect(snapshotDir(join(repo, "c"))).toEqual(snapshotDir(join(repo, "a")));
  });

  it("go on without the cache when its folder cannot be written, and say so once", async () => {
    const repo = copyExample();
    const file = join(fresh(), "not-a-folder");
    writeFileSync(file, "");
    const r = await runWithEnv(repo, { SAMDRIFT_CACHE: file }, "synth", "--today", "2026-11-22", "--out", "out");
    expect(r.code, r.err).toBe(0);
    const { "samdrift-fees.json": fees, ...stacks } = snapshotDir(join(repo, "out"));
    expect(fees).toBeDefined();
    expect(stacks).toEqual(uncached(repo));
    const warnings = r.err.split("\n").filter((l) => l.includes("cannot be written"));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/^samdrift: the cache folder .*not-a-folder\/\w+-v1 cannot be written \((ENOTDIR|EEXIST)\); going on without keeping what this run built$/);
  });

  it("refuses a cache folder inside the tenant folder, writing nothing", async () => {
    const repo = copyExample();
    const r = await runWithEnv(repo, { SAMDRIFT_CACHE: "tenants/.cache" }, "synth", "--out", "out");
    expect(r.code).toBe(1);
    expect(r.err).toContain("lies inside");
    expect(existsSync(join(repo, "out"))).toBe(false);
    expect(existsSync(join(repo, "tenants", ".cache"))).toBe(false);
  });
});
