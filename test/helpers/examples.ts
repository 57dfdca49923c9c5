/**
 * Where the examples are: examples/<name>/catalogue and examples/<name>/tenants. Tests pin the examples,
 * never the supplier's own catalogue/ and tenants/ at the root, which a supplier who adopts the repository
 * fills with real tenants.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");

/** The examples in examples/, each a catalogue/ and a tenants/ folder. */
export type ExampleName = "state-suppliers" | "municipal-federation" | "danish-municipal-cloud";
/** Two Swedish state suppliers (Försäkringskassan, Skatteverket), four sites and seven tenants. */
export const STATE_SUPPLIERS: ExampleName = "state-suppliers";
/** A Swedish municipal federation serving its five member municipalities and a joint body (arrangement municipal-federation). */
export const MUNICIPAL_FEDERATION: ExampleName = "municipal-federation";
/** A Danish municipal common cloud with three municipalities identified by CVR number (arrangement danish-municipal). */
export const DANISH_MUNICIPAL_CLOUD: ExampleName = "danish-municipal-cloud";

/** The folder of an example, holding its catalogue/ and tenants/. */
export const exampleDir = (example: ExampleName = STATE_SUPPLIERS): string => join(ROOT, "examples", example);

/** The text of one tenant file of an example. */
export const exampleTenant = (id: string, example: ExampleName = STATE_SUPPLIERS): string =>
  readFileSync(join(exampleDir(example), "tenants", `${id}.yaml`), "utf8");
