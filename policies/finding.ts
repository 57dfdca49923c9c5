/**
 * A finding of a rule: what `check` prints, what `synth` refuses on (severity `error`), and what `review`
 * shows as a risk flag. Shared by the model rules in this folder and the isolation analysis in analysis/.
 */
import { byAll, byKey, byNumber } from "../lib/sort.js";

export type Severity = "error" | "warning";

export interface Finding {
  /** Stable rule id, e.g. `SEC-001`. */
  readonly rule: string;
  readonly severity: Severity;
  /** Tenant id, or `""` for findings about the catalogue or a whole site. */
  readonly tenant: string;
  /** File the finding points at (relative path), or the synthesized stack file for output rules. */
  readonly file: string;
  readonly line: number;
  /** Column of the field on its line. @default 1 (a resource or a whole stack) */
  readonly col?: number;
  /** Dotted field path in that file, or the Terraform resource address for output rules. */
  readonly field: string;
  /** One line naming the tenant, file and field, and what is wrong. */
  readonly message: string;
  /**
   * The other tenant the finding is about, when one is (a connection's peer): an exception for a rule
   * that names its peer excuses only findings about that peer, and `--only` keeps a finding that involves
   * a selected tenant on either side, whichever file it is filed on.
   */
  readonly peer?: string;
}

/** The one order of findings, wherever they are printed: by file, line, rule and message (code-unit order). */
export const compareFindings: (a: Finding, b: Finding) => number = byAll(
  byKey((f: Finding) => f.file),
  byNumber((f: Finding) => f.line),
  byKey((f: Finding) => f.rule),
  byKey((f: Finding) => f.message),
);
