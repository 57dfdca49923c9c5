/**
 * The destroys and replacements of a site stack that stays, as drafts: a data-holding one
 * (site-mount-destroyed) or any other (resource-destroyed, resource-replaced).
 */
import type { Draft, FlagContext } from "./types.js";
import { destroys, isSiteDataHolding } from "./stacks.js";

export function siteResourceDrafts(ctx: FlagContext, dataHolding: boolean): Draft[] {
  return ctx.input.stacks.flatMap(({ diff }) => {
    if (diff.kind !== "site" || diff.status === "removed") return [];
    const site = diff.site;
    return destroys(diff).filter((d) => isSiteDataHolding(d.resource.type) === dataHolding).map((d): Draft => ({
      kind: dataHolding ? "site-mount-destroyed" : d.resource.action === "destroy" ? "resource-destroyed" : "resource-replaced",
      level: dataHolding ? "decision" : "attention", ...(site ? { sites: [site] } : {}), subject: d.label,
      message: `site stack ${diff.id}: ${d.label} is ${d.resource.action === "destroy" ? "destroyed" : "replaced"}${dataHolding ? " (the site CA or every tenant's login on the site); no tenant marker can approve this: it needs the site operators' decision" : ""}`,
    }));
  });
}
