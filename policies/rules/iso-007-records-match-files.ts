/**
 * ISO-007: every stack's `"//".samdrift` block says what the tenant and catalogue files say. The isolation
 * proof judges access against that block (what was declared), so an output whose block was edited, or
 * synthesized from other files, could declare its own extra access and pass. Judged on the output.
 */
import type { Rule } from "../types.js";
import { stackFinding } from "../finding-at.js";
import { planModel } from "../../model/plan.js";
import { siteMetadata, tenantMetadata } from "../../output/metadata.js";
import { jsonEqual } from "../../lib/json.js";
import { rawSamdriftBlock } from "../../output/read.js";
import { uniqueSorted } from "../../lib/sort.js";

/** Top-level keys of the block that differ; `file` is where the files were read from, not what they say. */
function differingKeys(actual: Readonly<Record<string, unknown>>, expected: Readonly<Record<string, unknown>>): string[] {
  const keys = uniqueSorted([...Object.keys(actual), ...Object.keys(expected)]).filter((k) => k !== "file");
  return keys.filter((k) => !jsonEqual(actual[k], expected[k]));
}

export const iso007: Rule = {
  id: "ISO-007",
  pack: "isolation-baseline",
  severity: "error",
  title: "The output's record of what was declared matches the tenant and catalogue files",
  explanation:
    "The isolation proof compares what the output allows with what its samdrift block says was declared. A block " +
    "edited by hand, or an output synthesized from other files, could declare its own extra flows, egress or Vault " +
    "paths and pass the proof; so the block must be what these files give.",
  exceptable: false,
  check: (ctx) => {
    if (!ctx.output) return [];
    const plan = planModel(ctx.model);
    const tenantPlans = new Map(plan.tenantSites.map((p) => [p.stackId, p] as const));
    const sitePlans = new Map(plan.sites.map((p) => [p.stackId, p] as const));
    return ctx.output.stacks.flatMap((stack) => {
      const tenantPlan = tenantPlans.get(stack.id);
      const sitePlan = sitePlans.get(stack.id);
      const actual = rawSamdriftBlock(stack);
      if (!tenantPlan && !sitePlan) {
        return [stackFinding(iso007, stack, undefined, "the tenant and catalogue files give no such stack (a tenant without resources there, or another folder's output); synthesize again")];
      }
      if (!actual) return []; // ISO-001 reports a tenant stack without a block.
      const expected = tenantPlan ? tenantMetadata(tenantPlan) : siteMetadata(sitePlan!);
      const keys = differingKeys(actual, expected);
      return keys.length === 0
        ? []
        : [stackFinding(iso007, stack, undefined, `its samdrift block differs from what the files give in ${keys.join(", ")}; synthesize again rather than editing the output`)];
    });
  },
};
