/**
 * The annual report on coordinated IT operations (§18 of the ordinance) as data: the JSON twin of the HTML
 * report. Built from the model, the synthesized output with its isolation proof, the policy result and the
 * fee statements of the year's months. Every number shown in the HTML is in `metrics`.
 */
import type { Model } from "../model/model.js";
import { formatSek } from "../model/money.js";
import type { SynthOutput } from "../output/read.js";
import type { PolicyResult } from "../policies/run.js";
import type { Finding } from "../policies/finding.js";
import type { IsolationMatrix } from "../analysis/matrix.js";
import { feeBooks, servicesOf } from "../fees/price.js";
import { feeStatement } from "../fees/statement.js";
import { buildRegister } from "../register/build.js";
import type { RegisterTenant } from "../register/schema.js";
import { SECURITY_LEVELS } from "../model/primitives.js";
import { byString, uniqueSorted } from "../lib/sort.js";

/** Which dates of the tenant files mark each stage of the funnel; the report states them. */
export const FUNNEL_DATES = {
  started: "agreement.notified.coordinator: the agreement was signed and the tenant entered build (§12 notification)",
  completed: "agreement.acceptedAt: both sides accepted the delivery and the tenant entered run",
  abandoned: "agreement.exit.date: the tenant left (decommission)",
} as const;
export type FunnelStage = keyof typeof FUNNEL_DATES;

export interface SiteVerdict {
  readonly site: string;
  readonly supplier: string;
  readonly zone: string;
  readonly tenants: readonly string[];
  /** Undeclared accesses the isolation proof found on the site. */
  readonly findings: number;
  readonly verdict: "isolated" | "undeclared access";
  /** Flows between tenants' namespaces, counted per pair of tenants (from → to), the heat map's cells. */
  readonly flows: readonly { readonly from: string; readonly to: string; readonly count: number }[];
}

export interface AnnualReport {
  readonly format: "samdrift-annual-report";
  readonly version: 1;
  readonly year: number;
  /** The day the register and the policies were judged on. */
  readonly date: string;
  readonly suppliers: readonly { readonly id: string; readonly name: string; readonly tenants: readonly string[]; readonly services: readonly string[] }[];
  readonly tenants: readonly RegisterTenant[];
  readonly sites: readonly { readonly id: string; readonly supplier: string; readonly zone: string }[];
  readonly funnel: { readonly [S in FunnelStage]: readonly { readonly tenant: string; readonly date: string }[] };
  readonly funnelDates: typeof FUNNEL_DATES;
  readonly isolation: readonly SiteVerdict[];
  readonly policy: {
    readonly findings: readonly { readonly rule: string; readonly severity: string; readonly tenant: string; readonly message: string; readonly excepted: boolean }[];
    readonly exceptions: readonly { readonly tenant: string; readonly rule: string; readonly ref: string; readonly expires: string; readonly reason: string }[];
  };
  readonly fees: { readonly months: readonly { readonly month: string; readonly invoiced: string }[]; readonly bySupplier: Readonly<Record<string, string>>; readonly total: string };
  /** Every number the report shows, by a stable key; the HTML marks each with `data-metric`. */
  readonly metrics: Readonly<Record<string, number | string>>;
}

export interface ReportInput {
  readonly model: Model;
  readonly year: number;
  readonly date: string;
  readonly output: SynthOutput;
  readonly matrix: IsolationMatrix;
  readonly proofFindings: readonly Finding[];
  readonly policy: PolicyResult;
}

const inYear = (date: string | undefined, year: number): date is string => date !== undefined && date.startsWith(`${year}-`);
const stackSite = (file: string): string | undefined => /stacks\/(?:site|tenant--[^/]+)--([^/]+)\/cdk\.tf\.json$/.exec(file)?.[1];

