/** site-stack-removed: a `site--<site>` stack disappears. */
import type { FlagDef } from "./types.js";

export const siteStackRemoved: FlagDef = {
  kind: "site-stack-removed",
  level: "decision",
  approvalNote: "nothing: a supplier decision outside tenant files",
  title: "a `site--<site>` stack disappears",
  explanation: "The site's Kubernetes auth backend (every tenant's Vault login there) and its PKI mount would be orphaned or destroyed.",
  drafts: (ctx) =>
    ctx.input.stacks.flatMap(({ diff }) =>
      diff.kind === "site" && diff.status === "removed"
        ? [{ kind: "site-stack-removed" as const, level: "decision" as const, ...(diff.site ? { sites: [diff.site] } : {}), subject: diff.id, message: `site stack ${diff.id} is removed: the site's Kubernetes auth backend (every tenant's Vault login there) and its PKI mount would be orphaned or destroyed` }]
        : [],
    ),
};
