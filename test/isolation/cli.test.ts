/** `samdrift isolation` run in-process on fixture folders: output, findings, exit codes, errors. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isolation } from "../../cli/isolation.js";
import type { CliIo } from "../../cli/io.js";
import { SamdriftError } from "../../model/errors.js";
import { analyseOutput, toMatrix } from "../../analysis/isolation.js";
import { renderMatrixJson } from "../../analysis/matrix.js";
import { LAB, REPO, loadOutput } from "./helpers.js";

async function run(cwd: string, args: readonly string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const io: CliIo = { cwd, env, out: (s) => (out += s), err: (s) => (err += s) };
  const code = await isolation(args, io);
  return { code, out, err };
}

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A copy of the lab fixture as `cdktf.out` in a fresh folder. */
function labCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "samdrift-isolation-"));
  temps.push(dir);
  cpSync(LAB, join(dir, "cdktf.out"), { recursive: true });
  return dir;
}

describe("samdrift isolation", () => {
  it("prints the Markdown matrix and exits 0 when everything is declared", async () => {
    const r = await run(REPO, ["--out", "test/fixtures/isolation/lab"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out.startsWith("# Isolation matrix\n")).toBe(true);
    expect(r.out).toContain("## Site `lab`");
  });

  it("prints the JSON matrix with --format json", async () => {
    const r = await run(REPO, ["--out", "test/fixtures/isolation/lab", "--format", "json"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(renderMatrixJson(toMatrix(analyseOutput(loadOutput(LAB)))));
  });

  it("reads cdktf.out by default, or CDKTF_OUTDIR", async () => {
    const dir = labCopy();
    expect((await run(dir, [])).code).toBe(0);
    cpSync(join(dir, "cdktf.out"), join(dir, "elsewhere"), { recursive: true });
    rmSync(join(dir, "cdktf.out"), { recursive: true });
    expect((await run(dir, ["--format", "json"], { CDKTF_OUTDIR: "elsewhere" })).code).toBe(0);
  });

  it("prints every undeclared access as file:line:col: field: error: message [RULE] and exits 1", async () => {
    const dir = labCopy();
    const file = join(dir, "cdktf.out", "stacks", "tenant--beta--lab", "cdk.tf.json");
    writeFileSync(file, readFileSync(file, "utf8").replaceAll('"name": "beta-admins"', '"name": "alpha-admins"'));
    const r = await run(dir, ["--format", "json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toHaveProperty("sites.lab.flows");
    const lines = r.err.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^cdktf\.out\/stacks\/tenant--beta--lab\/cdk\.tf\.json:\d+:1: kubernetes_role_binding_v1\.api_admins: error: site lab: group:alpha-admins holds admin in beta-api \(tenant beta\), which is not declared; .* \[PRF-004\]$/);
    expect(lines[1]).toMatch(/^cdktf\.out\/stacks\/tenant--beta--lab\/.*vault_identity_group\.admin-group: error: site lab: Vault identity group "alpha-admins" is also defined in .*tenant--alpha--lab.* \[PRF-003\]$/);
    expect(lines[2]).toMatch(/vault_identity_group\.admin-group: error: site lab: group:alpha-admins in the stack of tenant beta is not declared .* \[PRF-003\]$/);
    expect(lines[3]).toBe("samdrift isolation: 3 undeclared accesses across 1 site");
  });

  it("says how to fix a missing output folder", async () => {
    const dir = labCopy();
    const error = await run(dir, ["--out", "nowhere"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SamdriftError);
    expect((error as SamdriftError).problems).toEqual([
      { code: "FILE_UNREADABLE", file: "nowhere/manifest.json", line: 1, col: 1, field: "", message: "file not found; run samdrift synth first, or pass --out with the folder synth wrote" },
    ]);
  });

  it("names the file and field of an output it cannot read", async () => {
    const dir = labCopy();
    writeFileSync(join(dir, "cdktf.out", "stacks", "site--lab", "cdk.tf.json"), JSON.stringify({ "//": { samdrift: { kind: "site", site: "lab" } } }));
    const error = await run(dir, []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SamdriftError);
    expect((error as SamdriftError).problems[0]).toMatchObject({ code: "INVALID_FIELD", file: "cdktf.out/stacks/site--lab/cdk.tf.json", field: "//.samdrift.supplier" });
  });

  it("refuses a stack without its samdrift block rather than leave it out", async () => {
    const dir = labCopy();
    writeFileSync(join(dir, "cdktf.out", "stacks", "tenant--beta--lab", "cdk.tf.json"), JSON.stringify({ resource: {} }));
    const error = await run(dir, []).catch((e: unknown) => e);
    expect((error as SamdriftError).problems).toEqual([
      {
        code: "INVALID_FIELD", file: "cdktf.out/stacks/tenant--beta--lab/cdk.tf.json", line: 1, col: 1, field: "//.samdrift",
        message: "missing, so this stack cannot be placed on a site; run samdrift synth again",
      },
    ]);
  });

  it.each([
    [["--format", "yaml"], /isolation: --format is "yaml"; use markdown or json/],
    [["--outt", "x"], /isolation: unknown flag --outt \(did you mean --out\?\); flags are: --out, --format/],
  ])("rejects %j", async (args, message) => {
    await expect(run(REPO, args)).rejects.toThrow(message);
  });
});
