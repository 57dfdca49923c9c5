/** Calendar arithmetic on `YYYY-MM-DD` dates, in whole days (UTC, so no time zone shifts a date). */

const MS_PER_DAY = 24 * 60 * 60 * 1000;

const utc = (date: string): number => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
};

/** Days from `from` to `to`: positive when `to` is later. */
export const daysBetween = (from: string, to: string): number => Math.round((utc(to) - utc(from)) / MS_PER_DAY);

export { isCalendarDate } from "../model/primitives.js";

/** "1 day ago", "12 days ago". */
export const daysAgo = (days: number): string => `${days} day${days === 1 ? "" : "s"} ago`;
