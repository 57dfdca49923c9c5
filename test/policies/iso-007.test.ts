/**
 * ISO-007 on a real synthesized output of a fixture model: the output's samdrift blocks must say what the
 * files say, since the isolation proof judges access against them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { check, model, tenant } from "./helpers.js";
import { iso007 } from "../../policies/rules/iso-007-records-match-files.js";
import { readOutputFolder } from "../../cli/output.js";
import { synthModel } from "../../stacks/synth.js";
import { planModel } from "../../model/plan.js";

const m = model([tenant("acme"), tenant("other")]);
let outdir: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), "samdrift-iso007-"));
  synthModel(m, { outdir });
});

/** The output with one stack's JSON changed (each test reads a fresh copy of the files). */
function outputWith(stack: string, edit: (json: { "//": { samdrift: Record<string, unknown> } }) => void) {
  const file = join(outdir, "stacks", stack, "cdk.tf.json");
  const text = readFileSync(file, "utf8");
  try {
    const json = JSON.parse(text) as { "//": { samdrift: Record<string, unknown> } };
    edit(json);
    writeFileSync(file, JSON.stringify(json, null, 2));
    return readOutputFolder(outdir, { shown: (p) => p.slice(outdir.length + 1) });
  } finally {
    writeFileSync(file, text);
  }
}

describe("ISO-007 the output's records match the files", () => {
  it("passes the output synthesized from the same files, wherever the files were read from", () => {
    expect(check(iso007, m, { output: outputWith("tenant--acme--fk-a", (j) => (j["//"].samdrift.file = "elsewhere/acme.yaml")) })).toEqual([]);
  });
  it("reuses the plan synth made of the same model instead of planning again", () => {
    expect(planModel(m)).toBe(planModel(m));
  });
  it("finds nothing without output", () => {
    expect(check(iso007, m)).toEqual([]);
  });
  it("refuses a tenant block that declares more than the tenant file, naming what differs", () => {
    const output = outputWith("tenant--acme--fk-a", (j) => {
      (j["//"].samdrift.declared as { egress: unknown[] }).egress.push({ from: "acme-apps", cidr: "0.0.0.0/0", ports: ["TCP/443"], reason: "x" });
      (j["//"].samdrift.vault as { policies: string[] }).policies.push("root");
    });
    expect(check(iso007, m, { output })).toMatchObject([
      { tenant: "acme", file: "stacks/tenant--acme--fk-a/cdk.tf.json", message: expect.stringContaining("its samdrift block differs from what the files give in declared, vault;") },
    ]);
  });
  it("refuses a site block whose platform namespaces differ from sites.yaml", () => {
    const output = outputWith("site--fk-a", (j) => ((j["//"].samdrift.platform as { monitoring: { namespace: string } }).monitoring.namespace = "acme-apps"));
    expect(check(iso007, m, { output })).toMatchObject([{ tenant: "", message: expect.stringContaining("differs from what the files give in platform") }]);
  });
  it("refuses a stack the files do not give", () => {
    const output = outputWith("tenant--acme--fk-a", () => undefined);
    const extra = { ...output.stacks.find((s) => s.id === "tenant--acme--fk-a")!, id: "tenant--ghost--fk-a" };
    expect(check(iso007, m, { output: { stacks: [...output.stacks, extra] } }).map((f) => f.message)).toEqual([
      expect.stringContaining("the tenant and catalogue files give no such stack"),
    ]);
  });
});
