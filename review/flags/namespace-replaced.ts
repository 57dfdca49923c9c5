/** namespace-replaced: a tenant's namespace is replaced (its name changes). */
import type { FlagDef } from "./types.js";
import { namespaceDrafts } from "./namespace-destroyed.js";

export const namespaceReplaced: FlagDef = {
  kind: "namespace-replaced",
  level: "decision",
  approval: "destroy-namespace",
  approvalNote: "(its key, or its full name)",
  title: "a namespace is replaced (its name changes)",
  explanation: "Terraform destroys the old namespace, with its workloads, volumes and secrets, before it creates the new one.",
  drafts: (ctx) => namespaceDrafts(ctx, "replace"),
};
