/**
 * Really guarded: the deploy workflow's steps, run here with the same commands, against the deployed
 * example.
 *
 * 1. Onboarding one tenant and applying only what `review --affected` lists leaves every other stack's
 *    plan empty.
 * 2. The destroy job's folder (`outputs/base/cdktf.out`, the base output) sees the state the deploy wrote
 *    from `cdktf.out`: local state must not depend on the folder Terraform runs in.
 * 3. Removing a running tenant's file makes Terraform refuse its destroy (prevent_destroy), and its
 *    namespaces stay.
 * 4. The decommission path really destroys: the file of a tenant in `decommission` is removed, its stacks
 *    are destroyed from the base output, and its namespaces and mounts are gone.
 * 5. After all of that, every stack of the final output plans empty.
 */
import { cpSync, existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OutputStack, SynthOutput } from "../analysis/output.js";
import type { Guard } from "./report.js";
import { stackDir, type Workspace } from "./deploy.js";
import { sleep } from "./sh.js";

/** A tenant the onboarding guard adds: low level, one site, one namespace. */
const ONBOARDING_ID = "e2e-onboarding";
const onboardingTenant = (site: string, supplier: string) => `# Added by the end-to-end test's onboarding guard.
id: ${ONBOARDING_ID}
agency: { name: "E2E onboarding test agency", orgNumber: "202199-9996", kind: state-agency, sector: culture }
supplier: ${supplier}
agreement: { phase: build, ref: E2E-0001 }
security: { level: low, classifiedInformation: false, personalData: none }
resilience: { sites: [${site}], priority: 4 }
contacts: { adminGroup: e2e-onboarding-admins }
services:
  container-hosting:
    namespaces:
      web: { cpu: 1, memory: 2Gi, storage: 10Gi, pods: 10 }
  secrets: {}
`;

