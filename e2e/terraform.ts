/**
 * Terraform per stack, with the commands the deploy workflow runs (init, plan -out, show -json, apply of
 * that plan), from the provider mirror only (`TF_CLI_CONFIG_FILE`), never the registry.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { exec, CommandError, type Result } from "./sh.js";
import { REGISTRIES } from "./build.js";

export interface Terraform {
  readonly path: string;
  readonly cliConfig: string;
}

/** The CLI configuration a site with no registry access uses: a read-only filesystem mirror, nothing direct. */
export function writeCliConfig(file: string, mirror: string): string {
  const hosts = REGISTRIES.map((r) => `"${r}/*/*"`).join(", ");
  writeFileSync(
    file,
    ["provider_installation {", "  filesystem_mirror {", `    path    = "${mirror}"`, `    include = [${hosts}]`, "  }", "  direct {", `    exclude = [${hosts}]`, "  }", "}", ""].join("\n"),
  );
  return file;
}

export class StackRunner {
  constructor(
    private readonly tf: Terraform,
    private readonly env: (stackDir: string) => NodeJS.ProcessEnv,
  ) {}

  private tfRun(dir: string, args: readonly string[]): Result {
    return exec(this.tf.path, [`-chdir=${dir}`, ...args], { env: { ...this.env(dir), TF_CLI_CONFIG_FILE: this.tf.cliConfig }, timeout: 900_000 });
  }

  private must(dir: string, args: readonly string[]): Result {
    const r = this.tfRun(dir, args);
    if (r.code !== 0) throw new CommandError(`terraform ${args[0]} in ${dir}`, r);
    return r;
  }

  init(dir: string): void {
    this.must(dir, ["init", "-input=false", "-no-color"]);
  }

  /** Plans into `tfplan`, writes `terraform show -json` of it to `jsonOut`, and says whether it changes anything. */
  plan(dir: string, jsonOut?: string, extra: readonly string[] = []): { changes: boolean; result: Result } {
    const r = this.tfRun(dir, ["plan", "-input=false", "-no-color", "-lock-timeout=60s", "-detailed-exitcode", "-out=tfplan", ...extra]);
    if (r.code !== 0 && r.code !== 2) throw new CommandError(`terraform plan in ${dir}`, r);
    if (jsonOut) {
      mkdirSync(join(jsonOut, ".."), { recursive: true });
      writeFileSync(jsonOut, this.must(dir, ["show", "-json", "tfplan"]).stdout);
    }
    return { changes: r.code === 2, result: r };
  }

  /** A plan that may fail: the guards expect some to. */
  tryPlan(dir: string, extra: readonly string[] = []): Result {
    return this.tfRun(dir, ["plan", "-input=false", "-no-color", "-lock-timeout=60s", "-detailed-exitcode", ...extra]);
  }

  applyPlan(dir: string): void {
    this.must(dir, ["apply", "-input=false", "-no-color", "-lock-timeout=60s", "tfplan"]);
  }

  destroy(dir: string): Result {
    return this.tfRun(dir, ["destroy", "-input=false", "-no-color", "-auto-approve", "-lock-timeout=60s"]);
  }

  /** `terraform state list`. */
  state(dir: string): string {
    return this.must(dir, ["state", "list", "-no-color"]).stdout;
  }

  /** The addresses of what a saved plan would change, for the report. */
  changedAddresses(dir: string): string[] {
    const plan = JSON.parse(this.must(dir, ["show", "-json", "tfplan"]).stdout) as { resource_changes?: { address: string; change: { actions: string[] } }[] };
    return (plan.resource_changes ?? []).filter((c) => !c.change.actions.every((a) => a === "no-op" || a === "read")).map((c) => `${c.address} (${c.change.actions.join("+")})`);
  }
}
