/**
 * `samdrift suspend` and `resume` on a copy of the example: the file is edited in place, byte for byte as
 * pinned here (comments and layout kept), and it still validates; refusals say why and write nothing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyExample, run } from "./helpers/repo.js";
import { suspendTenantText, resumeTenantText } from "../model/tenant-edit.js";

const suspension = { ref: "INC-2026-7", since: "2026-03-01", reason: "compromised workload" };

describe("samdrift suspend and resume", () => {
  it("write and remove agreement.suspended in the block-style agreement, keeping everything else byte for byte", async () => {
    const dir = copyExample();
    const file = join(dir, "tenants", "digg.yaml");
    const before = readFileSync(file, "utf8");
    const r = await run(dir, "suspend", "digg", "--ref", "INC-2026-7", "--reason", "compromised workload", "--since", "2026-03-01");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const after = readFileSync(file, "utf8");
    expect(after).toBe(before.replace(
      "  costEstimate: { onboarding: \"180000.00\", monthly: \"19849.60\", communicatedAt: 2023-08-30, ref: FK-EST-2023-0442 }\n",
      "  costEstimate: { onboarding: \"180000.00\", monthly: \"19849.60\", communicatedAt: 2023-08-30, ref: FK-EST-2023-0442 }\n" +
        "  suspended: { ref: INC-2026-7, since: 2026-03-01, reason: \"compromised workload\" }\n",
    ));
    expect((await run(dir, "check", "--today", "2026-03-02")).code).toBe(0);

    const again = await run(dir, "suspend", "digg", "--ref", "INC-2026-8", "--reason", "again");
    expect(again.code).toBe(1);
    expect(again.err).toContain("the tenant is already suspended (INC-2026-7)");

    const wrong = await run(dir, "resume", "digg", "--ref", "INC-2026-8");
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain("suspended under INC-2026-7, not INC-2026-8");

    const resumed = await run(dir, "resume", "digg", "--ref", "INC-2026-7");
    expect(resumed.code).toBe(0);
    expect(resumed.out).toContain("change: resume-tenant:inc-2026-7");
    expect(readFileSync(file, "utf8")).toBe(before);

    const notSuspended = await run(dir, "resume", "digg", "--ref", "INC-2026-7");
    expect(notSuspended.code).toBe(1);
    expect(notSuspended.err).toContain("the tenant is not suspended");
  });

  it("refuses to suspend a tenant in decommission, and writes nothing", async () => {
    const dir = copyExample();
    const file = join(dir, "tenants", "statskontoret.yaml");
    const before = readFileSync(file, "utf8");
    const r = await run(dir, "suspend", "statskontoret", "--ref", "INC-1", "--reason", "unpaid");
    expect(r.code).toBe(1);
    expect(r.err).toContain("the tenant is in decommission");
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("edit a flow-style agreement, with its comment, and back", async () => {
    const dir = copyExample();
    const file = join(dir, "tenants", "digg.yaml");
    const flow = readFileSync(file, "utf8").replace(
      /agreement:\n( {2}.*\n)+/,
      "agreement: { phase: run, ref: FK-2023-0442, acceptedAt: 2023-11-15, costEstimate: { onboarding: \"180000.00\", monthly: \"19849.60\", communicatedAt: 2023-08-30, ref: FK-EST-2023-0442 } } # signed\n",
    );
    writeFileSync(file, flow);
    expect((await run(dir, "suspend", "digg", "--ref", "INC-2026-7", "--reason", "unpaid \"agreement\"", "--since", "2026-03-01")).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(flow.replace(
      "ref: FK-EST-2023-0442 } } # signed",
      "ref: FK-EST-2023-0442 }, suspended: { ref: INC-2026-7, since: 2026-03-01, reason: \"unpaid \\\"agreement\\\"\" } } # signed",
    ));
    expect((await run(dir, "resume", "digg", "--ref", "INC-2026-7")).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(flow);
  });
});

describe("the text edit", () => {
  it("round-trips a multi-line flow mapping with a trailing comma, and a block mapping ending in a nested one", () => {
    for (const text of [
      "id: x\nagreement: {\n  phase: run,\n  ref: A,\n}\nsecurity: {}\n",
      "id: x\nagreement:\n  phase: run\n  exit:\n    ref: E\n    date: 2026-01-01   # agreed\n# a comment\nsecurity: {}",
    ]) {
      const s = suspendTenantText(text, suspension);
      if (!s.ok) throw new Error(s.message);
      expect(s.text).toContain("suspended: { ref: INC-2026-7, since: 2026-03-01, reason: \"compromised workload\" }");
      const r = resumeTenantText(s.text, "INC-2026-7");
      expect(r).toEqual({ ok: true, text });
    }
  });
});