export async function runGuards(ws: Workspace, first: SynthOutput): Promise<Guard[]> {
  const guards: Guard[] = [];
  const guard = async (name: string, body: () => Promise<string>) => {
    ws.log(`guard: ${name}`);
    try {
      guards.push({ name, ok: true, detail: await body() });
    } catch (e) {
      guards.push({ name, ok: false, detail: (e as Error).message });
    }
  };
  const base = join(ws.dir, "..", "outputs", "base", "cdktf.out");
  /** The workflow's artifact: the base output as synthesized, without anything Terraform left in it. */
  const keepBase = () => {
    rmSync(base, { recursive: true, force: true });
    cpSync(ws.out, base, { recursive: true, filter: (src) => !/\/(\.terraform|tfplan|\.terraform\.lock\.hcl)$/.test(src) });
  };
  const tenantStacks = first.stacks.filter((s) => s.tenant);

  await guard("onboarding one tenant deploys only its stacks; every other plan stays empty", async () => {
    const host = tenantStacks.find((s) => s.tenant!.phase === "run") ?? tenantStacks[0]!;
    keepBase();
    writeFileSync(join(ws.dir, "tenants", `${ONBOARDING_ID}.yaml`), onboardingTenant(host.tenant!.site, host.tenant!.supplier));
    const head = ws.synth();
    const affected = ws.affected(base, ws.out);
    const expected = head.stacks.filter((s) => s.tenant?.tenant === ONBOARDING_ID).map((s) => s.name);
    if (expected.length === 0) throw new Error("the onboarded tenant has no stack in the output");
    const unexpected = affected.filter((id) => !expected.includes(id));
    if (unexpected.length > 0 || expected.some((id) => !affected.includes(id))) {
      throw new Error(`review --affected listed ${JSON.stringify(affected)}; expected exactly ${JSON.stringify(expected)}`);
    }
    for (const id of affected) applyFrom(ws, ws.out, id);
    const changed = plansWithChanges(ws, head.stacks.filter((s) => !affected.includes(s.name)));
    if (changed.length > 0) throw new Error(`after deploying only ${affected.join(", ")}, other stacks still plan changes: ${changed.join("; ")}`);
    return `review --affected listed ${affected.join(", ")}; applied; ${head.stacks.length - affected.length} other stacks plan empty`;
  });

  await guard("the destroy job's folder sees the state the deploy job wrote", async () => {
    keepBase();
    const checked: string[] = [];
    for (const backend of ["local", "s3", "pg"]) {
      const s = tenantStacks.find((x) => backendOf(ws, x) === backend);
      if (!s) continue;
      ws.runner.init(stackDir(ws.out, s.name));
      const deployed = stateList(ws, stackDir(ws.out, s.name));
      ws.runner.init(stackDir(base, s.name));
      const seen = stateList(ws, stackDir(base, s.name));
      if (deployed.length === 0) throw new Error(`${s.name}: the deploy folder has no state`);
      if (JSON.stringify(seen) !== JSON.stringify(deployed)) {
        throw new Error(`${s.name} (${backend} state): the base output's folder sees ${seen.length} resources, the deploy folder ${deployed.length}`);
      }
      checked.push(`${s.name} (${backend}, ${seen.length} resources)`);
    }
    return `same state from both folders: ${checked.join(", ")}`;
  });

  await guard("removing a running tenant's file: Terraform refuses the destroy (prevent_destroy)", async () => {
    // A running tenant no other tenant's file names (removing one that another connects to fails synth).
    const candidates = [...tenantStacks.filter((s) => s.tenant!.phase === "run" && backendOf(ws, s) === "local"), ...tenantStacks.filter((s) => s.tenant!.phase === "run")];
    if (candidates.length === 0) throw new Error("the example has no tenant in phase run");
    keepBase();
    let victim: OutputStack | undefined;
    let file = "";
    let aside = "";
    for (const c of candidates) {
      file = join(ws.dir, "tenants", `${c.tenant!.tenant}.yaml`);
      aside = `${file}.removed`;
      renameSync(file, aside);
      try {
        ws.synth();
        victim = c;
        break;
      } catch {
        renameSync(aside, file);
      }
    }
    if (!victim) throw new Error(`every running tenant is named by another tenant's file: ${candidates.map((c) => c.name).join(", ")}`);
    try {
      const affected = ws.affected(base, ws.out);
      if (!affected.includes(victim.name)) throw new Error(`review --affected does not list the removed stack ${victim.name}`);
      ws.runner.init(stackDir(base, victim.name));
      const r = ws.runner.destroy(stackDir(base, victim.name));
      if (r.code === 0) throw new Error(`terraform destroy of ${victim.name} succeeded: prevent_destroy did not hold`);
      if (!/prevent_destroy/.test(r.stderr + r.stdout)) throw new Error(`terraform destroy of ${victim.name} failed, but not because of prevent_destroy:\n${(r.stderr || r.stdout).slice(0, 1500)}`);
      const ns = victim.tenant!.namespaces[0]!;
      const still = await ws.siteOf(victim.name).kube.call("GET", `/api/v1/namespaces/${ns}`);
      if (still.status !== 200) throw new Error(`namespace ${ns} is gone after the refused destroy (HTTP ${still.status})`);
      return `terraform destroy of ${victim.name} refused with prevent_destroy; namespace ${ns} is still there`;
    } finally {
      renameSync(aside, file);
      ws.synth();
    }
  });

  await guard("the decommission path destroys a tenant in decommission", async () => {
    const leaving = tenantStacks.filter((s) => s.tenant!.phase === "decommission");
    if (leaving.length === 0) throw new Error("the example has no tenant in phase decommission");
    const tenant = leaving[0]!.tenant!.tenant;
    const stacks = leaving.filter((s) => s.tenant!.tenant === tenant);
    keepBase();
    rmSync(join(ws.dir, "tenants", `${tenant}.yaml`));
    const head = ws.synth();
    const affected = ws.affected(base, ws.out);
    const missing = stacks.filter((s) => !affected.includes(s.name));
    if (missing.length > 0) throw new Error(`review --affected does not list ${missing.map((s) => s.name).join(", ")}`);
    const gone: string[] = [];
    for (const s of stacks) {
      ws.runner.init(stackDir(base, s.name));
      const r = ws.runner.destroy(stackDir(base, s.name));
      if (r.code !== 0) throw new Error(`terraform destroy of ${s.name} failed:\n${(r.stderr || r.stdout).slice(0, 1500)}`);
      const site = ws.siteOf(s.name);
      for (const ns of s.tenant!.namespaces) {
        await until(`namespace ${ns} to be gone`, async () => (await site.kube.call("GET", `/api/v1/namespaces/${ns}`)).status === 404);
        gone.push(ns);
      }
      for (const mount of [s.tenant!.vault.kvMount, s.tenant!.vault.transitMount].filter((m): m is string => m !== undefined)) {
        const a = await site.vault.call("GET", `/v1/sys/mounts/${mount}`);
        if (a.status === 200) throw new Error(`Vault mount ${mount} is still there after the destroy`);
        gone.push(mount);
      }
    }
    const changed = plansWithChanges(ws, head.stacks);
    if (changed.length > 0) throw new Error(`after the decommission, other stacks plan changes: ${changed.join("; ")}`);
    return `destroyed ${stacks.map((s) => s.name).join(", ")} from the base output; gone: ${gone.join(", ")}; the ${head.stacks.length} remaining stacks plan empty`;
  });

  return guards;
}

function applyFrom(ws: Workspace, out: string, id: string): void {
  const dir = stackDir(out, id);
  ws.runner.init(dir);
  ws.runner.plan(dir);
  ws.runner.applyPlan(dir);
}

/** Stacks (of the current output) whose plan is not empty, each with what it would change. */
function plansWithChanges(ws: Workspace, stacks: readonly OutputStack[]): string[] {
  const changed: string[] = [];
  for (const s of stacks) {
    const dir = stackDir(ws.out, s.name);
    if (!existsSync(join(dir, ".terraform"))) ws.runner.init(dir);
    if (ws.runner.plan(dir).changes) changed.push(`${s.name}: ${ws.runner.changedAddresses(dir).join(", ")}`);
  }
  return changed;
}

function stateList(ws: Workspace, dir: string): string[] {
  const r = ws.runner.state(dir);
  return r.split("\n").filter((l) => l.length > 0).sort();
}

function backendOf(ws: Workspace, s: OutputStack): string {
  return ws.siteOf(s.name).site.state.backend;
}

async function until(what: string, ready: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}
