/** tenant-removed-without-decommission: a tenant's file goes while the tenant is not in `decommission`. */
import { listText } from "../values.js";
import type { FlagDef } from "./types.js";

/** The offboarding procedure, as steps for a flag on a tenant removed outside `decommission`. */
export const offboardingSteps = (tenant: string): string[] => [
  `Put tenants/${tenant}.yaml back in this pull request (removing the file now would orphan or destroy the tenant's namespaces and Vault mounts with their data).`,
  `In a separate pull request set \`agreement.phase: decommission\` with \`agreement.exit: { ref, date }\` and add \`approvals: [{ change: remove-tenant, ref, by }]\`; review and deploy it. This lifts prevent_destroy on the tenant's namespaces and mounts.`,
  "Export or retain the tenant's data as the exit decision says (KV secrets, transit keys, volumes through backup).",
  `Then remove tenants/${tenant}.yaml in its own pull request; review reads the remove-tenant approval from the base branch, and the deploy workflow's gated destroy job removes the stacks.`,
];

export const tenantRemovedWithoutDecommission: FlagDef = {
  kind: "tenant-removed-without-decommission",
  level: "decision",
  approvalNote: "nothing: follow the offboarding steps the flag lists",
  title: "a tenant's stacks disappear while the tenant (in base) is not in `decommission`",
  explanation: "Its namespaces and Vault mounts would be orphaned or destroyed with their data, outside the offboarding procedure that exports the data first.",
  drafts: (ctx) =>
    [...ctx.baseTenants].flatMap(([tenant, base]) => {
      const phase = base.meta?.phase;
      if (ctx.headTenants.has(tenant) || phase === "decommission") return [];
      return [{
        kind: "tenant-removed-without-decommission" as const, level: "decision" as const, tenant, subject: "", sites: base.sites,
        message: `tenant ${tenant} is removed while its agreement phase is ${phase ?? "unknown"}, not decommission: its namespaces and Vault mounts on ${listText(base.sites)} would be orphaned or destroyed with their data`,
        steps: offboardingSteps(tenant),
      }];
    }),
};
