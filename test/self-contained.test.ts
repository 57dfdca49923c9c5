/**
 * samdrift's stacks skip cdktf's preparing pass (lib/cdktf.ts `SelfContainedStack`), which only matters
 * for a stack that references another stack's resources. Synthesized both ways, every example and a
 * generated repository (every service, mirrored, connected) give the same bytes: no stack references another.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateRepository } from "../bench/generate.js";
import { loadModel } from "../cli/inputs.js";
import { planModel } from "../model/plan.js";
import { synthPart } from "../stacks/synth-part.js";
import { DANISH_MUNICIPAL_CLOUD, MUNICIPAL_FEDERATION, STATE_SUPPLIERS, exampleDir } from "./helpers/examples.js";
import { snapshotDir } from "./helpers/repo.js";
import { App, CDKTF_PREPARE_CONTEXT, SelfContainedStack } from "../lib/cdktf.js";
import { VaultProvider } from "@cdktf/provider-vault/lib/provider/index.js";
import { Mount } from "@cdktf/provider-vault/lib/mount/index.js";
import { Policy } from "@cdktf/provider-vault/lib/policy/index.js";
import { tempDirs } from "./helpers/temp.js";

const fresh = tempDirs("samdrift-self-contained-test-");

const generated = (tenants: number) => () => {
  const dir = fresh();
  generateRepository(dir, tenants);
  return dir;
};

describe("skipping cdktf's preparing pass", () => {
  it.each([
    ["the state-suppliers example", () => exampleDir(STATE_SUPPLIERS)],
    ["the municipal-federation example", () => exampleDir(MUNICIPAL_FEDERATION)],
    ["the danish-municipal-cloud example", () => exampleDir(DANISH_MUNICIPAL_CLOUD)],
    ["a generated repository of 20 tenants", generated(20)],
  ])("writes %s byte for byte as cdktf's full synth does", (_, repository) => {
    const loaded = loadModel(repository());
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
    const plan = planModel(loaded.value);
    expect(plan.tenantSites.length).toBeGreaterThan(1);
    const skipped = join(fresh(), "out");
    const prepared = join(fresh(), "out");
    synthPart({ outdir: skipped, ...plan });
    synthPart({ outdir: prepared, ...plan, cdktfPrepare: true });
    const a = snapshotDir(skipped);
    expect(Object.keys(a).length).toBe(plan.sites.length + plan.tenantSites.length + 1);
    expect(a).toEqual(snapshotDir(prepared));
  });

  it("would be caught: a stack referencing another stack's resource is written differently without it", () => {
    const write = (cdktfPrepare: boolean) => {
      const outdir = join(fresh(), "out");
      const app = new App({ outdir, stackTraces: false, ...(cdktfPrepare ? { context: { [CDKTF_PREPARE_CONTEXT]: true } } : {}) });
      class Stack extends SelfContainedStack {}
      const a = new Stack(app, "a");
      new VaultProvider(a, "vault", { address: "https://vault.example" });
      const mount = new Mount(a, "kv", { path: "kv", type: "kv-v2" });
      const b = new Stack(app, "b");
      new VaultProvider(b, "vault", { address: "https://vault.example" });
      new Policy(b, "p", { name: "p", policy: `path "${mount.path}/*" { capabilities = ["read"] }` });
      app.synth();
      return snapshotDir(outdir);
    };
    const prepared = write(true);
    const skipped = write(false);
    expect(prepared["stacks/b/cdk.tf.json"]).toContain("terraform_remote_state");
    expect(skipped["stacks/b/cdk.tf.json"]).not.toEqual(prepared["stacks/b/cdk.tf.json"]);
  });
});
