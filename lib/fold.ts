/**
 * Keeping a Markdown pull-request comment under GitHub's limit (65,536 characters): sections are given in
 * several levels of detail, the richest that fit are chosen, the rest are only named, and a note says so.
 * `review`, `plan-summary` and `check --format markdown` all fold this way.
 */
import { esc, escWithCode } from "./markdown.js";

/** The default cap of a comment: GitHub refuses comments over 65,536 characters; this leaves room. */
export const COMMENT_MAX_CHARS = 60_000;

/** A section of a comment in each level of detail it can be shown in, richest first. */
export interface FoldSection {
  /** Heading above the first of consecutive sections that share it. */
  readonly heading: string;
  /** What the fold note calls the section when it is left out. */
  readonly id: string;
  /** The section's text per level of detail, richest first; every section has the same number of levels. */
  readonly texts: readonly string[];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Chooses a detail level per section so that all fit in `room`: the richest level every section can
 * have, then richer levels for the first sections while room remains. When even the plainest level of
 * each does not fit, the first sections that fit are kept and the rest only named.
 */
export function fitSections(sections: readonly FoldSection[], room: number): { levels: (number | undefined)[] } {
  const depth = sections[0]?.texts.length ?? 0;
  const cost = (text: string) => text.length + 2;
  const headings = new Set(sections.map((s) => s.heading));
  const headingCost = [...headings].reduce((n, h) => n + cost(h), 0);
  const available = room - headingCost;
  const total = (level: number) => sections.reduce((n, s) => n + cost(s.texts[level]!), 0);
  const uniform = Array.from({ length: depth }, (_, level) => level).findIndex((level) => total(level) <= available);
  if (uniform === -1) {
    let used = 0;
    return {
      levels: sections.map((s) => {
        const c = cost(s.texts[depth - 1]!);
        if (used + c > available) return undefined;
        used += c;
        return depth - 1;
      }),
    };
  }
  const levels: number[] = sections.map(() => uniform);
  let used = total(uniform);
  for (const [i, s] of sections.entries()) {
    for (let richer = 0; richer < uniform; richer++) {
      const extra = cost(s.texts[richer]!) - cost(s.texts[levels[i]!]!);
      if (used + extra <= available) {
        used += extra;
        levels[i] = richer;
        break;
      }
    }
  }
  return { levels };
}

export interface FoldNote {
  /** The cap the note names. */
  readonly maxChars: number;
  /** Where every detail is, e.g. "the JSON output (`--format json`)"; text between backticks becomes code. */
  readonly how: string;
  /** What a folded section lost. @default "shown in less detail" */
  readonly folded?: string;
}

/**
 * The sections in at most `room` characters (see {@link fitSections}), each heading once, and a note
 * when any was folded or left out.
 */
export function foldSections(sections: readonly FoldSection[], room: number, note: FoldNote): string[] {
  const { levels } = fitSections(sections, room);
  const body: string[] = [];
  const omitted: string[] = [];
  let lastHeading = "";
  sections.forEach((section, i) => {
    const level = levels[i];
    if (level === undefined) {
      omitted.push(section.id);
      return;
    }
    if (section.heading !== lastHeading) body.push(section.heading, "");
    lastHeading = section.heading;
    body.push(section.texts[level]!, "");
  });
  const folded = levels.filter((l) => l !== undefined && l > 0).length;
  if (folded > 0 || omitted.length > 0) {
    const names = omitted.slice(0, 20).map((n) => esc(n, 60)).join(", ");
    body.push(
      `> **Folded to stay under ${note.maxChars.toLocaleString("en-US")} characters:** ${plural(folded, "section")} ${note.folded ?? "shown in less detail"}` +
        `${omitted.length > 0 ? `, ${plural(omitted.length, "section")} not shown (${names}${omitted.length > 20 ? ", …" : ""})` : ""}. ` +
        `Every detail is in ${escWithCode(note.how)}.`,
      "",
    );
  }
  return body;
}

/** Room a fold note can take (with 20 names); subtract it from the room given to {@link foldSections}. */
export const FOLD_NOTE_RESERVE = 900;

/** Cuts `text` (`what` it is, for the note) at a line boundary so that it and a truncation note fit in `maxChars`. */
export function capText(text: string, maxChars: number, what = "this comment"): string {
  if (text.length <= maxChars) return text;
  const note = `\n\n> **Truncated:** ${what} was cut at ${maxChars.toLocaleString("en-US")} characters; run the command with \`--format json\` for everything.\n`;
  const cut = text.slice(0, Math.max(0, maxChars - note.length));
  const atLine = cut.lastIndexOf("\n");
  let kept = atLine > 0 ? cut.slice(0, atLine) : cut;
  // Close an open <details> or code fence so the rest of the page renders.
  const fences = (kept.match(/^```/gm) ?? []).length;
  if (fences % 2 === 1) kept += "\n```";
  const open = (kept.match(/<details>/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length;
  for (let i = 0; i < open; i++) kept += "\n</details>";
  const result = `${kept}${note}`;
  return result.length <= maxChars ? result : `${result.slice(0, maxChars - 1)}\n`;
}
