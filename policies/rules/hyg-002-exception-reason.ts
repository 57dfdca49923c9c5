/** HYG-002: every exception gives a reason of at least 20 characters. */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { MIN_REASON_LENGTH } from "../exceptions.js";

export const hyg002: Rule = {
  id: "HYG-002",
  pack: "hygiene",
  severity: "error",
  title: "Every exception explains itself",
  explanation:
    "Legal and security decisions must be documented. A reason a reviewer can check (what is accepted, why, what " +
    "compensates) is the point of an exception; \"approved\" is not a reason. An exception without one excuses nothing.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) =>
      entry.tenant.exceptions.flatMap((ex, i) => {
        const length = ex.reason.trim().length;
        if (length >= MIN_REASON_LENGTH) return [];
        return [tenantFinding(hyg002, entry, ["exceptions", i, "reason"],
          `the reason for excepting ${ex.rule} is ${length} characters; write at least ${MIN_REASON_LENGTH}: what is accepted, why, and what compensates`)];
      }),
    ),
};
