/**
 * Printing a report: Markdown for a pull-request comment, JSON for machines.
 *
 * The Markdown stays under a character cap (60,000 by default; GitHub refuses comments over 65,536). Risk
 * flags and the headline always come first. Tenants follow with their readable changes and, folded in
 * `<details>`, the resource changes; when the whole would not fit, later tenants lose their resource
 * tables, then are only named, and a note says what was left out. Every value that came from a tenant
 * file is escaped, so a reason text cannot inject HTML, links or mentions into the comment.
 */
import type { AttributeChange, ResourceChange } from "./diff.js";
import { ACTIONS } from "./diff.js";
import { resourceLabel } from "./resource-label.js";
import type { RiskFlag } from "./risk.js";
import type { Report, SiteSection, TenantSection } from "./report.js";
import { sitesNote } from "./report.js";
import { plural } from "./values.js";
import { deltaText } from "./fees.js";
import type { Json } from "../lib/json.js";
import { code, esc, escWithCode } from "../lib/markdown.js";
import { COMMENT_MAX_CHARS, FOLD_NOTE_RESERVE, capText, foldSections, type FoldSection } from "../lib/fold.js";

export { code, esc };

import { renderDiffMarkdown } from "../analysis/matrix.js";

export interface MarkdownOptions {
  /** Hard cap on the length of the result. @default 60000 */
  readonly maxChars?: number;
  /** First line. @default "samdrift review" or "samdrift plan summary" */
  readonly title?: string;
  /** Shown in the fold note: how to get everything. @default - a generic hint */
  readonly fullCommand?: string;
}

// ------------------------------------------------------------------------------------------------ parts

const ICON = { decision: "⛔", approved: "✅", attention: "⚠️", urgent: "🚨" } as const;

function headlineText(r: Report): string {
  const h = r.headline;
  const res = ACTIONS.map((a) => `${h.resources[a]} to ${a}`).join(", ");
  const meta = h.stacks.metadataOnly > 0 ? ` (${h.stacks.metadataOnly} more with description-only changes)` : "";
  return [
    `**Tenants** ${h.tenants.added} added, ${h.tenants.changed} changed, ${h.tenants.removed} removed`,
    `**Stacks** ${h.stacks.added} added, ${h.stacks.changed} changed, ${h.stacks.removed} removed${meta}`,
    `**Resources** ${res}`,
  ].join(" · ");
}

function flagText(f: RiskFlag, kind: Report["kind"]): string {
  const icon = f.urgent ? ICON.urgent : f.level === "attention" ? ICON.attention : f.approvedBy ? ICON.approved : ICON.decision;
  const lines = [`- ${icon} **${f.kind}**: ${f.urgent ? `**${esc(f.message)}**` : esc(f.message)}`];
  if (f.level === "decision" && f.approvedBy) {
    lines.push(`  Approved: ${code(f.approvedBy.change)} ${esc(f.approvedBy.ref)} by ${esc(f.approvedBy.by, 200)}.`);
  } else if (f.level === "decision" && kind === "plan-summary") {
    lines.push("  Needs a decision: the pull request's review names the approval marker (plan-summary reads no tenant files).");
  } else if (f.level === "decision" && f.approval !== undefined && f.tenant !== undefined) {
    const where = f.kind === "tenant-removed" ? `tenants/${f.tenant}.yaml on the base branch (added before the removal)` : `tenants/${f.tenant}.yaml`;
    lines.push(`  Needs a decision. To approve, add to ${esc(where)}: ${code(`approvals: [{ change: ${f.approval}, ref: <decision>, by: <name> }]`)}`);
  } else if (f.level === "decision") {
    lines.push("  Needs a decision; no approval marker applies.");
  }
  f.details?.forEach((d) => lines.push(`  - ${esc(d)}`));
  f.steps?.forEach((s, i) => lines.push(`  ${i + 1}. ${escWithCode(s)}`));
  // The note under a flag starts a new line of the same list item.
  if (lines.length > 1 && !lines[1]!.startsWith("  1.") && !lines[1]!.startsWith("  - ")) lines[0] = `${lines[0]}<br>`;
  return lines.join("\n");
}

const value = (v: Json | undefined, sensitive?: boolean): string => {
  if (sensitive) return "(sensitive)";
  if (v === undefined) return "—";
  if (v === "(sensitive)" || v === "(known after apply)") return v;
  return code(typeof v === "string" ? v : JSON.stringify(v), 120);
};

