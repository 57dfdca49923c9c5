/**
 * The shape of a policy rule and what it is given. A rule is a pure function from a {@link RuleContext} to
 * findings: it reads no files, no clock and no environment; the runner (run.ts) supplies all of that and
 * decides what a finding means (disabled packs, exceptions, blocking). See docs/policies.md.
 */
import type { Finding, Severity } from "./finding.js";
import type { Model } from "../model/model.js";
import type { SynthOutput } from "../output/read.js";
import type { Thresholds } from "./thresholds.js";

/** The packs, in report order. A supplier turns a pack off with `policy.disabledPacks` in suppliers.yaml. */
export const PACK_IDS = [
  "admission", "security-level", "mirroring", "exposure", "agreement",
  "capacity", "aggregation", "connections", "hygiene", "isolation-baseline",
  // Arrangement packs: each judges the tenants of suppliers of one arrangement only (policies/arrangement.ts).
  "swedish-ordinance", "municipal-federation", "danish-municipal",
  "finance",
] as const;
export type PackId = (typeof PACK_IDS)[number];

/**
 * Packs no supplier may turn off: who may connect is the law (the classified-information rules, and each
 * arrangement's own: the ordinance, municipal law, Danish and EU law), exceptions must stay honest, and
 * tenant isolation is a legal requirement, not a nicety.
 */
export const MANDATORY_PACKS: ReadonlySet<PackId> = new Set<PackId>([
  "admission", "hygiene", "isolation-baseline",
  // The arrangement packs carry each arrangement's law.
  "swedish-ordinance", "municipal-federation", "danish-municipal",
]);

/** A finding as a rule returns it: the shared {@link Finding} plus the supplier whose settings govern it. */
export interface RuleFinding extends Finding {
  /** Supplier whose `policy.disabledPacks` applies: the tenant's, the site's, or the supplier the finding is about. */
  readonly supplier: string;
}

/** What the runner tells rules about the rule registry (rules cannot import it without a cycle). */
export interface RuleInfo {
  readonly id: string;
  readonly pack: PackId;
  readonly exceptable: boolean;
  readonly exceptionNames?: "peer";
}

export interface RuleContext {
  /** The validated model: catalogue and every tenant, in every phase. */
  readonly model: Model;
  /** The date rules judge expiry against, `YYYY-MM-DD`. */
  readonly today: string;
  /** Thresholds of a supplier, with samdrift's defaults where the catalogue sets none (thresholds.ts). */
  thresholds(supplier: string): Thresholds;
  /**
   * The synthesized output (cdk.tf.json of every stack), for the rules that judge what will really be
   * deployed. @default - absent: output rules find nothing and the report says the baseline was not checked
   */
  readonly output?: SynthOutput;
  /** Every rule of the registry, for rules about references to rules (exceptions). */
  readonly rules: readonly RuleInfo[];
  /**
   * What another rule of the registry finds in this context (each rule runs once per context), for rules
   * about what exceptions excuse. Unknown ids find nothing.
   */
  findingsOf(rule: string): readonly RuleFinding[];
}

export interface Rule {
  /** Stable id, `PACK-NNN`; exceptions and suppressions refer to it, so it never changes meaning. */
  readonly id: string;
  readonly pack: PackId;
  /** `error` blocks synth and fails check (unless excepted); `warning` is reported. */
  readonly severity: Severity;
  /** What the rule checks, as a short sentence. */
  readonly title: string;
  /** Why the rule exists: the legal or operational reason, for the report and docs/policies.md. */
  readonly explanation: string;
  /**
   * Whether an exception in the tenant file may excuse a finding. Hard rules (the law, isolation, the
   * exception rules themselves) are not exceptable: the fix is a change to the file or the catalogue.
   */
  readonly exceptable: boolean;
  /**
   * What an exception for this rule must name: `peer` for rules about a flow between two tenants, so that
   * an exception accepted for one peer never excuses a finding about another. @default - nothing
   */
  readonly exceptionNames?: "peer";
  check(ctx: RuleContext): RuleFinding[];
}
