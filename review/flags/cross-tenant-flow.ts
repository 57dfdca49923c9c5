/** cross-tenant-flow: a new flow to or from another tenant's namespace. */
import { flowLines, type Flow } from "../flows.js";
import type { FlagDef } from "./types.js";
import { tenantStacks } from "./stacks.js";

export const isFlowCrossTenant = (f: Flow): boolean => f.peerRole === "other-tenant" || f.peerRole === "unknown-namespace";

export const crossTenantFlow: FlagDef = {
  kind: "cross-tenant-flow",
  level: "attention",
  title: "a new flow to or from another tenant's namespace (or a namespace of no known tenant)",
  explanation: "Tenants are isolated from each other by default; a connection between two needs both sides' agreement (CON-001).",
  drafts: (ctx) =>
    tenantStacks(ctx).flatMap(({ review, tenant, siteField, meta }) =>
      flowLines(review.changes.flowsOpened.filter(isFlowCrossTenant), "opens", meta).map((line) => ({
        kind: "cross-tenant-flow" as const, level: "attention" as const, tenant, ...siteField, subject: line, message: `${tenant} ${line}`,
      })),
    ),
};
