/**
 * ORD-001: a supplier under the Swedish ordinance serves state agencies only, whatever its `serves` list says.
 */
import type { Rule } from "../types.js";
import { tenantFinding } from "../finding-at.js";
import { tenantsUnder } from "../arrangement.js";

export const ord001: Rule = {
  id: "ORD-001",
  pack: "swedish-ordinance",
  severity: "error",
  title: "A supplier under the ordinance serves state agencies only",
  explanation:
    "The proposed ordinance (SOU 2021:97) lets a state supplier provide IT operations to state agencies; a municipality, " +
    "a region or a company is not covered, even if the catalogue's serves list were widened. Serving them needs another " +
    "legal basis: a municipal arrangement with its own supplier entry.",
  exceptable: false,
  check: (ctx) =>
    tenantsUnder(ctx.model, "swedish-ordinance")
      .filter(({ entry }) => entry.tenant.agency.kind !== "state-agency")
      .map(({ entry, supplier }) => tenantFinding(ord001, entry, ["agency", "kind"],
        `${supplier.name} works under the ordinance (arrangement swedish-ordinance), which covers state agencies only, not "${entry.tenant.agency.kind}"`)),
};
