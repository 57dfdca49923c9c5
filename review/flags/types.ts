/**
 * The shape of a risk flag kind and what it is given, as policies/types.ts is for rules: each kind is one
 * file in this folder with a stable id (its `kind`), whether it needs a decision, which approval marker
 * (model/approvals.ts) approves it, a one-line title and an explanation, and a pure function that drafts
 * its flags from a review. The registry (registry.ts) fixes their order; review/risk.ts merges the drafts
 * across sites, applies approval markers and sorts. docs/review.md's flag table is generated from here.
 */
import type { ApprovalKind } from "../../model/approvals.js";
import type { Finding } from "../../policies/finding.js";
import type { Approval, TenantMeta } from "../../output/schema.js";
import type { OutputFolder } from "../stacks.js";
import type { StackDiff } from "../diff.js";
import type { FactChanges } from "../compare.js";
import type { StackFacts } from "../facts.js";
import type { MirrorCheck } from "../equivalence.js";
import type { FeeSides } from "../fees.js";

/** Every kind of flag; registry.ts holds them in review order, and a test pins that order. */
export type FlagKind =
  | "tenant-suspended"
  | "tenant-resumed"
  | "suspended-tenant-changed"
  | "tenant-removed-before-exit"
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
  | "plan-incomplete"
  | "fee-retroactive"
  | "fee-increase"
  | "fee-short-notice";

/**
 * `decision`: the review exits 2 unless an approval marker approves the flag. `attention`: shown first,
 * needs no marker.
 */
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
  /** Lines under the message, one per thing it concerns (a suspended tenant's connected peers). */
  readonly details?: readonly string[];
  /** Shown before every other flag, whatever its level (a suspension: urgent, yet needing no decision). */
  readonly urgent?: true;
}

/** A flag as a kind drafts it, before drafts of several sites merge and markers are applied. */
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
  details?: string[];
}

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

export interface RiskInput {
  readonly base: OutputFolder;
  readonly head: OutputFolder;
  readonly stacks: readonly StackReview[];
  /** Findings of `samdrift check` on the head; only those of tenants in the change (or of no tenant) become flags. */
  readonly findings?: readonly ReviewFinding[];
  readonly mirrors?: readonly MirrorCheck[];
  /** The two outputs' fees records (output/fees.ts), for the fee flags. @default - no fee flags */
  readonly fees?: FeeSides;
  /**
   * The review's date (YYYY-MM-DD), that agreed exit dates are compared with.
   * @default - no date: every agreed exit is taken as not yet reached, so a removal is flagged as early
   */
  readonly today?: string;
}

/** A tenant's sites and samdrift block in one output. */
export interface TenantSites {
  readonly sites: readonly string[];
  readonly meta?: TenantMeta;
}

/** What every kind is given: the review, and what is derived from it once. */
export interface FlagContext {
  readonly input: RiskInput;
  readonly baseTenants: ReadonlyMap<string, TenantSites>;
  readonly headTenants: ReadonlyMap<string, TenantSites>;
  /** Tenants with a stack in the change. */
  readonly changedTenants: ReadonlySet<string>;
  /** `tenant@site` stacks a tenant-wide or site-wide flag covers: their destroys are not flagged one by one. */
  readonly coveredStacks: ReadonlySet<string>;
}

export interface FlagDef {
  /** Stable id; approval markers, the JSON output and CI scripts refer to it, so it never changes meaning. */
  readonly kind: FlagKind;
  /** The level of its flags; `decision or attention` for a kind whose flags have either (policy-finding). */
  readonly level: FlagLevel | "decision or attention";
  /** The marker kind (model/approvals.ts) that approves its flags. @default - no marker approves it */
  readonly approval?: ApprovalKind;
  /** For people: what the marker names or where it is read, or what to do when no marker can. @default - nothing to add */
  readonly approvalNote?: string;
  /** Its flags come before every other flag, whatever their level. @default false */
  readonly urgent?: boolean;
  /** When the flag is raised, as one line. */
  readonly title: string;
  /** Why it matters, for docs/review.md. */
  readonly explanation: string;
  /** Its drafts in a review (plan-incomplete is raised by plan-summary.ts, and drafts none here). */
  drafts(ctx: FlagContext): Draft[];
}
