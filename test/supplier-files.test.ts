/**
 * The supplier's own catalogue/ and tenants/ at the root of the repository: the starting point a supplier
 * edits and fills with real tenants. These tests pin nothing of their content (no counts, no names), only
 * that whatever is there is valid, with the commands' default folders. What the example contains is pinned
 * on examples/ instead.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadModel } from "../cli/inputs.js";
import { formatProblem } from "../model/errors.js";
import { ROOT, run } from "./helpers/repo.js";

const out = mkdtempSync(join(tmpdir(), "samdrift-supplier-files-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the supplier's own catalogue/ and tenants/", () => {
  it("load without a problem", () => {
    expect(loadModel(ROOT).problems.map(formatProblem)).toEqual([]);
  });

  it("pass check, with every policy pack and the isolation proof, on today's date", async () => {
    const r = await run(ROOT, "check");
    expect(r.err).toBe("");
    expect(r.code, r.out).toBe(0);
  });

  it("synthesize, with a cdk.tf.json for every stack of the manifest", async () => {
    const r = await run(ROOT, "synth", "--out", join(out, "cdktf.out"));
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "cdktf.out", "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
    for (const stack of Object.values(manifest.stacks)) expect(existsSync(join(out, "cdktf.out", stack.synthesizedStackPath)), stack.synthesizedStackPath).toBe(true);
  });
});