function attributeText(a: AttributeChange): string {
  return `${code(a.path, 120)}: ${value(a.before, a.sensitive)} → ${value(a.after, a.sensitive)}${a.forcesNew ? " **(forces replacement)**" : ""}`;
}

const ACTION_SIGN: Record<string, string> = { create: "+ create", update: "~ update", replace: "± replace", destroy: "− destroy" };

function resourceTable(resources: readonly ResourceChange[], maxRows: number): string {
  const rows = resources.slice(0, maxRows).map((r) => {
    const label = esc(resourceLabel(r.type, r.after ?? r.before, r.name), 200);
    const attrs = r.attributes.slice(0, 12).map(attributeText);
    if (r.attributes.length > 12) attrs.push(`… ${r.attributes.length - 12} more`);
    return `| ${ACTION_SIGN[r.action]} | ${label}<br>${code(r.address, 150)} | ${attrs.join("<br>")} |`;
  });
  const more = resources.length > maxRows ? `\n\n… and ${resources.length - maxRows} more resource changes (see \`--format json\`).` : "";
  return ["| action | resource | attributes (before → after) |", "|---|---|---|", ...rows].join("\n") + more;
}

const countsText = (s: SiteSection): string => {
  const parts = ACTIONS.filter((a) => s.counts[a] > 0).map((a) => `${s.counts[a]} to ${a}`);
  return parts.length === 0 ? "no resource changes" : parts.join(", ");
};

function siteDetails(s: SiteSection, maxRows: number): string {
  if (s.resources.length === 0) return "";
  return [`<details><summary>${esc(s.site)} (${esc(s.stack)}): ${countsText(s)}</summary>`, "", resourceTable(s.resources, maxRows), "", "</details>"].join("\n");
}

/** How much of a section to print: everything, the readable lines without resource tables, or one line. */
type Detail = "full" | "compact" | "brief";
const DETAILS: readonly Detail[] = ["full", "compact", "brief"];

function tenantText(t: TenantSection, detail: Detail): string {
  const status = { added: "🆕 added", changed: "changed", removed: "🗑️ removed" }[t.status];
  const exit = t.exit ? `agreed exit ${t.exit.date} (${t.exit.ref})` : undefined;
  const facts = [status, t.securityLevel, t.phase, exit, t.placement.join(", ")].filter((x): x is string => x !== undefined && x !== "");
  const header = `#### ${esc(t.tenant)} · ${esc(facts.join(" · "))}`;
  if (detail === "brief") {
    const counts = t.sites.map((s) => `${esc(s.site)}: ${countsText(s)}`).join("; ");
    const mirror = t.mirror && !t.mirror.equivalent ? ` ${ICON.attention} mirrored sites differ.` : "";
    return `${header}

${counts}.${mirror}`;
  }
  const maxLines = detail === "full" ? 200 : 12;
  const lines = t.summary.slice(0, maxLines).map((l) => {
    const note = sitesNote(l.sites, t.placement);
    return `- ${esc(l.text)}${note ? ` — ${esc(note)}` : ""}`;
  });
  if (t.summary.length > maxLines) lines.push(`- … and ${t.summary.length - maxLines} more changes (see \`--format json\`)`);
  if (t.mirror) {
    lines.push(
      t.mirror.equivalent
        ? `- Mirror: ${esc(t.mirror.sites.join(" and "))} are equivalent (same namespaces, quotas, policies and flows apart from site-specific values).`
        : `- ${ICON.attention} Mirror: ${esc(t.mirror.sites.join(" and "))} differ:`,
    );
    if (!t.mirror.equivalent) {
      const shown = t.mirror.differences.slice(0, detail === "full" ? 50 : 5);
      for (const d of shown) lines.push(`  - ${esc(d)}`);
      if (t.mirror.differences.length > shown.length) lines.push(`  - … and ${t.mirror.differences.length - shown.length} more`);
    }
  }
  const parts = [header, "", lines.join("\n")];
  if (detail === "full") {
    const details = t.sites.map((s) => siteDetails(s, 100)).filter((d) => d !== "");
    if (details.length > 0) parts.push("", details.join("\n\n"));
  }
  return parts.join("\n");
}

