/**
 * The run inside the namespaces: start the servers, synthesize the example with the real CLI, deploy every
 * stack with Terraform as the deploy workflow does, then check that it settled, that it is really there and
 * really isolated, and that the guards hold. Writes `<work>/report.json`.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { loadModel } from "../cli/inputs.js";
import { readSynthOutput } from "../cli/isolation.js";
import type { OutputStack, SynthOutput } from "../output/read.js";
import type { Site } from "../model/schema.js";
import { PROVIDERS } from "./build.js";
import { createPki } from "./pki.js";
import { AWS_STAND_IN, hostEntries, startEnvironment, type Environment, type SiteEnv } from "./servers.js";
import { StackRunner, writeCliConfig } from "./terraform.js";
import { checkKubernetes } from "./kubernetes-check.js";
import { checkVaultObjects, checkVaultIsolation, compareCapabilities, installSiteCa } from "./vault-check.js";
import { emptyReport, type Report, type ReportPieces, type StackResult } from "./report.js";
import { runGuards } from "./guards.js";
import { exec, run, stopAll, type Log } from "./sh.js";
import { scrubPlan } from "../scripts/plan-fixtures/scrub.js";
import { byAll, byKey, byNumber } from "../lib/sort.js";

export interface InsideOptions {
  readonly repo: string;
  readonly work: string;
  readonly pieces: ReportPieces;
  readonly piecesSeconds: number;
  readonly savePlans?: string;
}

/** A copy of the example repository the run may change (its guards add and remove tenant files). */
export interface Workspace {
  readonly repo: string;
  readonly dir: string;
  readonly out: string;
  /** Absolute folder for the state of `local`-backed sites, as a CI deploy must use (see docs/deploying.md). */
  readonly stateDir: string;
  readonly runner: StackRunner;
  readonly env: Environment;
  readonly log: Log;
  synth(out?: string): SynthOutput;
  /** `samdrift review --affected` between two outputs of this workspace. */
  affected(base: string, head: string): string[];
  siteOf(stackId: string): SiteEnv;
}

export async function runInside(o: InsideOptions, log: Log): Promise<number> {
  const report = emptyReport(o.pieces);
  report.piecesSeconds = o.piecesSeconds;
  try {
    await deployAndCheck(o, report, log);
  } catch (e) {
    report.errors.push((e as Error).message);
    log(`failed: ${(e as Error).message}`);
  } finally {
    await stopAll();
    writeFileSync(join(o.work, "report.json"), JSON.stringify(report));
  }
  return 0;
}

async function deployAndCheck(o: InsideOptions, report: Report, log: Log): Promise<void> {
  const loaded = loadModel(o.repo);
  if (!loaded.ok) throw new Error(`the example does not load: ${loaded.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join("; ")}`);
  const sites = [...loaded.value.catalogue.sites.values()];
  isolateNetwork(o.work, sites);

  const pki = createPki(join(o.work, "pki"));
  const env = await startEnvironment(o.work, sites, pki, { bin: (n) => o.pieces.bin[n] ?? missing(n) }, log);
  const accessors = await operatorSetup(env);

  const ws = workspace(o, env, accessors, log);
  report.versions.providers = PROVIDERS.map((p) => {
    const v = o.pieces.versions.find((x) => x.name === p.piece);
    return { type: p.type, pinned: p.version, ran: v ? `${v.module}@${v.version}` : "unknown" };
  });

  log("synthesizing the example with the real CLI");
  const output = ws.synth();
  const stacks = deployOrder(output);
  const plansDir = join(o.work, "plans");
  for (const stack of stacks) report.stacks.push(deployStack(ws, stack, plansDir, log));
  log("second plan of every stack");
  for (const r of report.stacks) if (r.applied) replan(ws, r);

  log("checking the objects on the API servers and in Vault");
  const kubeOf = (s: OutputStack) => ws.siteOf(s.id).kube;
  const vaultOf = (s: OutputStack) => ws.siteOf(s.id).vault;
  Object.assign(report.kubernetes, await checkKubernetes(stacks, kubeOf));
  await checkVaultObjects(stacks, vaultOf, report.vault);
  for (const site of env.sites) {
    const onSite = stacks.filter((s) => (s.siteMeta?.site ?? s.tenantMeta?.site) === site.site.id);
    await installSiteCa(site.site.id, onSite, site.vault);
    await checkVaultIsolation(site.site.id, onSite, site.kube, site.vault, report.vault);
    await compareCapabilities(site.site.id, onSite, site.vault, report.vault);
  }

  summarisePlans(o, plansDir, stacks, report);
  if (report.stacks.some((s) => !s.applied)) {
    report.skipped.push("guards: they change a deployed example, and not every stack applied");
    return;
  }
  log("guards");
  report.guards.push(...(await runGuards(ws, output)));
}

