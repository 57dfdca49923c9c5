/**
 * The e2e report (`--report FILE`) and its human summary. Every check counts or names what failed; what
 * could not run says `skipped: <why>`, never a silent pass.
 */
import { emptyVaultCheck, type VaultCheck } from "./vault-check.js";

export interface StackResult {
  id: string;
  applied: boolean;
  /** A second plan after the apply changed nothing. */
  replanEmpty: boolean;
  seconds: number;
  /** What the second plan would still change, or why the stack failed. */
  changes?: string[];
  error?: string;
}

export interface Guard {
  name: string;
  ok: boolean;
  detail: string;
}

export interface PieceVersion {
  name: string;
  module: string;
  version: string;
  wanted?: string | undefined;
  licence: string;
  why: string;
  built: boolean;
  seconds: number;
}

export interface Report {
  stacks: StackResult[];
  vault: VaultCheck;
  kubernetes: { objects: number; missing: string[] };
  guards: Guard[];
  plans: { files: number; summaryExit: number | null; missingFromSummary: string[] };
  versions: { terraform: string; go: string; pieces: PieceVersion[]; providers: { type: string; pinned: string; ran: string }[] };
  skipped: string[];
  errors: string[];
  seconds: number;
  piecesSeconds: number;
}

export interface ReportPieces {
  readonly bin: Readonly<Record<string, string>>;
  readonly mirror: string;
  readonly terraform: { readonly path: string; readonly version: string };
  readonly go: string;
  readonly versions: readonly PieceVersion[];
}

export function emptyReport(pieces: ReportPieces): Report {
  return {
    stacks: [],
    vault: emptyVaultCheck(),
    kubernetes: { objects: 0, missing: [] },
    guards: [],
    plans: { files: 0, summaryExit: null, missingFromSummary: [] },
    versions: { terraform: pieces.terraform.version, go: pieces.go, pieces: [...pieces.versions], providers: [] },
    skipped: [],
    errors: [],
    seconds: 0,
    piecesSeconds: 0,
  };
}

/** Whether anything failed. */
export function reportFailed(r: Report): boolean {
  return (
    r.errors.length > 0 ||
    r.stacks.length === 0 ||
    r.stacks.some((s) => !s.applied || !s.replanEmpty) ||
    r.kubernetes.missing.length > 0 ||
    r.vault.missing.length > 0 ||
    r.vault.isolation.length > 0 ||
    r.vault.disagreements.length > 0 ||
    r.guards.some((g) => !g.ok) ||
    r.plans.summaryExit !== 0 ||
    r.plans.missingFromSummary.length > 0
  );
}

const list = (items: readonly string[], max = 20): string =>
  items.slice(0, max).map((i) => `    - ${i}\n`).join("") + (items.length > max ? `    - ... and ${items.length - max} more (see the report)\n` : "");

const firstLines = (text: string, n: number): string => text.split("\n").filter((l) => l.trim() !== "").slice(0, n).join("\n      ");

export function printSummary(r: Report, out: (s: string) => void): void {
  const applied = r.stacks.filter((s) => s.applied).length;
  const settled = r.stacks.filter((s) => s.replanEmpty).length;
  out(`\nsamdrift e2e: ${reportFailed(r) ? "FAILED" : "passed"} in ${r.seconds.toFixed(0)} s (pieces ${r.piecesSeconds.toFixed(1)} s)\n`);
  out(`  stacks:      ${applied}/${r.stacks.length} applied, ${settled}/${r.stacks.length} settled (second plan empty)\n`);
  for (const s of r.stacks.filter((x) => !x.applied || !x.replanEmpty)) out(`    - ${s.id}: ${s.error ? firstLines(s.error, 6) : `the second plan still changes ${(s.changes ?? []).join(", ")}`}\n`);
  out(`  kubernetes:  ${r.kubernetes.objects} objects checked, ${r.kubernetes.missing.length} missing or different\n${list(r.kubernetes.missing)}`);
  out(`  vault:       ${r.vault.objects} objects, ${r.vault.missing.length} missing; ${r.vault.probes} workload logins and probes, ${r.vault.isolation.length} isolation failures\n`);
  out(`               ${r.vault.capabilityPairs} (policy, path) capabilities compared with analysis/, ${r.vault.disagreements.length} disagreements\n`);
  out(list(r.vault.missing) + list(r.vault.isolation));
  out(list(r.vault.disagreements.map((d) => `${d.site} ${d.policy} ${d.path}: Vault ${JSON.stringify(d.vault)}, analysis ${JSON.stringify(d.analysis)}`)));
  out(`  plans:       ${r.plans.files} real plans, plan-summary exit ${r.plans.summaryExit ?? "not run"}\n${list(r.plans.missingFromSummary)}`);
  out(`  guards:\n${r.guards.map((g) => `    ${g.ok ? "ok  " : "FAIL"} ${g.name}: ${g.detail}\n`).join("")}`);
  out(`  deploy tool: ${r.versions.terraform}\n`);
  for (const p of r.versions.providers) out(`  provider:    hashicorp/${p.type} pinned ${p.pinned}, ran ${p.ran}\n`);
  if (r.skipped.length > 0) out(`  skipped:\n${list(r.skipped)}`);
  if (r.errors.length > 0) out(`  errors:\n${list(r.errors)}`);
  const t = tally(r);
  out(`e2e: ${t.passed} passed, ${t.failed} failed${r.skipped.length > 0 ? `, ${r.skipped.length} skipped` : ""}\n`);
}

/** One count per stack (applied and settled), per check family and per guard; each error fails. */
export function tally(r: Report): { passed: number; failed: number } {
  const results = [
    ...r.stacks.map((s) => s.applied && s.replanEmpty),
    r.kubernetes.objects > 0 && r.kubernetes.missing.length === 0,
    r.vault.objects > 0 && r.vault.missing.length === 0,
    r.vault.probes > 0 && r.vault.isolation.length === 0,
    r.vault.capabilityPairs > 0 && r.vault.disagreements.length === 0,
    r.plans.summaryExit === 0 && r.plans.missingFromSummary.length === 0,
    ...r.guards.map((g) => g.ok),
    ...r.errors.map(() => false),
  ];
  return { passed: results.filter(Boolean).length, failed: results.filter((x) => !x).length };
}
