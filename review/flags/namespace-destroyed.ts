/** namespace-destroyed: a tenant's namespace is destroyed. */
import { APPROVAL_CHANGES } from "../../model/approvals.js";
import type { Draft, FlagContext, FlagDef } from "./types.js";
import { destroys, tenantStacks } from "./stacks.js";

/** Namespaces of uncovered tenant stacks destroyed (`destroy`) or replaced (`replace`). */
export function namespaceDrafts(ctx: FlagContext, action: "destroy" | "replace"): Draft[] {
  return tenantStacks(ctx).filter((t) => !t.covered).flatMap(({ review, tenant, siteField }) =>
    destroys(review.diff).filter((d) => d.resource.type === "kubernetes_namespace_v1" && d.resource.action === action).map((d): Draft => {
      const name = d.label.replace(/^namespace /, "");
      const key = name.startsWith(`${tenant}-`) ? name.slice(tenant.length + 1) : name;
      return {
        kind: action === "destroy" ? "namespace-destroyed" : "namespace-replaced", level: "decision", tenant, ...siteField, subject: key,
        message: `namespace ${name} of ${tenant} is ${d.verb}: its workloads, volumes and secrets are deleted`,
        approval: APPROVAL_CHANGES.destroyNamespace(key), accepts: [APPROVAL_CHANGES.destroyNamespace(name)],
      };
    }),
  );
}

export const namespaceDestroyed: FlagDef = {
  kind: "namespace-destroyed",
  level: "decision",
  approval: "destroy-namespace",
  approvalNote: "(its key, or its full name)",
  title: "a namespace is destroyed",
  explanation: "Its workloads, volumes and secrets are deleted with it.",
  drafts: (ctx) => namespaceDrafts(ctx, "destroy"),
};
