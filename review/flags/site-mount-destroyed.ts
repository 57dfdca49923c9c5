/** site-mount-destroyed: a site's PKI mount or Kubernetes auth backend is destroyed or replaced. */
import type { FlagDef } from "./types.js";
import { siteResourceDrafts } from "./site-resources.js";

export const siteMountDestroyed: FlagDef = {
  kind: "site-mount-destroyed",
  level: "decision",
  approvalNote: "nothing: a site operators' decision",
  title: "a site's PKI mount or Kubernetes auth backend is destroyed or replaced",
  explanation: "The site CA, or every tenant's Vault login on the site, goes with it; no tenant file can decide that.",
  drafts: (ctx) => siteResourceDrafts(ctx, true),
};
