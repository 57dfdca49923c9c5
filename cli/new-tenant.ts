/**
 * `samdrift new-tenant <id> --supplier S`: writes `tenants/<id>.yaml`, a valid starting point in phase
 * `initiate` (so it creates nothing until the agreement is signed and the phase moves to `build`).
 * It proposes sites: for `high` and `very-high`, two sites in distinct zones; otherwise the site with the
 * most room. The proposal is only a proposal: placement is explicit and never changes by itself.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "./io.js";
import { EXIT } from "./io.js";
import { INPUT_FLAGS, parse, usage, type CommandSpec, type Flags } from "./args.js";
import { displayPath, loadModel } from "./inputs.js";
import { reportProblems } from "./report.js";
import { buildTenants } from "../model/model.js";
import type { Model } from "../model/model.js";
import type { Site } from "../model/schema.js";
import { PLACEHOLDER_CVR, PLACEHOLDER_NAME, PLACEHOLDER_ORG_NUMBER, SECURITY_LEVELS, levelRank, parseQuantity, type SecurityLevel } from "../model/primitives.js";
import { hasResources } from "../model/model.js";
import { byAll, byKey, byNumber } from "../lib/sort.js";
import { ARRANGEMENT_INFO } from "../model/arrangements.js";
import { ORG_ID_FIELDS, type OrgIdScheme } from "../model/organisation.js";

/** What new-tenant writes until the organisation's own identifier is known, per scheme. */
const PLACEHOLDER_ID: Readonly<Record<OrgIdScheme, string>> = { "se-orgnr": PLACEHOLDER_ORG_NUMBER, "dk-cvr": PLACEHOLDER_CVR };

const SPEC = {
  name: "new-tenant",
  usage: "<id> --supplier S [flags]",
  positionals: true,
  flags: {
    supplier: { type: "string", value: "S", help: "the supplier that serves the tenant (required)" },
    level: { type: "string", value: "LEVEL", help: `security level: ${SECURITY_LEVELS.join(", ")} (default: moderate)` },
    name: { type: "string", value: "TEXT", help: "the agency's name (default: a placeholder to fill in)" },
    "org-number": { type: "string", value: "NNNNNN-NNNN", help: "the agency's identifier in its supplier's scheme: a Swedish organisation number, or a CVR number for a danish-municipal supplier (default: a placeholder to fill in)" },
    tenants: INPUT_FLAGS.tenants,
    catalogue: INPUT_FLAGS.catalogue,
  },
} as const satisfies CommandSpec<Flags>;

export const newTenant: Command = async (args, io) => {
  const { values, positionals } = parse(SPEC, args);
  const [id] = positionals;
  if (id === undefined || positionals.length !== 1) throw usage("new-tenant: give exactly one tenant id, e.g. samdrift new-tenant mfof --supplier forsakringskassan");
  if (!values.supplier) throw usage("new-tenant: --supplier is required");
  const level = (values.level ?? "moderate") as SecurityLevel;
  if (!SECURITY_LEVELS.includes(level)) throw usage(`new-tenant: --level must be one of ${SECURITY_LEVELS.join(", ")}`);

  const tenantsDir = resolve(io.cwd, values.tenants ?? "tenants");
  const loaded = loadModel(io.cwd, { catalogueDir: values.catalogue, tenantsDir: values.tenants });
  if (!loaded.ok) return reportProblems(io, loaded.problems, "new-tenant");
  const model = loaded.value;
  const supplier = model.catalogue.suppliers.get(values.supplier);
  if (!supplier) throw usage(`new-tenant: unknown supplier "${values.supplier}"; suppliers are: ${[...model.catalogue.suppliers.keys()].join(", ")}`);
  const file = join(tenantsDir, `${id}.yaml`);
  if (existsSync(file)) throw usage(`new-tenant: ${displayPath(io.cwd, file)} already exists; edit it instead`);

  const { scheme } = ARRANGEMENT_INFO[supplier.arrangement];
  const sites = proposeSites(model, values.supplier, level);
  if (sites.length === 0) throw usage(`new-tenant: supplier "${values.supplier}" has no site that meets level ${level}`);
  const text = scaffold({
    id,
    supplier: values.supplier,
    level,
    sites: sites.map((s) => s.id),
    name: values.name ?? PLACEHOLDER_NAME,
    scheme,
    orgId: values["org-number"] ?? PLACEHOLDER_ID[scheme],
    kind: supplier.serves[0]!,
    services: [...model.catalogue.services.values()].filter((s) => s.offeredBy.includes(values.supplier!) && s.securityLevels.includes(level)).map((s) => s.id),
  });
  // Validate exactly what will be written, against the real catalogue: never scaffold an invalid file.
  const path = displayPath(io.cwd, file);
  const problems = buildTenants(model.catalogue, [{ path, text }]).problems;
  if (problems.length > 0) return reportProblems(io, problems, "new-tenant");
  writeFileSync(file, text);
  io.out(`samdrift: wrote ${path} (phase initiate: validated, creates nothing yet)\n`);
  io.out(`  proposed sites: ${sites.map((s) => `${s.id} (zone ${s.zone}, max level ${s.maxSecurityLevel})`).join(", ")}\n`);
  io.out(`  next: fill in agency name and organisation number, the namespaces and services, then run samdrift check\n`);
  return EXIT.ok;
};

