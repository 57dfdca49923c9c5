/**
 * `samdrift check`: runs every policy pack over the tenant and catalogue files and prints a report.
 *
 * The isolation-baseline pack judges what would really be deployed: check synthesizes the model into a
 * temporary folder (removed afterwards) and reads it back, or reads an existing output folder given with
 * `--out` (the flag synth writes with; `--output` is the same). Exit code 1 when a model problem or a
 * blocking (error, not excepted) finding remains.
 *
 *   samdrift check [--tenants DIR] [--catalogue DIR] [--only T1,T2] [--format text|markdown|json]
 *                  [--today YYYY-MM-DD] [--out DIR]
 */
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import type { Command, CliIo } from "./io.js";
import { EXIT } from "./io.js";
import { CACHE_FLAG, INPUT_FLAGS, TODAY_FLAG, checkOnly, onlyList, parse, todayOf, usage, type CommandSpec, type Flags } from "./args.js";
import { reportProblems } from "./report.js";
import { displayPath, inputFolders, loadModel } from "./inputs.js";
import { refusePartial } from "./partial-output.js";
import type { Model } from "../model/model.js";
import { planModel } from "../model/plan.js";
import { synthesizeForCommand } from "./synth-cache.js";
import { runPolicies, restrictToTenants } from "../policies/run.js";
import type { SynthOutput } from "../output/read.js";
import { readOutputFolder } from "./output.js";
import { REPORT_FORMATS, formatReport, type ReportFormat } from "../policies/report.js";
import type { Finding } from "../policies/finding.js";
import { provenIsolation } from "./proof.js";
import { chosenCacheDir } from "./cache.js";
import type { IsolationMatrix } from "../analysis/matrix.js";

const SPEC = {
  name: "check",
  flags: {
    ...INPUT_FLAGS,
    format: { type: "string", value: "FORMAT", help: `report format: ${REPORT_FORMATS.join(", ")} (default: text)` },
    ...TODAY_FLAG,
    out: { type: "string", value: "DIR", help: "judge this synth output folder (default: synthesize into a temporary folder)" },
    output: { type: "string", value: "DIR", help: "older name of --out" },
    ...CACHE_FLAG,
  },
} as const satisfies CommandSpec<Flags>;

export const check: Command = async (args, io) => {
  const { values } = parse(SPEC, args);
  if (values.out !== undefined && values.output !== undefined) throw usage("check: give the output folder once, with --out (or its older name --output)");
  const outDir = values.out ?? values.output;
  const format = values.format ?? "text";
  if (!isReportFormat(format)) throw usage(`check: --format must be one of ${REPORT_FORMATS.join(", ")}, not "${format}"`);
  const today = todayOf("check", values.today);

  const cache = chosenCacheDir(io, { noCache: values["no-cache"] === true, inside: inputFolders(io.cwd, values) });
  const loaded = loadModel(io.cwd, { catalogueDir: values.catalogue, tenantsDir: values.tenants, baseTenantsDir: values["base-tenants"] }, cache);
  if (!loaded.ok) return reportProblems(io, loaded.problems, "check", "the policies run once the files are valid.");
  const model = loaded.value;
  const only = checkOnly("check", model, onlyList(values.only));

  // The isolation proof needs every stack (platform namespaces, both ends of a flow): synthesize the
  // whole model even with --only, and narrow the report afterwards.
  const { output, external } = outDir !== undefined ? readOutput(io, resolve(io.cwd, outDir), cache) : await synthesizeOutput(io, model, cache);
  const full = runPolicies(model, { today, output, external });
  const result = only ? restrictToTenants(full, only) : full;
  io.out(formatReport(format, model, result, only ? { tenants: only } : {}));
  return result.blocking.length > 0 ? EXIT.error : EXIT.ok;
};

const isReportFormat = (s: string): s is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(s);

export interface JudgedOutput {
  readonly output: SynthOutput;
  /** Findings of the isolation proof. */
  readonly external: readonly Finding[];
  /** The isolation matrix the proof computed. */
  readonly matrix: IsolationMatrix;
}

/**
 * Reads an existing output folder and proves it (kept site proofs from `cache` when set); findings point
 * at its files relative to the working directory.
 */
export function readOutput(io: CliIo, dir: string, cache: string | undefined): JudgedOutput {
  refusePartial(dir, displayPath(io.cwd, dir) || ".", "check: --out");
  if (!existsSync(join(dir, "stacks"))) throw usage(`check: --out ${displayPath(io.cwd, dir) || "."} holds no stacks/ folder; run samdrift synth first, or leave --out out`);
  const output = readOutputFolder(dir, { shown: (p) => displayPath(io.cwd, p), digests: cache !== undefined });
  return judged(output, cache);
}

function judged(output: SynthOutput, cache: string | undefined): JudgedOutput {
  const { matrix, findings } = provenIsolation("check", output, cache);
  return { output, external: findings, matrix };
}

/**
 * Synthesizes the model into a temporary folder, as `synth` does (stack cache and threads included), and
 * judges it in memory. Findings point at `stacks/<stack>/cdk.tf.json`, where `samdrift synth` writes the
 * same file below its output folder.
 */
export async function synthesizeOutput(io: CliIo, model: Model, cache: string | undefined): Promise<JudgedOutput> {
  const dir = mkdtempSync(join(tmpdir(), "samdrift-check-"));
  try {
    const { texts } = await synthesizeForCommand(io, { outdir: dir, plan: planModel(model), withSites: true, cache });
    const output = readOutputFolder(dir, { shown: (p) => relative(dir, p).split(sep).join("/"), texts, digests: cache !== undefined });
    return judged(output, cache);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
