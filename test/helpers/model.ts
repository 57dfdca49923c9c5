/** Building models from in-memory files, for unit tests of the model layer. */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { buildModel, type CatalogueInput, type InputFile } from "../../model/model.js";
import type { Problem } from "../../model/errors.js";
import { STATE_SUPPLIERS, exampleDir, type ExampleName } from "./examples.js";

/** A file of an example, named as in a repository (`catalogue/sites.yaml`, `tenants/mfof.yaml`). */
const exampleFile = (example: ExampleName, path: string): InputFile => ({ path, text: readFileSync(join(exampleDir(example), path), "utf8") });

export const exampleCatalogue = (example: ExampleName = STATE_SUPPLIERS): { -readonly [K in keyof CatalogueInput]: CatalogueInput[K] } => {
  const feesDir = join(exampleDir(example), "catalogue", "fees");
  const fees = existsSync(feesDir) ? readdirSync(feesDir).filter((n) => n.endsWith(".yaml")).sort().map((n) => exampleFile(example, `catalogue/fees/${n}`)) : [];
  return {
    suppliers: exampleFile(example, "catalogue/suppliers.yaml"),
    sites: exampleFile(example, "catalogue/sites.yaml"),
    services: exampleFile(example, "catalogue/services.yaml"),
    fees,
  };
};

/** Every tenant file of an example, sorted by name. */
export const exampleTenantFiles = (example: ExampleName = STATE_SUPPLIERS): InputFile[] =>
  readdirSync(join(exampleDir(example), "tenants"))
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => exampleFile(example, `tenants/${name}`));

/** Problems of the example with the given tenant files replaced or added. */
export function problemsWith(files: Record<string, string>, catalogue = exampleCatalogue()): Problem[] {
  const tenants = exampleTenantFiles().filter((f) => !(f.path in files));
  for (const [path, text] of Object.entries(files)) tenants.push({ path, text });
  const r = buildModel(catalogue, tenants);
  return [...r.problems];
}

/** A minimal valid tenant of forsakringskassan, as YAML, with optional extra lines. */
export const minimalTenant = (id: string, extra = ""): string => `id: ${id}
agency: { name: "Test agency", orgNumber: "202100-0001", kind: state-agency }
supplier: forsakringskassan
agreement: { phase: run, ref: FK-TEST-1, acceptedAt: 2025-01-01, notified: { coordinator: 2024-10-01, government: 2024-10-01 }, costEstimate: { onboarding: "180000.00", monthly: "2900.00", communicatedAt: 2024-11-04, ref: FK-EST-TEST-1 } }
security: { level: low, classifiedInformation: false, personalData: none }
resilience: { sites: [fk-a], priority: 3 }
contacts: { adminGroup: ${id}-admins }
services:
  container-hosting:
    namespaces:
      apps: { cpu: 1, memory: 1Gi, storage: 1Gi, pods: 5 }
${extra}`;
