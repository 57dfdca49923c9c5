/**
 * The review as data: a headline, risk flags, and per tenant and site the readable changes and the
 * resource changes behind them, plus mirror checks and the stacks to deploy. `buildReview` makes it from
 * two output folders; plan-summary.ts makes the same shape from Terraform plans; render.ts prints it.
 */
import type { OutputFolder, StackOutput } from "./stacks.js";
import type { Approval } from "../output/schema.js";
import { countActions, diffOutputs, type Action, type ResourceChange, type StackDiff, type StackStatus } from "./diff.js";
import { explain, type Explanation } from "./explain.js";
import { compareFacts } from "./compare.js";
import { NO_FACTS, stackFacts, type StackFacts } from "./facts.js";
import { namespaceDirectory, type NamespaceDirectory } from "./flows.js";
import { checkMirror, type MirrorCheck } from "./equivalence.js";
import { assessRisks, needsDecision, type ReviewFinding, type RiskFlag, type StackReview } from "./risk.js";
import { byAll, byKey, byNumber, byString, uniqueSorted } from "../lib/sort.js";
import { listText } from "./values.js";
import { deltaText, feeReview, type FeeReview, type FeeSides } from "./fees.js";

export interface SiteSection {
  readonly site: string;
  readonly stack: string;
  readonly status: StackStatus;
  readonly counts: Readonly<Record<Action, number>>;
  readonly explanations: readonly Explanation[];
  readonly resources: readonly ResourceChange[];
  /** Backend or provider settings changed. */
  readonly configChanged: boolean;
  /** Only samdrift's comment block changed: nothing to deploy. */
  readonly metadataOnly: boolean;
}

export type TenantStatus = "added" | "changed" | "removed";

export interface TenantSection {
  readonly tenant: string;
  readonly status: TenantStatus;
  readonly securityLevel?: string;
  readonly phase?: string;
  /** Sites the tenant is on after the change (before, for a removed tenant). */
  readonly placement: readonly string[];
  /** Readable changes merged across sites: each line with the sites it holds on. */
  readonly summary: readonly { readonly text: string; readonly sites: readonly string[] }[];
  readonly sites: readonly SiteSection[];
  /** For a tenant on two or more sites after the change. */
  readonly mirror?: MirrorCheck;
  /** The agreed exit (`agreement.exit`), when the tenant's block has one (the base's, for a removed tenant). */
  readonly exit?: { readonly ref: string; readonly date: string };
}

export interface Headline {
  readonly tenants: { readonly added: number; readonly changed: number; readonly removed: number };
  readonly stacks: { readonly added: number; readonly changed: number; readonly removed: number; readonly metadataOnly: number };
  readonly resources: Readonly<Record<Action, number>>;
}

export interface Report {
  readonly kind: "review" | "plan-summary";
  /** A risk flag needs a decision no approval marker gave (exit code 2). */
  readonly decisionNeeded: boolean;
  readonly headline: Headline;
  readonly flags: readonly RiskFlag[];
  readonly tenants: readonly TenantSection[];
  /** `site--<site>` stacks. */
  readonly siteStacks: readonly SiteSection[];
  /** Stacks that are neither site nor tenant stacks (or whose tenant is unknown). */
  readonly otherStacks: readonly SiteSection[];
  /** Stacks to deploy (added, changed or removed), sorted. */
  readonly affected: readonly string[];
  readonly unusedApprovals: readonly { readonly tenant: string; readonly approval: Approval }[];
  /** Findings read from `--findings`: how many, and how many concern tenants outside this change. */
  readonly findings?: { readonly total: number; readonly otherTenants: number };
  /**
   * How the isolation matrix (analysis/: what each tenant can reach and read) changes from base to head;
   * set by the caller, which reads both folders for the analysis.
   */
  readonly isolation?: MatrixDiff;
  /** Monthly fees before and after, and the tenants a fee file change moves; present when both outputs record fees. */
  readonly fees?: FeeReview;
  /**
   * Notifications due because the change signs a tenant's agreement (moves it into build): to the
   * coordinating agency and to the government, with the register entry. Not a decision: a to-do.
   */
  readonly notifications?: readonly Notification[];
}

