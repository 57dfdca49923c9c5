/**
 * `samdrift report --year YYYY [--out report.html] [--json report.json]`: the annual report on coordinated
 * IT operations (§18) as one self-contained HTML file, and its JSON twin with the same numbers. The
 * isolation proof runs as in `check`: on a synthesized temporary output, or on `--synth-out DIR`. See
 * docs/report.md.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "./io.js";
import { EXIT } from "./io.js";
import { CACHE_FLAG, INPUT_FLAGS, TODAY_FLAG, parse, todayOf, usage, type CommandSpec, type Flags } from "./args.js";
import { reportProblems } from "./report.js";
import { displayPath, inputFolders, loadModel } from "./inputs.js";
import { readOutput, synthesizeOutput } from "./check.js";
import { runPolicies } from "../policies/run.js";
import { chosenCacheDir } from "./cache.js";
import { buildAnnualReport } from "../report/build.js";
import { renderReportHtml } from "../report/html.js";

const { tenants, catalogue } = INPUT_FLAGS;

const SPEC = {
  name: "report",
  usage: "--year YYYY [flags]",
  flags: {
    tenants,
    catalogue,
    year: { type: "string", value: "YYYY", help: "the calendar year reported on (required)" },
    out: { type: "string", value: "FILE", help: "the HTML report (default: report.html)" },
    json: { type: "string", value: "FILE", help: "also write the JSON twin, with the same numbers (default: none)" },
    "synth-out": { type: "string", value: "DIR", help: "run the isolation proof on this synth output folder (default: synthesize into a temporary folder, as check does)" },
    ...TODAY_FLAG,
    ...CACHE_FLAG,
  },
} as const satisfies CommandSpec<Flags>;

export const annualReport: Command = async (args, io) => {
  const { values } = parse(SPEC, args);
  if (values.year === undefined) throw usage("report: --year is required, e.g. --year 2026");
  if (!/^(19|20|21)[0-9]{2}$/.test(values.year)) throw usage(`report: --year must be a year written YYYY, not "${values.year}"`);
  const year = Number(values.year);
  const today = todayOf("report", values.today);
  // The state at the end of the year, or today for the year still running.
  const date = today < `${year}-12-31` ? today : `${year}-12-31`;

  const cache = chosenCacheDir(io, { noCache: values["no-cache"] === true, inside: inputFolders(io.cwd, values) });
  const loaded = loadModel(io.cwd, { catalogueDir: values.catalogue, tenantsDir: values.tenants }, cache);
  if (!loaded.ok) return reportProblems(io, loaded.problems, "report", "the report is written once the files are valid.");
  const model = loaded.value;
  const { output, external, matrix } =
    values["synth-out"] !== undefined ? readOutput(io, resolve(io.cwd, values["synth-out"]), cache) : await synthesizeOutput(io, model, cache);
  const policy = runPolicies(model, { today, output, external });
  const report = buildAnnualReport({ model, year, date, output, matrix, proofFindings: external, policy });

  const out = resolve(io.cwd, values.out ?? "report.html");
  writeFileSync(out, renderReportHtml(report));
  io.err(`samdrift report: wrote ${displayPath(io.cwd, out)}\n`);
  if (values.json !== undefined) {
    const json = resolve(io.cwd, values.json);
    writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
    io.err(`samdrift report: wrote ${displayPath(io.cwd, json)}\n`);
  }
  return EXIT.ok;
};
