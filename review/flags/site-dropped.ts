/** site-dropped: a tenant leaves a site (a mirror site dropped, or a move). */
import { APPROVAL_CHANGES } from "../../model/approvals.js";
import { listText } from "../values.js";
import type { Draft, FlagDef } from "./types.js";

/** Dropping a site of a tenant in two reviewed changes, like offboarding: lift prevent_destroy, then drop. */
export const dropSiteSteps = (tenant: string, site: string): string[] => [
  `Keep ${site} in \`resilience.sites\` of tenants/${tenant}.yaml in this pull request, and add \`approvals: [{ change: drop-site:${site}, ref, by }]\` instead; review and deploy it. This lifts prevent_destroy on the tenant's namespaces and mounts on ${site} only.`,
  `Export or move the data on ${site} that must be kept (KV secrets, transit keys, volumes through backup).`,
  `Then remove ${site} from \`resilience.sites\` in its own pull request; review reads the drop-site marker, and the deploy workflow's gated destroy job removes the stack on ${site}.`,
];

export const siteDropped: FlagDef = {
  kind: "site-dropped",
  level: "decision",
  approval: "drop-site",
  approvalNote: "in the base, from the step that lifted prevent_destroy (see below); none when the base still protects the site",
  title: "a tenant leaves a site (a mirror site dropped, or a move)",
  explanation: "Its namespaces and mounts on that site are destroyed, not moved; the destroy runs only where prevent_destroy was lifted in an earlier reviewed change.",
  drafts: (ctx) =>
    [...ctx.baseTenants].flatMap(([tenant, base]): Draft[] => {
      const head = ctx.headTenants.get(tenant);
      if (!head) return [];
      return base.sites.filter((s) => !head.sites.includes(s)).map((site): Draft => {
        const what = base.sites.length > 1
          ? `tenant ${tenant} is no longer mirrored to ${site} (${listText(base.sites)} → ${listText(head.sites)}): its namespaces and mounts there are destroyed`
          : `tenant ${tenant} moves from ${site} to ${listText(head.sites)}: its namespaces and mounts on ${site} are destroyed, not moved`;
        // The destroy runs on the base's stack: it needs prevent_destroy lifted there first (decommission, or
        // the drop-site marker in an earlier change), or Terraform refuses it and nothing is destroyed.
        const lifted = base.meta?.phase === "decommission" || (base.meta?.approvals ?? []).some((a) => a.change === APPROVAL_CHANGES.dropSite(site));
        return lifted
          ? { kind: "site-dropped", level: "decision", tenant, sites: [site], subject: site, message: what, approval: APPROVAL_CHANGES.dropSite(site) }
          : {
              kind: "site-dropped", level: "decision", tenant, sites: [site], subject: site,
              message: `${what}; but prevent_destroy still holds on ${site} in the base, so Terraform would refuse the destroy`,
              steps: dropSiteSteps(tenant, site),
            };
      });
    }),
};
