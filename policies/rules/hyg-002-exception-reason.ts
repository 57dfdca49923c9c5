/** HYG-002: every exception gives a reason of at least 20 characters that a reader sees. */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { MIN_REASON_LENGTH } from "../exceptions.js";
import { visibleLength } from "../../lib/text.js";

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
        // Characters a reader sees: a run of spaces is one, a letter with combining marks is one.
        const length = visibleLength(ex.reason);
        if (length >= MIN_REASON_LENGTH) return [];
        return [tenantFinding(hyg002, entry, ["exceptions", i, "reason"],
          `the reason for excepting ${ex.rule} is ${length} character${length === 1 ? "" : "s"}; write at least ${MIN_REASON_LENGTH}: what is accepted, why, and what compensates`)];
      }),
    ),
};
