/**
 * Fixtures for the policy tests: the example catalogue (optionally changed), tenants written as plain
 * objects in the tenant file's own shape, and hand-written synthesized stacks. Everything is built in
 * memory through the real model layer, so a fixture that the schema would refuse fails loudly.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import type { z } from "zod";
import { buildModel, type Model } from "../../model/model.js";
import { formatProblem } from "../../model/errors.js";
import type { sitesFileSchema, suppliersFileSchema, servicesFileSchema, tenantSchema } from "../../model/schema.js";
import type { feeFileSchema } from "../../model/fees.js";
import type { Rule, RuleFinding } from "../../policies/types.js";
import { createRuleContext } from "../../policies/run.js";
import { parseStack, type OutputStack, type SynthOutput } from "../../output/read.js";
import { STATE_SUPPLIERS, exampleDir } from "../helpers/examples.js";

export const ROOT = join(import.meta.dirname, "..", "..");
export const FIXTURES = join(ROOT, "test", "fixtures", "policies");
/** A date all fixtures are judged on, so expiry tests do not depend on the clock. */
export const TODAY = "2026-06-01";

export type TenantDoc = z.input<typeof tenantSchema>;
export type SuppliersDoc = z.input<typeof suppliersFileSchema>;
export type SitesDoc = z.input<typeof sitesFileSchema>;
export type ServicesDoc = z.input<typeof servicesFileSchema>;
export type FeesDoc = z.input<typeof feeFileSchema>;

const example = <T>(name: string): T => parse(readFileSync(join(exampleDir(STATE_SUPPLIERS), "catalogue", name), "utf8")) as T;

/**
 * A compliant tenant of Försäkringskassan: moderate, ordinary personal data with a processor agreement,
 * in run with an accepted delivery, mirrored on fk-a and fk-b (zones fk-z1, fk-z2), one small namespace.
 */
export function tenant(id: string, overrides: Partial<TenantDoc> = {}): TenantDoc {
  return {
    id,
    agency: { name: `Myndigheten ${id}`, orgNumber: "202100-9994", kind: "state-agency", sector: `sector-${id}` },
    supplier: "forsakringskassan",
    agreement: { phase: "run", ref: "FK-2026-0001", acceptedAt: "2026-01-15", notified: { coordinator: "2025-10-01", government: "2025-10-01" } },
    security: { level: "moderate", classifiedInformation: false, personalData: "ordinary", dpaRef: "PUB-2026-001" },
    resilience: { sites: ["fk-a", "fk-b"], priority: 3 },
    contacts: { adminGroup: `${id}-admins` },
    services: { "container-hosting": { namespaces: { apps: { cpu: 2, memory: "4Gi", storage: "10Gi", pods: 20 } } } },
    ...overrides,
  };
}

/** The same tenant on Skatteverket's very-high sites skv-a and skv-b. */
export const skvTenant = (id: string, overrides: Partial<TenantDoc> = {}): TenantDoc =>
  tenant(id, { supplier: "skatteverket", agreement: { phase: "run", ref: "SKV-2026-0001", acceptedAt: "2026-01-15", notified: { coordinator: "2025-10-01", government: "2025-10-01" } }, resilience: { sites: ["skv-a", "skv-b"], priority: 2 }, ...overrides });

export type ExceptionDoc = NonNullable<TenantDoc["exceptions"]>[number];

/** An exception for EXP-003 that counts on {@link TODAY}: a real rule, a real reason, expiring 2026-12-31. */
export const exceptionDoc = (overrides: Partial<ExceptionDoc> = {}): ExceptionDoc => ({
  rule: "EXP-003", reason: "Citizen e-service; risk assessment RA-12 accepts exposure", expires: "2026-12-31", ref: "RA-2026-12", ...overrides,
});

export interface CatalogueChanges {
  readonly suppliers?: (doc: SuppliersDoc) => SuppliersDoc;
  readonly sites?: (doc: SitesDoc) => SitesDoc;
  readonly services?: (doc: ServicesDoc) => ServicesDoc;
  /** The fee files, from the example's (one per supplier). @default - no fee files: fees not adopted */
  readonly fees?: (docs: FeesDoc[]) => FeesDoc[];
}

const EXAMPLE_FEE_SUPPLIERS = ["forsakringskassan", "skatteverket"];

/** Builds a model from the example catalogue (changed as asked) and the given tenants. Throws on problems. */
export function model(tenants: readonly TenantDoc[], changes: CatalogueChanges = {}): Model {
  const suppliers = (changes.suppliers ?? ((d) => d))(example<SuppliersDoc>("suppliers.yaml"));
  const sites = (changes.sites ?? ((d) => d))(example<SitesDoc>("sites.yaml"));
  const services = (changes.services ?? ((d) => d))(example<ServicesDoc>("services.yaml"));
  const fees = changes.fees ? changes.fees(EXAMPLE_FEE_SUPPLIERS.map((s) => example<FeesDoc>(`fees/${s}.yaml`))) : [];
  const result = buildModel(
    {
      suppliers: { path: "catalogue/suppliers.yaml", text: stringify(suppliers) },
      sites: { path: "catalogue/sites.yaml", text: stringify(sites) },
      services: { path: "catalogue/services.yaml", text: stringify(services) },
      fees: fees.map((f) => ({ path: `catalogue/fees/${f.supplier}.yaml`, text: stringify(f) })),
    },
    tenants.map((t) => ({ path: `tenants/${t.id}.yaml`, text: stringify(t) })),
  );
  if (!result.ok) throw new Error(`fixture is not a valid model:\n${result.problems.map(formatProblem).join("\n")}`);
  return result.value;
}

/** Calls one rule the way the runner does. */
export const check = (rule: Rule, m: Model, options: { today?: string; output?: SynthOutput } = {}): RuleFinding[] =>
  rule.check(createRuleContext(m, { today: options.today ?? TODAY, ...(options.output ? { output: options.output } : {}) }));

// ------------------------------------------------------------------------------------- synthesized stacks

/** A JSON value of a stack fixture, for tests that change one attribute. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The hand-written stacks of an output fixture folder, as parsed JSON keyed by stack id. */
export function stackJson(folder: string): Map<string, { [key: string]: Json }> {
  const dir = join(FIXTURES, "output", folder, "stacks");
  const ids = ["site--fk-a", "tenant--acme--fk-a", "tenant--other--fk-a"];
  return new Map(ids.flatMap((id) => {
    try {
      return [[id, JSON.parse(readFileSync(join(dir, id, "cdk.tf.json"), "utf8")) as { [key: string]: Json }]];
    } catch {
      return [];
    }
  }));
}

/** An output built from stack JSON (pretty-printed the way cdktf writes it, so lines resolve). */
export function output(stacks: ReadonlyMap<string, Json>): SynthOutput {
  return {
    stacks: [...stacks].map(([id, json]): OutputStack => parseStack(id, `stacks/${id}/cdk.tf.json`, JSON.stringify(json, null, 2))),
  };
}

/** The resource block `resource.<type>.<name>` of a stack's JSON, for changing it in a test. */
export function resource(stack: Json | undefined, type: string, name: string): { [key: string]: Json } {
  const r = (stack as { resource: Record<string, Record<string, { [key: string]: Json }>> }).resource[type]?.[name];
  if (!r) throw new Error(`fixture has no resource ${type}.${name}`);
  return r;
}
