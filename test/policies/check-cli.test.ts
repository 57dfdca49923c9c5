/**
 * `samdrift check` run in-process on fixture folders: exit codes, each output format, --only, --out
 * and usage errors. The example repository passes with no errors (synthesized for real).
 */
import { describe, expect, it } from "vitest";
import { ROOT, TODAY } from "./helpers.js";
import { check } from "../../cli/check.js";
import type { CliIo } from "../../cli/io.js";
import { SamdriftError } from "../../model/errors.js";

async function run(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { cwd: ROOT, env: {}, out: (s) => void (out += s), err: (s) => void (err += s) };
  const code = await check(args, io);
  return { code, out, err };
}
/** The state-suppliers example's catalogue, and its tenants or a fixture's: never the supplier's own folders. */
const CATALOGUE = ["--catalogue", "examples/state-suppliers/catalogue"];
const EXAMPLE = [...CATALOGUE, "--tenants", "examples/state-suppliers/tenants"];
const fixture = (name: string) => [...CATALOGUE, "--tenants", `test/fixtures/policies/cli/${name}/tenants`, "--today", TODAY];

describe("samdrift check", () => {
  it("passes the example with no errors and checks the synthesized output", async () => {
    const { code, out, err } = await run([...EXAMPLE, "--today", TODAY]);
    expect(err).toBe("");
    expect(out).toContain("isolation baseline: checked on the synthesized output");
    expect(out).toMatch(/samdrift check: 0 errors \(0 blocking, 0 excepted\)/);
    expect(code).toBe(0);
  });

  it("exits 0 when the only error is excepted, and shows it as excepted", async () => {
    const { code, out } = await run(fixture("ok"));
    expect(out).toMatch(/tenants\/acme\.yaml:13:\d+: services\.container-hosting\.ingress: error \(excepted by RA-2026-12 until 2026-06-20\): .* \[EXP-003\]\n/);
    expect(out).toContain("samdrift check: 1 error (0 blocking, 1 excepted), 1 warning, 1 active exception.");
    expect(code).toBe(0);
  });

  it("exits 1 on a blocking error", async () => {
    const { code, out } = await run(fixture("blocking"));
    expect(out).toMatch(/tenants\/bad\.yaml:6:\d+: security\.personalData: error: sensitive personal data needs security\.dpaRef.* \[AGR-003\]\n/);
    expect(code).toBe(1);
  });

  it("prints model problems as file:line:col: field: message [CODE] and exits 1", async () => {
    const { code, out, err } = await run(fixture("invalid"));
    expect(out).toBe("");
    expect(err).toBe(
      'test/fixtures/policies/cli/invalid/tenants/broken.yaml:5:75: security.colour: unknown field "colour"; check the spelling against the JSON Schema in schema/ [UNKNOWN_FIELD]\n' +
      "samdrift check: 1 problem in 1 file; the policies run once the files are valid.\n",
    );
    expect(code).toBe(1);
  });

  it("limits the report and the exit code to --only tenants", async () => {
    const { code, out } = await run([...fixture("blocking"), "--only", "acme"]);
    expect(out).not.toContain("tenants/bad.yaml");
    expect(code).toBe(0);
  });

  it("writes a markdown pull-request comment with a table and an MTB table per tenant", async () => {
    const { code, out } = await run([...fixture("blocking"), "--format", "markdown"]);
    expect(out.startsWith("## samdrift check\n\n**1 blocking error**")).toBe(true);
    expect(out).toContain("### Tenant `acme` (test/fixtures/policies/cli/blocking/tenants/acme.yaml)");
    expect(out).toContain("### Tenant `bad` (test/fixtures/policies/cli/blocking/tenants/bad.yaml)");
    expect(out).toMatch(/\| \*\*error\*\* \| AGR-003 \| 6 \| `security\.personalData` \|/);
    expect(out.match(/level 1: 15 of 15 met<\/summary>/g)).toHaveLength(2);
    expect(code).toBe(1);
  });

  it("writes json with findings and a summary", async () => {
    const { code, out } = await run([...fixture("blocking"), "--format", "json"]);
    const json = JSON.parse(out) as { findings: { rule: string; excepted: boolean }[]; summary: Record<string, unknown> };
    expect(json.findings.map((f) => [f.rule, f.excepted])).toEqual([["EXP-003", true], ["HYG-004", false], ["AGR-003", false]]);
    expect(json.summary).toEqual({ errors: 2, warnings: 1, excepted: 1, blocking: 1, activeExceptions: 1, outputChecked: true });
    expect(code).toBe(1);
  });

  it.each(["--out", "--output"])("judges an existing output folder given with %s", async (flag) => {
    const { code, out } = await run([...fixture("ok"), flag, "test/fixtures/policies/output/bad"]);
    const iso = out.split("\n").filter((l) => / \[ISO-\d{3}\]$/.test(l));
    // The output is hand-written, so its record of the tenant differs from tenants/acme.yaml (ISO-007).
    expect(iso.map((l) => l.replace(/^(\S+):\d+:\d+: .* \[(ISO-\d{3})\]$/, "$1 $2"))).toEqual([
      "test/fixtures/policies/output/bad/stacks/tenant--acme--fk-a/cdk.tf.json ISO-007",
      "test/fixtures/policies/output/bad/stacks/tenant--acme--fk-a/cdk.tf.json ISO-004",
      "test/fixtures/policies/output/bad/stacks/tenant--acme--fk-a/cdk.tf.json ISO-001",
      "test/fixtures/policies/output/bad/stacks/tenant--acme--fk-a/cdk.tf.json ISO-002",
      "test/fixtures/policies/output/bad/stacks/tenant--acme--fk-a/cdk.tf.json ISO-003",
      "test/fixtures/policies/output/bad/stacks/tenant--acme--fk-a/cdk.tf.json ISO-006",
      "test/fixtures/policies/output/bad/stacks/tenant--acme--fk-a/cdk.tf.json ISO-005",
    ]);
    expect(code).toBe(1);
  });

  it.each([
    [["--format", "html"], 'check: --format must be one of text, markdown, json, not "html"'],
    [["--today", "2026-02-30"], 'check: --today must be a date written YYYY-MM-DD, not "2026-02-30"'],
    [["--only", "nobody"], "check: --only names unknown tenant(s): nobody; tenants are: "],
    [["--out", "test/fixtures/policies"], "check: --out test/fixtures/policies holds no stacks/ folder"],
    [["--out", "a", "--output", "b"], "check: give the output folder once, with --out (or its older name --output)"],
    [["--colour"], "check: unknown flag --colour; flags are: --tenants,"],
  ])("refuses %j with a usage error", async (args, message) => {
    const error = await run([...EXAMPLE, ...args]).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SamdriftError);
    expect((error as SamdriftError).problems).toMatchObject([{ code: "USAGE", message: expect.stringContaining(message) }]);
  });
});
