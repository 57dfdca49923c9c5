/** policy-finding: a finding of `samdrift check` about a tenant in the change. */
import type { FlagContext, FlagDef, ReviewFinding } from "./types.js";

/** A finding belongs to the change when the change causes it: its tenant or its peer is in the change. */
export const findingInChange = (f: ReviewFinding, ctx: Pick<FlagContext, "changedTenants">): boolean =>
  f.tenant === "" || ctx.changedTenants.has(f.tenant) || (f.peer !== undefined && ctx.changedTenants.has(f.peer));

export const policyFinding: FlagDef = {
  kind: "policy-finding",
  level: "decision or attention",
  approvalNote: "fix the file, or an `exceptions` entry where the rule allows one",
  title: "`--findings` has a finding about a tenant in the change (or about no tenant)",
  explanation: "The policy gate's verdict on the head, shown where the reviewer decides.",
  drafts: (ctx) =>
    (ctx.input.findings ?? []).filter((f) => findingInChange(f, ctx)).map((f) => {
      const blocking = f.severity === "error" && f.exception === undefined;
      const excepted = f.exception ? ` (excepted under ${f.exception.ref} until ${f.exception.expires})` : "";
      return {
        kind: "policy-finding" as const, level: blocking ? "decision" as const : "attention" as const, ...(f.tenant !== "" ? { tenant: f.tenant } : {}), subject: `${f.rule} ${f.file}:${f.line} ${f.field}`,
        message: `${f.rule} (${f.severity}) ${f.file}:${f.line}${f.field ? ` ${f.field}` : ""}: ${f.message}${excepted}`,
        ...(blocking ? { steps: [f.exceptable ? "Fix the tenant file, or add an exception (`exceptions: [{ rule, reason, expires, ref }]`) if the rule is bent on purpose." : "Fix the tenant file (the rule allows no exception)."] } : {}),
      };
    }),
};
