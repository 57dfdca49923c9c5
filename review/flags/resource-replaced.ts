/** resource-replaced: any other resource replaced. */
import type { Draft, FlagDef } from "./types.js";
import { destroys, OWN_KIND_TYPES, tenantStacks } from "./stacks.js";
import { siteResourceDrafts } from "./site-resources.js";

export const resourceReplaced: FlagDef = {
  kind: "resource-replaced",
  level: "attention",
  title: "any other resource replaced",
  explanation: "A replacement destroys the resource before it creates the new one: what it held, and access through it, is briefly gone.",
  drafts: (ctx) => [
    ...siteResourceDrafts(ctx, false).filter((d) => d.kind === "resource-replaced"),
    ...tenantStacks(ctx).filter((t) => !t.covered).flatMap(({ review, tenant, siteField }) =>
      destroys(review.diff)
        .filter((d) => d.resource.action === "replace" && !OWN_KIND_TYPES.has(d.resource.type))
        .map((d): Draft => ({ kind: "resource-replaced", level: "attention", tenant, ...siteField, subject: d.label, message: `${d.label} of ${tenant} is ${d.verb}` })),
    ),
  ],
};
