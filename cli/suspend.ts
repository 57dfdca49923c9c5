/**
 * `samdrift suspend <tenant> --ref R --reason "..."` and `samdrift resume <tenant> --ref R`: write or
 * remove `agreement.suspended` in the tenant's file, keeping every comment and the layout
 * (model/tenant-edit.ts edits the text in place). The edited file is validated with every other tenant
 * file against the catalogue before it is written: neither command ever leaves an invalid file.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command, CliIo } from "./io.js";
import { EXIT } from "./io.js";
import { INPUT_FLAGS, parse, todayOf, usage, type CommandSpec, type Flags } from "./args.js";
import { displayPath, listTenantFiles, loadModel } from "./inputs.js";
import { reportProblems } from "./report.js";
import { buildTenants } from "../model/model.js";
import type { Problem } from "../model/errors.js";
import { resumeTenantText, suspendTenantText, type EditResult } from "../model/tenant-edit.js";
import { APPROVAL_CHANGES } from "../model/approvals.js";

const SUSPEND = {
  name: "suspend",
  usage: "<tenant> --ref R --reason TEXT [flags]",
  positionals: true,
  flags: {
    ref: { type: "string", value: "R", help: "the decision that suspends the tenant (required)" },
    reason: { type: "string", value: "TEXT", help: "why the tenant is cut off, shown in review (required)" },
    since: { type: "string", value: "YYYY-MM-DD", help: "the day the suspension began (default: today, in UTC)" },
    tenants: INPUT_FLAGS.tenants,
    catalogue: INPUT_FLAGS.catalogue,
  },
} as const satisfies CommandSpec<Flags>;

const RESUME = {
  name: "resume",
  usage: "<tenant> --ref R [flags]",
  positionals: true,
  flags: {
    ref: { type: "string", value: "R", help: "the ref of the suspension to lift, as agreement.suspended.ref says (required)" },
    tenants: INPUT_FLAGS.tenants,
    catalogue: INPUT_FLAGS.catalogue,
  },
} as const satisfies CommandSpec<Flags>;

export const suspend: Command = async (args, io) => {
  const { values, positionals } = parse(SUSPEND, args);
  const tenant = onePositional("suspend", positionals);
  if (!values.ref) throw usage("suspend: --ref is required: the decision that suspends the tenant");
  if (!values.reason) throw usage("suspend: --reason is required: why the tenant is cut off");
  const since = todayOf("suspend", values.since);
  return edit(io, "suspend", tenant, values, (text) => suspendTenantText(text, { ref: values.ref!, since, reason: values.reason! }), (path) => [
    `samdrift: suspended ${tenant} in ${path} (${values.ref}, since ${since})\n`,
    "  next: open a pull request; review shows it as urgent (exit 0), and the deploy cuts the tenant off\n",
  ]);
};

export const resume: Command = async (args, io) => {
  const { values, positionals } = parse(RESUME, args);
  const tenant = onePositional("resume", positionals);
  if (!values.ref) throw usage("resume: --ref is required: the ref of the suspension to lift");
  return edit(io, "resume", tenant, values, (text) => resumeTenantText(text, values.ref!), (path) => [
    `samdrift: removed the suspension ${values.ref} of ${tenant} from ${path}\n`,
    `  next: a resumption is a decision: add approvals: [{ change: ${APPROVAL_CHANGES.resumeTenant(values.ref!)}, ref: <decision>, by: <who> }] to the file, then open a pull request\n`,
  ]);
};

function onePositional(command: string, positionals: readonly string[]): string {
  const [tenant] = positionals;
  if (tenant === undefined || positionals.length !== 1) throw usage(`${command}: give exactly one tenant id, e.g. samdrift ${command} mfof --ref INC-2026-001`);
  return tenant;
}

/** Reads the tenant's file, edits it, validates it with every other tenant file, and writes it. */
function edit(
  io: CliIo,
  command: string,
  tenant: string,
  dirs: { readonly tenants?: string | undefined; readonly catalogue?: string | undefined },
  change: (text: string) => EditResult,
  done: (path: string) => string[],
): number {
  const loaded = loadModel(io.cwd, { catalogueDir: dirs.catalogue, tenantsDir: dirs.tenants });
  if (!loaded.ok) return reportProblems(io, loaded.problems, command, "fix these first; nothing was written.");
  const entry = loaded.value.tenants.find((e) => e.tenant.id === tenant);
  if (!entry) throw usage(`${command}: unknown tenant "${tenant}"; tenants are: ${loaded.value.tenants.map((e) => e.tenant.id).join(", ")}`);
  const tenantsDir = resolve(io.cwd, dirs.tenants ?? "tenants");
  const listed: Problem[] = [];
  const files = listTenantFiles(io.cwd, tenantsDir, listed).map((p) => ({ absolute: p, path: displayPath(io.cwd, p), text: readFileSync(p, "utf8") }));
  const target = files.find((f) => f.path === entry.source.file) ?? files.find((f) => f.absolute === join(tenantsDir, `${tenant}.yaml`));
  if (!target) throw usage(`${command}: the file of tenant "${tenant}" (${entry.source.file}) was not found`);
  const edited = change(target.text);
  if (!edited.ok) throw usage(`${command}: ${target.path}: ${edited.message}`);
  const problems = buildTenants(loaded.value.catalogue, files.map((f) => ({ path: f.path, text: f === target ? edited.text : f.text }))).problems;
  if (problems.length > 0) return reportProblems(io, problems, command);
  writeFileSync(target.absolute, edited.text);
  for (const line of done(target.path)) io.out(line);
  return EXIT.ok;
}
