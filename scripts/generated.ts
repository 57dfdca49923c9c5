/**
 * Files generated from code, never edited by hand: the JSON Schemas of the YAML files (for editors) and the
 * golden copies of every stack the example repository synthesizes (for review in diffs). `npm run generate`
 * writes them; test/generated.test.ts fails when a committed copy is stale.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { tenantSchema, suppliersFileSchema, sitesFileSchema, servicesFileSchema } from "../model/schema.js";
import { loadModel } from "../cli/inputs.js";
import { synthModel } from "../stacks/synth.js";
import { formatProblem } from "../model/errors.js";

export const SCHEMA_DIR = "schema";
export const GOLDEN_DIR = "test/golden";

const jsonSchema = (schema: z.ZodType, id: string, title: string): string =>
  `${JSON.stringify(
    { ...z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }), $id: `https://samdrift.invalid/schema/${id}`, title },
    null,
    2,
  )}\n`;

/** schema/<name>.schema.json, by file name. */
export function renderSchemas(): Record<string, string> {
  return {
    "tenant.schema.json": jsonSchema(tenantSchema, "tenant.schema.json", "samdrift tenant file (tenants/<id>.yaml)"),
    "suppliers.schema.json": jsonSchema(suppliersFileSchema, "suppliers.schema.json", "samdrift catalogue/suppliers.yaml"),
    "sites.schema.json": jsonSchema(sitesFileSchema, "sites.schema.json", "samdrift catalogue/sites.yaml"),
    "services.schema.json": jsonSchema(servicesFileSchema, "services.schema.json", "samdrift catalogue/services.yaml"),
  };
}

/** test/golden/<stack>.tf.json for every stack of the example repository (catalogue/ and tenants/ in `root`). */
export function renderGolden(root: string): Record<string, string> {
  const loaded = loadModel(root);
  if (!loaded.ok) throw new Error(`the example repository is invalid:\n${loaded.problems.map(formatProblem).join("\n")}`);
  const out = mkdtempSync(join(tmpdir(), "samdrift-golden-"));
  try {
    const { stacks } = synthModel(loaded.value, { outdir: out });
    const files: Record<string, string> = {};
    for (const id of stacks) files[`${id}.tf.json`] = readFileSync(join(out, "stacks", id, "cdk.tf.json"), "utf8");
    return files;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
