/**
 * Sorting, in one place: strings compare by UTF-16 code unit, never by locale, so that output is
 * byte-identical on every machine whatever its language settings ("Z" before "a", "å" after "z").
 */

/** Code-unit order of two strings, for `Array.prototype.sort`. */
export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A comparator ordering items by a string key, in code-unit order. */
export const byKey = <T>(key: (item: T) => string) => (a: T, b: T): number => byString(key(a), key(b));

/** A comparator ordering items by a numeric key, smallest first. */
export const byNumber = <T>(key: (item: T) => number) => (a: T, b: T): number => key(a) - key(b);

/** Code-unit order of `[key, value]` pairs by key (`Object.entries`, a Map's entries). */
export const byEntryKey = (a: readonly [string, unknown], b: readonly [string, unknown]): number => byString(a[0], b[0]);

/** A comparator ordering by several comparators in turn: the first that tells them apart decides. */
export const byAll = <T>(...comparators: readonly ((a: T, b: T) => number)[]) => (a: T, b: T): number => {
  for (const c of comparators) {
    const r = c(a, b);
    if (r !== 0) return r;
  }
  return 0;
};

/** Distinct strings in code-unit order. */
export const uniqueSorted = (items: Iterable<string>): string[] => [...new Set(items)].sort(byString);
