/** The benchmark's synthetic repositories are valid samdrift repositories, so `npm run bench` measures real work. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateRepository, writeLargestTenants } from "../bench/generate.js";
import { loadModel } from "../cli/inputs.js";
import { formatProblem } from "../model/errors.js";
import { synthModel } from "../stacks/synth.js";
import { runPolicies } from "../policies/run.js";
import type { Model } from "../model/model.js";
import { ROOT } from "./helpers/examples.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
/** Blocking policy findings of a model (the model-level packs; the output is judged by synth's own gate). */
const blocking = (model: Model): string[] => runPolicies(model, { today: "2026-12-06" }).blocking.map((f) => `${f.rule} ${f.tenant}: ${f.message}`);

const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), "samdrift-bench-test-"));
  dirs.push(d);
  return d;
};

describe("benchmark repositories", () => {
  it("generates valid tenants over ten suppliers", () => {
    const dir = fresh();
    generateRepository(dir, 24);
    const r = loadModel(dir);
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([]);
    expect(r.ok && r.value.tenants.length).toBe(24);
    expect(r.ok ? blocking(r.value) : ["invalid"]).toEqual([]);
  });
  it("writes the largest legal tenant files, valid at every cap", () => {
    const dir = fresh();
    generateRepository(dir, 0);
    writeLargestTenants(dir);
    const r = loadModel(dir);
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([]);
    expect(r.ok ? blocking(r.value) : ["invalid"]).toEqual([]);
  });
});

/** A stack's JSON without cdktf's own metadata comments (construct paths, override lists). */
const withoutCdktfMetadata = (text: string): unknown =>
  JSON.parse(text, (key, value: unknown) => (key === "//" && typeof value === "object" && value !== null && "metadata" in value ? { ...value, metadata: undefined } : value));

describe("the bare-cdktf floor", () => {
  it("emits the same stacks as samdrift, cdktf's metadata comments aside", () => {
    const dir = fresh();
    generateRepository(dir, 4);
    const r = loadModel(dir);
    if (!r.ok) throw new Error("invalid");
    synthModel(r.value, { outdir: join(dir, "out") });
    execFileSync(process.execPath, [join(ROOT, "bench", "floor.mjs"), join(dir, "out"), join(dir, "floor")], { stdio: "pipe" });
    const ids = readdirSync(join(dir, "out", "stacks"));
    expect(readdirSync(join(dir, "floor", "stacks")).sort()).toEqual(ids.sort());
    for (const id of ids) {
      const read = (root: string) => withoutCdktfMetadata(readFileSync(join(dir, root, "stacks", id, "cdk.tf.json"), "utf8"));
      expect(read("floor"), id).toEqual(read("out"));
    }
  });
});
