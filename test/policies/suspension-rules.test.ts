/** AGR-006, AGR-007 and AGR-008: suspensions and agreed exits, each with a compliant and a non-compliant case. */
import { describe, expect, it } from "vitest";
import { check, model, tenant, TODAY } from "./helpers.js";
import { agr006 } from "../../policies/rules/agr-006-suspension-limit.js";
import { agr007 } from "../../policies/rules/agr-007-no-suspension-in-decommission.js";
import { agr008 } from "../../policies/rules/agr-008-exit-approaching.js";

const run = { phase: "run", ref: "FK-1", acceptedAt: "2024-01-01" } as const;
const suspended = (since: string) => ({ ref: "INC-2026-7", since, reason: "compromised workload" });

describe("AGR-006 suspension limit", () => {
  it("passes a tenant suspended 30 days (the default limit) and one not suspended", () => {
    expect(check(agr006, model([tenant("acme", { agreement: { ...run, suspended: suspended("2026-05-02") } }), tenant("beta")]))).toEqual([]);
  });
  it("warns on a tenant suspended 31 days, at agreement.suspended.since", () => {
    const findings = check(agr006, model([tenant("acme", { agreement: { ...run, suspended: suspended("2026-05-01") } })]));
    expect(findings).toMatchObject([{ rule: "AGR-006", severity: "warning", field: "agreement.suspended.since" }]);
    expect(findings[0]!.message).toContain(`suspended since 2026-05-01 (INC-2026-7), 31 days, longer than the 30 days allowed`);
  });
  it("follows the supplier's agreement.maxSuspensionDays", () => {
    const m = model([tenant("acme", { agreement: { ...run, suspended: suspended("2026-05-01") } })], {
      suppliers: (d) => ({ ...d, suppliers: d.suppliers.map((s) => ({ ...s, policy: { ...s.policy, thresholds: { "agreement.maxSuspensionDays": 60 } } })) }),
    });
    expect(check(agr006, m, { today: TODAY })).toEqual([]);
  });
});

describe("AGR-007 no suspension in decommission", () => {
  it("passes a suspended tenant in run", () => {
    expect(check(agr007, model([tenant("acme", { agreement: { ...run, suspended: suspended(TODAY) } })]))).toEqual([]);
  });
  it("refuses a suspended tenant in decommission, at agreement.suspended", () => {
    const agreement = { ...run, phase: "decommission", exit: { ref: "EXIT-1", date: "2026-12-31" }, suspended: suspended(TODAY) } as const;
    expect(check(agr007, model([tenant("acme", { agreement })]))).toMatchObject([{ rule: "AGR-007", severity: "error", field: "agreement.suspended" }]);
  });
});

describe("AGR-008 agreed exit approaching", () => {
  const exitOn = (date: string) => tenant("acme", { agreement: { ...run, exit: { ref: "EXIT-1", date } } });
  it("is silent for an exit more than 90 days ahead, one already past, and a tenant without exit terms", () => {
    expect(check(agr008, model([exitOn("2026-08-31"), tenant("beta")]))).toEqual([]);
    expect(check(agr008, model([exitOn("2026-05-31")]))).toEqual([]);
  });
  it("gives notice of an exit within 90 days, at agreement.exit.date", () => {
    const findings = check(agr008, model([exitOn("2026-08-30")]));
    expect(findings).toMatchObject([{ rule: "AGR-008", severity: "warning", field: "agreement.exit.date" }]);
    expect(findings[0]!.message).toContain("notice: the agreed exit (EXIT-1) is in 90 days, on 2026-08-30");
  });
});
