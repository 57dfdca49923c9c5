/**
 * Organisation identifiers by scheme, and when two mentions name one organisation. A Swedish organisation
 * number (`orgNumber`, scheme `se-orgnr`) and a Danish CVR number (`cvr`, scheme `dk-cvr`) are written in
 * their own fields, each validated by its own refinement (model/primitives.ts). Two mentions name one
 * organisation by identifier (same scheme, same digits: "202100-0365" is "2021000365"), else by name in
 * lib/text.ts's one form (no case, no compatibility forms, one space), so a renamed agency is caught by its
 * number and one without a number by its name. ADM-002, FED-001 and the national register's merge all
 * judge with it.
 */
import { matchText } from "../lib/text.js";

export const ORG_ID_SCHEMES = ["se-orgnr", "dk-cvr"] as const;
export type OrgIdScheme = (typeof ORG_ID_SCHEMES)[number];

/** Each scheme: the field it is written in, and its name in messages. */
export const ORG_ID_FIELDS: Readonly<Record<OrgIdScheme, { readonly field: "orgNumber" | "cvr"; readonly name: string }>> = {
  "se-orgnr": { field: "orgNumber", name: "Swedish organisation number" },
  "dk-cvr": { field: "cvr", name: "Danish CVR number" },
};

/** An identifier with its scheme. */
export interface OrgId {
  readonly scheme: OrgIdScheme;
  readonly value: string;
}

/** Where an identifier is written: an agency of a tenant file, or a reference in the catalogue. */
export interface OrgIdFields {
  readonly orgNumber?: string | undefined;
  readonly cvr?: string | undefined;
}

/** The identifier written in `fields` (the schema allows at most one), or undefined for none. */
export function orgIdOf(fields: OrgIdFields): OrgId | undefined {
  if (fields.orgNumber !== undefined) return { scheme: "se-orgnr", value: fields.orgNumber };
  if (fields.cvr !== undefined) return { scheme: "dk-cvr", value: fields.cvr };
  return undefined;
}

/** "Swedish organisation number 202100-6354", for messages. */
export const describeOrgId = (id: OrgId): string => `${ORG_ID_FIELDS[id.scheme].name} ${id.value}`;

export const orgDigits = (orgNumber: string): string => orgNumber.replace(/\D/g, "");

/** Whether two identifiers are one: the same scheme and the same digits. */
export const sameOrgId = (a: OrgId, b: OrgId): boolean => a.scheme === b.scheme && orgDigits(a.value) === orgDigits(b.value);

/** A key that orders and groups identifiers: scheme, then digits. */
export const orgIdKey = (id: OrgId): string => `${id.scheme}:${orgDigits(id.value)}`;

/** How a reference (an excluded organisation) matches an agency: by identifier, by name, or not at all. */
export function organisationMatch(ref: { readonly name: string } & OrgIdFields, name: string, id: OrgId | undefined): "id" | "name" | undefined {
  const refId = orgIdOf(ref);
  if (refId !== undefined && id !== undefined && sameOrgId(refId, id)) return "id";
  return matchText(ref.name) === matchText(name) ? "name" : undefined;
}

/** The identifier of a validated agency: the schema refuses an agency without one, so none is a bug. */
export function agencyOrgId(agency: OrgIdFields): OrgId {
  const id = orgIdOf(agency);
  if (id === undefined) throw new Error("a validated agency has no identifier: the tenant schema requires orgNumber or cvr");
  return id;
}
