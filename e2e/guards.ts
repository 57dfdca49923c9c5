/**
 * Really guarded: the deploy workflow's steps, run here with the same commands, against the deployed
 * example. The guards bring a tenant of their own, so they hold for any supplier's tenant files:
 *
 * 1. Onboarding it and applying only what `review --affected` lists leaves every other stack's plan empty.
 * 2. The destroy job's folder (`outputs/base/cdktf.out`, the base output) sees the state the deploy wrote
 *    from `cdktf.out`, for each kind of state backend the sites use.
 * 3. Removing its file while it is in `build` makes Terraform refuse the destroy (prevent_destroy), and its
 *    namespace stays.
 * 4. The decommission path, in its two reviewed steps (phase `decommission` lifts prevent_destroy; then the
 *    file goes), really destroys: its namespaces and mounts are gone.
 * 5. After each of them, every other stack plans empty.
 */
import { cpSync, existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OutputStack, SynthOutput } from "../output/read.js";
import type { Guard } from "./report.js";
import { stackDir, type Workspace } from "./deploy.js";
import { sleep } from "./sh.js";
import { uniqueSorted } from "../lib/sort.js";

const GUARD_TENANT = "e2e-guard";

/** The guards' tenant: low level, one site, one namespace and KV secrets; `phase` set per step. */
export const guardTenant = (site: string, supplier: string, phase: "build" | "decommission") => `# Added by the end-to-end test's guards.
id: ${GUARD_TENANT}
agency: { name: "E2E guard test agency", orgNumber: "202199-9996", kind: state-agency, sector: culture }
supplier: ${supplier}
agreement: { phase: ${phase}, ref: E2E-0001${phase === "decommission" ? ", acceptedAt: 2026-01-01, exit: { ref: E2E-EXIT-0001, date: 2026-12-31 }" : ""}, costEstimate: { onboarding: "1000.00", monthly: "100.00", communicatedAt: 2025-12-01, ref: E2E-EST-0001 }, notified: { coordinator: 2025-12-15, government: 2025-12-15 } }
security: { level: low, classifiedInformation: false, personalData: none }
resilience: { sites: [${site}], priority: 4 }
contacts: { adminGroup: e2e-guard-admins }
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
  const file = join(ws.dir, "tenants", `${GUARD_TENANT}.yaml`);
  if (existsSync(file) || first.stacks.some((s) => s.tenantMeta?.tenant === GUARD_TENANT)) {
    return [{ name: "guards", ok: false, detail: `tenants/ already has a tenant ${GUARD_TENANT}: the guards need that id for a tenant of their own; rename GUARD_TENANT in e2e/guards.ts` }];
  }
  const siteStack = first.stacks.find((s) => s.siteMeta);
  if (!siteStack) return [{ name: "guards", ok: false, detail: "the output has no site stack to place the guards' tenant on" }];
  const writeGuardTenant = (phase: "build" | "decommission") => writeFileSync(file, guardTenant(siteStack.siteMeta!.site, siteStack.siteMeta!.supplier, phase));
  let guardStacks: OutputStack[] = [];
  /** Deploys what `review --affected` lists between the base and the new output; checks it is exactly `expected`. */
  const deployAffected = (expected: readonly string[]) => {
    const affected = ws.affected(base, ws.out);
    if (JSON.stringify([...affected].sort()) !== JSON.stringify([...expected].sort())) {
      throw new Error(`review --affected listed ${JSON.stringify(affected)}; expected exactly ${JSON.stringify(expected)}`);
    }
    for (const id of affected) applyFrom(ws, ws.out, id);
    return affected;
  };
  const othersPlanEmpty = (head: SynthOutput, except: readonly string[]) => {
    const changed = plansWithChanges(ws, head.stacks.filter((s) => !except.includes(s.id)));
    if (changed.length > 0) throw new Error(`other stacks plan changes: ${changed.join("; ")}`);
    return head.stacks.length - except.length;
  };

  await guard("onboarding one tenant deploys only its stacks; every other plan stays empty", async () => {
    keepBase();
    writeGuardTenant("build");
    const head = ws.synth();
    guardStacks = head.stacks.filter((s) => s.tenantMeta?.tenant === GUARD_TENANT);
    if (guardStacks.length === 0) throw new Error("the onboarded tenant has no stack in the output");
    const affected = deployAffected(guardStacks.map((s) => s.id));
    const others = othersPlanEmpty(head, affected);
    return `review --affected listed ${affected.join(", ")}; applied; ${others} other stacks plan empty`;
  });

  await guard("the destroy job's folder sees the state the deploy job wrote", async () => {
    keepBase();
    const checked: string[] = [];
    const backends = uniqueSorted(first.stacks.map((s) => backendOf(ws, s)));
    for (const backend of backends) {
      const s = first.stacks.find((x) => x.tenantMeta && backendOf(ws, x) === backend) ?? first.stacks.find((x) => backendOf(ws, x) === backend)!;
      ws.runner.init(stackDir(ws.out, s.id));
      const deployed = stateList(ws, stackDir(ws.out, s.id));
      ws.runner.init(stackDir(base, s.id));
      const seen = stateList(ws, stackDir(base, s.id));
      if (deployed.length === 0) throw new Error(`${s.id}: the deploy folder has no state`);
      if (JSON.stringify(seen) !== JSON.stringify(deployed)) {
        throw new Error(`${s.id} (${backend} state): the base output's folder sees ${seen.length} resources, the deploy folder ${deployed.length}`);
      }
      checked.push(`${s.id} (${backend}, ${seen.length} resources)`);
    }
    return `same state from both folders: ${checked.join(", ")}`;
  });

  await guard("removing a tenant in build: Terraform refuses the destroy (prevent_destroy)", async () => {
    if (guardStacks.length === 0) throw new Error("the onboarding guard deployed nothing");
    keepBase();
    const aside = `${file}.removed`;
    renameSync(file, aside);
    try {
      ws.synth();
      const victim = guardStacks[0]!;
      const affected = ws.affected(base, ws.out);
      if (!affected.includes(victim.id)) throw new Error(`review --affected does not list the removed stack ${victim.id}`);
      ws.runner.init(stackDir(base, victim.id));
      const r = ws.runner.destroy(stackDir(base, victim.id));
      if (r.code === 0) throw new Error(`terraform destroy of ${victim.id} succeeded: prevent_destroy did not hold`);
      if (!/prevent_destroy/.test(r.stderr + r.stdout)) throw new Error(`terraform destroy of ${victim.id} failed, but not because of prevent_destroy:\n${(r.stderr || r.stdout).slice(0, 1500)}`);
      const ns = victim.tenantMeta!.namespaces[0]!;
      const still = await ws.siteOf(victim.id).kube.call("GET", `/api/v1/namespaces/${ns}`);
      if (still.status !== 200) throw new Error(`namespace ${ns} is gone after the refused destroy (HTTP ${still.status})`);
      return `terraform destroy of ${victim.id} from the base output refused with prevent_destroy; namespace ${ns} is still there`;
    } finally {
      renameSync(aside, file);
      ws.synth();
    }
  });

  await guard("the decommission path, in its two reviewed steps, destroys the tenant", async () => {
    if (guardStacks.length === 0) throw new Error("the onboarding guard deployed nothing");
    // Step 1: phase decommission lifts prevent_destroy; only its stacks change.
    keepBase();
    writeGuardTenant("decommission");
    ws.synth();
    deployAffected(guardStacks.map((s) => s.id));
    // Step 2: the file goes; the workflow destroys the removed stacks from the base output.
    keepBase();
    rmSync(file);
    const head = ws.synth();
    const affected = ws.affected(base, ws.out);
    const missing = guardStacks.filter((s) => !affected.includes(s.id));
    if (missing.length > 0) throw new Error(`review --affected does not list ${missing.map((s) => s.id).join(", ")}`);
    const gone: string[] = [];
    for (const s of guardStacks) {
      ws.runner.init(stackDir(base, s.id));
      const r = ws.runner.destroy(stackDir(base, s.id));
      if (r.code !== 0) throw new Error(`terraform destroy of ${s.id} failed:\n${(r.stderr || r.stdout).slice(0, 1500)}`);
      const site = ws.siteOf(s.id);
      for (const ns of s.tenantMeta!.namespaces) {
        await until(`namespace ${ns} to be gone`, async () => (await site.kube.call("GET", `/api/v1/namespaces/${ns}`)).status === 404);
        gone.push(`namespace ${ns}`);
      }
      for (const mount of [s.tenantMeta!.vault.kvMount, s.tenantMeta!.vault.transitMount].filter((m): m is string => m !== undefined)) {
        const a = await site.vault.call("GET", `/v1/sys/mounts/${mount}`);
        if (a.status === 200) throw new Error(`Vault mount ${mount} is still there after the destroy`);
        gone.push(`mount ${mount}`);
      }
    }
    const others = othersPlanEmpty(head, []);
    return `destroyed ${guardStacks.map((s) => s.id).join(", ")} from the base output; gone: ${gone.join(", ")}; the ${others} remaining stacks plan empty`;
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
    const dir = stackDir(ws.out, s.id);
    if (!existsSync(join(dir, ".terraform"))) ws.runner.init(dir);
    if (ws.runner.plan(dir).changes) changed.push(`${s.id}: ${ws.runner.changedAddresses(dir).join(", ")}`);
  }
  return changed;
}

function stateList(ws: Workspace, dir: string): string[] {
  const r = ws.runner.state(dir);
  return r.split("\n").filter((l) => l.length > 0).sort();
}

function backendOf(ws: Workspace, s: OutputStack): string {
  return ws.siteOf(s.id).site.state.backend;
}

async function until(what: string, ready: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}
