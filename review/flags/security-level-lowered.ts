/** security-level-lowered: a tenant's security level goes down, compared tenant-wide. */
import { APPROVAL_CHANGES } from "../../model/approvals.js";
import { writtenLevelRank } from "../../model/primitives.js";
import type { FlagDef } from "./types.js";

export const securityLevelLowered: FlagDef = {
  kind: "security-level-lowered",
  level: "decision",
  approval: "lower-security-level",
  title: "the tenant's security level goes down (compared tenant-wide: also when it moves site in the same change)",
  explanation: "A lower level loosens every rule that judges the tenant (exposure, mirroring, placement); the data's owner decides it.",
  // Tenant-wide settings compare the tenant as a whole, whichever of its stacks exist on both sides: a
  // tenant that moves site keeps no stack, and its lowered level must still need a decision.
  drafts: (ctx) =>
    [...ctx.baseTenants].flatMap(([tenant, base]) => {
      const head = ctx.headTenants.get(tenant);
      const before = base.meta?.securityLevel;
      const after = head?.meta?.securityLevel;
      if (!head || before === undefined || after === undefined || writtenLevelRank(after) >= writtenLevelRank(before)) return [];
      return [{
        kind: "security-level-lowered" as const, level: "decision" as const, tenant, sites: head.sites, subject: `${before}>${after}`,
        message: `security level of ${tenant} is lowered from ${before} to ${after}`, approval: APPROVAL_CHANGES.lowerSecurityLevel,
      }];
    }),
};
