/** suspended-tenant-changed: a tenant suspended in base and head changes otherwise (stacks or samdrift block). */
import { APPROVAL_CHANGES } from "../../model/approvals.js";
import { uniqueSorted } from "../../lib/sort.js";
import type { Draft, FlagDef } from "./types.js";
import { suspensionText } from "../values.js";

export const suspendedTenantChanged: FlagDef = {
  kind: "suspended-tenant-changed",
  level: "decision",
  approval: "change-suspended",
  approvalNote: "naming the suspension's ref (lower case)",
  title: "a suspended tenant changes in any other way than its resumption (any of its stacks or its samdrift block, including a new approval marker)",
  explanation:
    "A suspension is one small change made in an incident; a later change to the tenant while it is cut off (a new service, a flow, a quota, another site) " +
    "is deployed unseen by the tenant, and is decided by whoever handles the incident, not waved through with it.",
  drafts: (ctx) =>
    [...ctx.headTenants].flatMap(([tenant, head]): Draft[] => {
      const before = ctx.baseTenants.get(tenant)?.meta?.suspended;
      const after = head.meta?.suspended;
      if (before === undefined || after === undefined || !ctx.changedTenants.has(tenant)) return [];
      const sites = uniqueSorted(ctx.input.stacks.flatMap((s) => (s.diff.tenant === tenant && s.diff.site !== undefined ? [s.diff.site] : [])));
      const changed = before.ref !== after.ref || before.since !== after.since || before.reason !== after.reason;
      return [{
        kind: "suspended-tenant-changed", level: "decision", tenant, subject: "", sites,
        message: `tenant ${tenant} changes while suspended under ${suspensionText(before)}${changed ? ` (the suspension becomes ${suspensionText(after)})` : ""}`,
        approval: APPROVAL_CHANGES.changeSuspended(before.ref),
        ...(after.ref !== before.ref ? { accepts: [APPROVAL_CHANGES.changeSuspended(after.ref)] } : {}),
      }];
    }),
};
