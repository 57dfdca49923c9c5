/** tenant-removed: a tenant in `decommission` is removed, with everything of it. */
import { APPROVAL_CHANGES } from "../../model/approvals.js";
import { listText } from "../values.js";
import type { FlagDef } from "./types.js";

export const tenantRemoved: FlagDef = {
  kind: "tenant-removed",
  level: "decision",
  approval: "remove-tenant",
  approvalNote: "in the base's tenant file",
  title: "a tenant in `decommission` is removed: its namespaces and mounts are destroyed",
  explanation: "The last step of offboarding destroys the tenant's data; the marker, added while the file stays, records who decided it.",
  drafts: (ctx) =>
    [...ctx.baseTenants].flatMap(([tenant, base]) => {
      if (ctx.headTenants.has(tenant) || base.meta?.phase !== "decommission") return [];
      const exit = base.meta.exit ? ` (exit ${base.meta.exit.ref} on ${base.meta.exit.date})` : "";
      return [{
        kind: "tenant-removed" as const, level: "decision" as const, tenant, subject: "", sites: base.sites,
        message: `tenant ${tenant} is removed from ${listText(base.sites)} after decommission${exit}: its namespaces and Vault mounts are destroyed with their data`,
        approval: APPROVAL_CHANGES.removeTenant,
      }];
    }),
};
