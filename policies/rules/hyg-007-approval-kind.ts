/** HYG-007: every approval marker is one the review understands (model/approvals.ts). */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { APPROVAL_FORMS, parseApproval } from "../../model/approvals.js";

export const hyg007: Rule = {
  id: "HYG-007",
  pack: "hygiene",
  severity: "error",
  title: "Every approval marker names a change the review understands",
  explanation:
    "A misspelt marker (lower-securty-level) approves nothing while looking like a decision: the reviewer reads it as " +
    "given, and the change it was meant for still needs one. A drop-site marker names a site of the catalogue.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) =>
      entry.tenant.approvals.flatMap((a, i) => {
        const parsed = parseApproval(a.change);
        const problem = "problem" in parsed
          ? parsed.problem
          : parsed.kind === "drop-site" && !ctx.model.catalogue.sites.has(parsed.argument!)
            ? `drop-site names no site "${parsed.argument}" of the catalogue`
            : undefined;
        return problem === undefined
          ? []
          : [tenantFinding(hyg007, entry, ["approvals", i, "change"], `${problem}; approval markers are ${APPROVAL_FORMS.join(", ")}`)];
      }),
    ),
};
