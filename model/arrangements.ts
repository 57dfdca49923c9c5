/**
 * The legal arrangement a supplier works under, chosen per supplier in catalogue/suppliers.yaml
 * (`arrangement`). It decides which arrangement pack of policies/ judges the supplier's tenants and which
 * organisation-identifier scheme they are written in. A catalogue written before arrangements existed names
 * none and keeps working: {@link DEFAULT_ARRANGEMENT}.
 */
import type { OrgIdScheme } from "./organisation.js";

export const ARRANGEMENTS = ["swedish-ordinance", "municipal-federation", "danish-municipal"] as const;
export type Arrangement = (typeof ARRANGEMENTS)[number];

/** What an arrangement means: its law, in one line, and the identifiers its tenants are written with. */
export interface ArrangementInfo {
  /** The legal basis, for messages and docs. */
  readonly law: string;
  /** The scheme every tenant's `agency` identifier must be written in (ADM-004). */
  readonly scheme: OrgIdScheme;
}

export const ARRANGEMENT_INFO: Readonly<Record<Arrangement, ArrangementInfo>> = {
  "swedish-ordinance": { law: "a Swedish state supplier under the IT-operations ordinance (SOU 2021:97)", scheme: "se-orgnr" },
  "municipal-federation": { law: "a Swedish municipal federation or joint company serving its members under municipal law", scheme: "se-orgnr" },
  "danish-municipal": { law: "a Danish municipal common cloud under Danish and EU law", scheme: "dk-cvr" },
};

/** A supplier that names no arrangement is a Swedish state supplier, as every supplier was before. */
export const DEFAULT_ARRANGEMENT: Arrangement = "swedish-ordinance";
