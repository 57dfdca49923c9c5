/**
 * Risk flags of a review, most serious first. A flag at level `decision` needs an explicit decision:
 * it turns the review's exit code to 2 unless an approval marker in the tenant file approves it. A flag at
 * level `attention` is shown first in the review but needs no marker.
 *
 * Approval markers live in the tenant file (`approvals: [{ change, ref, by }]`) and reach review through the
 * head output's `"//".samdrift.approvals` (the base output's for a removed tenant). docs/review.md lists
 * them; `APPROVAL_CHANGES` is the same list in code.
 */
import type { Finding } from "../policies/finding.js";
import type { OutputFolder, Approval, TenantMeta } from "./output.js";
import type { StackDiff } from "./diff.js";
import type { FactChanges, Flow, StackFacts } from "./explain.js";
import { PKI_WIDENING, flowLines, isOwnVaultPath, resourceLabel, resourceNamespace } from "./explain.js";
import type { MirrorCheck } from "./equivalence.js";
import { catalogueDrafts } from "./catalogue-flags.js";
import { APPROVAL_CHANGES } from "../model/approvals.js";
import { byString, listText, plural, uniqueSorted } from "./values.js";
import { SECURITY_LEVELS } from "../model/primitives.js";

/** A finding as `samdrift check --format json` prints it: with the exception that excuses it, if any. */
export interface ReviewFinding extends Finding {
  readonly exception?: { readonly ref: string; readonly expires: string };
  /** Whether the rule allows an exception. @default false */
  readonly exceptable?: boolean;
}

/** One stack of a review with its facts before and after and what changes. */
export interface StackReview {
  readonly diff: StackDiff;
  readonly before: StackFacts;
  readonly after: StackFacts;
  readonly changes: FactChanges;
}

export type FlagKind =
  | "tenant-removed-without-decommission"
  | "tenant-removed"
  | "site-dropped"
  | "namespace-destroyed"
  | "namespace-replaced"
  | "mount-destroyed"
  | "mount-replaced"
  | "security-level-lowered"
  | "site-stack-removed"
  | "site-mount-destroyed"
  | "catalogue-relaxed"
  | "policy-finding"
  | "transit-key-destroyed"
  | "secret-versions-cut"
  | "certificate-domains"
  | "resource-destroyed"
  | "resource-replaced"
  | "cross-tenant-flow"
  | "internet-flow"
  | "broader-vault-capabilities"
  | "vault-path-outside-tenant"
  | "prevent-destroy-lifted"
  | "mirror-diverged"
  | "plan-incomplete";

export type FlagLevel = "decision" | "attention";

export interface RiskFlag {
  readonly kind: FlagKind;
  readonly level: FlagLevel;
  /** Tenant the flag is about; absent for site stacks. */
  readonly tenant?: string;
  readonly sites: readonly string[];
  readonly message: string;
  /** The approval change string that approves this flag; absent when no marker can (the change must be undone or split). */
  readonly approval?: string;
  /** Marker found for this flag. */
  readonly approvedBy?: Approval;
  /** What to do, in order. */
  readonly steps?: readonly string[];
}

export { APPROVAL_CHANGES };

/** Rank of a level as written in the output; an unknown word ranks lowest, so a change to it counts as lowered. */
const writtenLevelRank = (level: string): number => (SECURITY_LEVELS as readonly string[]).indexOf(level);

/** The offboarding procedure, as steps for a flag on a tenant removed outside `decommission`. */
export const offboardingSteps = (tenant: string): string[] => [
  `Put tenants/${tenant}.yaml back in this pull request (removing the file now would orphan or destroy the tenant's namespaces and Vault mounts with their data).`,
  `In a separate pull request set \`agreement.phase: decommission\` with \`agreement.exit: { ref, date }\` and add \`approvals: [{ change: remove-tenant, ref, by }]\`; review and deploy it. This lifts prevent_destroy on the tenant's namespaces and mounts.`,
  "Export or retain the tenant's data as the exit decision says (KV secrets, transit keys, volumes through backup).",
  `Then remove tenants/${tenant}.yaml in its own pull request; review reads the remove-tenant approval from the base branch, and the deploy workflow's gated destroy job removes the stacks.`,
];

