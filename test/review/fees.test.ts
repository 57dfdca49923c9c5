/**
 * Fees in the review: the example synthesized twice with its fees records (as `samdrift synth` writes
 * them), the head with a tenant file or a fee file edited. Amounts are worked out by hand in the comments.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadModel } from "../../cli/inputs.js";
import { synthModel } from "../../stacks/synth.js";
import { copyExample, run } from "../helpers/repo.js";
import { feesRecord, feesRecordText, parseFeesRecord, type FeesRecord } from "../../output/fees.js";
import { reviewOf, flagKinds } from "./helpers.js";
import type { Report } from "../../review/report.js";
import { renderJson, renderMarkdown } from "../../review/render.js";

const MONTH = "2026-06";
const FK = "catalogue/fees/forsakringskassan.yaml";
const outs: string[] = [];
afterAll(() => {
  while (outs.length > 0) rmSync(outs.pop()!, { recursive: true, force: true });
});

type Edit = (dir: string) => void;
/** Replaces `from` by `to` in a file of the example copy, failing when `from` is not there. */
const replace = (rel: string, from: string, to: string): Edit => (dir) => {
  const text = readFileSync(join(dir, rel), "utf8");
  if (!text.includes(from)) throw new Error(`${rel} no longer contains ${JSON.stringify(from)}`);
  writeFileSync(join(dir, rel), text.replace(from, to));
};

