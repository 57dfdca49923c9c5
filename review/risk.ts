/**
 * Risk flags of a review, most serious first. A flag at level `decision` needs an explicit decision:
 * it turns the review's exit code to 2 unless an approval marker in the tenant file approves it. A flag at
 * level `attention` is shown first in the review but needs no marker.
 *
 * Each kind of flag is one file in review/flags/, and review/flags/registry.ts fixes their order; this
 * module runs every kind over a review, merges a flag's drafts across sites and applies approval markers.
 * Markers live in the tenant file (`approvals: [{ change, ref, by }]`) and reach review through the head
 * output's `"//".samdrift.approvals` (the base output's for a removed tenant); model/approvals.ts defines
 * them and docs/review.md lists them.
 */
import type { Approval } from "../output/schema.js";
import type { OutputFolder } from "./stacks.js";
import { APPROVAL_CHANGES } from "../model/approvals.js";
import { byAll, byKey, byNumber, byString, uniqueSorted } from "../lib/sort.js";
import { listText } from "./values.js";
import { FLAGS, flagOrder, isUrgent } from "./flags/registry.js";
import { findingInChange } from "./flags/policy-finding.js";
import type { Draft, FlagContext, RiskFlag, RiskInput, TenantSites } from "./flags/types.js";

export type { Draft, FlagKind, FlagLevel, ReviewFinding, RiskFlag, RiskInput, StackReview } from "./flags/types.js";

export interface RiskResult {
  readonly flags: readonly RiskFlag[];
  /** Approval markers of tenants in this change that approve nothing in it: remove them once deployed. */
  readonly unusedApprovals: readonly { readonly tenant: string; readonly approval: Approval }[];
  /** Findings of tenants not in this change, not shown as flags. */
  readonly otherFindings: number;
}

function tenantsOf(folder: OutputFolder): Map<string, TenantSites> {
  const out = new Map<string, { sites: string[]; meta?: TenantSites["meta"] }>();
  for (const s of folder.stacks.values()) {
    if (s.kind !== "tenant-site" || s.tenant === undefined) continue;
    const entry = out.get(s.tenant) ?? { sites: [] };
    if (s.site !== undefined) entry.sites.push(s.site);
    if (s.tenantMeta && !entry.meta) entry.meta = s.tenantMeta;
    out.set(s.tenant, entry);
  }
  return out;
}

/** The review and what every kind derives from it the same way. */
function flagContext(input: RiskInput): FlagContext {
  const baseTenants = tenantsOf(input.base);
  const headTenants = tenantsOf(input.head);
  // Destroys covered by a tenant- or site-level flag (tenant removed, site dropped) are not flagged one by one.
  const coveredStacks = new Set<string>();
  for (const [tenant, base] of baseTenants) {
    const head = headTenants.get(tenant);
    for (const site of base.sites.filter((s) => !head?.sites.includes(s))) coveredStacks.add(`${tenant}@${site}`);
  }
  const changedTenants = new Set(input.stacks.map((s) => s.diff.tenant).filter((t): t is string => t !== undefined));
  return { input, baseTenants, headTenants, changedTenants, coveredStacks };
}

/** Every risk flag of a review, merged across sites, most serious first, with approvals applied. */
export function assessRisks(input: RiskInput): RiskResult {
  const ctx = flagContext(input);
  const drafts = FLAGS.flatMap((f) => f.drafts(ctx));
  const otherFindings = (input.findings ?? []).filter((f) => !findingInChange(f, ctx)).length;
  const inChange = new Set([...ctx.changedTenants, ...drafts.map((d) => d.tenant).filter((t): t is string => t !== undefined)]);
  return { ...applyApprovals(mergeDrafts(drafts), ctx, inChange), otherFindings };
}

function mergeDrafts(drafts: readonly Draft[]): (Draft & { sites: string[] })[] {
  const merged = new Map<string, Draft & { sites: string[] }>();
  for (const d of drafts) {
    const key = `${d.kind}|${d.tenant ?? ""}|${d.subject}`;
    const sites = d.sites ?? [];
    const existing = merged.get(key);
    if (existing) existing.sites = uniqueSorted([...existing.sites, ...sites]);
    else merged.set(key, { ...d, sites: uniqueSorted(sites) });
  }
  return [...merged.values()];
}

function applyApprovals(drafts: readonly (Draft & { sites: string[] })[], ctx: FlagContext, inChange: ReadonlySet<string>): Omit<RiskResult, "otherFindings"> {
  const { baseTenants, headTenants } = ctx;
  const approvalsOf = (tenant: string): readonly Approval[] => (headTenants.get(tenant) ?? baseTenants.get(tenant))?.meta?.approvals ?? [];
  const used = new Set<string>();
  const flags: RiskFlag[] = drafts.map((d) => {
    let approvedBy: Approval | undefined;
    if (d.approval !== undefined && d.tenant !== undefined) {
      const accepted = new Set([d.approval, ...(d.accepts ?? [])]);
      approvedBy = approvalsOf(d.tenant).find((a) => accepted.has(a.change));
      if (approvedBy) used.add(`${d.tenant}|${approvedBy.change}`);
    }
    return {
      kind: d.kind,
      level: d.level,
      ...(d.tenant !== undefined ? { tenant: d.tenant } : {}),
      sites: d.sites,
      message: d.sites.length > 0 && !d.message.includes(listText(d.sites)) && d.kind !== "tenant-removed" ? `${d.message} (on ${listText(d.sites)})` : d.message,
      ...(d.approval !== undefined ? { approval: d.approval } : {}),
      ...(approvedBy ? { approvedBy } : {}),
      ...(d.steps ? { steps: d.steps } : {}),
      ...(d.details ? { details: d.details } : {}),
      ...(isUrgent(d.kind) ? { urgent: true as const } : {}),
    };
  });
  const sorted = sortFlags(flags);
  // remove-tenant is added while the file stays (in decommission) and used when it goes; drop-site:<site> is
  // added while the tenant is still on <site> (it lifts prevent_destroy there) and used when the site goes.
  const pending = (tenant: string, a: Approval): boolean =>
    a.change === APPROVAL_CHANGES.removeTenant || (headTenants.get(tenant)?.meta?.placement ?? []).some((site) => a.change === APPROVAL_CHANGES.dropSite(site));
  const unusedApprovals = [...inChange].sort(byString).flatMap((tenant) =>
    approvalsOf(tenant).filter((a) => !used.has(`${tenant}|${a.change}`) && !pending(tenant, a)).map((approval) => ({ tenant, approval })),
  );
  return { flags: sorted, unusedApprovals };
}

/** Flags in review order: urgent ones, unapproved decisions, approved decisions, attention; then by kind, tenant, text. */
export const sortFlags = (flags: readonly RiskFlag[]): RiskFlag[] =>
  [...flags].sort(byAll(byNumber(rank), byNumber((f) => flagOrder(f.kind)), byKey((f) => f.tenant ?? ""), byKey((f) => f.message)));

/** Urgent flags first (a suspension), then unapproved decisions, approved decisions, attention flags. */
const rank = (f: RiskFlag): number => (isUrgent(f.kind) ? -1 : f.level === "decision" ? (f.approvedBy ? 1 : 0) : 2);

/** Whether any flag still needs a decision (exit code 2). */
export const needsDecision = (flags: readonly RiskFlag[]): boolean => flags.some((f) => f.level === "decision" && !f.approvedBy);
