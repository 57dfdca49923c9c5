/**
 * Kept parses (model/source.ts `ParsedStore`, cli/parse-cache.ts): a file whose text was parsed before is
 * judged from the kept data, with every rule and schema check run again, and locates every field where the
 * parsed document does, so problems and findings read the same.
 */
import { isDeepStrictEqual } from "node:util";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../cli/inputs.js";
import { buildModel } from "../model/model.js";
import { DiskParsedStore, PARSE_CODE_DIRS } from "../cli/parse-cache.js";
import { parseYaml, type FieldPath, type KeptParse, type ParsedStore, type SourceFile } from "../model/source.js";
import { sitesFileSchema, tenantSchema } from "../model/schema.js";
import { DANISH_MUNICIPAL_CLOUD, MUNICIPAL_FEDERATION, STATE_SUPPLIERS, exampleDir, type ExampleName } from "./helpers/examples.js";
import { importedFiles } from "./helpers/imports.js";
import { copyExample, runWithEnv, writeTenant } from "./helpers/repo.js";
import { tempDirs } from "./helpers/temp.js";

const fresh = tempDirs("samdrift-parse-cache-test-");

class MemoryStore implements ParsedStore {
  readonly code = "parse-code-1";
  readonly kept = new Map<string, KeptParse>();
  hits = 0;
  get = (key: string) => {
    // Through JSON, as the disk store keeps it.
    const kept = this.kept.get(key);
    if (kept) this.hits++;
    return kept && (JSON.parse(JSON.stringify(kept)) as KeptParse);
  };
  put = (key: string, kept: KeptParse) => void this.kept.set(key, kept);
}

/** Every field path of `value`, and for each mapping a key that is not there. */
function pathsOf(value: unknown, path: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [path];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...path, i])));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...path, k]));
    out.push([...path, "not-written"], [...path, 0]);
  }
  return out;
}

const located = (source: SourceFile, paths: readonly FieldPath[]) => paths.map((p) => source.locate(p));

describe("kept parses", () => {
  it.each([STATE_SUPPLIERS, MUNICIPAL_FEDERATION, DANISH_MUNICIPAL_CLOUD] as ExampleName[])("load %s into the same model, every field located where the document has it", (example) => {
    const store = new MemoryStore();
    const parsed = loadModelWith(exampleDir(example), store);
    expect(store.kept.size).toBeGreaterThan(5);
    const kept = loadModelWith(exampleDir(example), store);
    expect(store.hits).toBe(store.kept.size);
    const plain = loadModelWith(exampleDir(example), undefined);
    expect(isDeepStrictEqual(kept.tenants.map((t) => t.tenant), plain.tenants.map((t) => t.tenant))).toBe(true);
    expect(isDeepStrictEqual(parsed.tenants.map((t) => t.tenant), plain.tenants.map((t) => t.tenant))).toBe(true);
    expect(isDeepStrictEqual([...kept.catalogue.sites], [...plain.catalogue.sites])).toBe(true);
    for (const [i, entry] of plain.tenants.entries()) {
      const paths = pathsOf(entry.tenant);
      expect(located(kept.tenants[i]!.source, paths), entry.tenant.id).toEqual(located(entry.source, paths));
    }
  });

  it("report a file's problems at the same lines from the kept data", () => {
    const text = [
      "# a comment first",
      "id: acme",
      "agency: { name: Acme, orgNumber: '202100-5489', kind: state-agency, unknownKey: 1 }",
      "services:",
      "  container-hosting:",
      "    namespaces:",
      "      web: { cpu: many }",
      "",
    ].join("\n");
    const store = new MemoryStore();
    const first = parseYaml("tenants/acme.yaml", text, tenantSchema, { store, schema: "tenant" });
    const second = parseYaml("tenants/acme.yaml", text, tenantSchema, { store, schema: "tenant" });
    const plain = parseYaml("tenants/acme.yaml", text, tenantSchema);
    expect(store.hits).toBe(1);
    expect(first.ok).toBe(false);
    expect(second).toEqual(plain);
    expect(first).toEqual(plain);
  });

  it("keep nothing for a file that does not parse, nor for values JSON cannot carry", () => {
    const store = new MemoryStore();
    parseYaml("tenants/a.yaml", "id: [unclosed\n", tenantSchema, { store, schema: "tenant" });
    parseYaml("tenants/b.yaml", "id: b\nquota: .inf\n", tenantSchema, { store, schema: "tenant" });
    parseYaml("tenants/c.yaml", "id: c\nquota: -0.0\n", tenantSchema, { store, schema: "tenant" });
    expect(store.kept.size).toBe(0);
  });

  it("on disk: an intact entry is served, a damaged one is parsed again", async () => {
    const dir = fresh();
    const store = new DiskParsedStore(dir);
    const text = readFileSync(join(exampleDir(), "tenants", "mfof.yaml"), "utf8");
    const plain = parseYaml("tenants/mfof.yaml", text, tenantSchema);
    expect(parseYaml("tenants/mfof.yaml", text, tenantSchema, { store, schema: "tenant" })).toMatchObject({ ok: true });
    const [name] = readdirSync(store.entries.folder);
    expect(store.get(name!)?.data).toMatchObject({ id: "mfof" });
    const file = join(store.entries.folder, name!);
    writeFileSync(file, readFileSync(file, "utf8").replace('"mfof"', '"evil"'));
    expect(store.get(name!)).toBeUndefined();
    const again = parseYaml("tenants/mfof.yaml", text, tenantSchema, { store, schema: "tenant" });
    expect(again.ok && plain.ok && isDeepStrictEqual(again.parsed.value, plain.parsed.value)).toBe(true);
  });

  it("keep a valid file's value under its schema's name, and judge it again under another", () => {
    const store = new MemoryStore();
    const text = readFileSync(join(exampleDir(), "tenants", "mfof.yaml"), "utf8");
    const first = parseYaml("tenants/mfof.yaml", text, tenantSchema, { store, schema: "tenant" });
    expect([...store.kept.values()][0]?.valid?.schema).toBe("tenant");
    const again = parseYaml("tenants/mfof.yaml", text, tenantSchema, { store, schema: "tenant" });
    expect(first.ok && again.ok && isDeepStrictEqual(again.parsed.value, first.parsed.value)).toBe(true);
    const other = parseYaml("catalogue/sites.yaml", text, sitesFileSchema, { store, schema: "sites" });
    expect(other.ok).toBe(false);
    expect(other).toEqual(parseYaml("catalogue/sites.yaml", text, sitesFileSchema));
  });

  it("are keyed by a code identity that covers every module the parser is made of", () => {
    // The parser, and the schemas and rules a kept valid value was judged by.
    const seen = new Set([...importedFiles("model/source.ts"), ...importedFiles("model/model.ts")]);
    expect(seen.size).toBeGreaterThan(3);
    for (const file of seen) expect(PARSE_CODE_DIRS as readonly string[], file).toContain(file.split("/")[0]);
  });
});

