#!/usr/bin/env node
/**
 * samdrift's command line: `samdrift <command> [flags]`. The only place that reads the process's
 * arguments, environment and clock; commands get them through CliIo.
 */
import type { CliIo, Command } from "./io.js";
import { EXIT } from "./io.js";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { HelpRequested } from "./args.js";
import { cacheTroubles } from "./cache.js";
import { SamdriftError, formatProblem } from "../model/errors.js";

const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<Command> }>> = {
  synth: { summary: "tenant and catalogue files to cdktf.out/ (all or nothing)", load: async () => (await import("./synth.js")).synth },
  check: { summary: "run the policy packs and print a report (text, markdown, json)", load: async () => (await import("./check.js")).check },
  isolation: { summary: "prove what each tenant can reach and read in cdktf.out/ (exit 1 on undeclared access)", load: async () => (await import("./isolation.js")).isolation },
  review: { summary: "what a pull request changes, per tenant and site, risk flags first", load: async () => (await import("./review.js")).review },
  "plan-summary": { summary: "summarize `terraform show -json` plans per tenant and site", load: async () => (await import("./plan-summary.js")).planSummary },
  fees: { summary: "what each tenant pays its supplier in a month, or yearly for years ahead (text, markdown, json, csv)", load: async () => (await import("./fees.js")).fees },
  register: { summary: "the supplier's register for the coordinating agency, or several suppliers' registers merged (json, csv, markdown)", load: async () => (await import("./register.js")).register },
  report: { summary: "the annual report (§18) as one self-contained HTML file, with a JSON twin", load: async () => (await import("./annual-report.js")).annualReport },
  "new-tenant": { summary: "scaffold tenants/<id>.yaml for a supplier, proposing sites", load: async () => (await import("./new-tenant.js")).newTenant },
  suspend: { summary: "cut a tenant off: write agreement.suspended in its file, comments kept", load: async () => (await import("./suspend.js")).suspend },
  resume: { summary: "lift a tenant's suspension: remove agreement.suspended from its file", load: async () => (await import("./suspend.js")).resume },
};

const HELP = `samdrift: onboard connecting organisations onto supplier sites by adding one file.

Usage: samdrift <command> [flags]
       samdrift <command> --help   a command's flags, with their defaults
       samdrift --version

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(13)} ${c.summary}`).join("\n")}
`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  // `samdrift help <command>` is `samdrift <command> --help`.
  const [name, ...args] = first === "help" && rest[0] !== undefined ? [rest[0], "--help"] : [first, ...rest];
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.out(HELP);
    return name === undefined ? EXIT.error : EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    io.out(`samdrift ${packageVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`samdrift: unknown command "${name}"; commands are: ${Object.keys(COMMANDS).join(", ")}\n`);
    return EXIT.error;
  }
  try {
    return await (await command.load())(args, io);
  } catch (e) {
    return failed(name, command, e, io);
  } finally {
    for (const line of cacheTroubles()) io.err(`${line}\n`);
  }
}

/** What `main` prints and returns when a command throws. */
function failed(name: string, command: (typeof COMMANDS)[string], e: unknown, io: CliIo): number {
  if (e instanceof HelpRequested) {
    io.out(`samdrift ${name}: ${command.summary}\n\n${e.text}`);
    return EXIT.ok;
  }
  if (e instanceof SamdriftError) {
    for (const p of e.problems) io.err(`${p.code === "USAGE" ? `samdrift ${p.message}` : formatProblem(p)}\n`);
    return EXIT.error;
  }
  // A bug of ours, not of the input: say so plainly; the trace only on request.
  io.err(`samdrift ${name}: internal error: ${(e as Error).message ?? String(e)}\n`);
  if (io.env.SAMDRIFT_DEBUG) io.err(`${(e as Error).stack ?? ""}\n`);
  else io.err("Run again with SAMDRIFT_DEBUG=1 for details, and please report it.\n");
  return EXIT.error;
}

/** The version in samdrift's package.json, found upwards from this module (cli/ in the sources, dist/cli/ built). */
function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "samdrift" && pkg.version !== undefined) return pkg.version;
  }
  throw new Error("samdrift's package.json was not found above the CLI");
}

/**
 * Runs `main` for this process: its arguments, environment and standard streams, and sets the exit code.
 * A reader that stops early (`samdrift review ... | head -1`) closes the pipe: what is left to print is
 * dropped quietly and the command ends with its own exit code, without an EPIPE stack trace.
 */
export async function runProcess(): Promise<void> {
  const closed = new Set<NodeJS.WriteStream>();
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      closed.add(stream);
      if (e.code === "EPIPE") return;
      // Not a reader going away: the output is lost, so the run must not pass.
      process.exitCode = EXIT.error;
      if (stream === process.stdout && !closed.has(process.stderr)) process.stderr.write(`samdrift: cannot write the output: ${e.code ?? e.message}\n`);
    });
  }
  const write = (stream: NodeJS.WriteStream) => (s: string) => {
    if (!closed.has(stream)) stream.write(s);
  };
  const io: CliIo = { cwd: process.cwd(), env: process.env, out: write(process.stdout), err: write(process.stderr) };
  const code = await main(process.argv.slice(2), io);
  if (process.exitCode === undefined || process.exitCode === EXIT.ok) process.exitCode = code;
}

// Run directly (`tsx cli/main.ts`, `npm run dev`) rather than imported by bin/samdrift.js or a test.
const isEntryPoint = process.argv[1] !== undefined && /cli[/\\]main\.[jt]s$/.test(process.argv[1]);
if (isEntryPoint) await runProcess();
