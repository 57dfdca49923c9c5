/** mount-destroyed: a tenant's Vault mount is destroyed. */
import { APPROVAL_CHANGES } from "../../model/approvals.js";
import type { Draft, FlagContext, FlagDef } from "./types.js";
import { destroys, tenantStacks } from "./stacks.js";

/** Vault mounts of uncovered tenant stacks destroyed (`destroy`) or replaced (`replace`). */
export function mountDrafts(ctx: FlagContext, action: "destroy" | "replace"): Draft[] {
  return tenantStacks(ctx).filter((t) => !t.covered).flatMap(({ review, tenant, siteField, meta }) =>
    destroys(review.diff).filter((d) => d.resource.type === "vault_mount" && d.resource.action === action).map((d): Draft => {
      const path = d.label.replace(/^Vault mount /, "");
      const type = typeof d.values?.type === "string" ? d.values.type : "?";
      const kind = meta?.vault.kvMount === path ? "kv" : meta?.vault.transitMount === path ? "transit" : type;
      return {
        kind: action === "destroy" ? "mount-destroyed" : "mount-replaced", level: "decision", tenant, ...siteField, subject: kind,
        message: `Vault ${kind} mount ${path} of ${tenant} is ${d.verb}: every ${kind === "transit" ? "key" : "secret"} in it is lost`,
        approval: APPROVAL_CHANGES.destroyMount(kind),
      };
    }),
  );
}

export const mountDestroyed: FlagDef = {
  kind: "mount-destroyed",
  level: "decision",
  approval: "destroy-mount",
  approvalNote: "(`kv` or `transit`)",
  title: "a tenant's Vault mount is destroyed",
  explanation: "Every secret or key in it is lost.",
  drafts: (ctx) => mountDrafts(ctx, "destroy"),
};
