/** tenant-resumed: a suspended tenant's `agreement.suspended` goes; its flows, quota and Vault access return. */
import { APPROVAL_CHANGES } from "../../model/approvals.js";
import type { Draft, FlagDef } from "./types.js";
import { suspensionText } from "../values.js";

export const tenantResumed: FlagDef = {
  kind: "tenant-resumed",
  level: "decision",
  approval: "resume-tenant",
  approvalNote: "naming the suspension's ref (lower case); `samdrift resume` prints the line",
  title: "a suspended tenant is resumed (`agreement.suspended` removed)",
  explanation:
    "Its pods may start again, its flows and its peers' connections return and its Vault role and groups regain their policies: " +
    "someone must have decided that the reason for the suspension (a compromised workload, a finding, an unpaid agreement) is gone.",
  drafts: (ctx) =>
    [...ctx.headTenants].flatMap(([tenant, head]): Draft[] => {
      const suspended = ctx.baseTenants.get(tenant)?.meta?.suspended;
      if (suspended === undefined || !head.meta || head.meta.suspended !== undefined) return [];
      return [{
        kind: "tenant-resumed", level: "decision", tenant, subject: "", sites: head.sites,
        message: `tenant ${tenant} is resumed from suspension ${suspensionText(suspended)}: its pods may start, its flows and connections return and its Vault role and groups regain their policies`,
        approval: APPROVAL_CHANGES.resumeTenant(suspended.ref),
      }];
    }),
};
