/** The flag registry: its kinds in review order, each with its level and approving marker. */
import { describe, expect, it } from "vitest";
import { FLAGS, flagOrder } from "../../review/flags/registry.js";
import { sortFlags, type RiskFlag } from "../../review/risk.js";

describe("risk flag kinds", () => {
  it("are these, in this order", () => {
    expect(FLAGS.map((f) => f.kind)).toEqual([
      "tenant-suspended", "tenant-resumed", "suspended-tenant-changed", "tenant-removed-before-exit",
      "tenant-removed-without-decommission", "tenant-removed", "site-dropped", "site-stack-removed", "site-mount-destroyed", "catalogue-relaxed",
      "namespace-destroyed", "namespace-replaced", "mount-destroyed", "mount-replaced", "security-level-lowered", "secret-versions-cut", "policy-finding",
      "transit-key-destroyed", "certificate-domains", "resource-destroyed", "resource-replaced", "cross-tenant-flow", "internet-flow",
      "broader-vault-capabilities", "vault-path-outside-tenant", "prevent-destroy-lifted", "mirror-diverged", "plan-incomplete",
      "fee-retroactive", "fee-increase", "fee-short-notice",
    ]);
  });

  it("need a decision, and are approved by a marker, as documented", () => {
    expect(Object.fromEntries(FLAGS.filter((f) => f.level !== "attention").map((f) => [f.kind, [f.level, f.approval ?? "no marker"]]))).toEqual({
      "tenant-resumed": ["decision", "resume-tenant"],
      "suspended-tenant-changed": ["decision", "change-suspended"],
      "tenant-removed-before-exit": ["decision", "no marker"],
      "tenant-removed-without-decommission": ["decision", "no marker"],
      "tenant-removed": ["decision", "remove-tenant"],
      "site-dropped": ["decision", "drop-site"],
      "site-stack-removed": ["decision", "no marker"],
      "site-mount-destroyed": ["decision", "no marker"],
      "namespace-destroyed": ["decision", "destroy-namespace"],
      "namespace-replaced": ["decision", "destroy-namespace"],
      "mount-destroyed": ["decision", "destroy-mount"],
      "mount-replaced": ["decision", "destroy-mount"],
      "security-level-lowered": ["decision", "lower-security-level"],
      "secret-versions-cut": ["decision", "lower-max-versions"],
      "policy-finding": ["decision or attention", "no marker"],
      "fee-retroactive": ["decision", "no marker"],
      "fee-increase": ["decision", "fee-increase"],
      "fee-short-notice": ["decision or attention", "fee-short-notice"],
    });
    expect(FLAGS.every((f) => f.title.trim() !== "" && f.explanation.trim() !== "")).toBe(true);
  });

  it("sort in registry order within a level", () => {
    const flag = (kind: RiskFlag["kind"]): RiskFlag => ({ kind, level: "attention", sites: [], message: kind });
    const shuffled = [flag("plan-incomplete"), flag("internet-flow"), flag("catalogue-relaxed"), flag("cross-tenant-flow")];
    expect(sortFlags(shuffled).map((f) => f.kind)).toEqual(["catalogue-relaxed", "cross-tenant-flow", "internet-flow", "plan-incomplete"]);
    expect(flagOrder("catalogue-relaxed")).toBeLessThan(flagOrder("plan-incomplete"));
  });

  it("put an urgent flag (a suspension) before every decision", () => {
    const decision: RiskFlag = { kind: "tenant-removed", level: "decision", sites: [], message: "removed" };
    const suspended: RiskFlag = { kind: "tenant-suspended", level: "attention", urgent: true, sites: [], message: "suspended" };
    expect(sortFlags([decision, suspended]).map((f) => f.kind)).toEqual(["tenant-suspended", "tenant-removed"]);
    expect(FLAGS.filter((f) => f.urgent).map((f) => f.kind)).toEqual(["tenant-suspended"]);
  });
});
