/**
 * Kept site proofs (analysis/verdict.ts, cli/proof.ts): a site whose stacks did not change is not proven
 * again, and what a kept proof gives is what proving gives, findings pointing at the stack files of the
 * output being read (paths differ between commands).
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../cli/inputs.js";
import { readOutputFolder } from "../cli/output.js";
import { DiskProofStore, PROOF_CODE_DIRS } from "../cli/proof.js";
import { checkIsolation, type ProofStore, type SiteProof } from "../analysis/verdict.js";
import type { SynthOutput } from "../output/read.js";
import { synthModel } from "../stacks/synth.js";
import { exampleDir } from "./helpers/examples.js";
import { importedFiles } from "./helpers/imports.js";
import { copyExample, editFile, runWithEnv } from "./helpers/repo.js";
import { tempDirs } from "./helpers/temp.js";

const fresh = tempDirs("samdrift-proof-cache-test-");

class CountingStore implements ProofStore {
  readonly code = "proof-code-1";
  readonly kept = new Map<string, SiteProof>();
  hits = 0;
  puts = 0;
  get = (key: string) => {
    const proof = this.kept.get(key);
    if (proof) this.hits++;
    return proof;
  };
  put = (key: string, proof: SiteProof) => {
    this.puts++;
    this.kept.set(key, proof);
  };
}

/** The example synthesized into a fresh folder, with one stack that opens access the proof must report. */
function exampleOutput(): string {
  const r = loadModel(exampleDir());
  if (!r.ok) throw new Error("the example is invalid");
  const out = join(fresh(), "out");
  synthModel(r.value, { outdir: out });
  addUnreadResource(out, "tenant--mfof--fk-a");
  return out;
}

/** Adds a resource the analysis does not read to a stack: a PRF-001 finding on that stack's file. */
function addUnreadResource(out: string, stack: string, name = "extra"): void {
  const path = join(out, "stacks", stack, "cdk.tf.json");
  const json = JSON.parse(readFileSync(path, "utf8")) as { resource: Record<string, unknown> };
  json.resource.kubernetes_manifest = { [name]: { manifest: { kind: "ConfigMap" } } };
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
}

const read = (out: string, prefix: string): SynthOutput =>
  readOutputFolder(out, { shown: (p) => `${prefix}/${p.slice(out.length + 1)}`, digests: true });

describe("kept site proofs", () => {
  it("give what proving gives, with findings pointing at the files of the output being read", () => {
    const out = exampleOutput();
    const store = new CountingStore();
    const first = checkIsolation(read(out, "a"), store);
    expect(store.puts).toBe(4);
    expect(first.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(["PRF-001 a/stacks/tenant--mfof--fk-a/cdk.tf.json"]);
    expect(first).toEqual(checkIsolation(read(out, "a")));

    const second = checkIsolation(read(out, "elsewhere/cdktf.out"), store);
    expect(store.hits).toBe(4);
    expect(store.puts).toBe(4);
    expect(second).toEqual(checkIsolation(read(out, "elsewhere/cdktf.out")));
    expect(second.findings[0]!.file).toBe("elsewhere/cdktf.out/stacks/tenant--mfof--fk-a/cdk.tf.json");
  });

  it("prove again exactly the sites whose stacks changed", () => {
    const out = exampleOutput();
    const store = new CountingStore();
    checkIsolation(read(out, "a"), store);
    addUnreadResource(out, "tenant--kronofogden--skv-b", "other");
    const again = checkIsolation(read(out, "a"), store);
    expect(store.puts).toBe(5);
    expect(store.hits).toBe(3);
    expect(again.findings.map((f) => f.file)).toEqual(["a/stacks/tenant--kronofogden--skv-b/cdk.tf.json", "a/stacks/tenant--mfof--fk-a/cdk.tf.json"]);
    expect(again).toEqual(checkIsolation(read(out, "a")));
  });

  it("are not used for an output read without digests, nor with other proving code", () => {
    const out = exampleOutput();
    const store = new CountingStore();
    checkIsolation(readOutputFolder(out, { shown: (p) => p }), store);
    expect(store.puts).toBe(0);
    checkIsolation(read(out, "a"), store);
    const other = Object.assign(new CountingStore(), { kept: store.kept, code: "proof-code-2" });
    checkIsolation(read(out, "a"), other);
    expect(other.hits).toBe(0);
  });

  it("on disk: a damaged entry, or one naming a stack not on its site, is proven again", async () => {
    const out = exampleOutput();
    const store = new DiskProofStore(fresh());
    const expected = checkIsolation(read(out, "a"));
    expect(checkIsolation(read(out, "a"), store)).toEqual(expected);
    const keys = readdirSync(store.entries.folder).sort();
    expect(keys).toHaveLength(4);
    for (const key of keys) {
      const proof = store.get(key)!;
      // A forged proof that hides the finding by pointing it elsewhere.
      store.put(key, { ...proof, findings: proof.findings.map((f) => ({ ...f, file: "tenant--someone-else--x" })) });
    }
    const damaged = join(store.entries.folder, keys[0]!);
    writeFileSync(damaged, readFileSync(damaged, "utf8").replace("{", "{ "));
    expect(checkIsolation(read(out, "a"), store)).toEqual(expected);
  });

  it("are keyed by a code identity that covers every module the proof is computed by", () => {
    const seen = importedFiles("analysis/verdict.ts");
    expect(seen.size).toBeGreaterThan(10);
    for (const file of seen) expect(PROOF_CODE_DIRS as readonly string[], file).toContain(file.split("/")[0]);
  });
});

describe("check, isolation and review with kept proofs", () => {
  it("report what they report without the cache", async () => {
    const repo = copyExample();
    const cache = { SAMDRIFT_CACHE: fresh() };
    const off = { SAMDRIFT_CACHE: "off" };
    expect((await runWithEnv(repo, cache, "synth", "--today", "2026-11-22", "--out", "base")).code).toBe(0);
    editFile(repo, "tenants/mfof.yaml", (t) => t.replace("pods: 100", "pods: 110"));
    expect((await runWithEnv(repo, cache, "synth", "--today", "2026-11-22", "--out", "head")).code).toBe(0);
    for (const args of [
      ["check", "--today", "2026-11-22", "--out", "head", "--format", "json"],
      ["isolation", "--out", "head", "--format", "json"],
      ["review", "--base", "base", "--head", "head", "--today", "2026-11-22", "--format", "json"],
    ]) {
      const kept = await runWithEnv(repo, cache, ...args);
      const proven = await runWithEnv(repo, off, ...args);
      expect(kept.code, args[0]).toBe(proven.code);
      expect(kept.out, args[0]).toBe(proven.out);
      expect(kept.out.length, args[0]).toBeGreaterThan(100);
    }
    expect(readdirSync(join(cache.SAMDRIFT_CACHE, "proofs-v1")).length).toBeGreaterThanOrEqual(4);
  });
});