import type { MatrixDiff } from "../analysis/matrix.js";
import { notificationsFor, signedBy, type Notification } from "../register/notification.js";

export interface ReviewOptions {
  /** `samdrift check --format json` findings on the head. */
  readonly findings?: readonly ReviewFinding[];
  /** The two outputs' fees records (output/fees.ts). @default - no fees in the review */
  readonly fees?: FeeSides;
  /**
   * The review's date (YYYY-MM-DD), that agreed exit dates are compared with (the CLI's `--today`).
   * @default - no date: every agreed exit is taken as not yet reached, so a removal is flagged as early
   */
  readonly today?: string;
}

function approvalLines(diff: StackDiff): Explanation[] {
  const before = diff.base?.tenantMeta?.approvals ?? [];
  const after = diff.head?.tenantMeta?.approvals ?? [];
  const key = (a: Approval) => `${a.change}|${a.ref}|${a.by}`;
  const b = new Set(before.map(key));
  const a = new Set(after.map(key));
  if (!diff.head) return [];
  return [
    ...after.filter((x) => !b.has(key(x))).map((x) => ({ topic: "tenant" as const, text: `approval marker added: ${x.change} (${x.ref}, by ${x.by})` })),
    ...before.filter((x) => !a.has(key(x))).map((x) => ({ topic: "tenant" as const, text: `approval marker removed: ${x.change} (${x.ref})` })),
  ];
}

function siteMetaLines(diff: StackDiff): Explanation[] {
  const b = diff.base?.siteMeta;
  const h = diff.head?.siteMeta;
  if (!b || !h) return [];
  return [
    ...(b.maxSecurityLevel !== h.maxSecurityLevel ? [{ topic: "tenant" as const, text: `site security level: ${b.maxSecurityLevel ?? "?"} → ${h.maxSecurityLevel ?? "?"}` }] : []),
  ];
}

/** A section for one stack of a review. */
export function siteSection(s: StackReview, extra: readonly Explanation[] = []): SiteSection {
  const explanations = [...explain(s.changes, s.after, s.before), ...extra];
  const metadataOnly = !s.diff.deploy;
  if (s.diff.configChanged) explanations.push({ topic: "tenant", text: "backend or provider settings change" });
  if (explanations.length === 0 && s.diff.resources.length === 0 && metadataOnly) {
    explanations.push({ topic: "tenant", text: "only samdrift's description of the stack changes (nothing to deploy)" });
  }
  return {
    site: s.diff.site ?? s.diff.id,
    stack: s.diff.id,
    status: s.diff.status,
    counts: countActions(s.diff.resources),
    explanations,
    resources: s.diff.resources,
    configChanged: s.diff.configChanged,
    metadataOnly,
  };
}

const factsOf = (stack: StackOutput | undefined, directory: NamespaceDirectory): StackFacts =>
  stack ? stackFacts({ ...stack, resources: stack.resources.values() }, directory) : NO_FACTS;

/** Per-stack reviews of a diff: facts on both sides and what changes. */
export function stackReviews(diffs: readonly StackDiff[], directory: NamespaceDirectory): StackReview[] {
  return diffs.map((diff) => {
    const before = factsOf(diff.base, directory);
    const after = factsOf(diff.head, directory);
    return { diff, before, after, changes: compareFacts(before, after) };
  });
}

/**
 * Puts stack reviews, flags and mirror checks together into a report: tenant sections (sorted, tenants
 * with flags needing a decision first), site and other stacks, headline and the affected stack list.
 */
