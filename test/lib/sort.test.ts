/** Sorting's one owner: code-unit order, never the locale's, so output is the same on every machine. */
import { describe, expect, it } from "vitest";
import { byAll, byEntryKey, byKey, byNumber, byString, uniqueSorted } from "../../lib/sort.js";

// Where code-unit order and a locale's collation disagree: case ("Z" is U+005A, "a" U+0061), letters
// beyond ASCII ("å" is U+00E5, after every ASCII letter), and punctuation ("_" U+005F after "-" and ".").
const WORDS = ["a", "Z", "å", "z", "B", "a_b", "a-b", "a.b", "10", "9", "ä", "Å"];

describe("lib/sort.ts", () => {
  it("byString orders by UTF-16 code unit, which is not the locale's order", () => {
    const sorted = [...WORDS].sort(byString);
    expect(sorted).toEqual(["10", "9", "B", "Z", "a", "a-b", "a.b", "a_b", "z", "Å", "ä", "å"]);
    // The same strings under a locale's collation come out differently: this is what byString avoids.
    expect([...WORDS].sort((a, b) => a.localeCompare(b, "sv"))).not.toEqual(sorted);
    expect([...WORDS].sort((a, b) => a.localeCompare(b, "en"))).not.toEqual(sorted);
    expect(["a", "Z"].sort(byString)).toEqual(["Z", "a"]);
    expect(["å", "z"].sort(byString)).toEqual(["z", "å"]);
  });

  it("byString is the same order as the default sort of strings, and 0 only for equal strings", () => {
    expect([...WORDS].sort(byString)).toEqual([...WORDS].sort());
    expect(byString("a", "a")).toBe(0);
    expect(byString("a", "b")).toBeLessThan(0);
    expect(byString("b", "a")).toBeGreaterThan(0);
  });

  it("byKey, byNumber and byAll order by each key in turn", () => {
    const rows = [
      { file: "b", line: 2 },
      { file: "a", line: 10 },
      { file: "B", line: 1 },
      { file: "a", line: 9 },
    ];
    expect(rows.sort(byAll(byKey((r) => r.file), byNumber((r) => r.line)))).toEqual([
      { file: "B", line: 1 },
      { file: "a", line: 9 },
      { file: "a", line: 10 },
      { file: "b", line: 2 },
    ]);
    expect(byAll<number>()(1, 2)).toBe(0);
  });

  it("byEntryKey orders [key, value] pairs by key; uniqueSorted drops repeats", () => {
    expect(Object.entries({ b: 1, a: 2, Z: 3 }).sort(byEntryKey)).toEqual([["Z", 3], ["a", 2], ["b", 1]]);
    expect(uniqueSorted(["b", "a", "b", "A"])).toEqual(["A", "a", "b"]);
  });
});
