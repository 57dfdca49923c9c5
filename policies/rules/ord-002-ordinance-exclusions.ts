/**
 * ORD-002: a catalogue with a supplier under the Swedish ordinance lists, in `excludedOrganisations`, every
 * agency the inquiry places outside the ordinance, so that ADM-002 refuses them.
 */
import type { Rule } from "../types.js";
import { supplierFinding } from "../finding-at.js";
import { suppliersUnder } from "../arrangement.js";
import { matchText } from "../../lib/text.js";

/** The defence and security agencies outside the ordinance altogether (SOU 2021:97), by registered name. */
export const OUTSIDE_ORDINANCE: readonly string[] = [
  "Försvarsmakten",
  "Försvarets radioanstalt",
  "Försvarets materielverk",
  "Fortifikationsverket",
  "Försvarshögskolan",
  "Försvarsunderrättelsedomstolen",
  "Statens inspektion för försvarsunderrättelseverksamheten",
  "Säkerhetspolisen",
  "Plikt- och prövningsverket",
  "Totalförsvarets forskningsinstitut",
];

export const ord002: Rule = {
  id: "ORD-002",
  pack: "swedish-ordinance",
  severity: "error",
  title: "The catalogue excludes every agency outside the ordinance",
  explanation:
    "Ten defence and security agencies are outside the ordinance altogether. ADM-002 refuses what the catalogue's " +
    "excludedOrganisations lists; a catalogue of an ordinance supplier that drops one of them would let it be onboarded. " +
    "The list is the law's, so the catalogue may add to it but not remove from it.",
  exceptable: false,
  check: (ctx) => {
    const [first] = suppliersUnder(ctx.model, "swedish-ordinance");
    if (!first) return [];
    const listed = new Set(ctx.model.catalogue.excludedOrganisations.map((o) => matchText(o.name)));
    const missing = OUTSIDE_ORDINANCE.filter((name) => !listed.has(matchText(name)));
    if (missing.length === 0) return [];
    return [supplierFinding(ord002, ctx.model, first.id, ["arrangement"],
      `${first.name} works under the ordinance, but the catalogue's excludedOrganisations does not name ${missing.join(", ")}; add them (by registered name, with the organisation number where known)`)];
  },
};
