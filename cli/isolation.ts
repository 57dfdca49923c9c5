/**
 * `samdrift isolation [--out DIR] [--format markdown|json]`: proves, from a synthesized output folder, what
 * each tenant can reach and read, prints the per-site matrix on stdout and every undeclared access as a
 * finding on stderr. Exit 1 when there is any undeclared access (or the folder cannot be read), else 0.
 * See docs/isolation.md.
 */
import { resolve } from "node:path";
import type { CliIo, Command } from "./io.js";
import { EXIT } from "./io.js";
import { CACHE_FLAG, parse, usage, type CommandSpec, type Flags } from "./args.js";
import { chosenCacheDir } from "./cache.js";
import { proveWithCache } from "./proof.js";
import { displayPath } from "./inputs.js";
import { refusePartial } from "./partial-output.js";
import type { Finding } from "../policies/finding.js";
import type { SynthOutput } from "../output/read.js";
import { readOutputFolder } from "./output.js";
import { renderMatrixJson, renderMatrixMarkdown, type IsolationMatrix } from "../analysis/matrix.js";
import { NetworkAnalysisError } from "../analysis/netpol.js";
import { formatFinding } from "../policies/report.js";

/**
 * Reads `<outDir>/manifest.json` and every stack it lists (cli/output.ts). File paths in the result (and so
 * in findings) are relative to `cwd`. Throws {@link SamdriftError} (code FILE_UNREADABLE or INVALID_FIELD)
 * with the file when something is missing or is not what `samdrift synth` writes.
 */
export function readSynthOutput(outDir: string, cwd: string, options: { readonly digests?: boolean } = {}): SynthOutput {
  const dir = resolve(cwd, outDir);
  const shown = (p: string) => displayPath(cwd, p) || p;
  refusePartial(dir, shown(dir), "the output");
  return readOutputFolder(dir, { shown, manifestHint: "; run samdrift synth first, or pass --out with the folder synth wrote", digests: options.digests === true });
}

const SPEC = {
  name: "isolation",
  flags: {
    out: { type: "string", value: "DIR", help: "the synth output folder to prove (default: $CDKTF_OUTDIR, else cdktf.out)" },
    format: { type: "string", value: "FORMAT", help: "matrix format: markdown, json (default: markdown)" },
    ...CACHE_FLAG,
  },
} as const satisfies CommandSpec<Flags>;

export const isolation: Command = async (args, io: CliIo) => {
  const { values } = parse(SPEC, args);
  const format = values.format ?? "markdown";
  if (format !== "markdown" && format !== "json") throw usage(`isolation: --format is "${format}"; use markdown or json`);
  const cache = chosenCacheDir(io, { noCache: values["no-cache"] === true, inside: [] });
  const output = readSynthOutput(values.out ?? io.env.CDKTF_OUTDIR ?? "cdktf.out", io.cwd, { digests: cache !== undefined });
  let result: { matrix: IsolationMatrix; findings: Finding[] };
  try {
    result = proveWithCache(output, cache);
  } catch (e) {
    if (!(e instanceof NetworkAnalysisError)) throw e;
    io.err(`samdrift isolation: ${e.message}\n`);
    return EXIT.error;
  }
  io.out(format === "json" ? renderMatrixJson(result.matrix) : renderMatrixMarkdown(result.matrix));
  for (const f of result.findings) io.err(`${formatFinding(f)}\n`);
  if (result.findings.length > 0) {
    const sites = Object.keys(result.matrix.sites).length;
    io.err(`samdrift isolation: ${result.findings.length} undeclared access${result.findings.length === 1 ? "" : "es"} across ${sites} site${sites === 1 ? "" : "s"}\n`);
    return EXIT.error;
  }
  return EXIT.ok;
};
