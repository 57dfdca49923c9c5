/** transit-key-destroyed: a transit key is destroyed or replaced. */
import type { FlagDef } from "./types.js";
import { destroys, tenantStacks } from "./stacks.js";

export const transitKeyDestroyed: FlagDef = {
  kind: "transit-key-destroyed",
  level: "attention",
  title: "a transit key is destroyed or replaced (Vault refuses unless deletion is allowed, i.e. in decommission)",
  explanation: "Data encrypted with the key can no longer be decrypted.",
  drafts: (ctx) =>
    tenantStacks(ctx).filter((t) => !t.covered).flatMap(({ review, tenant, siteField }) =>
      destroys(review.diff).filter((d) => d.resource.type === "vault_transit_secret_backend_key").map((d) => ({
        kind: "transit-key-destroyed" as const, level: "attention" as const, tenant, ...siteField, subject: d.label,
        message: `${d.label} of ${tenant} is ${d.verb}: data encrypted with it can no longer be decrypted (Vault refuses unless deletion is allowed, i.e. in decommission)`,
      })),
    ),
};
