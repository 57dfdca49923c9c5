/**
 * `npm run e2e`: deploys the example for real and proves what a platform engineer would check after the
 * first deploy. See e2e/README.md.
 *
 *   npm run e2e [-- --report FILE] [--keep] [--save-plans DIR]
 *
 * Outside: gets the real pieces (built once, cached), then runs itself again inside fresh mount, network
 * and PID namespaces (`unshare`), so that every server is on a loopback of its own, the catalogue's host
 * names resolve there only, and the kernel ends every process of the run when it ends, however it ends.
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { cacheRoot, ensurePieces, type Pieces } from "./build.js";
import { runInside, type InsideOptions } from "./deploy.js";
import { emptyReport, printSummary, reportFailed, type Report } from "./report.js";

const REPO = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const log = (line: string) => process.stderr.write(`e2e: ${line}\n`);

interface Args {
  report?: string;
  keep: boolean;
  savePlans?: string;
  inside?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--report") args.report = value();
    else if (a === "--keep") args.keep = true;
    else if (a === "--save-plans") args.savePlans = value();
    else if (a === "--inside") args.inside = value();
    else throw new Error(`unknown flag ${a}; usage: npm run e2e [-- --report FILE] [--keep] [--save-plans DIR]`);
  }
  return args;
}

async function outside(args: Args): Promise<number> {
  const started = Date.now();
  const root = cacheRoot(process.env);
  log(`pieces cache: ${root}`);
  const pieces = ensurePieces(root, process.env, log);
  const piecesSeconds = (Date.now() - started) / 1000;
  log(`pieces ready in ${piecesSeconds.toFixed(1)} s`);
  const work = mkdtempSync(join(tmpdir(), "samdrift-e2e-"));
  const options: InsideOptions = {
    repo: REPO,
    work,
    pieces: serialisable(pieces),
    piecesSeconds,
    ...(args.savePlans ? { savePlans: args.savePlans } : {}),
  };
  writeFileSync(join(work, "options.json"), JSON.stringify(options));
  const reportFile = join(work, "report.json");
  try {
    const r = spawnSync(
      "unshare",
      ["--mount", "--net", "--pid", "--fork", "--kill-child", "--", process.execPath, join(REPO, "node_modules/tsx/dist/cli.mjs"), join(REPO, "e2e/main.ts"), "--inside", join(work, "options.json")],
      { stdio: "inherit", env: process.env },
    );
    if (r.error) throw new Error(`unshare: ${r.error.message} (the e2e needs root, or user namespaces, for its own network and mount namespaces)`);
    const report: Report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, "utf8")) as Report) : failedToStart(pieces, r.status);
    report.seconds = (Date.now() - started) / 1000;
    if (args.report) writeFileSync(args.report, `${JSON.stringify(report, null, 2)}\n`);
    printSummary(report, (s) => process.stdout.write(s));
    return reportFailed(report) || r.status !== 0 ? 1 : 0;
  } finally {
    if (args.keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

function failedToStart(pieces: Pieces, status: number | null): Report {
  const report = emptyReport(serialisable(pieces));
  report.errors.push(`the run inside the namespaces ended (exit ${status ?? "signal"}) before writing its report; its log is above`);
  return report;
}

/** The parts of Pieces that cross into the inner process (no functions). */
function serialisable(p: Pieces): InsideOptions["pieces"] {
  const bin: Record<string, string> = {};
  for (const b of p.pieces) Object.assign(bin, b.bin);
  return {
    bin,
    mirror: p.mirror,
    terraform: p.terraform,
    go: p.go,
    versions: p.pieces.map((b) => ({ name: b.piece.name, module: b.piece.versionOf, version: b.version, wanted: b.piece.wanted, licence: b.piece.licence, why: b.piece.why, built: b.built, seconds: b.seconds })),
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.inside) return runInside(JSON.parse(readFileSync(args.inside, "utf8")) as InsideOptions, log);
  return outside(args);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    log(`failed: ${(e as Error).message}`);
    process.exitCode = 1;
  },
);
