#!/usr/bin/env node
/**
 * samdrift's command line: `samdrift <command> [flags]`. The only place that reads the process's
 * arguments, environment and clock; commands get them through CliIo.
 */
import type { CliIo, Command } from "./io.js";
import { EXIT } from "./io.js";
import { SamdriftError, formatProblem } from "../model/errors.js";

const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<Command> }>> = {
  synth: { summary: "tenant and catalogue files to cdktf.out/ (all or nothing)", load: async () => (await import("./synth.js")).synth },
  check: { summary: "run the policy packs and print a report (text, markdown, json)", load: async () => (await import("./check.js")).check },
  isolation: { summary: "prove what each tenant can reach and read in cdktf.out/ (exit 1 on undeclared access)", load: async () => (await import("./isolation.js")).isolation },
  review: { summary: "what a pull request changes, per tenant and site, risk flags first", load: async () => (await import("./review.js")).review },
  "plan-summary": { summary: "summarize `terraform show -json` plans per tenant and site", load: async () => (await import("./plan-summary.js")).planSummary },
  "new-tenant": { summary: "scaffold tenants/<id>.yaml for a supplier, proposing sites", load: async () => (await import("./new-tenant.js")).newTenant },
};

const HELP = `samdrift: onboard connecting organisations onto supplier sites by adding one file.

Usage: samdrift <command> [flags]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(13)} ${c.summary}`).join("\n")}

Common flags: --tenants DIR (default tenants), --catalogue DIR (default catalogue), --out DIR (default cdktf.out),
              --only TENANT[,TENANT]
See README.md for every flag.
`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.out(HELP);
    return name === undefined ? EXIT.error : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`samdrift: unknown command "${name}"; commands are: ${Object.keys(COMMANDS).join(", ")}\n`);
    return EXIT.error;
  }
  try {
    return await (await command.load())(args, io);
  } catch (e) {
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
}

const isEntryPoint = process.argv[1] !== undefined && /cli[/\\]main\.[jt]s$/.test(process.argv[1]);
if (isEntryPoint) {
  const io: CliIo = {
    cwd: process.cwd(),
    env: process.env,
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
