/**
 * DKM-002: a Danish municipal supplier keeps the processor-agreement rule on: it may not turn off the
 * agreement pack, whose AGR-003 requires a processor agreement for any personal data.
 */
import type { Rule } from "../types.js";
import { supplierFinding } from "../finding-at.js";
import { suppliersUnder } from "../arrangement.js";

export const dkm002: Rule = {
  id: "DKM-002",
  pack: "danish-municipal",
  severity: "error",
  title: "A Danish municipal supplier keeps the processor-agreement rule on",
  explanation:
    "Danish municipalities hand citizens' personal data to the common cloud as controllers; GDPR Art. 28 (with the Danish " +
    "Data Protection Act) requires a written processor agreement (databehandleraftale) before any processing. AGR-003 " +
    "enforces it, so a Danish supplier may not disable the agreement pack that holds it.",
  exceptable: false,
  check: (ctx) =>
    suppliersUnder(ctx.model, "danish-municipal").flatMap((supplier) => {
      const i = supplier.policy.disabledPacks.indexOf("agreement");
      return i < 0 ? [] : [supplierFinding(dkm002, ctx.model, supplier.id, ["policy", "disabledPacks", i],
        "a Danish municipal supplier may not turn off the agreement pack: AGR-003 requires a processor agreement (GDPR Art. 28) for any personal data")];
    }),
};
