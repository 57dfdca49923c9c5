/**
 * Markdown for pull-request comments, in one place: every value that came from a file (a tenant's reason,
 * a field, a name) goes through {@link esc} or {@link code}, so no text can inject HTML, links, images or
 * mentions into a comment, whichever command prints it (check, review, isolation, plan-summary).
 */

export const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** Text for Markdown prose: HTML, Markdown syntax and @-mentions are neutralised; one line. */
export function esc(text: string, max = 1_000): string {
  return clip(text.replace(/[\r\n]+/g, " "), max)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|#~!])/g, "\\$1")
    .replace(/@/g, "@\u200b");
}

/** An inline code span that survives backticks and table pipes in the value. */
export function code(text: string, max = 200): string {
  const s = clip(text.replace(/[\r\n]+/g, "⏎"), max).replace(/\|/g, "\\|");
  const ticks = s.includes("`") ? "``" : "`";
  const pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
  return `${ticks}${pad}${s}${pad}${ticks}`;
}

/** Like `esc`, but text between single backticks becomes a code span (for samdrift's own instructions). */
export const escWithCode = (text: string): string =>
  text
    .split("`")
    .map((part, i) => (i % 2 === 1 ? code(part) : esc(part)))
    .join("");

/**
 * samdrift's own Markdown (a rule's title, a flag's explanation) as one table cell: kept as Markdown, on one
 * line, with its pipes escaped. Text from a file goes through {@link esc} instead.
 */
export const tableCell = (markdown: string): string => markdown.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");

/** A table cell of code spans, one per item. */
export const codeList = (items: readonly string[]): string => items.map((i) => code(i)).join(", ");
