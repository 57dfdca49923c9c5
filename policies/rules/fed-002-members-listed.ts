/**
 * FED-002: a municipal-federation supplier lists its members, each with its identifier; a supplier of
 * another arrangement lists none (`members` would mean nothing there).
 */
import type { Rule, RuleFinding } from "../types.js";
import { supplierFinding } from "../finding-at.js";
import { orgIdOf } from "../../model/organisation.js";

export const fed002: Rule = {
  id: "FED-002",
  pack: "municipal-federation",
  severity: "error",
  title: "A municipal federation names its members by identifier",
  explanation:
    "FED-001 admits the federation's members only, by identifier: a federation without members could serve nobody, and " +
    "a member without an organisation number could never be matched. A members list on a supplier of another " +
    "arrangement would look like a limit while nothing enforces it.",
  exceptable: false,
  check: (ctx) =>
    [...ctx.model.catalogue.suppliers.values()].flatMap((supplier): RuleFinding[] => {
      if (supplier.arrangement !== "municipal-federation") {
        return supplier.members.length === 0 ? [] : [supplierFinding(fed002, ctx.model, supplier.id, ["members"],
          `members is only for arrangement municipal-federation; ${supplier.id} is ${supplier.arrangement}, so remove the list (or set the arrangement)`)];
      }
      if (supplier.members.length === 0) {
        return [supplierFinding(fed002, ctx.model, supplier.id, ["arrangement"], "a municipal federation lists its members (members: [{ name, orgNumber }]); it may serve nobody else")];
      }
      return supplier.members.flatMap((m, i) => (orgIdOf(m) !== undefined ? [] : [supplierFinding(fed002, ctx.model, supplier.id, ["members", i],
        `member "${m.name}" has no identifier; write its orgNumber, which FED-001 matches tenants by`)]));
    }),
};
