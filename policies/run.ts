/**
 * The policy runner: applies every pack to a model (and, when given, to its synthesized output), honours
 * each supplier's disabled packs, and lets active exceptions excuse findings. Rules know nothing of this;
 * the engine can change without touching a rule.
 */
import type { Model } from "../model/model.js";
import { compareFindings, type Finding } from "./finding.js";
import type { Rule, RuleContext, RuleFinding, RuleInfo } from "./types.js";
import { MANDATORY_PACKS } from "./types.js";
import type { SynthOutput } from "../output/read.js";
import { PACKS, type Pack } from "./packs.js";
import { resolveThresholds, type Thresholds } from "./thresholds.js";
import { exceptionStatus, type TenantException } from "./exceptions.js";

/** An exception of a tenant file that counts (exceptions.ts), with what it excuses. */
export interface ActiveException extends TenantException {
  readonly tenant: string;
  readonly file: string;
  readonly line: number;
  /** How many findings of this run it excuses (0: the exception may be stale). */
  readonly excuses: number;
}

export interface CheckedFinding extends Finding {
  /** Whether the rule allows an exception (rules/*.ts `exceptable`). @default false (the isolation proof's findings) */
  readonly exceptable?: boolean;
  /** The exception excusing this finding; an excused error does not block. */
  readonly exceptedBy?: { readonly ref: string; readonly expires: string; readonly line: number };
}

export interface PolicySummary {
  readonly errors: number;
  readonly warnings: number;
  /** Findings excused by an exception (errors and warnings). */
  readonly excepted: number;
  /** Errors not excused: any of these fails check and refuses synth. */
  readonly blocking: number;
  readonly activeExceptions: number;
  /** Whether the isolation-baseline pack had synthesized output to judge. */
  readonly outputChecked: boolean;
}

export interface PolicyResult {
  /** Every finding, sorted by file, line and rule. */
  readonly findings: readonly CheckedFinding[];
  /** Errors that are not excused. */
  readonly blocking: readonly CheckedFinding[];
  readonly exceptions: readonly ActiveException[];
  readonly summary: PolicySummary;
}

export interface RunOptions {
  /** The date exceptions are judged against, `YYYY-MM-DD`. */
  readonly today: string;
  /** Synthesized output for the isolation-baseline pack. @default - not checked (the summary says so) */
  readonly output?: SynthOutput;
  /** Packs to run. @default PACKS */
  readonly packs?: readonly Pack[];
  /**
   * Findings of analyses that run outside the packs (the isolation proof of analysis/), reported and
   * blocking like the packs' own. No exception excuses them: their rules are not in any pack.
   * @default - none
   */
  readonly external?: readonly Finding[];
}

/**
 * The context every rule of `packs` is given: the model, the date, thresholds resolved per supplier
 * (cached) and the output. Exported so that tests call a single rule exactly as the runner does.
 */
export function createRuleContext(model: Model, options: Pick<RunOptions, "today" | "output">, packs: readonly Pack[] = PACKS): RuleContext {
  const thresholdCache = new Map<string, Thresholds>();
  const registry = new Map(packs.flatMap((p) => p.rules.map((r) => [r.id, r] as const)));
  const findingCache = new Map<string, readonly RuleFinding[]>();
  const ctx: RuleContext = {
    model,
    today: options.today,
    rules: packs.flatMap((p) => p.rules.map((r): RuleInfo => ({ id: r.id, pack: r.pack, exceptable: r.exceptable, ...(r.exceptionNames ? { exceptionNames: r.exceptionNames } : {}) }))),
    thresholds: (supplier) => {
      let t = thresholdCache.get(supplier);
      if (!t) thresholdCache.set(supplier, (t = resolveThresholds(model.catalogue.suppliers.get(supplier))));
      return t;
    },
    findingsOf: (id) => {
      let found = findingCache.get(id);
      if (!found) findingCache.set(id, (found = registry.get(id)?.check(ctx) ?? []));
      return found;
    },
    ...(options.output ? { output: options.output } : {}),
  };
  return ctx;
}