export function buildAnnualReport(input: ReportInput): AnnualReport {
  const { model, year } = input;
  const { catalogue } = model;
  const books = feeBooks(catalogue.fees);
  const register = buildRegister(model, books, input.date);
  const tenants = model.tenants.map((e) => e.tenant);

  const stage = (pick: (t: (typeof tenants)[number]) => string | undefined) =>
    tenants.flatMap((t) => (inYear(pick(t), year) ? [{ tenant: t.id, date: pick(t)! }] : [])).sort((a, b) => byString(a.date, b.date) || byString(a.tenant, b.tenant));
  const funnel = {
    started: stage((t) => t.agreement.notified?.coordinator),
    completed: stage((t) => t.agreement.acceptedAt),
    abandoned: stage((t) => t.agreement.exit?.date),
  };

  // Which tenant owns each namespace, from the output's tenant blocks.
  const owner = new Map(input.output.stacks.flatMap((s) => (s.tenantMeta ? s.tenantMeta.namespaces.map((ns) => [`${s.tenantMeta!.site}\u0000${ns}`, s.tenantMeta!.tenant] as const) : [])));
  const sites = [...catalogue.sites.values()].map((s) => ({ id: s.id, supplier: s.supplier, zone: s.zone })).sort((a, b) => byString(a.id, b.id));
  const isolation: SiteVerdict[] = sites.map((site) => {
    const findings = input.proofFindings.filter((f) => stackSite(f.file) === site.id).length;
    const counts = new Map<string, number>();
    for (const flow of input.matrix.sites[site.id]?.flows ?? []) {
      const from = owner.get(`${site.id}\u0000${flow.from}`);
      const to = owner.get(`${site.id}\u0000${flow.to}`);
      if (from === undefined || to === undefined) continue;
      counts.set(`${from}\u0000${to}`, (counts.get(`${from}\u0000${to}`) ?? 0) + 1);
    }
    return {
      site: site.id,
      supplier: site.supplier,
      zone: site.zone,
      tenants: uniqueSorted(input.output.stacks.filter((s) => s.tenantMeta?.site === site.id).map((s) => s.tenantMeta!.tenant)),
      findings,
      verdict: findings === 0 ? "isolated" : "undeclared access",
      flows: [...counts].map(([key, count]) => ({ from: key.split("\u0000")[0]!, to: key.split("\u0000")[1]!, count })).sort((a, b) => byString(a.from, b.from) || byString(a.to, b.to)),
    };
  });

  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`).map((month) => feeStatement(tenants, books, month));
  const bySupplier = new Map<string, number>();
  for (const m of months) for (const [s, ore] of m.totals.bySupplier) bySupplier.set(s, (bySupplier.get(s) ?? 0) + ore);
  const total = months.reduce((n, m) => n + m.totals.invoiced, 0);

  const suppliers = [...catalogue.suppliers.values()].map((s) => ({
    id: s.id,
    name: s.name,
    tenants: tenants.filter((t) => t.supplier === s.id).map((t) => t.id).sort(byString),
    services: uniqueSorted(tenants.filter((t) => t.supplier === s.id).flatMap(servicesOf)),
  })).sort((a, b) => byString(a.id, b.id));

  const metrics: Record<string, number | string> = {
    tenants: register.tenants.length,
    suppliers: suppliers.length,
    sites: sites.length,
    mirrored: register.tenants.filter((t) => t.mirrored).length,
    "funnel.started": funnel.started.length,
    "funnel.completed": funnel.completed.length,
    "funnel.abandoned": funnel.abandoned.length,
    "policy.errors": input.policy.summary.errors,
    "policy.warnings": input.policy.summary.warnings,
    "policy.blocking": input.policy.summary.blocking,
    "policy.exceptions": input.policy.exceptions.length,
    "isolation.findings": input.proofFindings.length,
    "fees.total": formatSek(total),
  };
  for (const s of suppliers) {
    metrics[`supplier.${s.id}.tenants`] = s.tenants.length;
    metrics[`supplier.${s.id}.services`] = s.services.length;
  }
  for (const level of SECURITY_LEVELS) {
    metrics[`level.${level}`] = register.tenants.filter((t) => t.securityLevel === level).length;
    metrics[`level.${level}.mirrored`] = register.tenants.filter((t) => t.securityLevel === level && t.mirrored).length;
  }
  for (const v of isolation) metrics[`isolation.${v.site}.findings`] = v.findings;
  months.forEach((m) => (metrics[`fees.${m.month}`] = formatSek(m.totals.invoiced)));

  return {
    format: "samdrift-annual-report",
    version: 1,
    year,
    date: input.date,
    suppliers,
    tenants: register.tenants,
    sites,
    funnel,
    funnelDates: FUNNEL_DATES,
    isolation,
    policy: {
      findings: input.policy.findings.map((f) => ({ rule: f.rule, severity: f.severity, tenant: f.tenant, message: f.message, excepted: f.exceptedBy !== undefined })),
      exceptions: input.policy.exceptions.map((e) => ({ tenant: e.tenant, rule: e.rule, ref: e.ref, expires: e.expires, reason: e.reason })),
    },
    fees: { months: months.map((m) => ({ month: m.month, invoiced: formatSek(m.totals.invoiced) })), bySupplier: Object.fromEntries([...bySupplier].sort(([a], [b]) => byString(a, b)).map(([s, o]) => [s, formatSek(o)])), total: formatSek(total) },
    metrics,
  };
}
