/**
 * The `check` report in three formats: `text` for terminals and CI logs (one `file:line:` line per
 * finding), `markdown` for a pull-request comment (a table per tenant, with its MTB conformance), and
 * `json` for tools (`{ findings, exceptions, summary }`).
 */
import { code, esc } from "../lib/markdown.js";
import { groupBy } from "../lib/group-by.js";
import type { Model } from "../model/model.js";
import type { ActiveException, CheckedFinding, PolicyResult } from "./run.js";
import { mtbConformance } from "./mtb.js";

export const REPORT_FORMATS = ["text", "markdown", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  /** Tenants the report covers (their sections in markdown). @default - every tenant of the model */
  readonly tenants?: readonly string[];
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

/** The message, followed by the field or resource it is about when the message does not name it. */
const messageWithField = (f: CheckedFinding): string => (f.field && !f.message.includes(f.field) ? `${f.message} [${f.field}]` : f.message);

export function formatText(result: PolicyResult): string {
  const blocks = [
    result.findings.map((f) => `${f.file}:${f.line}: ${f.severity} ${f.rule}${exceptedText(f)}: ${messageWithField(f)}`),
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
  const lines = result.blocking.map((f) => `${f.file}:${f.line}: error ${f.rule}: ${messageWithField(f)}`);
  if (command === "synth" && result.blocking.some((f) => f.file.startsWith("stacks/"))) {
    lines.push(
      "(stacks/… is the output this run would have written; nothing was written. A finding there comes from the " +
        "synthesized resources, not from a line of a tenant file: run samdrift check for the full report.)",
    );
  }
  lines.push(`samdrift ${command}: refused by ${plural(result.blocking.length, "blocking policy error")}; fix them, or add an exception where the rule allows one (samdrift check shows the full report).`);
  return `${lines.join("\n")}\n`;
}

// -------------------------------------------------------------------------------------------- markdown


/** The message without its "tenant x, file, field: " lead, which the table already shows. */
const bareMessage = (f: CheckedFinding): string => {
  const i = f.message.indexOf(": ");
  const lead = f.message.slice(0, i);
  return i > 0 && lead.includes(f.file) ? f.message.slice(i + 2) : f.message;
};

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

export function formatMarkdown(model: Model, result: PolicyResult, options: ReportOptions = {}): string {
  const s = result.summary;
  const verdict = s.blocking > 0 ? `**${plural(s.blocking, "blocking error")}**` : "**No blocking errors**";
  const out: string[] = ["## samdrift check", "", `${verdict}: ${summaryLine(result)}; ${baselineLine(result)}.`, ""];

  const general = result.findings.filter((f) => f.tenant === "");
  if (general.length > 0) out.push("### Catalogue and sites", "", ...findingTable(general, true), "");

  // Output findings may name a tenant the model does not know (an output folder read with --out).
  const tenants = options.tenants ?? [...new Set([...model.tenants.map((e) => e.tenant.id), ...result.findings.map((f) => f.tenant).filter((t) => t !== "")])];
  const entries = new Map(model.tenants.map((e) => [e.tenant.id, e] as const));
  const byTenant = groupBy(result.findings, (f) => f.tenant);
  const exceptionsOf = groupBy(result.exceptions, (e) => e.tenant);
  for (const id of tenants) {
    const entry = entries.get(id);
    const findings = byTenant.get(id) ?? [];
    const t = entry?.tenant;
    out.push(`### Tenant ${code(id)}${entry ? ` (${esc(entry.source.file)})` : ""}`, "");
    if (t) out.push(`${esc(t.agency.name)} · ${t.security.level} · phase ${t.agreement.phase} · ${esc(t.supplier)}: ${esc(t.resilience.sites.join(", "))}`, "");
    const inTenantFile = findings.filter((f) => f.file === entry?.source.file);
    const elsewhere = findings.filter((f) => f.file !== entry?.source.file);
    // "No findings." only when there are none at all, not above the output's findings.
    if (inTenantFile.length > 0 || elsewhere.length === 0) out.push(...findingTable(inTenantFile, false), "");
    if (elsewhere.length > 0) out.push(...findingTable(elsewhere, true), "");
    const exceptions = exceptionsOf.get(id) ?? [];
    if (exceptions.length > 0) {
      out.push("| Exception | Rule | Expires | Excuses | Reason |", "|---|---|---|---|---|",
        ...exceptions.map((e) => `| ${esc(e.ref)} (line ${e.line}) | ${esc(e.rule)}${e.peer !== undefined ? ` for peer ${code(e.peer)}` : ""} | ${e.expires} | ${plural(e.excuses, "finding")} | ${esc(e.reason, 2_000)} |`), "");
    }
    out.push(...mtbTable(model, result, id), "");
  }
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
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
    excepted: f.exceptedBy !== undefined,
    ...(f.exceptedBy ? { exception: { ref: f.exceptedBy.ref, expires: f.exceptedBy.expires } } : {}),
  }));
  const exceptions = result.exceptions.map((e) => ({
    tenant: e.tenant, file: e.file, line: e.line, rule: e.rule, ...(e.peer !== undefined ? { peer: e.peer } : {}), ref: e.ref, expires: e.expires, reason: e.reason, excuses: e.excuses,
  }));
  return `${JSON.stringify({ findings, exceptions, summary: result.summary }, null, 2)}\n`;
}

