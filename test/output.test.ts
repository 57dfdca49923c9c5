/** The output format's one owner (output/): the writer's blocks parse with the one schema, and the reader reads a folder from any source. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isObject, jsonEqual, many, one, str, strings } from "../lib/json.js";
import { samdriftBlockSchema } from "../output/schema.js";
import { readOutput, type OutputSource } from "../output/read.js";

const GOLDEN = join(import.meta.dirname, "golden");
/** Every example's golden stacks, `<example>/<stack>.tf.json`. */
const golden = readdirSync(GOLDEN, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".tf.json")).sort();

describe("the samdrift block", () => {
  it.each(golden)("written for the example's %s parses with the one schema, losing no field", (file) => {
    const json = JSON.parse(readFileSync(join(GOLDEN, file), "utf8")) as unknown;
    const block = isObject(json) ? one(json["//"])?.samdrift : undefined;
    const parsed = samdriftBlockSchema.parse(block);
    expect(jsonEqual(parsed, block)).toBe(true);
  });
});

describe("reading an output folder", () => {
  it("reads the manifest and every stack it lists from any source", () => {
    const files: Record<string, string> = {
      "manifest.json": JSON.stringify({ stacks: { "site--s": { synthesizedStackPath: "stacks/site--s/cdk.tf.json" } } }),
      "stacks/site--s/cdk.tf.json": JSON.stringify({ resource: { vault_policy: { p: { name: "p" } } } }, null, 2),
    };
    const source: OutputSource = { read: (path) => files[path]!, shown: (path) => `out/${path}` };
    const output = readOutput(source);
    expect(output.stacks.map((s) => [s.id, s.file, s.kind, s.site, s.resources.map((r) => `${r.address}@${r.line}`)])).toEqual([
      ["site--s", "out/stacks/site--s/cdk.tf.json", "site", "s", ["vault_policy.p@4"]],
    ]);
  });
});

describe("JSON helpers: one meaning each", () => {
  it("one: an object, or a list of exactly one object", () => {
    expect(one({ a: 1 })).toEqual({ a: 1 });
    expect(one([{ a: 1 }])).toEqual({ a: 1 });
    expect(one([{ a: 1 }, { b: 2 }])).toBeUndefined();
    expect(one([])).toBeUndefined();
    expect(one("x")).toBeUndefined();
  });
  it("str: Terraform's conversion of primitives to strings", () => {
    expect([str("a"), str(443), str(true), str(null), str(["a"]), str(undefined)]).toEqual(["a", "443", "true", undefined, undefined, undefined]);
  });
  it("strings and many: a lone value counts as a one-item list", () => {
    expect(strings(["a", 1, { x: 1 }])).toEqual(["a", "1"]);
    expect(strings("a")).toEqual(["a"]);
    expect(strings(undefined)).toEqual([]);
    expect(many({ a: 1 })).toEqual([{ a: 1 }]);
    expect(many([{ a: 1 }, "x"])).toEqual([{ a: 1 }]);
  });
  it("jsonEqual ignores key order, never equates undefined and null", () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(jsonEqual(undefined, null)).toBe(false);
  });
});
