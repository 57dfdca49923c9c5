/**
 * `samdrift plan-summary PLAN.json... [--format markdown|json] [--strict]`: summarizes the output of
 * `terraform show -json PLANFILE` for one or more stacks, in the format of `samdrift review`, grouped by
 * tenant and site. Values Terraform marks sensitive are never printed. See docs/review.md.
 *
 * Exit codes: 0 summarized, 1 error; with `--strict`, 2 when a risk flag needs a decision (a namespace or
 * Vault mount destroyed or replaced), since a plan carries no approval markers.
 */
import { resolve } from "node:path";
import type { CliIo, Command } from "./io.js";
import { EXIT } from "./io.js";
import { parse, usage, type CommandSpec, type Flags } from "./args.js";
import { displayPath } from "./inputs.js";
import { SamdriftError, formatProblem } from "../model/errors.js";
import { summarizePlans } from "../review/plan-summary.js";
import { renderJson, renderMarkdown } from "../review/render.js";
import { readJsonFile } from "./review.js";

const SPEC = {
  name: "plan-summary",
  usage: "PLAN.json... [flags]",
  positionals: true,
  flags: {
    format: { type: "string", value: "FORMAT", help: "markdown, json (default: markdown)" },
    strict: { type: "boolean", help: "exit 2 when a risk flag needs a decision (default: off)" },
  },
} as const satisfies CommandSpec<Flags>;

export const planSummary: Command = async (args, io: CliIo) => {
  try {
    const { values, positionals } = parse(SPEC, args);
    if (positionals.length === 0) {
      throw usage("plan-summary: name one or more plan JSON files (`terraform show -json PLANFILE > plan.json`)");
    }
    const format = values.format ?? "markdown";
    if (format !== "markdown" && format !== "json") throw usage(`plan-summary: --format ${format} is not known; use markdown (default) or json`);
    const plans = positionals.map((p) => {
      const absolute = resolve(io.cwd, p);
      return { name: displayPath(io.cwd, absolute), json: readJsonFile(io.cwd, absolute) };
    });
    const report = summarizePlans(plans);
    io.out(format === "json" ? renderJson(report) : renderMarkdown(report, { fullCommand: "`samdrift plan-summary --format json`" }));
    return values.strict && report.decisionNeeded ? EXIT.decisionNeeded : EXIT.ok;
  } catch (e) {
    if (!(e instanceof SamdriftError)) throw e;
    for (const p of e.problems) io.err(`${p.code === "USAGE" ? `samdrift ${p.message}` : formatProblem(p)}\n`);
    return EXIT.error;
  }
};
