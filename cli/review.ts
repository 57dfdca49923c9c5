/**
 * `samdrift review --base DIR --head DIR [--findings FILE] [--today YYYY-MM-DD] [--format markdown|json] [--affected]`:
 * what a pull request changes, per tenant and site, with risk flags first. Reads two synthesized output
 * folders (the base branch's and the pull request's); see docs/review.md.
 *
 * Exit codes: 0 clean (flags needing no decision may be present), 2 a risk flag needs a decision that no
 * approval marker gave, 1 error. With `--affected` it prints the ids of the stacks to deploy, one a line,
 * and exits 0 (1 on error).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CliIo, Command } from "./io.js";
import { EXIT } from "./io.js";
import { CACHE_FLAG, parse, todayOf, usage, type CommandSpec, type Flags } from "./args.js";
import { chosenCacheDir } from "./cache.js";
import { proveWithCache } from "./proof.js";
import { displayPath } from "./inputs.js";
import { refusePartial } from "./partial-output.js";
import { SamdriftError, formatProblem } from "../model/errors.js";
import type { ReviewFinding } from "../review/risk.js";
import { outputFolder, reviewStack, type OutputFolder } from "../review/stacks.js";
import type { SynthOutput } from "../output/read.js";
import { buildReview } from "../review/report.js";
import { renderJson, renderMarkdown } from "../review/render.js";
import { diffMatrices, type IsolationMatrix } from "../analysis/matrix.js";
import { NetworkAnalysisError } from "../analysis/netpol.js";
import { readFeesRecordFile, readOutputFolder } from "./output.js";

/** The isolation matrix of an output folder (analysis/), for the review's matrix changes; kept site proofs from `cache`. */
function matrixOf(output: SynthOutput, dir: string, cache: string | undefined): IsolationMatrix {
  try {
    return proveWithCache(output, cache).matrix;
  } catch (e) {
    if (e instanceof NetworkAnalysisError) throw usage(`review: the isolation matrix of ${dir} cannot be computed: ${e.message}`);
    throw e;
  }
}

const SPEC = {
  name: "review",
  usage: "--base DIR --head DIR [flags]",
  flags: {
    base: { type: "string", value: "DIR", help: "the base branch's synth output folder (required)" },
    head: { type: "string", value: "DIR", help: "the pull request's synth output folder (required)" },
    findings: { type: "string", value: "FILE", help: "`samdrift check --format json` output to show as risk flags (default: none)" },
    today: { type: "string", value: "YYYY-MM-DD", help: "date agreed exit dates are compared with (default: today, in UTC)" },
    format: { type: "string", value: "FORMAT", help: "markdown, json (default: markdown)" },
    affected: { type: "boolean", help: "print only the ids of the stacks to deploy, one a line (default: off)" },
    ...CACHE_FLAG,
  },
} as const satisfies CommandSpec<Flags>;

/** Reads a JSON file, with an error that names it (relative to `cwd`) when it is missing or not JSON. */
export function readJsonFile(cwd: string, absolute: string): unknown {
  const shown = displayPath(cwd, absolute) || ".";
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw fileProblem(shown, code === "ENOENT" ? "file not found" : `cannot read file (${code ?? "error"})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw fileProblem(shown, `not valid JSON: ${(e as Error).message.split("\n")[0]}`);
  }
}

const fileProblem = (file: string, message: string) =>
  new SamdriftError([{ code: "FILE_UNREADABLE", file, line: 1, col: 1, field: "", message }]);

/**
 * Reads a `cdktf.out` folder once (cli/output.ts): its manifest and every stack file the manifest lists.
 * Paths in errors are relative to `cwd`.
 */
function readReviewedOutput(cwd: string, dir: string, flag: string, cache: string | undefined): SynthOutput {
  const root = resolve(cwd, dir);
  const shown = displayPath(cwd, root) || ".";
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw usage(`review: ${flag} ${shown}: no such folder; pass the folder \`samdrift synth --out\` wrote (e.g. cdktf.out)`);
  }
  refusePartial(root, shown, `review: ${flag}`);
  const manifestPath = join(root, "manifest.json");
  if (!existsSync(manifestPath)) {
    throw usage(`review: ${flag} ${shown}: no manifest.json; is this a \`samdrift synth\` output folder?`);
  }
  return readOutputFolder(root, { shown: (p) => displayPath(cwd, p), digests: cache !== undefined });
}

