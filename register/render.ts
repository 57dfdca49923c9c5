/**
 * The register and the national view as files for other organisations (JSON, the versioned contract),
 * for spreadsheets (CSV, one row per connection) and for people (Markdown).
 */
import { csv } from "../lib/csv.js";
import { code, esc } from "../lib/markdown.js";
import type { Register } from "./schema.js";
import type { NationalView } from "./merge.js";

export const REGISTER_FORMATS = ["json", "csv", "markdown"] as const;
export type RegisterFormat = (typeof REGISTER_FORMATS)[number];

const TENANT_COLUMNS = ["orgNumber", "name", "kind", "supplier", "tenant", "phase", "services", "securityLevel", "personalData", "zones", "mirrored", "outagePriority", "agreementRef", "acceptedAt", "exitDate", "notifiedCoordinator", "notifiedGovernment"] as const;

export function renderRegister(r: Register, format: RegisterFormat): string {
  if (format === "json") return `${JSON.stringify(r, null, 2)}\n`;
  const rows = r.tenants.map((t) => [
    t.orgNumber, t.name, t.kind, t.supplier, t.tenant, t.phase, t.services.join(" "), t.securityLevel, t.personalData,
    t.zones.join(" "), t.mirrored, t.outagePriority, t.agreement.ref ?? "", t.agreement.acceptedAt ?? "", t.agreement.exit?.date ?? "",
    t.agreement.notified?.coordinator ?? "", t.agreement.notified?.government ?? "",
  ]);
  if (format === "csv") return csv(TENANT_COLUMNS, rows);
  return `${[
    `## Register of ${r.suppliers.map((s) => esc(s.name)).join(", ")} on ${r.date}`,
    "",
    "| organisation | name | kind | supplier | phase | services | level | zones | mirrored | agreement |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...r.tenants.map((t) => `| ${code(t.orgNumber)} | ${esc(t.name)} | ${t.kind} | ${code(t.supplier)} | ${t.phase} | ${t.services.join(", ")} | ${t.securityLevel} | ${t.zones.map((z) => code(z)).join(", ")} | ${t.mirrored ? "yes" : "no"} | ${t.agreement.ref ? code(t.agreement.ref) : "—"} |`),
    "",
    "### Services offered",
    "",
    "| supplier | service | levels | unit prices (SEK a month and site) |",
    "| --- | --- | --- | --- |",
    ...r.services.map((s) => `| ${code(s.supplier)} | ${esc(s.name)} | ${s.securityLevels.join(", ")} | ${s.prices ? Object.entries(s.prices).map(([u, p]) => `${u} ${p}`).join(", ") : "—"} |`),
  ].join("\n")}\n`;
}

const countsTable = (title: string, counts: Readonly<Record<string, number>>): string[] =>
  [`| ${title} | tenants |`, "| --- | ---: |", ...Object.entries(counts).map(([k, n]) => `| ${esc(k)} | ${n} |`), ""];

export function renderNationalView(v: NationalView, format: RegisterFormat): string {
  if (format === "json") return `${JSON.stringify(v, null, 2)}\n`;
  if (format === "csv") {
    return csv(["orgNumber", "name", "supplier", "tenant", "phase", "services", "securityLevel", "source"],
      v.agencies.flatMap((a) => a.connections.map((c) => [a.orgNumber, c.name, c.supplier, c.tenant, c.phase, c.services.join(" "), c.securityLevel, c.source])));
  }
  return `${[
    `## National register: ${v.sources.map((s) => code(s)).join(", ")} (${v.dates.join(", ")})`,
    "",
    `${v.agencies.length} organisations, ${v.agencies.reduce((n, a) => n + a.connections.length, 0)} connections, ${v.suppliers.length} suppliers.`,
    "",
    "### Inconsistencies",
    "",
    ...(v.inconsistencies.length === 0 ? ["None."] : v.inconsistencies.map((i) => `- **${i.kind}** ${code(i.orgNumber)}: ${esc(i.message)}`)),
    "",
    "### Organisations connected to several suppliers",
    "",
    ...(v.multiSupplier.length === 0 ? ["None."] : v.multiSupplier.map((a) => `- ${code(a.orgNumber)} ${esc(a.names.join(" / "))}: ${a.connections.map((c) => `${code(c.supplier)} (${c.services.join(", ")})`).join("; ")}`)),
    "",
    "### Totals",
    "",
    ...countsTable("supplier", v.totals.bySupplier),
    ...countsTable("phase", v.totals.byPhase),
    ...countsTable("kind", v.totals.byKind),
    ...countsTable("security level", v.totals.bySecurityLevel),
  ].join("\n")}`;
}
