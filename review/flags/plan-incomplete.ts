/** plan-incomplete: (plan-summary) a plan is errored or incomplete. */
import type { FlagDef, RiskFlag } from "./types.js";

/** The flag plan-summary raises for a plan that is errored or incomplete. */
export const planIncompleteFlag = (plan: string, errored: boolean): RiskFlag => ({
  kind: "plan-incomplete", level: "attention", sites: [],
  message: `${plan}: the plan is ${errored ? "errored" : "incomplete (more changes follow after apply)"}; this summary shows only what it holds`,
});

export const planIncomplete: FlagDef = {
  kind: "plan-incomplete",
  level: "attention",
  title: "(plan-summary) a plan is errored or incomplete",
  explanation: "The summary shows only what the plan holds; more changes follow after apply.",
  // Raised by review/plan-summary.ts from the plan itself, not from a comparison of outputs.
  drafts: () => [],
};