export function assembleReport(input: {
  readonly kind: Report["kind"];
  readonly stacks: readonly StackReview[];
  readonly flags: readonly RiskFlag[];
  readonly mirrors?: ReadonlyMap<string, MirrorCheck>;
  readonly unusedApprovals?: Report["unusedApprovals"];
  readonly findings?: Report["findings"];
  /** Tenant status when it cannot be told from the stacks alone. */
  readonly tenantStatus?: (tenant: string, stacks: readonly StackReview[]) => TenantStatus;
  /** Sections of stacks, when the caller adds lines. */
  readonly section?: (s: StackReview) => SiteSection;
}): Report {
  const section = input.section ?? ((s: StackReview) => siteSection(s));
  const byTenant = new Map<string, StackReview[]>();
  const siteStacks: SiteSection[] = [];
  const otherStacks: SiteSection[] = [];
  for (const s of input.stacks) {
    if (s.diff.kind === "tenant-site" && s.diff.tenant !== undefined) byTenant.set(s.diff.tenant, [...(byTenant.get(s.diff.tenant) ?? []), s]);
    else if (s.diff.kind === "site") siteStacks.push(section(s));
    else otherStacks.push(section(s));
  }
  const tenants: TenantSection[] = [...byTenant].map(([tenant, stacks]) => {
    const status = input.tenantStatus?.(tenant, stacks) ?? (stacks.every((s) => s.diff.status === "added") ? "added" : stacks.every((s) => s.diff.status === "removed") ? "removed" : "changed");
    const sections = stacks.map(section);
    const meta = stacks.map((s) => s.diff.head?.tenantMeta ?? s.after.meta).find((m) => m !== undefined) ?? stacks.map((s) => s.diff.base?.tenantMeta ?? s.before.meta).find((m) => m !== undefined);
    const placement = status === "removed" ? uniqueSorted(stacks.map((s) => s.diff.site ?? "")) : meta?.placement ?? uniqueSorted(stacks.map((s) => s.diff.site ?? ""));
    return {
      tenant,
      status,
      ...(meta ? { securityLevel: meta.securityLevel, phase: meta.phase } : {}),
      ...(meta?.exit ? { exit: meta.exit } : {}),
      placement: [...placement],
      summary: tenantSummary(status, stacks, sections, meta),
      sites: sections,
      ...(input.mirrors?.get(tenant) ? { mirror: input.mirrors.get(tenant)! } : {}),
    };
  });
  const decisionTenants = new Set(input.flags.filter((f) => f.level === "decision" && !f.approvedBy).map((f) => f.tenant));
  const flaggedTenants = new Set(input.flags.map((f) => f.tenant));
  const weight = (t: TenantSection) => (decisionTenants.has(t.tenant) ? 0 : flaggedTenants.has(t.tenant) ? 1 : 2);
  tenants.sort(byAll(byNumber(weight), byKey((t) => t.tenant)));

  const diffs = input.stacks.map((s) => s.diff);
  const count = (st: TenantStatus) => tenants.filter((t) => t.status === st).length;
  return {
    kind: input.kind,
    decisionNeeded: needsDecision(input.flags),
    headline: {
      tenants: { added: count("added"), changed: count("changed"), removed: count("removed") },
      stacks: {
        added: diffs.filter((d) => d.status === "added").length,
        changed: diffs.filter((d) => d.status === "changed" && d.deploy).length,
        removed: diffs.filter((d) => d.status === "removed").length,
        metadataOnly: diffs.filter((d) => !d.deploy).length,
      },
      resources: countActions(diffs.flatMap((d) => d.resources)),
    },
    flags: input.flags,
    tenants,
    siteStacks,
    otherStacks,
    affected: diffs.filter((d) => d.deploy).map((d) => d.id).sort(byString),
    unusedApprovals: input.unusedApprovals ?? [],
    ...(input.findings ? { findings: input.findings } : {}),
  };
}