/** Dropping a site of a tenant in two reviewed changes, like offboarding: lift prevent_destroy, then drop. */
export const dropSiteSteps = (tenant: string, site: string): string[] => [
  `Keep ${site} in \`resilience.sites\` of tenants/${tenant}.yaml in this pull request, and add \`approvals: [{ change: drop-site:${site}, ref, by }]\` instead; review and deploy it. This lifts prevent_destroy on the tenant's namespaces and mounts on ${site} only.`,
  `Export or move the data on ${site} that must be kept (KV secrets, transit keys, volumes through backup).`,
  `Then remove ${site} from \`resilience.sites\` in its own pull request; review reads the drop-site marker, and the deploy workflow's gated destroy job removes the stack on ${site}.`,
];

export interface Draft {
  kind: FlagKind;
  level: FlagLevel;
  tenant?: string;
  /** Sites the flag holds on (merged with those of other drafts of the same flag). */
  sites?: readonly string[];
  /** Merge key: flags with the same kind, tenant and subject merge across sites. */
  subject: string;
  message: string;
  approval?: string;
  /** Other change strings that approve it too (e.g. namespace by full name). */
  accepts?: string[];
  steps?: string[];
}

const KIND_ORDER: readonly FlagKind[] = [
  "tenant-removed-without-decommission", "tenant-removed", "site-dropped", "site-stack-removed", "site-mount-destroyed", "catalogue-relaxed",
  "namespace-destroyed", "namespace-replaced", "mount-destroyed", "mount-replaced", "security-level-lowered", "secret-versions-cut", "policy-finding",
  "transit-key-destroyed", "certificate-domains", "resource-destroyed", "resource-replaced", "cross-tenant-flow", "internet-flow",
  "broader-vault-capabilities", "vault-path-outside-tenant", "prevent-destroy-lifted", "mirror-diverged", "plan-incomplete",
];

export interface RiskInput {
  readonly base: OutputFolder;
  readonly head: OutputFolder;
  readonly stacks: readonly StackReview[];
  /** Findings of `samdrift check` on the head; only those of tenants in the change (or of no tenant) become flags. */
  readonly findings?: readonly ReviewFinding[];
  readonly mirrors?: readonly MirrorCheck[];
}

export interface RiskResult {
  readonly flags: readonly RiskFlag[];
  /** Approval markers of tenants in this change that approve nothing in it: remove them once deployed. */
  readonly unusedApprovals: readonly { readonly tenant: string; readonly approval: Approval }[];
  /** Findings of tenants not in this change, not shown as flags. */
  readonly otherFindings: number;
}

function tenantsOf(folder: OutputFolder): Map<string, { sites: string[]; meta?: TenantMeta }> {
  const out = new Map<string, { sites: string[]; meta?: TenantMeta }>();
  for (const s of folder.stacks.values()) {
    if (s.kind !== "tenant-site" || s.tenant === undefined) continue;
    const entry = out.get(s.tenant) ?? { sites: [] };
    if (s.site !== undefined) entry.sites.push(s.site);
    if (s.tenantMeta && !entry.meta) entry.meta = s.tenantMeta;
    out.set(s.tenant, entry);
  }
  return out;
}

const isFlowCrossTenant = (f: Flow) => f.peerRole === "other-tenant" || f.peerRole === "unknown-namespace";
const isFlowInternet = (f: Flow) => f.internet || (f.peerRole === "platform" && f.platform === "ingress" && f.direction === "ingress");