/** Requested cpu share of a site's capacity, from the tenants already placed there. */
function cpuUse(model: Model, site: Site): number {
  let used = 0;
  for (const { tenant } of model.tenants) {
    if (!hasResources(tenant) || !tenant.resilience.sites.includes(site.id)) continue;
    for (const ns of Object.values(tenant.services["container-hosting"]?.namespaces ?? {})) used += parseQuantity(ns.cpu);
  }
  return used / parseQuantity(site.capacity.cpu);
}

/** The supplier's sites that meet `level`, least used first; two in distinct zones for high levels. */
export function proposeSites(model: Model, supplier: string, level: SecurityLevel): Site[] {
  const candidates = [...model.catalogue.sites.values()]
    .filter((s) => s.supplier === supplier && levelRank(s.maxSecurityLevel) >= levelRank(level))
    .map((s) => ({ site: s, use: cpuUse(model, s) }))
    .sort(byAll(byNumber((c) => c.use), byKey((c) => c.site.id)))
    .map((c) => c.site);
  const first = candidates[0];
  if (!first) return [];
  const mirrored = levelRank(level) >= levelRank("moderate");
  const second = candidates.find((s) => s.zone !== first.zone);
  return mirrored && second ? [first, second] : [first];
}

interface ScaffoldInput {
  readonly id: string;
  readonly supplier: string;
  readonly level: SecurityLevel;
  readonly sites: readonly string[];
  readonly name: string;
  /** The identifier's scheme, from the supplier's arrangement, and its value. */
  readonly scheme: OrgIdScheme;
  readonly orgId: string;
  /** The kind of organisation: the first its supplier serves. */
  readonly kind: string;
  readonly services: readonly string[];
}

function scaffold(i: ScaffoldInput): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [
    "# yaml-language-server: $schema=../schema/tenant.schema.json",
    `# Scaffolded by samdrift new-tenant. Phase initiate creates nothing; move to build once the agreement is signed.`,
    `id: ${i.id}`,
    `agency: { name: ${q(i.name)}, ${ORG_ID_FIELDS[i.scheme].field}: ${q(i.orgId)}, kind: ${i.kind} }`,
    `supplier: ${i.supplier}`,
    "agreement: { phase: initiate }",
    `security: { level: ${i.level}, classifiedInformation: false, personalData: none }`,
    `resilience: { sites: [${i.sites.join(", ")}], priority: 3 }`,
    `contacts: { adminGroup: ${i.id}-admins }`,
    "services:",
  ];
  if (i.services.includes("container-hosting")) {
    lines.push("  container-hosting:", "    namespaces:", "      apps: { cpu: 2, memory: 4Gi, storage: 20Gi, pods: 20 }");
  }
  if (i.services.includes("secrets")) lines.push("  secrets: {}");
  if (i.services.includes("monitoring")) lines.push("  monitoring: {}");
  return `${lines.join("\n")}\n`;
}
