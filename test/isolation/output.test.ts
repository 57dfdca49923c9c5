/** Reading a synthesized output folder: the manifest, the samdrift blocks, resources and their lines. */
import { describe, expect, it } from "vitest";
import { many, one } from "../../lib/json.js";
import { OutputFormatError, parseManifest, parseStack, resolveReference, stacksBySite } from "../../output/read.js";
import { LAB, loadOutput } from "./helpers.js";

describe("manifest", () => {
  it("lists the stacks and their files, sorted", () => {
    const text = JSON.stringify({ stacks: { "b--x": { synthesizedStackPath: "stacks/b--x/cdk.tf.json" }, "a--x": { synthesizedStackPath: "stacks/a--x/cdk.tf.json" } } });
    expect(parseManifest("out/manifest.json", text)).toEqual([
      { id: "a--x", path: "stacks/a--x/cdk.tf.json" },
      { id: "b--x", path: "stacks/b--x/cdk.tf.json" },
    ]);
  });

  it.each([
    ["{", /out\/manifest.json:1:1: not JSON/],
    ["{}", /stacks: missing; this is not a cdktf manifest/],
    ['{"stacks":{"a":{}}}', /stacks.a.synthesizedStackPath: missing/],
  ])("rejects %s", (text, message) => {
    expect(() => parseManifest("out/manifest.json", text)).toThrow(OutputFormatError);
    expect(() => parseManifest("out/manifest.json", text)).toThrow(message);
  });
});

describe("stacks", () => {
  it("reads the samdrift blocks of the fixture and groups stacks by site", () => {
    const output = loadOutput(LAB);
    const bySite = stacksBySite(output);
    expect([...bySite.keys()]).toEqual(["lab"]);
    expect(bySite.get("lab")!.map((s) => s.id)).toEqual(["site--lab", "tenant--alpha--lab", "tenant--beta--lab"]);
    const alpha = output.stacks[1]!;
    expect(alpha.file).toBe("test/fixtures/isolation/lab/stacks/tenant--alpha--lab/cdk.tf.json");
    expect(alpha.tenantMeta?.namespaces).toEqual(["alpha-db", "alpha-web"]);
    expect(output.stacks[0]!.siteMeta?.platform.monitoring).toEqual({ namespace: "monitoring", podLabels: { app: "prometheus" }, ports: [9090] });
  });

  it("finds each resource's line in the file", () => {
    const text = JSON.stringify({ resource: { vault_policy: { one: { name: "a" }, two: { name: "b" } } } }, null, 2);
    const stack = parseStack("s", "s.json", text);
    expect(stack.resources.map((r) => `${r.address}@${r.line}`)).toEqual(["vault_policy.one@4", "vault_policy.two@7"]);
  });

  it("accepts a resource body and single blocks as an object or a one-item list", () => {
    const text = JSON.stringify({ resource: { kubernetes_namespace_v1: { a: [{ metadata: [{ name: "x" }] }], b: { metadata: { name: "y" } } } } });
    const names = parseStack("s", "s.json", text).resources.map((r) => one(r.body.metadata)?.name);
    expect(names).toEqual(["x", "y"]);
    expect(many(undefined)).toEqual([]);
    expect(many({ a: 1 })).toEqual([{ a: 1 }]);
    expect(one([])).toBeUndefined();
  });

  it("resolves references to other resources of the stack", () => {
    const text = JSON.stringify({
      resource: { kubernetes_namespace_v1: { ns: { metadata: { name: "alpha-web" } } }, vault_policy: { kv: { name: "tenant-alpha-kv" } } },
    });
    const stack = parseStack("s", "s.json", text);
    expect(resolveReference(stack, "${kubernetes_namespace_v1.ns.metadata[0].name}")).toBe("alpha-web");
    expect(resolveReference(stack, "${kubernetes_namespace_v1.ns.metadata.name}")).toBe("alpha-web");
    expect(resolveReference(stack, "${kubernetes_namespace_v1.ns.id}")).toBe("alpha-web");
    expect(resolveReference(stack, "${vault_policy.kv.name}")).toBe("tenant-alpha-kv");
    expect(resolveReference(stack, "${vault_policy.missing.name}")).toBe("${vault_policy.missing.name}");
    expect(resolveReference(stack, "plain")).toBe("plain");
  });

  it.each([
    ["not JSON", "{", "", /s.json:1:1: not JSON/],
    ["an unknown kind", JSON.stringify({ "//": { samdrift: { kind: "cluster" } } }), "//.samdrift.kind", /expected "site" or "tenant-site"/],
    [
      "a tenant block without namespaces",
      JSON.stringify({ "//": { samdrift: { kind: "tenant-site", tenant: "t", site: "s", supplier: "x", file: "f", securityLevel: "low", personalData: "none", phase: "run", priority: 1, placement: ["s"], declared: {}, vault: {} } } }),
      "//.samdrift.namespaces",
      /see docs\/output-format.md/,
    ],
    [
      "a declared port that is not PROTOCOL/PORT",
      JSON.stringify({ "//": { samdrift: { kind: "tenant-site", tenant: "t", site: "s", supplier: "x", file: "f", securityLevel: "low", personalData: "none", phase: "run", priority: 1, placement: ["s"], namespaces: [], vault: {}, declared: { ingress: [], egress: [], connections: [{ from: "a", to: "b", ports: ["443"], ref: "r" }] } } } }),
      "//.samdrift.declared.connections.0.ports",
      /"443" is not a port; write PROTOCOL\/PORT/,
    ],
  ])("rejects %s, naming the field", (_name, text, field, message) => {
    let error: unknown;
    try {
      parseStack("s", "s.json", text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OutputFormatError);
    expect((error as OutputFormatError).field).toBe(field);
    expect((error as Error).message).toMatch(message);
  });
});
