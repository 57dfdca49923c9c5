/** vault-path-outside-tenant: a Vault policy grants on a path outside the tenant's own mounts. */
import { isOwnVaultPath } from "../facts.js";
import type { FlagDef } from "./types.js";
import { tenantStacks } from "./stacks.js";

export const vaultPathOutsideTenant: FlagDef = {
  kind: "vault-path-outside-tenant",
  level: "attention",
  title: "a policy grants on a path outside the tenant's own mounts and PKI role",
  explanation: "A tenant's tokens should reach only its own secrets, keys and certificates (the proof's PRF-003 judges the whole ACL).",
  drafts: (ctx) =>
    tenantStacks(ctx).flatMap(({ review, tenant, siteField, meta }) =>
      meta === undefined ? [] : review.changes.granted.filter((g) => !isOwnVaultPath(g.path, meta)).map((g) => ({
        kind: "vault-path-outside-tenant" as const, level: "attention" as const, tenant, ...siteField, subject: `${g.policy} ${g.path}`,
        message: `${tenant}: Vault policy ${g.policy} grants ${g.capabilities.join(", ")} on ${g.path}, outside the tenant's own mounts`,
      })),
    ),
};
