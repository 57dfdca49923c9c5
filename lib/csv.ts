/**
 * CSV for finance systems and spreadsheets, in one place (RFC 4180): fields with a comma, quote or line
 * break are quoted, quotes doubled, lines end CRLF. A field that a spreadsheet would run as a formula
 * (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`, unless it is a plain number.
 */
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

export function csvField(value: string | number | boolean): string {
  let s = String(value);
  if (FORMULA.test(s) && !NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV document: a header row and the rows, each ending CRLF. */
export const csv = (header: readonly string[], rows: readonly (readonly (string | number | boolean)[])[]): string =>
  [header, ...rows].map((r) => `${r.map(csvField).join(",")}\r\n`).join("");
