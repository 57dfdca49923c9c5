/**
 * The `check` report in three formats: `text` for terminals and CI logs (one `file:line:` line per
 * finding), `markdown` for a pull-request comment (a table per tenant, with its MTB conformance), and
 * `json` for tools (`{ findings, exceptions, summary }`).
 */
import { code, esc } from "../lib/markdown.js";
import { COMMENT_MAX_CHARS, FOLD_NOTE_RESERVE, capText, foldSections, type FoldSection } from "../lib/fold.js";
import { formatProblem } from "../model/errors.js";
import { groupBy } from "../lib/group-by.js";
import type { Model } from "../model/model.js";
import type { ActiveException, CheckedFinding, PolicyResult } from "./run.js";
import type { Finding } from "./finding.js";
import { mtbConformance } from "./mtb.js";

export const REPORT_FORMATS = ["text", "markdown", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  /** Tenants the report covers (their sections in markdown). @default - every tenant of the model */
  readonly tenants?: readonly string[];
  /** Cap of the markdown report, which folds tenants' sections to stay under it. @default COMMENT_MAX_CHARS */
  readonly maxChars?: number;
}

export function formatReport(format: ReportFormat, model: Model, result: PolicyResult, options: ReportOptions = {}): string {
  switch (format) {
    case "text": return formatText(result);
    case "markdown": return formatMarkdown(model, result, options);
    case "json": return formatJson(result);
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** One line: "2 errors (1 blocking, 1 excepted), 3 warnings, 1 active exception". */
export function summaryLine(result: PolicyResult): string {
  const s = result.summary;
  const errorsExcepted = result.findings.filter((f) => f.severity === "error" && f.exceptedBy).length;
  return `${plural(s.errors, "error")} (${s.blocking} blocking, ${errorsExcepted} excepted), ${plural(s.warnings, "warning")}, ${plural(s.activeExceptions, "active exception")}`;
}

const baselineLine = (result: PolicyResult): string =>
  result.summary.outputChecked
    ? "isolation baseline: checked on the synthesized output"
    : "isolation baseline: not checked (no synthesized output)";

const exceptedText = (f: CheckedFinding): string => (f.exceptedBy ? ` (excepted by ${f.exceptedBy.ref} until ${f.exceptedBy.expires})` : "");

const exceptionLine = (e: ActiveException): string =>
  `${e.file}:${e.line}: ${e.rule} excepted by ${e.ref} until ${e.expires}, excusing ${plural(e.excuses, "finding")}: ${e.reason}`;

/**
 * A rule's message split from its lead, `<subject>, <file>, <field>: ` (policies/finding-at.ts), which
 * a report shows in columns of its own. Messages without a lead (the isolation proof's) are all body.
 */
function splitLead(f: Finding): { subject: string; body: string } {
  for (const field of f.field === "" ? ["(file)", "(stack)"] : [f.field]) {
    const lead = `, ${f.file}, ${field}: `;
    const at = f.message.indexOf(lead);
    if (at > 0) return { subject: f.message.slice(0, at), body: f.message.slice(at + lead.length) };
  }
  return { subject: "", body: f.message };
}

/**
 * A finding on one line, in the form of model errors (`formatProblem`): `file:line:col: field: severity:
 * message [RULE]`. The message keeps its subject when the file does not name it (a site, a supplier).
 */
export function formatFinding(f: Finding & Pick<CheckedFinding, "exceptedBy">): string {
  const { subject, body } = splitLead(f);
  const about = subject === "" || subject === `tenant ${f.tenant}` ? "" : `${subject}: `;
  return formatProblem({ code: f.rule, file: f.file, line: f.line, col: f.col ?? 1, field: f.field, message: `${f.severity}${exceptedText(f)}: ${about}${body}` });
}

export function formatText(result: PolicyResult): string {
  const blocks = [
    result.findings.map(formatFinding),
    result.exceptions.length > 0 ? ["Active exceptions:", ...result.exceptions.map((e) => `  ${exceptionLine(e)}`)] : [],
    [baselineLine(result), `samdrift check: ${summaryLine(result)}.`],
  ];
  return `${blocks.filter((b) => b.length > 0).map((b) => b.join("\n")).join("\n\n")}\n`;
}

/**
 * What a command that refuses on policy errors (synth) prints: the blocking findings, one `file:line:`
 * line each, and where to see the whole report. Empty when nothing blocks.
 */
export function formatBlocking(result: PolicyResult, command: string): string {
  if (result.blocking.length === 0) return "";
  const lines = result.blocking.map(formatFinding);
  if (command === "synth" && result.blocking.some((f) => f.file.startsWith("stacks/"))) {
    lines.push(
      "(stacks/… is the output this run would have written; nothing was written. A finding there comes from the " +
        "synthesized resources, not from a line of a tenant file: run samdrift check for the full report.)",
    );
  }
  // An exception is offered only for the rules that allow one.
  const exceptable = [...new Set(result.blocking.filter((f) => f.exceptable).map((f) => f.rule))];
  const remedy = exceptable.length > 0 ? `fix them, or add an exception for ${exceptable.join(", ")} if the rule is bent on purpose` : "fix them";
  lines.push(`samdrift ${command}: refused by ${plural(result.blocking.length, "blocking policy error")}; ${remedy} (samdrift check shows the full report).`);
  return `${lines.join("\n")}\n`;
}

// -------------------------------------------------------------------------------------------- markdown


/** The message without its "tenant x, file, field: " lead, which the table already shows. */
const bareMessage = (f: CheckedFinding): string => splitLead(f).body;

const status = (f: CheckedFinding): string =>
  f.exceptedBy ? `${f.severity}, excepted (${f.exceptedBy.ref})` : f.severity === "error" ? "**error**" : "warning";

function findingTable(findings: readonly CheckedFinding[], withFile: boolean): string[] {
  if (findings.length === 0) return ["No findings."];
  const head = withFile ? "| Status | Rule | File:line | Field | Finding |" : "| Status | Rule | Line | Field | Finding |";
  return [
    head,
    "|---|---|---|---|---|",
    ...findings.map((f) => `| ${status(f)} | ${f.rule} | ${withFile ? `${f.file}:${f.line}` : f.line} | ${code(f.field || "-")} | ${esc(bareMessage(f), 2_000)} |`),
  ];
}

/**
 * The report as a pull-request comment, under `maxChars`: the verdict first, then a section per tenant
 * (findings, exceptions, MTB conformance); when all would not fit, later tenants lose their MTB table and
 * exceptions, then are summed up in one line, and a note says so (lib/fold.ts, as `review` folds).
 */
export function formatMarkdown(model: Model, result: PolicyResult, options: ReportOptions = {}): string {
  const maxChars = options.maxChars ?? COMMENT_MAX_CHARS;
  const s = result.summary;
  const verdict = s.blocking > 0 ? `**${plural(s.blocking, "blocking error")}**` : "**No blocking errors**";
  const head: string[] = ["## samdrift check", "", `${verdict}: ${summaryLine(result)}; ${baselineLine(result)}.`, ""];

  // Output findings may name a tenant the model does not know (an output folder read with --out).
  const tenants = options.tenants ?? [...new Set([...model.tenants.map((e) => e.tenant.id), ...result.findings.map((f) => f.tenant).filter((t) => t !== "")])];
  const entries = new Map(model.tenants.map((e) => [e.tenant.id, e] as const));
  const byTenant = groupBy(result.findings, (f) => f.tenant);
  const exceptionsOf = groupBy(result.exceptions, (e) => e.tenant);
  const sections: FoldSection[] = [];
  const general = result.findings.filter((f) => f.tenant === "");
  if (general.length > 0) {
    const table = findingTable(general, true).join("\n");
    sections.push({ heading: "### Catalogue and sites", id: "catalogue and sites", texts: [table, table, `${countText(general)} (see the text report)`] });
  }
  for (const id of tenants) {
    const entry = entries.get(id);
    const findings = byTenant.get(id) ?? [];
    const t = entry?.tenant;
    const title = [`### Tenant ${code(id)}${entry ? ` (${esc(entry.source.file)})` : ""}`, ""];
    if (t) title.push(`${esc(t.agency.name)} · ${t.security.level} · phase ${t.agreement.phase} · ${esc(t.supplier)}: ${esc(t.resilience.sites.join(", "))}`, "");
    const inTenantFile = findings.filter((f) => f.file === entry?.source.file);
    const elsewhere = findings.filter((f) => f.file !== entry?.source.file);
    const tables: string[] = [];
    // "No findings." only when there are none at all, not above the output's findings.
    if (inTenantFile.length > 0 || elsewhere.length === 0) tables.push(...findingTable(inTenantFile, false), "");
    if (elsewhere.length > 0) tables.push(...findingTable(elsewhere, true), "");
    const exceptions = exceptionsOf.get(id) ?? [];
    const exceptionTable = exceptions.length === 0 ? [] : [
      "| Exception | Rule | Expires | Excuses | Reason |", "|---|---|---|---|---|",
      ...exceptions.map((e) => `| ${esc(e.ref)} (line ${e.line}) | ${esc(e.rule)}${e.peer !== undefined ? ` for peer ${code(e.peer)}` : ""} | ${e.expires} | ${plural(e.excuses, "finding")} | ${esc(e.reason, 2_000)} |`), "",
    ];
    const text = (lines: readonly string[]) => lines.join("\n").trimEnd();
    sections.push({
      heading: "",
      id: `tenant ${id}`,
      texts: [
        text([...title, ...tables, ...exceptionTable, ...mtbTable(model, result, id)]),
        text([...title, ...tables]),
        `### Tenant ${code(id)}: ${countText(findings)}`,
      ],
    });
  }
  const room = maxChars - join(head).length - FOLD_NOTE_RESERVE;
  const body = foldSections(sections, room, { maxChars, how: "the text report (`samdrift check`) or `samdrift check --format json`", folded: "shown without their MTB table and exceptions, or in one line" });
  return capText(join([...head, ...body]), maxChars);
}

const join = (lines: readonly string[]): string => `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;

/** "2 errors (1 blocking), 1 warning" of some findings, for a section shown in one line. */
function countText(findings: readonly CheckedFinding[]): string {
  const errors = findings.filter((f) => f.severity === "error");
  const blocking = errors.filter((f) => !f.exceptedBy).length;
  return findings.length === 0 ? "no findings" : `${plural(errors.length, "error")} (${blocking} blocking), ${plural(findings.length - errors.length, "warning")}`;
}

function mtbTable(model: Model, result: PolicyResult, tenant: string): string[] {
  const rows = mtbConformance(model, result, tenant);
  const met = rows.filter((r) => r.status === "met").length;
  return [
    `<details><summary>Kubernetes Multi-Tenancy Benchmark (MTB) level 1: ${met} of ${rows.length} met</summary>`,
    "",
    "| Check | Status | How samdrift meets it | Verified by |",
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.check.id} ${r.check.title} | ${r.status}${r.failing.length > 0 ? ` (${r.failing.join(", ")})` : ""} | ${esc(r.check.how)} | ${r.check.verifiedBy.join(", ")} |`),
    "",
    "Configuration checks hold on a cluster that runs Pod Security Admission (built in since Kubernetes 1.25) and a network plugin that enforces NetworkPolicy.",
    "",
    "</details>",
  ];
}

// ------------------------------------------------------------------------------------------------ json

export function formatJson(result: PolicyResult): string {
  const findings = result.findings.map((f) => ({
    rule: f.rule, severity: f.severity, tenant: f.tenant, file: f.file, line: f.line, field: f.field, message: f.message,
    ...(f.peer !== undefined ? { peer: f.peer } : {}),
    exceptable: f.exceptable === true,
    excepted: f.exceptedBy !== undefined,
    ...(f.exceptedBy ? { exception: { ref: f.exceptedBy.ref, expires: f.exceptedBy.expires } } : {}),
  }));
  const exceptions = result.exceptions.map((e) => ({
    tenant: e.tenant, file: e.file, line: e.line, rule: e.rule, ...(e.peer !== undefined ? { peer: e.peer } : {}), ref: e.ref, expires: e.expires, reason: e.reason, excuses: e.excuses,
  }));
  return `${JSON.stringify({ findings, exceptions, summary: result.summary }, null, 2)}\n`;
}

