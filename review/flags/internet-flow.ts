/** internet-flow: a new flow to or from outside private ranges. */
import { flowLines, type Flow } from "../flows.js";
import type { FlagDef } from "./types.js";
import { tenantStacks } from "./stacks.js";
import { isFlowCrossTenant } from "./cross-tenant-flow.js";

const isFlowInternet = (f: Flow): boolean => f.internet || (f.peerRole === "platform" && f.platform === "ingress" && f.direction === "ingress");

export const internetFlow: FlagDef = {
  kind: "internet-flow",
  level: "attention",
  title: "a new flow to an address outside private ranges, to anywhere, or in from the site's ingress controller",
  explanation: "What is private is lib/address-scope.ts's answer, which the policy gate and the isolation proof share.",
  drafts: (ctx) =>
    tenantStacks(ctx).flatMap(({ review, tenant, siteField, meta }) =>
      flowLines(review.changes.flowsOpened.filter((f) => isFlowInternet(f) && !isFlowCrossTenant(f)), "opens", meta).map((line) => ({
        kind: "internet-flow" as const, level: "attention" as const, tenant, ...siteField, subject: line, message: `${tenant} ${line}`,
      })),
    ),
};