function tenantSummary(
  status: TenantStatus,
  stacks: readonly StackReview[],
  sections: readonly SiteSection[],
  meta: StackReview["after"]["meta"],
): { text: string; sites: string[] }[] {
  const lines = new Map<string, string[]>();
  const add = (text: string, sites: readonly string[]) => lines.set(text, uniqueSorted([...(lines.get(text) ?? []), ...sites]));
  const allSites = uniqueSorted(stacks.map((s) => s.diff.site ?? s.diff.id));
  if (status === "added") {
    add(
      meta
        ? `onboarded: security level ${meta.securityLevel}, phase ${meta.phase}${meta.priority !== undefined ? `, outage priority ${meta.priority}` : ""}${meta.personalData ? `, personal data ${meta.personalData}` : ""}`
        : "new: every resource is created",
      allSites,
    );
  } else if (status === "removed") {
    const before = stacks.map((s) => s.diff.base?.tenantMeta ?? s.before.meta).find((m) => m !== undefined);
    add(`removed${before ? ` (was phase ${before.phase}, security level ${before.securityLevel})` : ""}`, allSites);
  } else {
    for (const s of stacks) {
      const site = s.diff.site ?? s.diff.id;
      if (s.diff.status === "added") add(`site ${site} added`, [site]);
      if (s.diff.status === "removed") add(`site ${site} dropped: ${droppedText(s.before)} destroyed`, [site]);
    }
  }
  // A dropped site of a tenant that stays is one line above; its resources are in the details.
  const dropped = new Set(status === "changed" ? stacks.filter((s) => s.diff.status === "removed").map((s) => s.diff.id) : []);
  for (const section of sections) if (!dropped.has(section.stack)) for (const e of section.explanations) add(e.text, [section.site]);
  // A move changes no stack's metadata in place (one stack goes, another comes): say it here.
  const placedBefore = stacks.map((s) => s.before.meta?.placement).find((p) => p !== undefined);
  if (status === "changed" && meta && placedBefore && placedBefore.join() !== meta.placement.join() && ![...lines.keys()].some((l) => l.startsWith("placement:"))) {
    add(`placement: ${placedBefore.join(", ")} → ${meta.placement.join(", ")}`, meta.placement);
  }
  // The level is the tenant's, compared as a whole: a moved tenant has no stack on both sides to compare.
  const levelBefore = stacks.map((s) => s.before.meta?.securityLevel).find((l) => l !== undefined);
  if (status === "changed" && meta && ![...lines.keys()].some((l) => l.startsWith("security level:"))) {
    const headSites = uniqueSorted(stacks.filter((s) => s.diff.status !== "removed").map((s) => s.diff.site ?? s.diff.id));
    if (levelBefore !== undefined && levelBefore !== meta.securityLevel) add(`security level: ${levelBefore} → ${meta.securityLevel}`, headSites);
    else add(`security level ${meta.securityLevel} (unchanged)`, headSites);
  }
  return [...lines].map(([text, sites]) => ({ text, sites }));
}

function droppedText(facts: StackFacts): string {
  const parts = [
    facts.namespaces.size > 0 ? `namespace${facts.namespaces.size === 1 ? "" : "s"} ${listText([...facts.namespaces.keys()])}` : "",
    facts.mounts.size > 0 ? `Vault mount${facts.mounts.size === 1 ? "" : "s"} ${listText([...facts.mounts.keys()])}` : "",
  ].filter((p) => p !== "");
  return parts.length === 0 ? "everything on it is" : `${listText(parts)} (with their data) and everything else on it are`;
}

/**
 * Review of `head` against `base`: every stack difference, its meaning, the risk flags with approvals
 * applied, mirror checks for changed tenants on two or more sites, and the stacks to deploy.
 */
