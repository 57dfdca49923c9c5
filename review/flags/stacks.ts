/**
 * What several flag kinds read the same way: the tenant stacks of a review with their site and metadata,
 * and the resources a stack destroys or replaces, with their readable label.
 */
import type { JsonObject } from "../../lib/json.js";
import type { TenantMeta } from "../../output/schema.js";
import type { ResourceChange, StackDiff } from "../diff.js";
import { resourceLabel } from "../resource-label.js";
import type { FlagContext, StackReview } from "./types.js";

export interface TenantStack {
  readonly review: StackReview;
  readonly tenant: string;
  readonly site: string | undefined;
  readonly meta: TenantMeta | undefined;
  /** `{ sites: [site] }`, or nothing for a stack of no site. */
  readonly siteField: { readonly sites?: readonly string[] };
  /** A tenant-wide or site-wide flag covers the stack's destroys. */
  readonly covered: boolean;
}

/** The tenant stacks of a review, in review order. */
export function tenantStacks(ctx: FlagContext): TenantStack[] {
  return ctx.input.stacks.flatMap((review) => {
    const { diff } = review;
    if (diff.kind === "site" || diff.tenant === undefined) return [];
    const site = diff.site;
    return [{
      review, tenant: diff.tenant, site,
      meta: diff.head?.tenantMeta ?? diff.base?.tenantMeta,
      siteField: site !== undefined ? { sites: [site] } : {},
      covered: ctx.coveredStacks.has(`${diff.tenant}@${site ?? ""}`),
    }];
  });
}

export interface Destroy {
  readonly resource: ResourceChange;
  readonly values: JsonObject | undefined;
  readonly label: string;
  /** `destroyed`, or `replaced (<attributes> forces a new one)`. */
  readonly verb: string;
}

/** The resources a stack destroys or replaces. */
export function destroys(diff: StackDiff): Destroy[] {
  return diff.resources.flatMap((r) => {
    if (r.action !== "destroy" && r.action !== "replace") return [];
    const values = r.before ?? r.after;
    const verb = r.action === "destroy" ? "destroyed" : `replaced (${r.attributes.filter((a) => a.forcesNew).map((a) => a.path).join(", ")} forces a new one)`;
    return [{ resource: r, values, label: resourceLabel(r.type, values, r.name), verb }];
  });
}

/** Site stack resources whose destroy takes data of every tenant on the site. */
export const isSiteDataHolding = (type: string): boolean => type === "vault_mount" || type === "vault_auth_backend";

/** Resource types with a flag kind of their own when a tenant stack destroys or replaces them. */
export const OWN_KIND_TYPES: ReadonlySet<string> = new Set(["kubernetes_namespace_v1", "vault_mount", "vault_transit_secret_backend_key"]);
