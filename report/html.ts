/**
 * The annual report as one self-contained HTML page: inline CSS (with print styles for A4), inline SVG
 * pictures, no script and no external resource. Every number carries `data-metric="<key>"`, the key of
 * the same number in the JSON twin's `metrics`, so a test can compare the two. Every text is escaped.
 */
import { html } from "../lib/html.js";
import type { AnnualReport } from "./build.js";
import { isolationHeatMap, phaseFunnel, tenantSiteMap } from "./svg.js";

const CSS = `
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, sans-serif; color: #1a202c; max-width: 180mm; margin: 0 auto; padding: 8mm; line-height: 1.4; }
h1 { font-size: 22pt; margin-bottom: 0; } h2 { font-size: 14pt; border-bottom: 1px solid #cbd5e0; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 0.5em 0; }
th, td { border: 1px solid #e2e8f0; padding: 3px 6px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.figure { overflow-x: auto; margin: 0.8em 0; } .figure svg { max-width: 100%; height: auto; }
.heat { display: flex; flex-wrap: wrap; gap: 6mm; }
.note { color: #4a5568; font-size: 9pt; }
.ok { color: #276749; } .bad { color: #c53030; }
@media print { body { padding: 0; max-width: none; } h2 { break-after: avoid; } .figure, table { break-inside: avoid; } }
`;

const m = (r: AnnualReport, key: string): string => `<span data-metric="${html(key)}">${html(r.metrics[key] ?? "")}</span>`;
const table = (head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string =>
  `<table><thead><tr>${head.map((h, i) => `<th${numeric.includes(i) ? ` class="n"` : ""}>${html(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((c, i) => `<td${numeric.includes(i) ? ` class="n"` : ""}>${c}</td>`).join("")}</tr>`).join("")}</tbody></table>`;

export function renderReportHtml(r: AnnualReport): string {
  const e = html;
  const sections = [
    `<h1>Coordinated IT operations ${r.year}</h1>`,
    `<p class="note">Annual report (§18), written by samdrift from the supplier's files on ${e(r.date)}: ${m(r, "tenants")} tenants, ${m(r, "suppliers")} suppliers, ${m(r, "sites")} sites.</p>`,

    `<h2>Tenants and services by supplier</h2>`,
    table(["supplier", "tenants", "services used", "tenant ids"], r.suppliers.map((s) => [e(s.name), m(r, `supplier.${s.id}.tenants`), m(r, `supplier.${s.id}.services`), e(s.tenants.join(", ") || "—")]), [1, 2]),
    table(["tenant", "organisation", "phase", "services", "level", "zones"], r.tenants.map((t) => [e(t.tenant), `${e(t.name)} (${e(t.orgNumber)})`, e(t.phase), e(t.services.join(", ")), e(t.securityLevel), e(t.zones.join(", "))])),

    `<h2>Phase funnel ${r.year}</h2>`,
    `<p>Onboardings started: ${m(r, "funnel.started")}; completed: ${m(r, "funnel.completed")}; abandoned or ended: ${m(r, "funnel.abandoned")}.</p>`,
    `<div class="figure">${phaseFunnel(r)}</div>`,
    `<p class="note">Dates used: ${(Object.entries(r.funnelDates) as [string, string][]).map(([stage, what]) => `<b>${e(stage)}</b>: ${e(what)}`).join("; ")}. A tenant without the date is not counted in that stage.</p>`,

    `<h2>Security levels and mirroring</h2>`,
    table(["security level", "tenants", "mirrored (two zones or more)"], ["low", "moderate", "high", "very-high"].map((l) => [e(l), m(r, `level.${l}`), m(r, `level.${l}.mirrored`)]), [1, 2]),
    `<p>Mirrored tenants: ${m(r, "mirrored")} of ${m(r, "tenants")}.</p>`,
    `<div class="figure">${tenantSiteMap(r)}</div>`,

    `<h2>Isolation proof per site</h2>`,
    `<p>The isolation proof ran on a synthesized output of these files: ${m(r, "isolation.findings")} undeclared accesses in total.</p>`,
    table(["site", "supplier", "zone", "tenants", "undeclared accesses", "verdict"], r.isolation.map((v) => [e(v.site), e(v.supplier), e(v.zone), e(String(v.tenants.length)), m(r, `isolation.${v.site}.findings`), `<span class="${v.findings === 0 ? "ok" : "bad"}">${e(v.verdict)}</span>`]), [3, 4]),
    `<div class="figure heat">${r.isolation.map(isolationHeatMap).join("")}</div>`,
    `<p class="note">Each heat map counts the allowed flows between tenants' namespaces on one site (row: from, column: to); the diagonal is a tenant's traffic between its own namespaces.</p>`,

    `<h2>Policy findings and open exceptions</h2>`,
    `<p>Errors: ${m(r, "policy.errors")} (blocking: ${m(r, "policy.blocking")}); warnings: ${m(r, "policy.warnings")}; open exceptions: ${m(r, "policy.exceptions")}.</p>`,
    r.policy.findings.length === 0 ? "<p>No findings.</p>" : table(["rule", "severity", "tenant", "finding"], r.policy.findings.map((f) => [e(f.rule), e(`${f.severity}${f.excepted ? " (excepted)" : ""}`), e(f.tenant), e(f.message)])),
    r.policy.exceptions.length === 0 ? "<p>No open exceptions.</p>" : table(["tenant", "rule", "decision", "expires", "reason"], r.policy.exceptions.map((x) => [e(x.tenant), e(x.rule), e(x.ref), e(x.expires), e(x.reason)])),

    `<h2>Fees ${r.year}</h2>`,
    `<p>Invoiced in the year: ${m(r, "fees.total")} SEK.</p>`,
    table(["month", "invoiced (SEK)"], r.fees.months.map((x) => [e(x.month), m(r, `fees.${x.month}`)]), [1]),
    table(["supplier", "invoiced in the year (SEK)"], Object.entries(r.fees.bySupplier).map(([s, v]) => [e(s), e(v)]), [1]),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Coordinated IT operations ${r.year}</title>
<style>${CSS}</style>
</head>
<body>
${sections.join("\n")}
</body>
</html>
`;
}
