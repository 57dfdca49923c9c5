/**
 * Editing `agreement.suspended` in a tenant file's text without rewriting the file: the YAML parser only
 * finds where the `agreement` mapping and its entries lie (node ranges), and the edit inserts or removes
 * exactly that text, so comments, quoting, key order and layout stay as the author wrote them. Both the
 * block style (`agreement:` then indented lines) and the flow style (`agreement: { phase: run }`) are
 * handled. Pure: `samdrift suspend` and `resume` (cli/suspend.ts) read and write the file.
 */
import { isMap, isScalar, parseDocument, type Pair, type YAMLMap } from "yaml";
import type { Suspension } from "./schema.js";

export type EditResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

const fail = (message: string): EditResult => ({ ok: false, message });

/** The `agreement` mapping of a tenant file, or why there is none to edit. */
function agreementOf(text: string): { map: YAMLMap; pairs: Pair[] } | string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return `the file is not valid YAML (${doc.errors[0]!.message.split("\n")[0]}); fix it first`;
  const map = doc.get("agreement", true);
  if (!isMap(map) || map.range == null) return "the file has no agreement mapping";
  return { map, pairs: map.items as Pair[] };
}

const keyName = (p: Pair): string | undefined => (isScalar(p.key) ? String(p.key.value) : undefined);
const valueOf = (pairs: readonly Pair[], key: string): unknown => {
  const v = pairs.find((p) => keyName(p) === key)?.value;
  return isScalar(v) ? v.value : v;
};

/** Where the line holding `offset` ends, after its newline (or the end of the text). */
const lineEnd = (text: string, offset: number): number => {
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl + 1;
};
/** Where the line holding `offset` starts. */
const lineStart = (text: string, offset: number): number => text.lastIndexOf("\n", offset - 1) + 1;

/** A suspension as one flow mapping; the reason double-quoted (a JSON string is a valid YAML one). */
const suspensionText = (s: Suspension): string => `{ ref: ${s.ref}, since: ${s.since}, reason: ${JSON.stringify(s.reason)} }`;

/**
 * Adds `suspended: { ref, since, reason }` as the last entry of `agreement`. Refused for a tenant in
 * `decommission` (its data is being handed over or deleted: there is nothing to cut off, AGR-007) and
 * for one already suspended.
 */
export function suspendTenantText(text: string, suspension: Suspension): EditResult {
  const found = agreementOf(text);
  if (typeof found === "string") return fail(found);
  const { map, pairs } = found;
  const phase = valueOf(pairs, "phase");
  if (phase === "decommission") {
    return fail("the tenant is in decommission: its namespaces and mounts are being handed over and destroyed, so there is nothing to suspend (AGR-007); stop the decommission first if the data must be kept");
  }
  const current = valueOf(pairs, "suspended");
  if (current !== undefined) {
    const ref = isMap(current) ? String(current.get("ref")) : "?";
    return fail(`the tenant is already suspended (${ref}); resume it first, or edit the suspension by hand`);
  }
  const last = pairs[pairs.length - 1];
  const entry = `suspended: ${suspensionText(suspension)}`;
  if (map.flow) {
    // `{ phase: run, ref: X }`: before the closing brace, after the last entry (and a trailing comma, if any).
    const close = text.lastIndexOf("}", map.range![1]);
    let at = close;
    while (at > map.range![0] && /\s/.test(text[at - 1]!)) at--;
    const trailingComma = last !== undefined && text[at - 1] === ",";
    const separator = last === undefined || trailingComma ? " " : ", ";
    const after = text.slice(at, close).includes("\n") ? text.slice(at, close) : " ";
    return { ok: true, text: `${text.slice(0, at)}${separator}${entry}${trailingComma ? "," : ""}${after}${text.slice(close)}` };
  }
  if (last === undefined || !isScalar(last.key) || last.key.range == null) return fail("the agreement mapping is empty");
  // Block style: a new line after the last entry's value (and the rest of its line: a trailing comment).
  const valueEnd = (last.value as { range?: [number, number, number] } | null)?.range?.[1] ?? last.key.range[1];
  const keyStart = last.key.range[0];
  const indent = text.slice(lineStart(text, keyStart), keyStart);
  const at = lineEnd(text, Math.max(valueEnd - 1, keyStart));
  const newline = at === text.length && !text.endsWith("\n") ? "\n" : "";
  return { ok: true, text: `${text.slice(0, at)}${newline}${indent}${entry}\n${text.slice(at)}` };
}

/**
 * Removes `agreement.suspended`, when its `ref` is the one given (so that one lifts the suspension one
 * means). Refused when the tenant is not suspended.
 */
export function resumeTenantText(text: string, ref: string): EditResult {
  const found = agreementOf(text);
  if (typeof found === "string") return fail(found);
  const { map, pairs } = found;
  const index = pairs.findIndex((p) => keyName(p) === "suspended");
  const pair = pairs[index];
  if (pair === undefined) return fail("the tenant is not suspended (no agreement.suspended); there is nothing to resume");
  const current = isMap(pair.value) ? String(pair.value.get("ref")) : undefined;
  if (current !== ref) return fail(`the tenant is suspended under ${current ?? "an unreadable ref"}, not ${ref}; name the suspension you lift`);
  const key = pair.key as { range: [number, number, number] };
  const valueEnd = (pair.value as { range: [number, number, number] }).range[1];
  if (map.flow) {
    // Remove the entry with the separator before it, or (first entry) the one after it.
    const before = text.lastIndexOf(",", key.range[0]);
    const start = index > 0 && before > map.range![0] ? before : key.range[0];
    let end = valueEnd;
    if (index === 0) {
      const comma = text.indexOf(",", end);
      const close = text.indexOf("}", end);
      if (comma >= 0 && comma < close) end = comma + 1;
      while (end < close && text[end] === " ") end++;
    }
    return { ok: true, text: `${text.slice(0, start)}${text.slice(end)}` };
  }
  const start = lineStart(text, key.range[0]);
  const end = lineEnd(text, valueEnd - 1);
  return { ok: true, text: `${text.slice(0, start)}${text.slice(end)}` };
}
