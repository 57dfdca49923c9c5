/**
 * A fee statement for people (text, markdown), for programs (json) and for a finance system (csv: one row
 * per tenant, service, site and month, for separate accounting per service). Amounts are SEK with two
 * decimals, written as text in JSON so that no reader turns them into binary fractions: on every line
 * `amount` is exactly `quantity × unitPrice`.
 */
import { formatSek, formatSekGrouped, type Ore } from "../model/money.js";
import { code, esc } from "../lib/markdown.js";
import { csv } from "../lib/csv.js";
import type { FeeStatement, TenantForecast } from "./statement.js";
import type { TenantFees } from "./types.js";

export const FEE_FORMATS = ["text", "markdown", "json", "csv"] as const;
export type FeeFormat = (typeof FEE_FORMATS)[number];

const mapJson = (m: ReadonlyMap<string, Ore>): Record<string, string> => Object.fromEntries([...m].map(([k, v]) => [k, formatSek(v)]));

/** The statement as JSON (amounts as SEK text with two decimals). */
export function feesJson(s: FeeStatement): string {
  return `${JSON.stringify(
    {
      currency: s.currency,
      month: s.month,
      tenants: s.tenants.map((t) => ({
        id: t.id,
        supplier: t.supplier,
        estimate: t.estimate,
        billed: t.billed,
        ...(t.billingFrom ? { billingFrom: t.billingFrom } : {}),
        ...(t.billingTo ? { billingTo: t.billingTo } : {}),
        ...(t.schedule ? { schedule: t.schedule } : {}),
        monthly: formatSek(t.monthly),
        onboarding: formatSek(t.onboarding),
        invoiced: formatSek(t.invoiced),
        lines: t.lines.map((l) => ({ ...l, unitPrice: formatSek(l.unitPrice), amount: formatSek(l.amount) })),
        unpriced: t.unpriced,
      })),
      withoutFees: s.withoutFees,
      totals: { invoiced: formatSek(s.totals.invoiced), estimated: formatSek(s.totals.estimated), bySupplier: mapJson(s.totals.bySupplier), bySite: mapJson(s.totals.bySite) },
    },
    null,
    2,
  )}\n`;
}

/** What a tenant's heading says about its billing this month. */
function status(t: TenantFees, month: string): string {
  if (t.estimate) return `ESTIMATE (phase before build): ${formatSekGrouped(t.monthly)} a month once billed, onboarding ${formatSekGrouped(t.onboarding)}; nothing is invoiced`;
  if (t.billed) return `invoiced ${formatSekGrouped(t.invoiced)}${t.invoiced > t.monthly ? " (onboarding included)" : ""}`;
  if (t.billingFrom && month < t.billingFrom) return `not billed yet: billing starts ${t.billingFrom}`;
  if (t.billingTo && month > t.billingTo) return `no longer billed: billing ended ${t.billingTo}`;
  return "not billed: no acceptance date (agreement.acceptedAt) yet";
}

/** The statement for a terminal. */
export function feesText(s: FeeStatement): string {
  const out: string[] = [`Fees for ${s.month} (SEK)`, ""];
  for (const t of s.tenants) {
    out.push(`${t.id} (${t.supplier}): ${status(t, s.month)}`);
    for (const l of t.lines) {
      out.push(`  ${l.service.padEnd(18)} ${l.unit.padEnd(18)} ${l.site.padEnd(12)} ${String(l.quantity).padStart(5)} × ${formatSekGrouped(l.unitPrice).padStart(12)} = ${formatSekGrouped(l.amount).padStart(13)}`);
    }
    if (t.unpriced.length > 0) out.push(`  no price for: ${t.unpriced.join(", ")} (FIN-003)`);
    out.push(`  monthly ${formatSekGrouped(t.monthly)}`, "");
  }
  if (s.withoutFees.length > 0) out.push(`No fee file for the supplier of: ${s.withoutFees.join(", ")}`, "");
  out.push(`Invoiced in ${s.month}: ${formatSekGrouped(s.totals.invoiced)}`);
  for (const [supplier, amount] of s.totals.bySupplier) out.push(`  supplier ${supplier}: ${formatSekGrouped(amount)}`);
  for (const [site, amount] of s.totals.bySite) out.push(`  ${site === "onboarding" ? "onboarding fees" : `site ${site}`}: ${formatSekGrouped(amount)}`);
  out.push(`Estimates (not invoiced): ${formatSekGrouped(s.totals.estimated)} a month`);
  return `${out.join("\n")}\n`;
}