function stackText(s: SiteSection, detail: Detail): string {
  const header = `#### ${esc(s.stack)} · ${s.status} · ${countsText(s)}`;
  if (detail === "brief") return header;
  const lines = s.explanations.slice(0, detail === "full" ? 100 : 12).map((e) => `- ${esc(e.text)}`);
  if (s.explanations.length > lines.length) lines.push(`- … and ${s.explanations.length - lines.length} more`);
  const parts = [header, "", lines.join("\n")];
  if (detail === "full" && s.resources.length > 0) parts.push("", siteDetails(s, 100));
  return parts.join("\n");
}

/**
 * The flags in at most `budget` characters: all of them when they fit. Else every kind of flag keeps a
 * share of the room (unused shares pass on to the next kinds, in flag order), and each kind that does not
 * fit whole ends in a line counting the rest and naming their tenants, so that no kind of risk disappears
 * behind a long run of another.
 */
function flagLines(flags: readonly RiskFlag[], kind: Report["kind"], budget: number): string[] {
  const texts = flags.map((f) => flagText(f, kind));
  if (texts.reduce((n, t) => n + t.length + 1, 0) <= budget) return texts;
  const kinds = [...new Set(flags.map((f) => f.kind))];
  const out: string[] = [];
  let left = budget;
  kinds.forEach((kind, k) => {
    const ofKind = flags.flatMap((f, i) => (f.kind === kind ? [{ flag: f, text: texts[i]! }] : []));
    const restLine = (shown: number): string => {
      const rest = ofKind.slice(shown);
      const tenants = [...new Set(rest.map((r) => r.flag.tenant).filter((t): t is string => t !== undefined))];
      const named = tenants.slice(0, 8).map((t) => esc(t, 40)).join(", ") + (tenants.length > 8 ? ", …" : "");
      return `- … and ${plural(rest.length, `more **${kind}** flag`)}${tenants.length > 0 ? ` (${named})` : ""}; every flag is in \`--format json\`.`;
    };
    // This kind's share; the line counting the rest is always kept.
    let share = Math.floor(left / (kinds.length - k)) - (restLine(0).length + 1);
    let shown = 0;
    for (const { text } of ofKind) {
      if (text.length + 1 > share) break;
      out.push(text);
      share -= text.length + 1;
      left -= text.length + 1;
      shown++;
    }
    if (shown < ofKind.length) {
      const line = restLine(shown);
      out.push(line);
      left -= line.length + 1;
    }
  });
  return out;
}

// ------------------------------------------------------------------------------------------------ whole

