/** tenant-removed-before-exit: a tenant with an agreed exit date is removed before that date. */
import { listText } from "../values.js";
import type { Draft, FlagDef } from "./types.js";

/** Removing a tenant earlier than agreed: amend the agreed exit first, in a change of its own. */
const earlyExitSteps = (tenant: string, date: string): string[] => [
  `Put tenants/${tenant}.yaml back in this pull request, and remove it again on or after ${date}.`,
  `If the tenant and the supplier have agreed an earlier exit, record that decision first: set \`agreement.exit: { ref, date }\` to the amended exit (its case number and the new date) in a pull request of its own, where review shows the exit changing; merge it.`,
  "Then remove the file on or after the new date; review compares it with the date the review runs on (`--today`).",
];

export const tenantRemovedBeforeExit: FlagDef = {
  kind: "tenant-removed-before-exit",
  level: "decision",
  approvalNote: "nothing, not even `remove-tenant` (it was given for the agreed exit): amend `agreement.exit` in a change of its own first, as the flag's steps say",
  title: "a tenant is removed before its agreed exit date (`agreement.exit.date` in the base, compared with the review's `--today`)",
  explanation:
    "The exit date is what the tenant agreed to: until then its data is kept and its services run. An earlier removal is a new decision, " +
    "so it is recorded as an amended `agreement.exit` (ref and date) in a reviewed change before the removal, rather than approved by a marker.",
  drafts: (ctx) =>
    [...ctx.baseTenants].flatMap(([tenant, base]): Draft[] => {
      const exit = base.meta?.exit;
      const today = ctx.input.today;
      if (ctx.headTenants.has(tenant) || exit === undefined || (today !== undefined && exit.date <= today)) return [];
      const when = today === undefined ? "" : ` on ${today}`;
      const undated = today === undefined ? " (the review was given no date, so the exit is taken as not yet reached)" : "";
      return [{
        kind: "tenant-removed-before-exit", level: "decision", tenant, subject: "", sites: base.sites,
        message: `tenant ${tenant} is removed from ${listText(base.sites)}${when}, before its agreed exit on ${exit.date} (${exit.ref})${undated}: its data would be destroyed before the date the tenant agreed to`,
        steps: earlyExitSteps(tenant, exit.date),
      }];
    }),
};
