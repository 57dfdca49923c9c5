/**
 * Suspension and agreed exits in the review: a suspension is urgent and needs no decision, a resumption and
 * any other change to a suspended tenant need one, and a tenant removed before its agreed exit date is a
 * decision the removal marker alone does not give.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { review } from "../../cli/review.js";
import { renderJson, renderMarkdown } from "../../review/render.js";
import { flagKinds, removeTenant, replaceIn, reviewOf, runCommand, summaryOf, synthExample, type Edit } from "./helpers.js";

const SUSPEND: Edit = replaceIn("digg", "  ref: FK-2023-0442\n", '  ref: FK-2023-0442\n  suspended: { ref: INC-2026-7, since: 2026-12-01, reason: "compromised workload" }\n');
const marker = (tenant: string, change: string): Edit =>
  replaceIn(tenant, "contacts:", `approvals: [{ change: ${change}, ref: CAB-2026-44, by: "Försäkringskassan incident lead" }]\ncontacts:`);

let base: string;
let suspended: string;
beforeAll(() => {
  base = synthExample();
  suspended = synthExample(SUSPEND);
});

describe("review of a suspension", () => {
  it("needs no decision, puts the suspension first and names each connected peer whose flows stop", () => {
    const r = reviewOf(base, suspended);
    expect(r.decisionNeeded).toBe(false);
    const flag = r.flags[0]!;
    expect(flag).toMatchObject({ kind: "tenant-suspended", level: "attention", urgent: true, tenant: "digg", sites: ["fk-a", "fk-b"] });
    expect(flag.message).toContain('SUSPENDED: tenant digg is cut off under INC-2026-7 since 2026-12-01 (reason: "compromised workload")');
    expect(flag.message).toContain("no new pod starts");
    expect(flag.message).toContain("connected peers lose their flows with it: mfof");
    expect(flag.details).toEqual(["peer mfof: its flows with digg stop: mfof-apps → digg-api on TCP/443 (ISA-2024-3)"]);
    expect(flagKinds(r).filter((k) => k === "tenant-suspended")).toHaveLength(1);
    expect(summaryOf(r, "digg")).toContain('suspension: (none) → INC-2026-7 since 2026-12-01 (reason: "compromised workload")');
    expect(summaryOf(r, "digg")).toContain("quota of digg-api: pods 200 → 0");

    const md = renderMarkdown(r);
    const flags = md.slice(md.indexOf("### Risk flags"));
    expect(flags.split("\n")[2]).toMatch(/^- 🚨 \*\*tenant-suspended\*\*: \*\*SUSPENDED: tenant digg is cut off/);
    expect(flags.split("\n")[3]).toBe("  - peer mfof: its flows with digg stop: mfof-apps → digg-api on TCP/443 (ISA-2024-3)");
  });

  it("comes before a flag that needs a decision in the same review", () => {
    const r = reviewOf(base, synthExample(SUSPEND, removeTenant("isof")));
    expect(r.decisionNeeded).toBe(true);
    expect(flagKinds(r).slice(0, 2)).toEqual(["tenant-suspended", "tenant-removed-without-decommission"]);
  });

  it("exits 0 from the command line", async () => {
    const r = await runCommand(review, "/", "--base", base, "--head", suspended, "--today", "2026-12-02");
    expect(r.code).toBe(0);
    expect(r.out).toContain("🚨 **tenant-suspended**");
  });
});

describe("review of a resumption", () => {
  it("needs a decision, approved by resume-tenant naming the suspension", () => {
    const r = reviewOf(suspended, base);
    expect(r.decisionNeeded).toBe(true);
    expect(r.flags[0]).toMatchObject({ kind: "tenant-resumed", level: "decision", tenant: "digg", approval: "resume-tenant:inc-2026-7" });
    expect(r.flags[0]!.message).toContain("tenant digg is resumed from suspension INC-2026-7 since 2026-12-01");

    const approved = reviewOf(suspended, synthExample(marker("digg", "resume-tenant:inc-2026-7")));
    expect(approved.decisionNeeded).toBe(false);
    expect(approved.flags.find((f) => f.kind === "tenant-resumed")).toMatchObject({ approvedBy: { change: "resume-tenant:inc-2026-7", ref: "CAB-2026-44" } });
  });

  it("is not approved by a marker naming another suspension", () => {
    const r = reviewOf(suspended, synthExample(marker("digg", "resume-tenant:inc-2026-1")));
    expect(r.decisionNeeded).toBe(true);
  });

  it("exits 2 from the command line", async () => {
    const r = await runCommand(review, "/", "--base", suspended, "--head", base);
    expect(r.code).toBe(2);
  });
});

describe("review of another change to a suspended tenant", () => {
  it("needs a decision, approved by change-suspended naming the suspension", () => {
    const quota = replaceIn("digg", "cpu: 16,", "cpu: 20,");
    const r = reviewOf(suspended, synthExample(SUSPEND, quota));
    expect(r.decisionNeeded).toBe(true);
    expect(r.flags[0]).toMatchObject({ kind: "suspended-tenant-changed", level: "decision", tenant: "digg", sites: ["fk-a", "fk-b"], approval: "change-suspended:inc-2026-7" });
    expect(flagKinds(r)).not.toContain("tenant-suspended");

    const approved = reviewOf(suspended, synthExample(SUSPEND, quota, marker("digg", "change-suspended:inc-2026-7")));
    expect(approved.decisionNeeded).toBe(false);
    expect(approved.flags[0]).toMatchObject({ kind: "suspended-tenant-changed", approvedBy: { change: "change-suspended:inc-2026-7" } });
  });

  it("is not raised when nothing of the suspended tenant changes", () => {
    const r = reviewOf(suspended, synthExample(SUSPEND, replaceIn("isof", "pods: 20 }", "pods: 30 }")));
    expect(flagKinds(r)).not.toContain("suspended-tenant-changed");
  });
});

describe("review of a tenant with an agreed exit", () => {
  // statskontoret is in decommission with exit SKV-EXIT-2026-02 on 2026-12-31; the base carries remove-tenant.
  const approvedBase = (): string =>
    synthExample(replaceIn("statskontoret", "contacts:", 'approvals: [{ change: remove-tenant, ref: SKV-CAB-12, by: "Skatteverket platform board" }]\ncontacts:'));

  it("blocks a removal before the exit date, even with remove-tenant, and says how to amend the exit", () => {
    const r = reviewOf(approvedBase(), synthExample(removeTenant("statskontoret")), { today: "2026-12-06" });
    expect(r.decisionNeeded).toBe(true);
    const early = r.flags.find((f) => f.kind === "tenant-removed-before-exit")!;
    expect(early).toMatchObject({ level: "decision", tenant: "statskontoret", sites: ["skv-a"] });
    expect(early.approval).toBeUndefined();
    expect(early.message).toBe("tenant statskontoret is removed from skv-a on 2026-12-06, before its agreed exit on 2026-12-31 (SKV-EXIT-2026-02): its data would be destroyed before the date the tenant agreed to");
    expect(early.steps?.join("\n")).toContain("set `agreement.exit: { ref, date }` to the amended exit");
    expect(r.flags.find((f) => f.kind === "tenant-removed")).toMatchObject({ approvedBy: { change: "remove-tenant" } });
  });

  it("takes an exit as not yet reached when the review has no date", () => {
    const r = reviewOf(approvedBase(), synthExample(removeTenant("statskontoret")));
    expect(r.flags.find((f) => f.kind === "tenant-removed-before-exit")?.message).toContain("the review was given no date");
  });

  it("lets a removal on or after the exit date pass as before", () => {
    for (const today of ["2026-12-31", "2027-01-15"]) {
      const r = reviewOf(approvedBase(), synthExample(removeTenant("statskontoret")), { today });
      expect(flagKinds(r)).toEqual(["tenant-removed"]);
      expect(r.decisionNeeded).toBe(false);
    }
  });

  it("shows the agreed exit in the tenant's section, in Markdown and JSON", () => {
    const r = reviewOf(base, synthExample(replaceIn("statskontoret", "pods: 30", "pods: 20")), { today: "2026-12-06" });
    const section = r.tenants.find((t) => t.tenant === "statskontoret")!;
    expect(section.exit).toEqual({ ref: "SKV-EXIT-2026-02", date: "2026-12-31" });
    expect(renderMarkdown(r)).toContain("#### statskontoret · changed · low · decommission · agreed exit 2026-12-31 (SKV-EXIT-2026-02) · skv-a");
    const json = JSON.parse(renderJson(r)) as { tenants: { tenant: string; exit?: unknown }[] };
    expect(json.tenants.find((t) => t.tenant === "statskontoret")?.exit).toEqual({ ref: "SKV-EXIT-2026-02", date: "2026-12-31" });
  });

  it("exits 2 from the command line before the date and refuses a malformed --today", async () => {
    const head = synthExample(removeTenant("statskontoret"));
    const early = await runCommand(review, "/", "--base", approvedBase(), "--head", head, "--today", "2026-12-06");
    expect(early.code).toBe(2);
    expect(early.out).toContain("**tenant-removed-before-exit**");
    const bad = await runCommand(review, "/", "--base", base, "--head", head, "--today", "2026-13-01");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('review: --today must be a date written YYYY-MM-DD, not "2026-13-01"');
  });
});
