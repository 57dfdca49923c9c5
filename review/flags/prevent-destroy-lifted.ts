/** prevent-destroy-lifted: namespaces or mounts lose prevent_destroy. */
import { listText } from "../values.js";
import type { FlagDef } from "./types.js";
import { tenantStacks } from "./stacks.js";

export const preventDestroyLifted: FlagDef = {
  kind: "prevent-destroy-lifted",
  level: "attention",
  title: "namespaces or mounts lose prevent_destroy (the tenant entered `decommission`)",
  explanation: "Nothing is destroyed yet, but the next change that removes them destroys their data.",
  drafts: (ctx) =>
    tenantStacks(ctx).flatMap(({ review, tenant, siteField, meta }) => {
      const lifted = review.changes.protection.filter((p) => !p.after).map((p) => p.subject);
      if (lifted.length === 0) return [];
      const exit = meta?.exit ? ` (exit ${meta.exit.ref} on ${meta.exit.date})` : "";
      return [{ kind: "prevent-destroy-lifted" as const, level: "attention" as const, tenant, ...siteField, subject: lifted.join(","), message: `${tenant}: prevent_destroy lifted on ${listText(lifted)}${exit}; the next change that removes them destroys their data` }];
    }),
};