function missing(name: string): never {
  throw new Error(`no binary ${name} among the pieces`);
}

/** Loopback up, a private /run (Vault's pod files go there), and the run's own /etc/hosts. */
function isolateNetwork(work: string, sites: readonly Site[]): void {
  run("ip", ["link", "set", "lo", "up"]);
  run("mount", ["-t", "tmpfs", "-o", "mode=755", "tmpfs", "/run"]);
  const hosts = join(work, "hosts");
  writeFileSync(hosts, hostEntries(sites).map((e) => `${e.ip} ${e.host}\n`).join(""));
  run("mount", ["--bind", hosts, "/etc/hosts"]);
}

/**
 * What a site's operators have before samdrift deploys, and that the catalogue names: the auth mount whose
 * groups map onto tenant groups (its accessor is Vault's own random name, so the run's catalogue takes the
 * real one). Returns the accessor per site.
 */
async function operatorSetup(env: Environment): Promise<Map<string, string>> {
  const accessors = new Map<string, string>();
  for (const s of env.sites) {
    const named = s.site.vault.groupAliasMountAccessor;
    if (!named) continue;
    const type = /^auth_([a-z]+)_/.exec(named)?.[1] ?? "oidc";
    await s.vault.ok("POST", `/v1/sys/auth/${type}`, { type });
    const mounts = (await s.vault.ok("GET", "/v1/sys/auth")) as { data: Record<string, { accessor: string }> };
    accessors.set(s.site.id, mounts.data[`${type}/`]!.accessor);
  }
  return accessors;
}

function workspace(o: InsideOptions, env: Environment, accessors: ReadonlyMap<string, string>, log: Log): Workspace {
  const dir = join(o.work, "repo");
  const stateDir = join(o.work, "state");
  mkdirSync(stateDir, { recursive: true });
  cpSync(join(o.repo, "tenants"), join(dir, "tenants"), { recursive: true });
  cpSync(join(o.repo, "catalogue"), join(dir, "catalogue"), { recursive: true });
  overlaySites(join(dir, "catalogue", "sites.yaml"), accessors, stateDir);
  const cliConfig = writeCliConfig(join(o.work, "terraform.rc"), o.pieces.mirror);
  const bySite = new Map(env.sites.map((s) => [s.site.id, s]));
  const siteOfId = new Map<string, string>();
  const siteOf = (stackId: string): SiteEnv => {
    const site = siteOfId.get(stackId) ?? /^site--(.+)$/.exec(stackId)?.[1] ?? /^tenant--.+?--(.+)$/.exec(stackId)?.[1];
    const e = site ? bySite.get(site) : undefined;
    if (!e) throw new Error(`stack ${stackId} is on no site of this run`);
    return e;
  };
  const runner = new StackRunner({ path: o.pieces.terraform.path, cliConfig }, (stackDir) => env.terraformEnv(siteOf(stackDir.split("/").pop()!).site.id));
  const cli = (args: readonly string[]) => exec(process.execPath, [join(o.repo, "node_modules/tsx/dist/cli.mjs"), join(o.repo, "cli/main.ts"), ...args], { cwd: dir, env: { PATH: process.env.PATH, HOME: o.work } });
  const out = join(dir, "cdktf.out");
  return {
    repo: o.repo,
    dir,
    out,
    stateDir,
    runner,
    env,
    log,
    synth(target = out) {
      const r = cli(["synth", "--out", target]);
      if (r.code !== 0) throw new Error(`samdrift synth failed:\n${r.stderr}${r.stdout}`);
      const output = readSynthOutput(target, dir);
      for (const s of output.stacks) {
        const site = s.siteMeta?.site ?? s.tenantMeta?.site;
        if (site) siteOfId.set(s.id, site);
      }
      return output;
    },
    affected(base, head) {
      const r = cli(["review", "--base", base, "--head", head, "--affected"]);
      if (r.code !== 0 && r.code !== 2) throw new Error(`samdrift review --affected failed:\n${r.stderr}`);
      return r.stdout.split("\n").filter((l) => l.length > 0);
    },
    siteOf,
  };
}

