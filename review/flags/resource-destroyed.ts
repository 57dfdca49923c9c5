/** resource-destroyed: any other resource destroyed, summed up per tenant. */
import { byString } from "../../lib/sort.js";
import { plural } from "../values.js";
import { resourceNamespace } from "../resource-label.js";
import type { Draft, FlagDef } from "./types.js";
import { destroys, OWN_KIND_TYPES, tenantStacks } from "./stacks.js";
import { siteResourceDrafts } from "./site-resources.js";

export const resourceDestroyed: FlagDef = {
  kind: "resource-destroyed",
  level: "attention",
  title: "any other resource destroyed (summed up per tenant, leaving out what goes with a destroyed namespace)",
  explanation: "A destroy with no flag of its own is still worth a look: it may take access or data with it.",
  drafts: (ctx) => {
    const perTenant = new Map<string, { labels: Set<string>; sites: Set<string> }>();
    for (const { review, tenant, site } of tenantStacks(ctx).filter((t) => !t.covered)) {
      for (const d of destroys(review.diff)) {
        if (d.resource.action !== "destroy" || OWN_KIND_TYPES.has(d.resource.type)) continue;
        // What goes with a destroyed namespace is part of that namespace's flag.
        const ns = d.values !== undefined ? resourceNamespace(d.values) : undefined;
        if (ns !== undefined && review.changes.namespacesRemoved.includes(ns)) continue;
        const entry = perTenant.get(tenant) ?? { labels: new Set<string>(), sites: new Set<string>() };
        entry.labels.add(d.label);
        if (site !== undefined) entry.sites.add(site);
        perTenant.set(tenant, entry);
      }
    }
    return [
      ...siteResourceDrafts(ctx, false).filter((d) => d.kind === "resource-destroyed"),
      ...[...perTenant].map(([tenant, { labels, sites }]): Draft => {
        const list = [...labels].sort(byString);
        const shown = list.slice(0, 6).join(", ") + (list.length > 6 ? `, and ${list.length - 6} more` : "");
        return { kind: "resource-destroyed", level: "attention", tenant, sites: [...sites], subject: "", message: `${tenant}: ${plural(list.length, "more resource")} destroyed: ${shown}` };
      }),
    ];
  },
};