export function buildReview(base: OutputFolder, head: OutputFolder, options: ReviewOptions = {}): Report {
  const diff = diffOutputs(base, head);
  const directory = namespaceDirectory([...base.stacks.values(), ...head.stacks.values()]);
  const stacks = stackReviews(diff.stacks, directory);
  const changedTenants = uniqueSorted(diff.stacks.map((d) => d.tenant).filter((t): t is string => t !== undefined));
  const mirrors = new Map<string, MirrorCheck>();
  for (const tenant of changedTenants) {
    const own = [...head.stacks.values()].filter((s) => s.kind === "tenant-site" && s.tenant === tenant && s.site !== undefined);
    if (own.length < 2) continue;
    mirrors.set(tenant, checkMirror(tenant, own.map((s) => ({ site: s.site!, facts: factsOf(s, directory) }))));
  }
  const risk = assessRisks({
    base, head, stacks, ...(options.findings ? { findings: options.findings } : {}), mirrors: [...mirrors.values()],
    ...(options.fees ? { fees: options.fees } : {}),
    ...(options.today !== undefined ? { today: options.today } : {}),
  });
  const headTenants = new Set([...head.stacks.values()].map((s) => s.tenant));
  const baseTenants = new Set([...base.stacks.values()].map((s) => s.tenant));
  const report = assembleReport({
    kind: "review",
    stacks,
    flags: risk.flags,
    mirrors,
    unusedApprovals: risk.unusedApprovals,
    ...(options.findings ? { findings: { total: options.findings.length, otherTenants: risk.otherFindings } } : {}),
    tenantStatus: (tenant) => (!baseTenants.has(tenant) ? "added" : !headTenants.has(tenant) ? "removed" : "changed"),
    section: (s) => siteSection(s, s.diff.kind === "site" ? siteMetaLines(s.diff) : approvalLines(s.diff)),
  });
  const fees = feeReview(options.fees, changedTenants);
  const withNotifications: Report = { ...report, notifications: signingNotifications(base, head, changedTenants) };
  return fees ? withFees(withNotifications, fees) : withNotifications;
}

/** The report with its fee review, and each changed tenant's monthly fee as a summary line. */
function withFees(report: Report, fees: FeeReview): Report {
  const byTenant = new Map(fees.tenants.map((d) => [d.tenant, d]));
  return {
    ...report,
    tenants: report.tenants.map((t) => {
      const d = byTenant.get(t.tenant);
      return d ? { ...t, summary: [...t.summary, { text: `monthly fee: ${deltaText(d)}`, sites: [...t.placement] }] } : t;
    }),
    fees,
  };
}

/** The notifications due for every tenant whose agreement the change signs (its phase becomes build). */
function signingNotifications(base: OutputFolder, head: OutputFolder, tenants: readonly string[]): Notification[] {
  const blockOf = (folder: OutputFolder, tenant: string) => [...folder.stacks.values()].find((s) => s.tenant === tenant && s.tenantMeta)?.tenantMeta;
  const zones = new Map([...head.stacks.values()].flatMap((s) => (s.siteMeta ? [[s.siteMeta.site, s.siteMeta.zone] as const] : [])));
  return tenants.flatMap((tenant) => {
    const after = blockOf(head, tenant);
    if (!after || !signedBy(blockOf(base, tenant), after)) return [];
    return notificationsFor(after, (site) => zones.get(site) ?? site);
  });
}

/**
 * Where a summary line holds, relative to the tenant's placement: `` for a single-site tenant,
 * `on fk-a and fk-b` when on every site, `on fk-a only` when on some, `on fk-b` for a site it left.
 */
export function sitesNote(lineSites: readonly string[], placement: readonly string[]): string {
  const all = placement.length > 0 && placement.every((p) => lineSites.includes(p));
  if (all && lineSites.length === placement.length) return placement.length <= 1 ? "" : `on ${listText([...lineSites])}`;
  if (lineSites.every((s) => placement.includes(s))) return `on ${listText([...lineSites])} only`;
  return `on ${listText([...lineSites])}`;
}