/**
 * The run's catalogue: the example's, with the values a site's operators take from their own running
 * systems: the accessor of the group auth mount, an absolute folder for `local` state (local state in a
 * relative folder is lost between CI runs and differs between the deploy and destroy jobs), and, for `s3`
 * state on AWS itself (no endpoint), the run's S3 store standing in for AWS. The layout and comments of
 * the file stay as they are.
 */
export function overlaySites(file: string, accessors: ReadonlyMap<string, string>, stateDir: string): void {
  const doc = parseDocument(readFileSync(file, "utf8"));
  const sites = doc.get("sites") as { items: unknown[] };
  sites.items.forEach((_item, i) => {
    const id = String(doc.getIn(["sites", i, "id"]));
    const accessor = accessors.get(id);
    if (accessor) doc.setIn(["sites", i, "vault", "groupAliasMountAccessor"], accessor);
    const backend = doc.getIn(["sites", i, "state", "backend"]) ?? "local";
    if (backend === "local") doc.setIn(["sites", i, "state"], doc.createNode({ backend: "local", dir: stateDir }, { flow: true }));
    if (backend === "s3" && doc.getIn(["sites", i, "state", "endpoint"]) === undefined) doc.setIn(["sites", i, "state", "endpoint"], AWS_STAND_IN);
  });
  writeFileSync(file, doc.toString());
}

/** Site stacks first (their mounts hold tenant roles), then tenant stacks; by id within each. */
export function deployOrder(output: SynthOutput): OutputStack[] {
  const rank = (s: OutputStack) => (s.siteMeta ? 0 : 1);
  return [...output.stacks].sort(byAll(byNumber(rank), byKey((s) => s.id)));
}

export const stackDir = (out: string, id: string): string => join(out, "stacks", id);

function deployStack(ws: Workspace, stack: OutputStack, plansDir: string, log: Log): StackResult {
  const started = Date.now();
  const dir = stackDir(ws.out, stack.id);
  const result: StackResult = { id: stack.id, applied: false, replanEmpty: false, seconds: 0 };
  try {
    log(`deploy ${stack.id}`);
    ws.runner.init(dir);
    ws.runner.plan(dir, join(plansDir, `${stack.id}.json`));
    ws.runner.applyPlan(dir);
    result.applied = true;
  } catch (e) {
    result.error = (e as Error).message;
    log(`${stack.id}: ${result.error}`);
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

function replan(ws: Workspace, r: StackResult): void {
  const started = Date.now();
  const dir = stackDir(ws.out, r.id);
  try {
    const p = ws.runner.plan(dir);
    r.replanEmpty = !p.changes;
    if (p.changes) r.changes = ws.runner.changedAddresses(dir);
  } catch (e) {
    r.error = (e as Error).message;
  }
  r.seconds += (Date.now() - started) / 1000;
}

/** plan-summary on the real plans of the first deploy; optionally keeps them, scrubbed, as fixtures. */
function summarisePlans(o: InsideOptions, plansDir: string, stacks: readonly OutputStack[], report: Report): void {
  const files = existsSync(plansDir) ? readdirSync(plansDir).filter((f) => f.endsWith(".json")).sort() : [];
  report.plans.files = files.length;
  const r = exec(process.execPath, [join(o.repo, "node_modules/tsx/dist/cli.mjs"), join(o.repo, "cli/main.ts"), "plan-summary", ...files.map((f) => join(plansDir, f))], { cwd: o.work });
  report.plans.summaryExit = r.code;
  if (r.code !== 0) report.errors.push(`plan-summary exited ${r.code}: ${r.stderr.slice(0, 2000)}`);
  report.plans.missingFromSummary = stacks.map((s) => s.id).filter((id) => !r.stdout.includes(id)).map((id) => `plan-summary does not mention ${id}`);
  if (o.savePlans) {
    mkdirSync(o.savePlans, { recursive: true });
    for (const f of files) writeFileSync(join(o.savePlans, f), scrubPlan(readFileSync(join(plansDir, f), "utf8"), o.work));
  }
}

