/**
 * When two mentions name one organisation: by organisation number (its digits: "202100-0365" is
 * "2021000365"), else by name in lib/text.ts's one form (no case, no compatibility forms, one space), so a
 * renamed agency is caught by its number and one without a number by its name. ADM-002 and the national
 * register's merge both judge with it.
 */
import { matchText } from "../lib/text.js";

export const orgDigits = (orgNumber: string): string => orgNumber.replace(/\D/g, "");

/** How a reference (an excluded organisation) matches an agency: by number, by name, or not at all. */
export function organisationMatch(ref: { readonly name: string; readonly orgNumber?: string | undefined }, name: string, orgNumber: string): "orgNumber" | "name" | undefined {
  if (ref.orgNumber !== undefined && orgDigits(ref.orgNumber) === orgDigits(orgNumber)) return "orgNumber";
  return matchText(ref.name) === matchText(name) ? "name" : undefined;
}
