/** Calendar months written YYYY-MM, compared as text (which orders them), and moved by whole months. */

export const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

/** The month of a date written YYYY-MM-DD. */
export const monthOf = (date: string): string => date.slice(0, 7);

/** The month `n` whole months after `month` (n may be negative). */
export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Whole months from `from` to `to` (negative when `to` is earlier). */
export const monthsBetween = (from: string, to: string): number =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));

/** The first month that begins on or after `date` (YYYY-MM-DD). */
export const firstWholeMonthFrom = (date: string): string => (date.endsWith("-01") ? monthOf(date) : addMonths(monthOf(date), 1));

/** The date `n` whole months after `date` (YYYY-MM-DD), the day clamped to the month's last (08-31 + 6 = 02-28). */
export function addMonthsToDate(date: string, n: number): string {
  const month = addMonths(monthOf(date), n);
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return `${month}-${String(Math.min(Number(date.slice(8, 10)), last)).padStart(2, "0")}`;
}