describe("synth and check with kept parses", () => {
  it("print the same problems for a broken file, and write the same output for valid ones", async () => {
    const repo = copyExample();
    const env = { SAMDRIFT_CACHE: fresh() };
    const off = { SAMDRIFT_CACHE: "off" };
    const a = await runWithEnv(repo, env, "synth", "--today", "2026-11-22", "--out", "a");
    const b = await runWithEnv(repo, env, "synth", "--today", "2026-11-22", "--out", "b");
    expect(a.code).toBe(0);
    expect(b.out).toContain("copied from the stack cache");
    expect(readFileSync(join(repo, "b", "manifest.json"), "utf8")).toBe(readFileSync(join(repo, "a", "manifest.json"), "utf8"));
    writeTenant(repo, "broken.yaml", "id: broken\nagency: { name: X, kind: state-agency }\nservices: { secrets: { maxVersions: lots } }\n");
    const runs = [await runWithEnv(repo, env, "check", "--today", "2026-11-22"), await runWithEnv(repo, env, "check", "--today", "2026-11-22"), await runWithEnv(repo, off, "check", "--today", "2026-11-22")];
    expect(runs[0]!.code).toBe(1);
    expect(runs[0]!.err).toContain("tenants/broken.yaml:3:");
    expect(runs[1]).toEqual(runs[2]);
    expect(runs[0]).toEqual(runs[2]);
  });
});

function loadModelWith(dir: string, store: ParsedStore | undefined) {
  const r = store ? loadModelStore(dir, store) : loadModel(dir);
  if (!r.ok) throw new Error(`invalid ${dir}`);
  return r.value;
}

/** loadModel with an in-memory store instead of the disk cache. */
function loadModelStore(dir: string, store: ParsedStore) {
  const read = (rel: string) => ({ path: rel, text: readFileSync(join(dir, rel), "utf8") });
  const tenants = readdirSync(join(dir, "tenants")).filter((n) => n.endsWith(".yaml")).sort().map((n) => read(`tenants/${n}`));
  const feeDir = join(dir, "catalogue", "fees");
  const fees = existsSync(feeDir) ? readdirSync(feeDir).filter((n) => n.endsWith(".yaml")).sort().map((n) => read(`catalogue/fees/${n}`)) : [];
  return buildModel({ suppliers: read("catalogue/suppliers.yaml"), sites: read("catalogue/sites.yaml"), services: read("catalogue/services.yaml"), fees }, tenants, { parsed: store });
}