/** The example with `edits`, synthesized, with its fees record read back the way review reads it. */
function synth(...edits: Edit[]): { out: string; fees: FeesRecord } {
  const dir = copyExample();
  for (const edit of edits) edit(dir);
  const loaded = loadModel(dir, {});
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.file}: ${p.message}`).join("; "));
  const out = mkdtempSync(join(tmpdir(), "samdrift-fees-review-"));
  outs.push(out);
  synthModel(loaded.value, { outdir: out });
  return { out, fees: parseFeesRecord(feesRecordText(feesRecord(loaded.value, MONTH)), "samdrift-fees.json") };
}

const review = (...edits: Edit[]): Report => {
  const base = synth();
  const head = synth(...edits);
  return reviewOf(base.out, head.out, { fees: { base: base.fees, head: head.fees } });
};

// Försäkringskassan's 2027 schedule with cpu at 700.00 a core instead of 365.00: digg (fk-a and fk-b at 0.6)
// and mfof and isof rise by far more than 10 %.
const dearCpu = replace(FK, 'cpu-core-month: "365.00"', 'cpu-core-month: "700.00"');

describe("fees in the review", () => {
  it("samdrift synth writes the record, priced in the month of --today, and review reads it", async () => {
    const dir = copyExample();
    expect((await run(dir, "synth", "--today", "2026-06-15")).code).toBe(0);
    const record = parseFeesRecord(readFileSync(join(dir, "cdktf.out", "samdrift-fees.json"), "utf8"), "samdrift-fees.json");
    expect(record.month).toBe(MONTH);
    const r = await run(dir, "review", "--base", "cdktf.out", "--head", "cdktf.out", "--format", "json");
    expect(JSON.parse(r.out).fees).toEqual({ month: MONTH, tenants: [], feeFiles: [] });
  });

  it("reads back the record synth writes: every tenant's usage and each supplier's fee file", () => {
    const { fees } = synth();
    expect(fees.month).toBe(MONTH);
    expect([...fees.suppliers.keys()]).toEqual(["forsakringskassan", "skatteverket"]);
    expect(fees.tenants.get("digg")).toMatchObject({ supplier: "forsakringskassan", phase: "run", sites: ["fk-a", "fk-b"] });
    expect(fees.tenants.get("digg")!.quantities.get("container-hosting")!.get("namespace-month")).toBeGreaterThan(0);
  });

  it("adds nothing when no fee file changes and no tenant changes", () => {
    const r = review();
    expect(r.flags).toEqual([]);
    expect(r.fees).toEqual({ month: MONTH, tenants: [], feeFiles: [] });
    expect(renderMarkdown(r)).not.toContain("Fee files");
  });

  it("shows a changed tenant's monthly fee before and after, and needs no decision for a rise its own file causes", () => {
    // isof on fk-a alone, one namespace more with one core, 1 GiB memory and 1 GiB storage (whole units add
    // exactly to a sum rounded up): 2500.00 + 350.00 + 45.00 + 3.00, and backup 1 GiB × 2.00 = 2900.00 a month,
    // from the schedule of 2026.
    const r = review(replace("tenants/isof.yaml", "namespaces:\n", "namespaces:\n      extra: { cpu: 1, memory: 1Gi, storage: 1Gi, pods: 1 }\n"));
    const delta = r.fees!.tenants.find((t) => t.tenant === "isof")!;
    expect(delta.difference).toBe("2900.00");
    expect(r.tenants.find((t) => t.tenant === "isof")!.summary.map((l) => l.text)).toContain(`monthly fee: ${delta.before!.replace(/\B(?=(\d{3})+\.)/g, " ")} → ${delta.after!.replace(/\B(?=(\d{3})+\.)/g, " ")} SEK a month (+2 900.00)`);
    expect(flagKinds(r).filter((k) => k.startsWith("fee-"))).toEqual([]);
    expect(JSON.parse(renderJson(r)).fees.tenants).toContainEqual(delta);
  });

  it("lists every tenant a fee file change moves, and a rise beyond the supplier's limit needs a decision", () => {
    const r = review(dearCpu);
    const moved = r.fees!.feeFiles.find((f) => f.supplier === "forsakringskassan")!.moves;
    // bolagsverket is in plan: its estimate moves too, but it has not committed, so no flag.
    expect(moved.map((m) => m.tenant)).toEqual(["bolagsverket", "digg", "isof", "mfof"]);
    expect(moved.every((m) => m.from === "2027-01")).toBe(true);
    expect(r.decisionNeeded).toBe(true);
    const increases = r.flags.filter((f) => f.kind === "fee-increase");
    expect(increases.map((f) => [f.tenant, f.approval])).toEqual([["digg", "fee-increase"], ["isof", "fee-increase"], ["mfof", "fee-increase"]]);
    expect(increases[0]!.message).toMatch(/^the change to forsakringskassan's fee file raises digg's monthly fee from [0-9 ]+\.\d\d to [0-9 ]+\.\d\d SEK \(\+\d+\.\d%\) from 2027-01, more than forsakringskassan's 10% a year/);
    expect(renderMarkdown(r)).toContain("`catalogue/fees/forsakringskassan.yaml` changes: bolagsverket: ");
  });

  it("lets a tenant's fee-increase marker approve its rise", () => {
    const marker = replace("tenants/digg.yaml", "security:", 'approvals:\n  - { change: fee-increase, ref: FK-2026-0777, by: "Anna Berg" }\nsecurity:');
    const r = review(dearCpu, marker);
    expect(r.flags.find((f) => f.kind === "fee-increase" && f.tenant === "digg")!.approvedBy).toMatchObject({ ref: "FK-2026-0777" });
  });

  it("needs a decision for a schedule published with less notice than the supplier promises", () => {
    // 2026-09-01 to 2027-01-01 is four months; Försäkringskassan promises six. The 2027 prices are higher.
    const r = review(replace(FK, "published: 2026-06-12", "published: 2026-09-01"));
    const flags = r.flags.filter((f) => f.kind === "fee-short-notice");
    expect(flags.map((f) => [f.tenant, f.level, f.approval])).toEqual([["digg", "decision", "fee-short-notice"], ["isof", "decision", "fee-short-notice"], ["mfof", "decision", "fee-short-notice"]]);
    expect(flags[0]!.message).toContain("forsakringskassan's schedule valid from 2027-01-01 was published on 2026-09-01, less than 6 months before (the earliest with notice is 2027-03-01)");
    expect(flagKinds(r)).not.toContain("fee-increase");
  });

  it("refuses, with no marker to approve it, a change to the prices of this month or a past one", () => {
    const r = review(replace(FK, 'namespace-month: "2500.00"', 'namespace-month: "2600.00"'));
    const [flag, ...rest] = r.flags.filter((f) => f.kind === "fee-retroactive");
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ level: "decision", message: expect.stringContaining("forsakringskassan's fee file changes the prices in force from 2026-01, a month already begun (this month is 2026-06)") });
    expect(flag!.approval).toBeUndefined();
    expect(r.decisionNeeded).toBe(true);
  });
});