/** Runs every pack and returns findings, the blocking ones, and the active exceptions. */
export function runPolicies(model: Model, options: RunOptions): PolicyResult {
  const packs = options.packs ?? PACKS;
  const ctx = createRuleContext(model, options, packs);
  const rules = ctx.rules;

  const raw: [Rule, RuleFinding][] = packs.flatMap((p) => p.rules.flatMap((rule) => ctx.findingsOf(rule.id).map((f) => [rule, f] as [Rule, RuleFinding])));
  const enabled = raw.filter(([rule, f]) => !isDisabled(model, rule, f));

  const exceptions = model.tenants.flatMap((entry) =>
    entry.tenant.exceptions.flatMap((ex, i) =>
      exceptionStatus(ex, options.today, rules) === "active"
        ? [{ ...ex, tenant: entry.tenant.id, file: entry.source.file, line: entry.source.locate(["exceptions", i]).line }]
        : [],
    ),
  );
  const excuses = new Map<(typeof exceptions)[number], number>();
  // Exceptions by what they excuse: one tenant's rule, and for rules about flows, one peer.
  const scopeOf = (rule: Pick<Rule, "exceptionNames">, tenant: string, ruleId: string, peer: string | undefined) =>
    `${tenant}\u0000${ruleId}\u0000${rule.exceptionNames === "peer" ? (peer ?? "") : ""}`;
  const byScope = new Map<string, (typeof exceptions)[number]>();
  for (const e of exceptions) {
    const rule = rules.find((r) => r.id === e.rule);
    const key = scopeOf(rule ?? {}, e.tenant, e.rule, e.peer);
    if (!byScope.has(key)) byScope.set(key, e);
  }
  const findings: CheckedFinding[] = enabled.map(([rule, f]) => {
    const finding: CheckedFinding = { ...toFinding(f), exceptable: rule.exceptable };
    const ex = rule.exceptable && f.tenant !== "" ? byScope.get(scopeOf(rule, f.tenant, f.rule, f.peer)) : undefined;
    if (!ex) return finding;
    excuses.set(ex, (excuses.get(ex) ?? 0) + 1);
    return { ...finding, exceptedBy: { ref: ex.ref, expires: ex.expires, line: ex.line } };
  });
  findings.push(...(options.external ?? []));
  findings.sort(compareFindings);
  const active: ActiveException[] = exceptions.map((e) => ({ ...e, excuses: excuses.get(e) ?? 0 }));
  return result(findings, active, options.output !== undefined);
}

function result(findings: readonly CheckedFinding[], exceptions: readonly ActiveException[], outputChecked: boolean): PolicyResult {
  const blocking = findings.filter((f) => f.severity === "error" && !f.exceptedBy);
  return {
    findings,
    blocking,
    exceptions,
    summary: {
      errors: findings.filter((f) => f.severity === "error").length,
      warnings: findings.filter((f) => f.severity === "warning").length,
      excepted: findings.filter((f) => f.exceptedBy).length,
      blocking: blocking.length,
      activeExceptions: exceptions.length,
      outputChecked,
    },
  };
}

/** A pack a supplier turned off drops its findings for that supplier; mandatory packs cannot be turned off. */
function isDisabled(model: Model, rule: Rule, finding: RuleFinding): boolean {
  if (MANDATORY_PACKS.has(rule.pack)) return false;
  return model.catalogue.suppliers.get(finding.supplier)?.policy.disabledPacks.includes(rule.pack) ?? false;
}

/** The shared Finding fields only: the supplier is the runner's business, not the report's. */
const toFinding = (f: RuleFinding): Finding => ({
  rule: f.rule, severity: f.severity, tenant: f.tenant, file: f.file, line: f.line, ...(f.col !== undefined ? { col: f.col } : {}), field: f.field, message: f.message,
  ...(f.peer !== undefined ? { peer: f.peer } : {}),
});

/**
 * The result as seen by a run limited to some tenants (`--only`): the findings they cause, by cause, not
 * by the file a finding is filed on: those of their files, those about them as a peer (a write-down filed
 * on the higher-level tenant when the lower one changed), and those about the catalogue and sites (tenant
 * `""`), which every run must see; and their exceptions.
 */
export function restrictToTenants(r: PolicyResult, tenants: readonly string[]): PolicyResult {
  const selected = new Set(tenants);
  return result(
    r.findings.filter((f) => f.tenant === "" || selected.has(f.tenant) || (f.peer !== undefined && selected.has(f.peer))),
    r.exceptions.filter((e) => tenants.includes(e.tenant)),
    r.summary.outputChecked,
  );
}
