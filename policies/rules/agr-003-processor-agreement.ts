/** AGR-003: personal data (anything but `none`) needs a processor agreement reference (`security.dpaRef`). */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";

export const agr003: Rule = {
  id: "AGR-003",
  pack: "agreement",
  severity: "error",
  title: "Personal data has a processor agreement",
  explanation:
    "A supplier that processes personal data on a tenant's behalf is a processor: GDPR Art. 28 requires a written " +
    "agreement stating subject, duration, purpose, types of data and categories of data subjects before processing starts.",
  exceptable: false,
  check: (ctx) =>
    ctx.model.tenants.flatMap((entry) => {
      const s = entry.tenant.security;
      if (s.personalData === "none" || s.dpaRef !== undefined) return [];
      return [tenantFinding(agr003, entry, ["security", "personalData"],
        `${s.personalData} personal data needs security.dpaRef, the processor agreement's reference (GDPR Art. 28); add it, or set personalData: none if none is processed`)];
    }),
};
