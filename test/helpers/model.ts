/** Building models from in-memory files, for unit tests of the model layer. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildModel, type InputFile } from "../../model/model.js";
import type { Problem } from "../../model/errors.js";
import { ROOT } from "./repo.js";

const catalogueFile = (name: string): InputFile => ({ path: `catalogue/${name}`, text: readFileSync(join(ROOT, "catalogue", name), "utf8") });
export const exampleCatalogue = () => ({
  suppliers: catalogueFile("suppliers.yaml"),
  sites: catalogueFile("sites.yaml"),
  services: catalogueFile("services.yaml"),
});

export const EXAMPLE_TENANT_IDS = ["bolagsverket", "digg", "ekobrott", "isof", "kronofogden", "mfof", "statskontoret"];
export const exampleTenantFiles = (): InputFile[] =>
  EXAMPLE_TENANT_IDS.map((id) => ({ path: `tenants/${id}.yaml`, text: readFileSync(join(ROOT, "tenants", `${id}.yaml`), "utf8") }));

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
agreement: { phase: run, ref: FK-TEST-1, acceptedAt: 2025-01-01 }
security: { level: low, classifiedInformation: false, personalData: none }
resilience: { sites: [fk-a], priority: 3 }
contacts: { adminGroup: ${id}-admins }
services:
  container-hosting:
    namespaces:
      apps: { cpu: 1, memory: 1Gi, storage: 1Gi, pods: 5 }
${extra}`;
