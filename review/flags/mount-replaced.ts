/** mount-replaced: a tenant's Vault mount is replaced. */
import type { FlagDef } from "./types.js";
import { mountDrafts } from "./mount-destroyed.js";

export const mountReplaced: FlagDef = {
  kind: "mount-replaced",
  level: "decision",
  approval: "destroy-mount",
  approvalNote: "(`kv` or `transit`)",
  title: "a tenant's Vault mount is replaced",
  explanation: "Terraform destroys the old mount, with every secret or key in it, before it creates the new one.",
  drafts: (ctx) => mountDrafts(ctx, "replace"),
};