/**
 * The report as Markdown, at most `maxChars` characters: the risk flags and headline always, each tenant
 * and stack in as much detail as the remaining room allows, and a note when anything was folded or cut.
 */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? COMMENT_MAX_CHARS;
  const title = options.title ?? (report.kind === "review" ? "samdrift review" : "samdrift plan summary");
  const verdict = report.decisionNeeded ? `${ICON.decision} decision needed` : report.flags.length > 0 ? `${ICON.attention} no decision needed; read the flags` : `${ICON.approved} no risk flags`;
  const head: string[] = [`## ${title}: ${verdict}`, "", headlineText(report), ""];

  head.push("### Risk flags", "");
  if (report.flags.length === 0) head.push("None.");
  head.push(...flagLines(report.flags, report.kind, Math.floor((maxChars * 3) / 4)), "");
  if (report.fees && report.fees.feeFiles.length > 0) {
    head.push(`### Fee files (priced in ${report.fees.month})`, "");
    for (const f of report.fees.feeFiles) {
      const moves = f.moves.map((m) => `${esc(m.tenant)}: ${esc(deltaText(m))}${m.from !== report.fees!.month ? ` from ${m.from}` : ""}`);
      head.push(`- ${code(`catalogue/fees/${f.supplier}.yaml`)} changes: ${moves.length === 0 ? "it moves no tenant's fee" : moves.join("; ")}`);
    }
    head.push("");
  }
  if (report.isolation) {
    // What tenants can reach and read, computed from both outputs; folded (the risk flags above already
    // name new cross-tenant and internet flows), and at most an eighth of the room.
    const sites = report.isolation.sites;
    const changes = sites.reduce((n, s) => n + s.flows.length + s.egress.length + s.ipIngress.length + s.vault.length + s.rbac.length, 0);
    const summary = changes === 0 ? "no change to what tenants can reach or read" : `${plural(changes, "change")} on ${sites.map((s) => s.site).join(", ")}`;
    head.push("### Isolation matrix changes", "");
    if (changes === 0) head.push(`None: ${summary}.`, "");
    else head.push(`<details><summary>${esc(summary)}</summary>`, "", capText(renderDiffMarkdown(report.isolation), Math.floor(maxChars / 8), "this section"), "</details>", "");
  }

  if (report.notifications && report.notifications.length > 0) head.push(...notificationLines(report.notifications, maxChars));

  const tail: string[] = [];
  if (report.unusedApprovals.length > 0) {
    tail.push("### Approval markers not used by this change", "");
    for (const u of report.unusedApprovals.slice(0, 50)) tail.push(`- ${esc(u.tenant)}: ${code(u.approval.change)} (${esc(u.approval.ref)}); remove it once this change is deployed, so it cannot approve a later one.`);
    tail.push("");
  }
  if (report.findings) {
    tail.push(`Policy findings read: ${report.findings.total}${report.findings.otherTenants > 0 ? ` (${report.findings.otherTenants} about tenants outside this change, not shown)` : ""}.`, "");
  }
  tail.push(`### Stacks to deploy (${report.affected.length})`, "");
  if (report.affected.length > 0) {
    const list = report.affected.slice(0, 100);
    tail.push("<details><summary>Stack ids</summary>", "", "```", ...list.map((id) => id.replace(/`/g, "")), "```", "");
    if (report.affected.length > list.length) tail.push(`… and ${report.affected.length - list.length} more (\`--affected\` lists all).`, "");
    tail.push("</details>", "");
  } else {
    tail.push("None.", "");
  }

  const room = maxChars - join(head).length - join(tail).length - FOLD_NOTE_RESERVE;
  const sections: FoldSection[] = [
    ...report.tenants.map((t) => ({ heading: `### Tenants (${report.tenants.length})`, id: t.tenant, texts: DETAILS.map((d) => tenantText(t, d)) })),
    ...report.siteStacks.map((st) => ({ heading: `### Site stacks (${report.siteStacks.length})`, id: st.stack, texts: DETAILS.map((d) => stackText(st, d)) })),
    ...report.otherStacks.map((st) => ({ heading: `### Other stacks (${report.otherStacks.length})`, id: st.stack, texts: DETAILS.map((d) => stackText(st, d)) })),
  ];
  const body = foldSections(sections, room, {
    maxChars,
    how: options.fullCommand ?? "the JSON output (`--format json`)",
    folded: "shown without resource tables or in one line",
  });
  const text = join([...head, ...body, ...tail]);
  return capText(text, maxChars);
}

/**
 * The notifications a signed agreement makes due, per tenant one folded item with each letter's text and
 * the register entry, ready to send; at most an eighth of the room.
 */
function notificationLines(notifications: NonNullable<Report["notifications"]>, maxChars: number): string[] {
  const tenants = [...new Set(notifications.map((n) => n.tenant))];
  const items = tenants.map((tenant) => {
    const own = notifications.filter((n) => n.tenant === tenant);
    const entry = own.find((n) => n.entry)?.entry;
    return [
      `<details><summary>${esc(tenant)}: ${own.length} notifications due, ${own.map((n) => `to ${esc(n.to)}`).join(" and ")}</summary>`,
      "",
      ...own.flatMap((n) => [`**${esc(n.subject)}**`, "", esc(n.text, 2000), ""]),
      ...(entry ? ["```json", ...JSON.stringify(entry, null, 2).replace(/`/g, "").split("\n"), "```", ""] : []),
      "</details>",
    ].join("\n");
  });
  return [
    "### Notifications due (§12: the agreement is signed)",
    "",
    capText([
      "Send these once the agreement is signed, then record the dates in the tenant file: `agreement.notified: { coordinator: YYYY-MM-DD, government: YYYY-MM-DD }` (ORD-003 requires them from run on).",
      "",
      ...items,
    ].join("\n"), Math.floor(maxChars / 8), "this section"),
    "",
  ];
}

const join = (lines: readonly string[]): string => `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;

// ------------------------------------------------------------------------------------------------- JSON

/** Version of the JSON output; raised when a field changes meaning or goes away. */
export const JSON_VERSION = 1;

/** The report as JSON (2-space indented): `{ version, kind, status, headline, flags, tenants, ... }`. */
export function renderJson(report: Report): string {
  const { decisionNeeded, ...rest } = report;
  const out = { version: JSON_VERSION, status: decisionNeeded ? "decision-needed" : "clean", ...rest };
  return `${JSON.stringify(out, null, 2)}\n`;
}
