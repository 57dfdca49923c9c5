/** ADM-003: security-classified information is never placed in the shared platform. */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";

export const adm003: Rule = {
  id: "ADM-003",
  pack: "admission",
  severity: "error",
  title: "The tenant declares no security-classified information",
  explanation:
    "Security-classified information (säkerhetsskyddsklassificerade uppgifter) is never placed in the shared catalogue's " +
    "services; it needs an environment built and approved for it. No exception can change that.",
  exceptable: false,
  check: (ctx) => {
    return ctx.model.tenants
      .filter((entry) => entry.tenant.security.classifiedInformation)
      .map((entry) => tenantFinding(adm003, entry, ["security", "classifiedInformation"],
        "classifiedInformation is true; security-classified information is never hosted on shared supplier sites"));
  },
};
