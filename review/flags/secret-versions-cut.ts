/** secret-versions-cut: a KV mount keeps fewer versions per secret. */
import { APPROVAL_CHANGES } from "../../model/approvals.js";
import type { FlagDef } from "./types.js";
import { tenantStacks } from "./stacks.js";

export const secretVersionsCut: FlagDef = {
  kind: "secret-versions-cut",
  level: "decision",
  approval: "lower-max-versions",
  title: "a KV mount keeps fewer versions per secret (`secrets.maxVersions` lowered): Vault destroys the older versions",
  explanation: "The older versions of every secret are destroyed when the setting is applied, and cannot be restored.",
  drafts: (ctx) =>
    tenantStacks(ctx).flatMap(({ review, tenant, siteField }) =>
      review.changes.kvVersions.flatMap((v) => {
        if (v.before === undefined || v.after === undefined || Number(v.after) >= Number(v.before)) return [];
        return [{
          kind: "secret-versions-cut" as const, level: "decision" as const, tenant, ...siteField, subject: `${v.subject} ${v.before}>${v.after}`,
          message: `${tenant}: ${v.subject} keeps ${v.after} versions per secret instead of ${v.before}: Vault destroys every older version of each secret, and they cannot be restored`,
          approval: APPROVAL_CHANGES.lowerMaxVersions,
        }];
      }),
    ),
};