/** The review's view of every stack of an output folder. */
const reviewFolder = (output: SynthOutput): OutputFolder => outputFolder(output.stacks.map(reviewStack));

/**
 * Reads `samdrift check --format json` output: `{ findings: Finding[], summary }`; a finding marked
 * `excepted` (an exception in the tenant file excuses it) keeps its exception's ref and expiry.
 */
export function readFindings(cwd: string, path: string): ReviewFinding[] {
  const absolute = resolve(cwd, path);
  const shown = displayPath(cwd, absolute);
  const json = readJsonFile(cwd, absolute);
  const list = typeof json === "object" && json !== null && !Array.isArray(json) ? (json as { findings?: unknown }).findings : undefined;
  if (!Array.isArray(list)) throw fileProblem(shown, "expected `samdrift check --format json` output: an object with a `findings` list");
  return list.map((f, i) => {
    const o = (typeof f === "object" && f !== null ? f : {}) as Record<string, unknown>;
    const s = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : undefined);
    const severity = s("severity");
    if (s("rule") === undefined || (severity !== "error" && severity !== "warning") || s("message") === undefined) {
      throw new SamdriftError([{ code: "INVALID_FIELD", file: shown, line: 1, col: 1, field: `findings.${i}`, message: "a finding needs `rule`, `severity` (error or warning) and `message`" }]);
    }
    const exception = typeof o.exception === "object" && o.exception !== null ? (o.exception as Record<string, unknown>) : undefined;
    const excepted = o.excepted === true || exception !== undefined;
    return {
      ...(excepted ? { exception: { ref: typeof exception?.ref === "string" ? exception.ref : "?", expires: typeof exception?.expires === "string" ? exception.expires : "?" } } : {}),
      rule: s("rule")!,
      severity,
      tenant: s("tenant") ?? "",
      file: s("file") ?? "",
      line: typeof o.line === "number" ? o.line : 1,
      field: s("field") ?? "",
      message: s("message")!,
      ...(s("peer") !== undefined ? { peer: s("peer")! } : {}),
      ...(o.exceptable === true ? { exceptable: true } : {}),
    };
  });
}

export const review: Command = async (args, io: CliIo) => {
  try {
    const { values } = parse(SPEC, args);
    if (values.base === undefined || values.head === undefined) {
      throw usage("review: needs --base DIR and --head DIR (the base branch's and the pull request's `samdrift synth` output)");
    }
    const format = values.format ?? "markdown";
    if (format !== "markdown" && format !== "json") throw usage(`review: --format ${format} is not known; use markdown (default) or json`);
    const today = todayOf("review", values.today);
    const cache = chosenCacheDir(io, { noCache: values["no-cache"] === true, inside: [] });
    const baseOutput = readReviewedOutput(io.cwd, values.base, "--base", cache);
    const headOutput = readReviewedOutput(io.cwd, values.head, "--head", cache);
    const base = reviewFolder(baseOutput);
    const head = reviewFolder(headOutput);
    const findings = values.findings === undefined ? undefined : readFindings(io.cwd, values.findings);
    const isolation = diffMatrices(matrixOf(baseOutput, values.base, cache), matrixOf(headOutput, values.head, cache));
    const shown = (p: string) => displayPath(io.cwd, p);
    const fees = { base: readFeesRecordFile(resolve(io.cwd, values.base), shown), head: readFeesRecordFile(resolve(io.cwd, values.head), shown) };
    const report = { ...buildReview(base, head, { today, ...(findings ? { findings } : {}), fees }), isolation };
    if (values.affected) {
      io.out(report.affected.map((id) => `${id}\n`).join(""));
      return EXIT.ok;
    }
    io.out(
      format === "json"
        ? renderJson(report)
        : renderMarkdown(report, { fullCommand: `\`samdrift review --base ${values.base} --head ${values.head} --format json\`` }),
    );
    return report.decisionNeeded ? EXIT.decisionNeeded : EXIT.ok;
  } catch (e) {
    if (!(e instanceof SamdriftError)) throw e;
    for (const p of e.problems) io.err(`${p.code === "USAGE" ? `samdrift ${p.message}` : formatProblem(p)}\n`);
    return EXIT.error;
  }
};