/** Every risk flag of a review, merged across sites, most serious first, with approvals applied. */
export function assessRisks(input: RiskInput): RiskResult {
  const drafts: Draft[] = [];
  const baseTenants = tenantsOf(input.base);
  const headTenants = tenantsOf(input.head);
  const changedTenants = new Set(input.stacks.map((s) => s.diff.tenant).filter((t): t is string => t !== undefined));

  // Destroys covered by a tenant- or site-level flag are not flagged again one by one.
  const coveredStacks = new Set<string>();
  const otherDestroys = new Map<string, { labels: Set<string>; sites: Set<string> }>();
  for (const [tenant, base] of baseTenants) {
    const head = headTenants.get(tenant);
    const phase = base.meta?.phase;
    if (!head) {
      for (const site of base.sites) coveredStacks.add(`${tenant}@${site}`);
      if (phase !== "decommission") {
        drafts.push({
          kind: "tenant-removed-without-decommission", level: "decision", tenant, subject: "", sites: base.sites,
          message: `tenant ${tenant} is removed while its agreement phase is ${phase ?? "unknown"}, not decommission: its namespaces and Vault mounts on ${listText(base.sites)} would be orphaned or destroyed with their data`,
          steps: offboardingSteps(tenant),
        });
      } else {
        const exit = base.meta?.exit ? ` (exit ${base.meta.exit.ref} on ${base.meta.exit.date})` : "";
        drafts.push({
          kind: "tenant-removed", level: "decision", tenant, subject: "", sites: base.sites,
          message: `tenant ${tenant} is removed from ${listText(base.sites)} after decommission${exit}: its namespaces and Vault mounts are destroyed with their data`,
          approval: APPROVAL_CHANGES.removeTenant,
        });
      }
      continue;
    }
    // Tenant-wide settings compare the tenant as a whole, whichever of its stacks exist on both sides: a
    // tenant that moves site keeps no stack, and its lowered level must still need a decision.
    const before = base.meta?.securityLevel;
    const after = head.meta?.securityLevel;
    if (before !== undefined && after !== undefined && writtenLevelRank(after) < writtenLevelRank(before)) {
      drafts.push({
        kind: "security-level-lowered", level: "decision", tenant, sites: head.sites, subject: `${before}>${after}`,
        message: `security level of ${tenant} is lowered from ${before} to ${after}`, approval: APPROVAL_CHANGES.lowerSecurityLevel,
      });
    }
    for (const site of base.sites.filter((s) => !head.sites.includes(s))) {
      coveredStacks.add(`${tenant}@${site}`);
      const mirrored = base.sites.length > 1;
      const what = mirrored
        ? `tenant ${tenant} is no longer mirrored to ${site} (${listText(base.sites)} → ${listText(head.sites)}): its namespaces and mounts there are destroyed`
        : `tenant ${tenant} moves from ${site} to ${listText(head.sites)}: its namespaces and mounts on ${site} are destroyed, not moved`;
      // The destroy runs on the base's stack: it needs prevent_destroy lifted there first (decommission, or
      // the drop-site marker in an earlier change), or Terraform refuses it and nothing is destroyed.
      const lifted = phase === "decommission" || (base.meta?.approvals ?? []).some((a) => a.change === APPROVAL_CHANGES.dropSite(site));
      drafts.push(
        lifted
          ? { kind: "site-dropped", level: "decision", tenant, sites: [site], subject: site, message: what, approval: APPROVAL_CHANGES.dropSite(site) }
          : {
              kind: "site-dropped", level: "decision", tenant, sites: [site], subject: site,
              message: `${what}; but prevent_destroy still holds on ${site} in the base, so Terraform would refuse the destroy`,
              steps: dropSiteSteps(tenant, site),
            },
      );
    }
  }

  for (const s of input.stacks) {
    const { diff } = s;
    const tenant = diff.tenant;
    const site = diff.site;
    if (diff.kind === "site") {
      if (site !== undefined && diff.base?.siteMeta && diff.head?.siteMeta) drafts.push(...catalogueDrafts(site, diff.base.siteMeta, diff.head.siteMeta));
      if (diff.status === "removed") {
        drafts.push({ kind: "site-stack-removed", level: "decision", ...(site ? { sites: [site] } : {}), subject: diff.id, message: `site stack ${diff.id} is removed: the site's Kubernetes auth backend (every tenant's Vault login there) and its PKI mount would be orphaned or destroyed` });
      }
      for (const r of diff.resources) {
        if (diff.status === "removed" || (r.action !== "destroy" && r.action !== "replace")) continue;
        const label = resourceLabel(r.type, r.before ?? r.after, r.name);
        const dataHolding = r.type === "vault_mount" || r.type === "vault_auth_backend";
        drafts.push({
          kind: dataHolding ? "site-mount-destroyed" : r.action === "destroy" ? "resource-destroyed" : "resource-replaced",
          level: dataHolding ? "decision" : "attention", ...(site ? { sites: [site] } : {}), subject: label,
          message: `site stack ${diff.id}: ${label} is ${r.action === "destroy" ? "destroyed" : "replaced"}${dataHolding ? " (the site CA or every tenant's login on the site); no tenant marker can approve this: it needs the site operators' decision" : ""}`,
        });
      }
      continue;
    }
    if (tenant === undefined) continue;
    const covered = coveredStacks.has(`${tenant}@${site ?? ""}`);
    const meta = diff.head?.tenantMeta ?? diff.base?.tenantMeta;
    const siteField = site !== undefined ? { sites: [site] } : {};
    if (!covered) {
      for (const r of diff.resources) {
        if (r.action !== "destroy" && r.action !== "replace") continue;
        const values = r.before ?? r.after;
        const label = resourceLabel(r.type, values, r.name);
        const verb = r.action === "destroy" ? "destroyed" : `replaced (${r.attributes.filter((a) => a.forcesNew).map((a) => a.path).join(", ")} forces a new one)`;
        if (r.type === "kubernetes_namespace_v1") {
          const name = label.replace(/^namespace /, "");
          const key = name.startsWith(`${tenant}-`) ? name.slice(tenant.length + 1) : name;
          drafts.push({
            kind: r.action === "destroy" ? "namespace-destroyed" : "namespace-replaced", level: "decision", tenant, ...siteField, subject: key,
            message: `namespace ${name} of ${tenant} is ${verb}: its workloads, volumes and secrets are deleted`,
            approval: APPROVAL_CHANGES.destroyNamespace(key), accepts: [APPROVAL_CHANGES.destroyNamespace(name)],
          });
        } else if (r.type === "vault_mount") {
          const path = label.replace(/^Vault mount /, "");
          const type = typeof values?.type === "string" ? values.type : "?";
          const kind = meta?.vault.kvMount === path ? "kv" : meta?.vault.transitMount === path ? "transit" : type;
          drafts.push({
            kind: r.action === "destroy" ? "mount-destroyed" : "mount-replaced", level: "decision", tenant, ...siteField, subject: kind,
            message: `Vault ${kind} mount ${path} of ${tenant} is ${verb}: every ${kind === "transit" ? "key" : "secret"} in it is lost`,
            approval: APPROVAL_CHANGES.destroyMount(kind),
          });
        } else if (r.type === "vault_transit_secret_backend_key") {
          drafts.push({ kind: "transit-key-destroyed", level: "attention", tenant, ...siteField, subject: label, message: `${label} of ${tenant} is ${verb}: data encrypted with it can no longer be decrypted (Vault refuses unless deletion is allowed, i.e. in decommission)` });
        } else if (r.action === "replace") {
          drafts.push({ kind: "resource-replaced", level: "attention", tenant, ...siteField, subject: label, message: `${label} of ${tenant} is ${verb}` });
        } else {
          // Other destroys are summed up per tenant below, leaving out what goes with a destroyed namespace.
          const ns = typeof values === "object" ? resourceNamespace(values) : undefined;
          if (ns === undefined || !s.changes.namespacesRemoved.includes(ns)) {
            const entry = otherDestroys.get(tenant) ?? { labels: new Set<string>(), sites: new Set<string>() };
            entry.labels.add(label);
            if (site !== undefined) entry.sites.add(site);
            otherDestroys.set(tenant, entry);
          }
        }
      }
    }
    const c = s.changes;
    for (const line of flowLines(c.flowsOpened.filter(isFlowCrossTenant), "opens", meta)) {
      drafts.push({ kind: "cross-tenant-flow", level: "attention", tenant, ...siteField, subject: line, message: `${tenant} ${line}` });
    }
    for (const line of flowLines(c.flowsOpened.filter((f) => isFlowInternet(f) && !isFlowCrossTenant(f)), "opens", meta)) {
      drafts.push({ kind: "internet-flow", level: "attention", tenant, ...siteField, subject: line, message: `${tenant} ${line}` });
    }
    const existed = diff.base !== undefined;
    if (existed) {
      const broader = [
        ...c.granted.filter((g) => !g.newPolicy).map((g) => `policy ${g.policy} adds ${g.capabilities.join(", ")} on ${g.path}`),
        ...c.policiesAttached.filter((m) => !m.newHolder).map((m) => `${m.holder} gets policy ${m.item}`),
        ...c.authNamespacesAdded.filter((m) => !m.newHolder).map((m) => `${m.holder} accepts ${m.item}`),
        ...c.keySettings.filter((k) => k.key === "exportable" && k.after === "true").map((k) => `${k.subject} becomes exportable`),
      ];
      for (const b of broader) drafts.push({ kind: "broader-vault-capabilities", level: "attention", tenant, ...siteField, subject: b, message: `${tenant}: ${b}` });
    }
    if (meta) {
      for (const g of c.granted.filter((g) => !isOwnVaultPath(g.path, meta))) {
        drafts.push({ kind: "vault-path-outside-tenant", level: "attention", tenant, ...siteField, subject: `${g.policy} ${g.path}`, message: `${tenant}: Vault policy ${g.policy} grants ${g.capabilities.join(", ")} on ${g.path}, outside the tenant's own mounts` });
      }
    }
    for (const g of c.granted.filter((g) => g.capabilities.includes("sudo"))) {
      drafts.push({ kind: "broader-vault-capabilities", level: "attention", tenant, ...siteField, subject: `sudo ${g.policy} ${g.path}`, message: `${tenant}: Vault policy ${g.policy} grants sudo on ${g.path}` });
    }
    // Every name a tenant may get certificates for, when it is new: the site CA vouches for it to everyone.
    for (const p of c.pkiCreated) {
      const widening = p.widening.length > 0 ? `, with ${p.widening.join(", ")}` : "";
      drafts.push({ kind: "certificate-domains", level: "attention", tenant, ...siteField, subject: `${p.role} ${p.domains.join(",")}${widening}`, message: `${tenant}: PKI role ${p.role} on ${p.backend} may issue certificates for ${p.domains.length > 0 ? listText([...p.domains]) : "(no domain)"}${widening}` });
    }
    for (const p of c.pki) {
      const widened = p.key === "allowed domain" ? p.after !== undefined : PKI_WIDENING[p.key] !== undefined && p.after === PKI_WIDENING[p.key];
      if (!widened) continue;
      const what = p.key === "allowed domain" ? `now allows ${p.after}` : `now has ${p.key} ${p.after}`;
      drafts.push({ kind: "certificate-domains", level: "attention", tenant, ...siteField, subject: `${p.subject} ${what}`, message: `${tenant}: ${p.subject} ${what}` });
    }
    for (const v of c.kvVersions) {
      if (v.before === undefined || v.after === undefined || Number(v.after) >= Number(v.before)) continue;
      drafts.push({
        kind: "secret-versions-cut", level: "decision", tenant, ...siteField, subject: `${v.subject} ${v.before}>${v.after}`,
        message: `${tenant}: ${v.subject} keeps ${v.after} versions per secret instead of ${v.before}: Vault destroys every older version of each secret, and they cannot be restored`,
        approval: APPROVAL_CHANGES.lowerMaxVersions,
      });
    }
    const lifted = c.protection.filter((p) => !p.after).map((p) => p.subject);
    if (lifted.length > 0) {
      const exit = meta?.exit ? ` (exit ${meta.exit.ref} on ${meta.exit.date})` : "";
      drafts.push({ kind: "prevent-destroy-lifted", level: "attention", tenant, ...siteField, subject: lifted.join(","), message: `${tenant}: prevent_destroy lifted on ${listText(lifted)}${exit}; the next change that removes them destroys their data` });
    }
  }

  for (const [tenant, { labels, sites }] of otherDestroys) {
    const list = [...labels].sort(byString);
    const shown = list.slice(0, 6).join(", ") + (list.length > 6 ? `, and ${list.length - 6} more` : "");
    drafts.push({ kind: "resource-destroyed", level: "attention", tenant, sites: [...sites], subject: "", message: `${tenant}: ${plural(list.length, "more resource")} destroyed: ${shown}` });
  }

  let otherFindings = 0;
  for (const f of input.findings ?? []) {
    // A finding belongs to the change when the change causes it: its tenant or its peer is in the change.
    if (f.tenant !== "" && !changedTenants.has(f.tenant) && !(f.peer !== undefined && changedTenants.has(f.peer))) {
      otherFindings++;
      continue;
    }
    const blocking = f.severity === "error" && f.exception === undefined;
    const excepted = f.exception ? ` (excepted under ${f.exception.ref} until ${f.exception.expires})` : "";
    drafts.push({
      kind: "policy-finding", level: blocking ? "decision" : "attention", ...(f.tenant !== "" ? { tenant: f.tenant } : {}), subject: `${f.rule} ${f.file}:${f.line} ${f.field}`,
      message: `${f.rule} (${f.severity}) ${f.file}:${f.line}${f.field ? ` ${f.field}` : ""}: ${f.message}${excepted}`,
      ...(blocking ? { steps: [f.exceptable ? "Fix the tenant file, or add an exception (`exceptions: [{ rule, reason, expires, ref }]`) if the rule is bent on purpose." : "Fix the tenant file (the rule allows no exception)."] } : {}),
    });
  }
  for (const m of input.mirrors ?? []) {
    if (m.equivalent) continue;
    drafts.push({ kind: "mirror-diverged", level: "attention", tenant: m.tenant, subject: "", message: `${m.tenant}: mirrored sites ${listText([...m.sites])} are not equivalent (${plural(m.differences.length, "difference")})` });
  }

  const inChange = new Set([...changedTenants, ...drafts.map((d) => d.tenant).filter((t): t is string => t !== undefined)]);
  return { ...applyApprovals(mergeDrafts(drafts), baseTenants, headTenants, inChange), otherFindings };
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

function applyApprovals(
  drafts: readonly (Draft & { sites: string[] })[],
  baseTenants: ReadonlyMap<string, { meta?: TenantMeta }>,
  headTenants: ReadonlyMap<string, { meta?: TenantMeta }>,
  inChange: ReadonlySet<string>,
): Omit<RiskResult, "otherFindings"> {
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

/** Flags in review order: unapproved decisions, approved decisions, attention; then by kind, tenant, text. */
export const sortFlags = (flags: readonly RiskFlag[]): RiskFlag[] =>
  [...flags].sort((a, b) => rank(a) - rank(b) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || byString(a.tenant ?? "", b.tenant ?? "") || byString(a.message, b.message));

/** Unapproved decisions first, then approved decisions, then attention flags. */
const rank = (f: RiskFlag): number => (f.level === "decision" ? (f.approvedBy ? 1 : 0) : 2);

/** Whether any flag still needs a decision (exit code 2). */
export const needsDecision = (flags: readonly RiskFlag[]): boolean => flags.some((f) => f.level === "decision" && !f.approvedBy);