/** The statement as a Markdown document (or pull-request comment). */
export function feesMarkdown(s: FeeStatement): string {
  const out: string[] = [`## Fees for ${s.month} (SEK)`, ""];
  for (const t of s.tenants) {
    out.push(`### ${code(t.id)} (${esc(t.supplier)}): ${esc(status(t, s.month))}`, "");
    if (t.lines.length > 0) {
      out.push("| service | unit | site | quantity | unit price | amount |", "| --- | --- | --- | ---: | ---: | ---: |");
      for (const l of t.lines) out.push(`| ${l.service} | ${l.unit} | ${l.site === "" ? "—" : code(l.site)} | ${l.quantity} | ${formatSekGrouped(l.unitPrice)} | ${formatSekGrouped(l.amount)} |`);
      out.push(`| **monthly** | | | | | **${formatSekGrouped(t.monthly)}** |`, "");
    }
    if (t.unpriced.length > 0) out.push(`No price for: ${t.unpriced.join(", ")} (FIN-003).`, "");
  }
  out.push(`**Invoiced in ${s.month}**: ${formatSekGrouped(s.totals.invoiced)}; estimates (not invoiced): ${formatSekGrouped(s.totals.estimated)} a month.`, "");
  out.push("| total | amount |", "| --- | ---: |");
  for (const [supplier, amount] of s.totals.bySupplier) out.push(`| supplier ${code(supplier)} | ${formatSekGrouped(amount)} |`);
  for (const [site, amount] of s.totals.bySite) out.push(`| ${site === "onboarding" ? "onboarding fees" : `site ${code(site)}`} | ${formatSekGrouped(amount)} |`);
  return `${out.join("\n")}\n`;
}

/**
 * One row per tenant, service, site and month of what is invoiced (estimates are never invoiced), the
 * units of a service on a site summed: separate accounting per service (särredovisning).
 */
export function feesCsv(s: FeeStatement): string {
  const rows: (string | number)[][] = [];
  for (const t of s.tenants) {
    if (!t.billed) continue;
    const sums = new Map<string, Ore>();
    for (const l of t.lines) sums.set(`${l.service}\u0000${l.site}`, (sums.get(`${l.service}\u0000${l.site}`) ?? 0) + l.amount);
    for (const [key, amount] of sums) {
      const [service, site] = key.split("\u0000");
      rows.push([s.month, t.id, t.supplier, service!, site!, formatSek(amount)]);
    }
  }
  return csv(["month", "tenant", "supplier", "service", "site", "amount_sek"], rows);
}

export function renderFees(s: FeeStatement, format: FeeFormat): string {
  return format === "json" ? feesJson(s) : format === "markdown" ? feesMarkdown(s) : format === "csv" ? feesCsv(s) : feesText(s);
}

/** The three-year view, in any format. */
export function renderForecast(forecasts: readonly TenantForecast[], format: FeeFormat): string {
  const years = [...(forecasts[0]?.years.keys() ?? [])];
  if (format === "json") {
    return `${JSON.stringify({ currency: "SEK", years, tenants: forecasts.map((f) => ({ id: f.id, supplier: f.supplier, estimate: f.estimate, years: mapJson(f.years) })) }, null, 2)}\n`;
  }
  const rows = forecasts.map((f) => [f.id, f.supplier, f.estimate ? "estimate" : "", ...years.map((y) => formatSek(f.years.get(y) ?? 0))]);
  if (format === "csv") return csv(["tenant", "supplier", "estimate", ...years.map((y) => `sek_${y}`)], rows);
  if (format === "markdown") {
    return `${[
      `| tenant | supplier | | ${years.join(" | ")} |`,
      `| --- | --- | --- | ${years.map(() => "---:").join(" | ")} |`,
      ...forecasts.map((f) => `| ${code(f.id)} | ${esc(f.supplier)} | ${f.estimate ? "estimate" : ""} | ${years.map((y) => formatSekGrouped(f.years.get(y) ?? 0)).join(" | ")} |`),
    ].join("\n")}\n`;
  }
  return `${[`Yearly fees (SEK), from the schedules known today`, ...forecasts.map((f) => `${f.id.padEnd(24)} ${f.supplier.padEnd(20)} ${years.map((y) => `${y} ${formatSekGrouped(f.years.get(y) ?? 0).padStart(14)}`).join("  ")}${f.estimate ? "  (estimate: as if accepted now)" : ""}`)].join("\n")}\n`;
}
