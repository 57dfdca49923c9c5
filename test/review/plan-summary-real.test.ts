/**
 * `samdrift plan-summary` on plans of the real providers (hashicorp/kubernetes and hashicorp/vault, built
 * from source): the first deploy of the example as `npm run e2e` planned it, kept scrubbed in
 * test/fixtures/plans/real/ (regenerate with `npm run e2e -- --save-plans DIR`, then copy these four).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/repo.js";
import { summarizePlans } from "../../review/plan-summary.js";
import { renderMarkdown } from "../../review/render.js";
import type { JsonObject } from "../../lib/json.js";

const DIR = join(ROOT, "test/fixtures/plans/real");
const files = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();
const plans = files.map((f) => ({ name: `test/fixtures/plans/real/${f}`, json: JSON.parse(readFileSync(join(DIR, f), "utf8")) as JsonObject }));

/** What each plan creates, counted from the plan JSON itself rather than through the code under test. */
const creates = plans.reduce(
  (n, p) => n + ((p.json.resource_changes as { change: { actions: string[] } }[]) ?? []).filter((c) => c.change.actions.join() === "create").length,
  0,
);

describe("plan-summary on real provider plans", () => {
  it("are first-deploy plans of the real providers, scrubbed", () => {
    expect(files).toEqual(["site--fk-a.json", "tenant--isof--fk-a.json", "tenant--kronofogden--skv-a.json", "tenant--mfof--fk-a.json"]);
    for (const p of plans) {
      expect(p.json).toMatchObject({ terraform_version: "1.11.4", timestamp: "2000-01-01T00:00:00Z", errored: false, complete: true });
      expect(JSON.stringify(p.json.configuration)).toMatch(/registry\.terraform\.io\/hashicorp\/(kubernetes|vault)/);
    }
    expect(creates).toBeGreaterThan(60);
  });

  it("counts every resource the plans create and groups them by tenant and site", () => {
    const r = summarizePlans(plans);
    expect(r.headline.resources).toEqual({ create: creates, update: 0, replace: 0, destroy: 0 });
    expect(r.tenants.map((t) => [t.tenant, t.status, t.sites.map((s) => s.stack)])).toEqual([
      ["isof", "added", ["tenant--isof--fk-a"]],
      ["kronofogden", "added", ["tenant--kronofogden--skv-a"]],
      ["mfof", "added", ["tenant--mfof--fk-a"]],
    ]);
    expect(r.siteStacks.map((s) => s.stack)).toEqual(["site--fk-a"]);
    expect(r.affected).toEqual(["site--fk-a", "tenant--isof--fk-a", "tenant--kronofogden--skv-a", "tenant--mfof--fk-a"]);
  });

  it("reads the real resources' attributes: quotas, flows to the internet", () => {
    const md = renderMarkdown(summarizePlans(plans));
    expect(md).toContain("namespace mfof-apps created: quota cpu 8, memory 32Gi, storage 200Gi, pods 100");
    expect(md).toContain("internet-flow");
    expect(md).toContain("192.0.2.10/32");
  });
});
