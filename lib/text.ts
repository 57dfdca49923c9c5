/**
 * Human text: what counts as an invisible character, the one normaliser for comparing names, and the
 * length a reader sees. Every comparison of human names (agency names against the excluded organisations,
 * ...) and every length rule on free text goes through this module, so two checks can never disagree on
 * whether two texts are "the same" or how long one is.
 */

/**
 * Characters a reader cannot see, or that change how the text around them is shown:
 * - format characters (Unicode category Cf): zero-width space, joiners and non-joiners, word joiner,
 *   soft hyphen, byte-order mark, the bidirectional controls (U+202A..U+202E, U+2066..U+2069, U+200E,
 *   U+200F, U+061C), invisible operators, tag characters;
 * - control characters (Cc), except line feed and tab, which multi-line text may hold (the schema decides
 *   per field whether a text may span lines);
 * - line and paragraph separators (Zl, Zp), surrogates, private-use and unassigned code points;
 * - characters that render as blank although they are letters or marks: the Hangul fillers, the braille
 *   blank, the combining grapheme joiner and the variation selectors.
 */
const INVISIBLE = /(?![\n\t])(?:[\p{Cf}\p{Cc}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}\u115F\u1160\u3164\uFFA0\u2800]|\p{Variation_Selector}|\u034F)/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, "gu");

/** Names of the invisible characters met most often, for messages; others are shown by code point only. */
const NAMES: ReadonlyMap<number, string> = new Map([
  [0x00, "null"], [0x0d, "carriage return"], [0x00ad, "soft hyphen"], [0x034f, "combining grapheme joiner"],
  [0x061c, "Arabic letter mark"], [0x115f, "Hangul choseong filler"], [0x1160, "Hangul jungseong filler"],
  [0x180e, "Mongolian vowel separator"], [0x200b, "zero-width space"], [0x200c, "zero-width non-joiner"],
  [0x200d, "zero-width joiner"], [0x200e, "left-to-right mark"], [0x200f, "right-to-left mark"],
  [0x2028, "line separator"], [0x2029, "paragraph separator"], [0x202a, "left-to-right embedding"],
  [0x202b, "right-to-left embedding"], [0x202c, "pop directional formatting"], [0x202d, "left-to-right override"],
  [0x202e, "right-to-left override"], [0x2060, "word joiner"], [0x2066, "left-to-right isolate"],
  [0x2067, "right-to-left isolate"], [0x2068, "first strong isolate"], [0x2069, "pop directional isolate"],
  [0x2800, "braille pattern blank"], [0x3164, "Hangul filler"], [0xfeff, "byte-order mark (zero-width no-break space)"],
  [0xffa0, "halfwidth Hangul filler"],
]);

/** `U+200B` for a code point. */
export const codePointLabel = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;

/** The first invisible character of `text` (see {@link INVISIBLE}), as `U+200B (zero-width space)`, with its position. */
export function invisibleCharacterIn(text: string): { readonly label: string; readonly index: number } | undefined {
  const m = INVISIBLE.exec(text);
  if (!m) return undefined;
  const cp = m[0].codePointAt(0)!;
  const name = NAMES.get(cp) ?? (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ? "control character" : undefined);
  return { label: name ? `${codePointLabel(cp)} (${name})` : codePointLabel(cp), index: m.index };
}

/**
 * The one form in which human texts are compared: invisible characters removed, compatibility forms
 * folded (NFKC: "ﬁ" is "fi", a no-break space is a space, full-width letters are letters), case folded,
 * every run of white space one space, no leading or trailing space. "  FÖRSVARS\u00a0MAKTEN" and
 * "försvars makten" match.
 */
export function matchText(text: string): string {
  // Rules compare every tenant's names with the same lists (excluded organisations, other tenants' names):
  // each text is folded once.
  let folded = MATCH_TEXTS.get(text);
  if (folded === undefined) {
    folded = text.replace(INVISIBLE_ALL, "").normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC").replace(/\s+/gu, " ").trim();
    MATCH_TEXTS.set(text, folded);
  }
  return folded;
}

const MATCH_TEXTS = new Map<string, string>();

const GRAPHEMES = new Intl.Segmenter("sv", { granularity: "grapheme" });

/**
 * How many characters a reader sees: graphemes of the normalised text ({@link matchText} without case
 * folding), so invisible characters count nothing, a run of spaces counts one and a letter with twenty
 * combining marks counts one.
 */
export function visibleLength(text: string): number {
  const shown = text.replace(INVISIBLE_ALL, "").normalize("NFKC").replace(/\s+/gu, " ").trim();
  let n = 0;
  for (const _ of GRAPHEMES.segment(shown)) n++;
  return n;
}
