/**
 * The validated model: the supplier's catalogue and every tenant, cross-checked. Built from file texts the
 * entry point has read; this layer never touches the file system or the environment.
 */
import type { Problem } from "./errors.js";
import { parseYaml, problemAt, type Keep, type ParsedStore, type SourceFile, type Parsed } from "./source.js";
import {
  suppliersFileSchema, sitesFileSchema, servicesFileSchema, tenantSchema,
  type Supplier, type Site, type Service, type Tenant, type OrganisationRef, type ServiceId, type Connection,
} from "./schema.js";
import { feeFileSchema, type FeeFile } from "./fees.js";
import { KUBERNETES_NAME_MAX, PLACEHOLDER_ORG_NUMBER, PLACEHOLDER_CVR, isPlaceholderText, namespaceName } from "./primitives.js";
import { dnsKey, kubernetesKey, urlHostKey, vaultIdentityKey } from "../lib/names.js";
import { byKey, byString } from "../lib/sort.js";

/** A file's path (relative, forward slashes) and its text. */
export interface InputFile {
  readonly path: string;
  readonly text: string;
}

export interface CatalogueInput {
  readonly suppliers: InputFile;
  readonly sites: InputFile;
  readonly services: InputFile;
  /** The suppliers' fee files, `catalogue/fees/<supplier>.yaml` (docs/fees.md). @default - no supplier has fees */
  readonly fees?: readonly InputFile[];
}

/** A supplier's fee file and where it was written. */
export interface SupplierFees {
  readonly fees: FeeFile;
  readonly source: SourceFile;
}

export interface Catalogue {
  readonly excludedOrganisations: readonly OrganisationRef[];
  readonly suppliers: ReadonlyMap<string, Supplier>;
  readonly sites: ReadonlyMap<string, Site>;
  readonly services: ReadonlyMap<ServiceId, Service>;
  /** Fee files by supplier id; a supplier without one is in no statement. */
  readonly fees: ReadonlyMap<string, SupplierFees>;
  readonly sources: { readonly suppliers: SourceFile; readonly sites: SourceFile; readonly services: SourceFile };
  /** Index of each site in sites.yaml, to point at it in messages. */
  readonly siteIndex: ReadonlyMap<string, number>;
}

export interface TenantEntry {
  readonly tenant: Tenant;
  readonly source: SourceFile;
}

export interface Model {
  readonly catalogue: Catalogue;
  /** Every tenant, sorted by id. */
  readonly tenants: readonly TenantEntry[];
}

export type Result<T> = { ok: true; value: T; problems: readonly Problem[] } | { ok: false; problems: readonly Problem[] };

/** Phases in which a tenant has resources on its sites. */
export const hasResources = (t: Tenant): boolean => t.agreement.phase !== "initiate" && t.agreement.phase !== "plan";

export interface ModelOptions {
  /**
   * The base branch's tenant files, when the caller has them (a pull request's check): a name claimed
   * twice is then blamed on the tenant whose claim is new. @default - blame by phase and acceptance date
   */
  readonly baseTenantFiles?: readonly InputFile[];
  /** Where parsed file texts are kept (model/source.ts). @default - every file is parsed */
  readonly parsed?: ParsedStore;
}

/** Where a file's parse is kept (none without a store), with the name of the schema it is judged by. */
const keep = (store: ParsedStore | undefined, schema: string): Keep | undefined => (store ? { store, schema } : undefined);

/** Builds the model, reporting every problem of every file at once. */
export function buildModel(catalogueInput: CatalogueInput, tenantFiles: readonly InputFile[], options: ModelOptions = {}): Result<Model> {
  const problems: Problem[] = [];
  const catalogue = buildCatalogue(catalogueInput, problems, options.parsed);
  if (!catalogue) {
    // Still parse the tenant files, so that their own mistakes are reported in the same run.
    for (const file of tenantFiles) {
      const r = parseYaml(file.path, file.text, tenantSchema, keep(options.parsed, "tenant"));
      if (!r.ok) problems.push(...r.problems.map(retagUnknownService));
    }
    return { ok: false, problems };
  }
  const tenants = buildTenants(catalogue, tenantFiles, options);
  problems.push(...tenants.problems);
  if (!tenants.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { catalogue, tenants: tenants.value }, problems: [] };
}

/** Parses and cross-checks tenant files against a catalogue (and each other, for connections). */
export function buildTenants(catalogue: Catalogue, tenantFiles: readonly InputFile[], options: ModelOptions = {}): Result<TenantEntry[]> {
  const problems: Problem[] = [];
  const parsedTenants: Parsed<Tenant>[] = [];
  // Ids (file names) of tenant files that did not parse: their errors are reported already, and other
  // tenants' connections to them must not add a misleading "no such tenant".
  const unparsed = new Set<string>();
  for (const file of tenantFiles) {
    const r = parseYaml(file.path, file.text, tenantSchema, keep(options.parsed, "tenant"));
    if (r.ok) parsedTenants.push(r.parsed);
    else {
      problems.push(...r.problems.map(retagUnknownService));
      unparsed.add(file.path.split("/").pop()!.replace(/\.ya?ml$/, ""));
    }
  }
  const tenants = checkTenants(catalogue, parsedTenants, problems);
  checkClaims(catalogue, tenants, options.baseTenantFiles && baseClaimsOf(options.baseTenantFiles, options.parsed), problems);
  checkConnections(tenants, unparsed, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: tenants, problems: [] };
}

function retagUnknownService(p: Problem): Problem {
  if (p.code === "UNKNOWN_FIELD" && /^services\.[^.]+$/.test(p.field)) {
    const key = p.field.slice("services.".length);
    return { ...p, code: "UNKNOWN_SERVICE", message: `unknown service "${key}"; services are: container-hosting, secrets, encryption, certificates, backup, monitoring` };
  }
  return p;
}

/** Prices moved from services.yaml to the suppliers' fee files: say where, rather than only "unknown field". */
function retagMovedPrices(p: Problem): Problem {
  return p.code === "UNKNOWN_FIELD" && /^services\.\d+\.prices$/.test(p.field)
    ? { ...p, message: "prices are no longer in services.yaml: each supplier sets its own, per unit and schedule, in catalogue/fees/<supplier>.yaml (docs/fees.md)" }
    : p;
}

function buildCatalogue(input: CatalogueInput, problems: Problem[], parsed: ParsedStore | undefined): Catalogue | undefined {
  const suppliersR = parseYaml(input.suppliers.path, input.suppliers.text, suppliersFileSchema, keep(parsed, "suppliers"));
  const sitesR = parseYaml(input.sites.path, input.sites.text, sitesFileSchema, keep(parsed, "sites"));
  const servicesR = parseYaml(input.services.path, input.services.text, servicesFileSchema, keep(parsed, "services"));
  for (const r of [suppliersR, sitesR]) if (!r.ok) problems.push(...r.problems);
  if (!servicesR.ok) problems.push(...servicesR.problems.map(retagMovedPrices));
  if (!suppliersR.ok || !sitesR.ok || !servicesR.ok) return undefined;

  const suppliers = indexById(suppliersR.parsed.value.suppliers, suppliersR.parsed.source, "suppliers", problems);
  const sites = indexById(sitesR.parsed.value.sites, sitesR.parsed.source, "sites", problems);
  const services = indexById(servicesR.parsed.value.services, servicesR.parsed.source, "services", problems);
  const siteIndex = new Map(sitesR.parsed.value.sites.map((s, i) => [s.id, i] as const));

  sitesR.parsed.value.sites.forEach((site, i) => {
    if (!suppliers.has(site.supplier)) {
      problems.push(problemAt(sitesR.parsed.source, ["sites", i, "supplier"], "UNKNOWN_SUPPLIER",
        `unknown supplier "${site.supplier}"; suppliers.yaml declares: ${[...suppliers.keys()].join(", ")}`));
    }
  });
  servicesR.parsed.value.services.forEach((service, i) => {
    service.offeredBy.forEach((s, j) => {
      if (!suppliers.has(s)) {
        problems.push(problemAt(servicesR.parsed.source, ["services", i, "offeredBy", j], "UNKNOWN_SUPPLIER",
          `unknown supplier "${s}"; suppliers.yaml declares: ${[...suppliers.keys()].join(", ")}`));
      }
    });
  });
  const fees = buildFees(input.fees ?? [], suppliers, services as Map<ServiceId, Service>, problems);
  return {
    excludedOrganisations: suppliersR.parsed.value.excludedOrganisations,
    suppliers,
    sites,
    services: services as Map<ServiceId, Service>,
    fees,
    sources: { suppliers: suppliersR.parsed.source, sites: sitesR.parsed.source, services: servicesR.parsed.source },
    siteIndex,
  };
}

/** Fee files, one per supplier, named after it, pricing only services it offers. */
function buildFees(files: readonly InputFile[], suppliers: ReadonlyMap<string, Supplier>, services: ReadonlyMap<ServiceId, Service>, problems: Problem[]): Map<string, SupplierFees> {
  const fees = new Map<string, SupplierFees>();
  for (const file of files) {
    const r = parseYaml(file.path, file.text, feeFileSchema);
    if (!r.ok) {
      problems.push(...r.problems);
      continue;
    }
    const { source, value } = r.parsed;
    const at = (path: (string | number)[], code: Problem["code"], message: string) => problems.push(problemAt(source, path, code, message));
    const base = source.file.split("/").pop()!.replace(/\.ya?ml$/, "");
    if (base !== value.supplier) at(["supplier"], "FILE_NAME_MISMATCH", `supplier "${value.supplier}" differs from the file name "${base}"; name the file ${value.supplier}.yaml`);
    if (!suppliers.has(value.supplier)) {
      at(["supplier"], "UNKNOWN_SUPPLIER", `unknown supplier "${value.supplier}"; suppliers.yaml declares: ${[...suppliers.keys()].join(", ")}`);
      continue;
    }
    const earlier = fees.get(value.supplier);
    if (earlier) {
      at(["supplier"], "DUPLICATE_ID", `${value.supplier}'s fees are already in ${earlier.source.file}; a supplier has one fee file`);
      continue;
    }
    value.schedules.forEach((schedule, i) => {
      for (const service of Object.keys(schedule.prices) as ServiceId[]) {
        if (!services.get(service)?.offeredBy.includes(value.supplier)) {
          at(["schedules", i, "prices", service], "SERVICE_NOT_OFFERED", `${value.supplier} does not offer "${service}" (services.yaml offeredBy), so it has no price; remove it, or offer the service first`);
        }
      }
    });
    fees.set(value.supplier, { fees: value, source });
  }
  return fees;
}

function indexById<T extends { id: string }>(items: readonly T[], source: SourceFile, key: string, problems: Problem[]): Map<string, T> {
  const map = new Map<string, T>();
  items.forEach((item, i) => {
    if (map.has(item.id)) {
      problems.push(problemAt(source, [key, i, "id"], "DUPLICATE_ID", `duplicate id "${item.id}"; ids must be unique in ${source.file}`));
    } else map.set(item.id, item);
  });
  return map;
}

function checkTenants(catalogue: Catalogue, parsed: readonly Parsed<Tenant>[], problems: Problem[]): TenantEntry[] {
  const byId = new Map<string, Parsed<Tenant>>();
  for (const { source, value: t } of parsed) {
    const at = (path: (string | number)[], code: Problem["code"], message: string) => problems.push(problemAt(source, path, code, message));
    const base = source.file.split("/").pop()!.replace(/\.ya?ml$/, "");
    if (base !== t.id) at(["id"], "FILE_NAME_MISMATCH", `id "${t.id}" differs from the file name "${base}"; name the file ${t.id}.yaml`);
    const earlier = byId.get(t.id);
    if (earlier) at(["id"], "DUPLICATE_ID", `tenant id "${t.id}" is already declared in ${earlier.source.file}`);
    else byId.set(t.id, { source, value: t });

    if (hasResources(t)) {
      // A scaffolded file moved on with new-tenant's placeholders in it would onboard "TODO" past ADM-002.
      if (t.agency.orgNumber === PLACEHOLDER_ORG_NUMBER) {
        at(["agency", "orgNumber"], "PLACEHOLDER", `organisation number ${PLACEHOLDER_ORG_NUMBER} is new-tenant's placeholder; phase ${t.agreement.phase} creates resources, so enter the agency's own number (ADM-002 checks it against the excluded organisations)`);
      }
      if (t.agency.cvr === PLACEHOLDER_CVR) {
        at(["agency", "cvr"], "PLACEHOLDER", `CVR number ${PLACEHOLDER_CVR} is new-tenant's placeholder; phase ${t.agreement.phase} creates resources, so enter the organisation's own CVR number (ADM-002 checks it against the excluded organisations)`);
      }
      if (isPlaceholderText(t.agency.name)) {
        at(["agency", "name"], "PLACEHOLDER", `agency name "${t.agency.name}" is a placeholder; phase ${t.agreement.phase} creates resources, so enter the agency's registered name (ADM-002 checks it against the excluded organisations)`);
      }
    }
    const supplier = catalogue.suppliers.get(t.supplier);
    if (!supplier) {
      at(["supplier"], "UNKNOWN_SUPPLIER", `unknown supplier "${t.supplier}"; the catalogue declares: ${[...catalogue.suppliers.keys()].join(", ")}`);
    }
    t.resilience.sites.forEach((siteId, i) => {
      const site = catalogue.sites.get(siteId);
      if (!site) {
        const own = [...catalogue.sites.values()].filter((s) => s.supplier === t.supplier).map((s) => s.id);
        at(["resilience", "sites", i], "UNKNOWN_SITE", `unknown site "${siteId}"; ${t.supplier}'s sites are: ${own.join(", ") || "(none)"}`);
      } else if (supplier && site.supplier !== t.supplier) {
        at(["resilience", "sites", i], "SITE_OF_OTHER_SUPPLIER", `site "${siteId}" belongs to supplier "${site.supplier}", not "${t.supplier}"; a tenant is placed on its own supplier's sites`);
      }
    });
    for (const serviceId of Object.keys(t.services) as ServiceId[]) {
      const service = catalogue.services.get(serviceId);
      if (!service) {
        at(["services", serviceId], "UNKNOWN_SERVICE", `service "${serviceId}" is not in the catalogue; it offers: ${[...catalogue.services.keys()].join(", ")}`);
      } else if (supplier && !service.offeredBy.includes(t.supplier)) {
        at(["services", serviceId], "SERVICE_NOT_OFFERED", `supplier "${t.supplier}" does not offer "${serviceId}"; it is offered by: ${service.offeredBy.join(", ")}`);
      }
    }
    // Secrets engines share one path space (auth methods live under auth/): a tenant's mounts start with its id.
    const pkiSites = [...catalogue.sites.values()].filter((s) => s.vault.pkiPath === t.id).map((s) => s.id);
    if (pkiSites.length > 0) {
      at(["id"], "RESERVED_NAME", `tenant id "${t.id}" is the Vault PKI mount of site${pkiSites.length > 1 ? "s" : ""} ${pkiSites.join(", ")}; a tenant's Vault mounts start with its id (${t.id}/kv, ${t.id}/transit), so they would collide with it: choose another tenant id`);
    }
    const hosting = t.services["container-hosting"];
    if (hosting) {
      const keys = Object.keys(hosting.namespaces);
      const platform = platformNamespaces(t.resilience.sites.flatMap((id) => catalogue.sites.get(id) ?? []));
      for (const ns of keys) {
        const name = namespaceName(t.id, ns);
        const path = ["services", "container-hosting", "namespaces", ns];
        if (name.length > KUBERNETES_NAME_MAX) {
          at(path, "NAME_TOO_LONG", `namespace name "${name}" is ${name.length} characters; Kubernetes allows ${KUBERNETES_NAME_MAX}: shorten the tenant id or the namespace key`);
        }
        const reserved = platform.get(name);
        if (reserved) at(path, "RESERVED_NAME", `namespace name "${name}" ${reserved}; choose another namespace key`);
      }
      const checkRefs = (refs: readonly string[] | undefined, path: (string | number)[]) =>
        refs?.forEach((ns, i) => {
          if (!keys.includes(ns)) at([...path, i], "UNKNOWN_NAMESPACE", `namespace "${ns}" is not declared; declared namespaces: ${keys.join(", ")}`);
        });
      checkRefs(hosting.ingress?.namespaces, ["services", "container-hosting", "ingress", "namespaces"]);
      hosting.egress.forEach((rule, i) => checkRefs(rule.namespaces, ["services", "container-hosting", "egress", i, "namespaces"]));
    }
  }
  return [...byId.values()]
    .sort(byKey((p) => p.value.id))
    .map((p) => ({ tenant: p.value, source: p.source }));
}

/** The platform's own namespaces on the given sites, with what each one is. */
function platformNamespaces(sites: readonly Site[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const site of sites) {
    for (const role of ["dns", "ingress", "monitoring", "backup"] as const) {
      const endpoint = site.kubernetes[role];
      if (endpoint) names.set(endpoint.namespace, `is the ${role} namespace of site ${site.id}`);
    }
    // The state Secrets of every stack live there: a tenant's admin group must never hold admin in it.
    if (site.state.backend === "kubernetes") names.set(site.state.namespace, `holds the Terraform state of site ${site.id}`);
  }
  return names;
}

/**
 * Names that give access and so belong to one tenant only: its groups (bound to its namespaces and Vault
 * policies), its certificate domains (a PKI role may issue for them), its ingress hosts (the ingress
 * controller routes them) and its namespace names (`ab` + `web-x` and `ab-web` + `x` are both `ab-web-x`).
 * A second tenant claiming one would get the first one's access or traffic.
 *
 * Names are compared the way the system that uses them compares them (lib/names.ts): groups as Vault
 * identity names (case-insensitive: `AB-Admins` is `ab-admins`, and a second writer updates the first
 * one's group), host names as DNS names, namespace names as Kubernetes names. Certificate domains and
 * ingress hosts share one space: a tenant may not get a certificate for another's host. The platform's
 * own hosts (each site's Vault and Kubernetes API, its state endpoint) belong to no tenant.
 *
 * The PKI role samdrift writes issues for exactly the declared domains (no subdomains, globs or wildcards:
 * constructs/tenant-vault.ts), so a domain covers only itself here; the isolation proof checks what the
 * synthesized role really allows.
 */
function checkClaims(catalogue: Catalogue, tenants: readonly TenantEntry[], base: BaseClaims | undefined, problems: Problem[]): void {
  const platform = platformHosts(catalogue);
  const claims = new Map<string, Claim[]>();
  const claim = (entry: TenantEntry, space: ClaimSpace, kind: string, name: string, path: (string | number)[]) => {
    const key = `${space}:${CLAIM_KEYS[space](name)}`;
    const list = claims.get(key);
    const c: Claim = { entry, kind, name, path, key };
    if (list) list.push(c);
    else claims.set(key, [c]);
    const reserved = space === "dns" ? platform.get(CLAIM_KEYS.dns(name)) : undefined;
    if (reserved) {
      problems.push(problemAt(entry.source, path, "RESERVED_NAME", `${kind} "${name}" is ${reserved}; it belongs to the platform, not to a tenant: choose a host name of your own`));
    }
  };
  for (const entry of tenants) for (const c of namesClaimed(entry.tenant)) claim(entry, c.space, c.kind, c.name, c.path);
  for (const list of claims.values()) if (list.length > 1) reportCollision(list, base, problems);
}

type ClaimSpace = "group" | "dns" | "namespace";

/** Every name a tenant file claims, with the space it is compared in and where the file says it. */
function namesClaimed(t: Tenant): { space: ClaimSpace; kind: string; name: string; path: (string | number)[] }[] {
  const hosting = t.services["container-hosting"];
  return [
    { space: "group", kind: "group", name: t.contacts.adminGroup, path: ["contacts", "adminGroup"] },
    ...(t.contacts.viewGroup !== undefined ? [{ space: "group" as const, kind: "group", name: t.contacts.viewGroup, path: ["contacts", "viewGroup"] }] : []),
    ...(t.services.certificates?.domains ?? []).map((name, i) => ({ space: "dns" as const, kind: "certificate domain", name, path: ["services", "certificates", "domains", i] })),
    ...(hosting?.ingress?.hosts ?? []).map((name, i) => ({ space: "dns" as const, kind: "ingress host", name, path: ["services", "container-hosting", "ingress", "hosts", i] })),
    ...Object.keys(hosting?.namespaces ?? {}).map((key) => ({ space: "namespace" as const, kind: "namespace name", name: namespaceName(t.id, key), path: ["services", "container-hosting", "namespaces", key] })),
  ];
}
const CLAIM_KEYS: Record<ClaimSpace, (name: string) => string> = { group: vaultIdentityKey, dns: dnsKey, namespace: kubernetesKey };

interface Claim {
  readonly entry: TenantEntry;
  readonly kind: string;
  readonly name: string;
  readonly path: (string | number)[];
  readonly key: string;
}

/**
 * Who held which name on the base branch (claim key → tenant ids), when the caller knows the base: the
 * tenant whose claim is new in the change set is the one to change, never the established owner.
 */
export type BaseClaims = ReadonlyMap<string, ReadonlySet<string>>;

/** The claims of the base branch's tenant files; files that do not parse there claim nothing. */
export function baseClaimsOf(baseFiles: readonly InputFile[], parsed?: ParsedStore): BaseClaims {
  const tenants: TenantEntry[] = [];
  for (const file of baseFiles) {
    const r = parseYaml(file.path, file.text, tenantSchema, keep(parsed, "tenant"));
    if (r.ok) tenants.push({ tenant: r.parsed.value, source: r.parsed.source });
  }
  const held = new Map<string, Set<string>>();
  for (const { tenant: t } of tenants) {
    for (const c of namesClaimed(t)) {
      const key = `${c.space}:${CLAIM_KEYS[c.space](c.name)}`;
      (held.get(key) ?? held.set(key, new Set()).get(key)!).add(t.id);
    }
  }
  return held;
}

/**
 * How established a claimant is, highest first: it held the name on the base branch; it has resources on
 * its sites (phase build on); it accepted its delivery earlier.
 */
function standing(c: Claim, base: BaseClaims | undefined): [number, number, string] {
  const t = c.entry.tenant;
  const heldOnBase = base?.get(c.key)?.has(t.id) ? 1 : 0;
  return [heldOnBase, hasResources(t) ? 1 : 0, t.agreement.acceptedAt ?? "9999-99-99"];
}

const compareStanding = (a: [number, number, string], b: [number, number, string]): number =>
  b[0] - a[0] || b[1] - a[1] || byString(a[2], b[2]);

/**
 * Reports one name claimed more than once. A tenant naming it twice is told so. Between tenants, the
 * error lands on every claimant but the established owner (see `standing`) and names the owner's file;
 * when no claimant is more established than the others, each is told, with the others' files.
 */
function reportCollision(list: readonly Claim[], base: BaseClaims | undefined, problems: Problem[]): void {
  const firstByTenant = new Map<string, Claim>();
  for (const c of list) {
    const first = firstByTenant.get(c.entry.tenant.id);
    if (!first) firstByTenant.set(c.entry.tenant.id, c);
    else if (first.kind === c.kind) {
      const again = c.name === first.name ? "named twice in this file" : `the same name as ${first.kind} "${first.name}" in this file (${describeSpace(c)})`;
      problems.push(problemAt(c.entry.source, c.path, "DUPLICATE_CLAIM", `${c.kind} "${c.name}" is ${again}; give each role its own ${c.kind}`));
    }
  }
  if (firstByTenant.size < 2) return;
  const ranked = [...firstByTenant.values()].map((c) => ({ c, s: standing(c, base) })).sort((a, b) => compareStanding(a.s, b.s));
  const owner = compareStanding(ranked[0]!.s, ranked[1]!.s) < 0 ? ranked[0]!.c : undefined;
  for (const { c } of ranked) {
    if (c === owner) continue;
    const at = (o: Claim) => `tenant "${o.entry.tenant.id}" (${o.entry.source.file}, ${o.kind} "${o.name}")`;
    const message = owner
      ? `${c.kind} "${c.name}" already belongs to ${at(owner)}${sameBecause(c, owner)}; a ${c.kind} gives access, so each tenant needs its own: change it here, not in ${owner.entry.source.file}`
      : `${c.kind} "${c.name}" is also claimed by ${ranked.filter((r) => r.c !== c).map((r) => at(r.c)).join(" and ")}${sameBecause(c, ranked.find((r) => r.c !== c)!.c)}; ` +
        `neither is established yet (both new, or both in use), so the supplier decides which tenant keeps it and the other one changes`;
    problems.push(problemAt(c.entry.source, c.path, "DUPLICATE_CLAIM", message));
  }
}

const describeSpace = (c: Claim): string =>
  c.key.startsWith("group:") ? "Vault compares group names without regard to case" : c.key.startsWith("dns:") ? "host names are compared without regard to case" : "the same Kubernetes name";

const sameBecause = (a: Claim, b: Claim): string => (a.name === b.name ? "" : ` (the same name: ${describeSpace(a)})`);

/** The platform's own host names in the catalogue, as DNS keys, with what each one is. */
function platformHosts(catalogue: Catalogue): Map<string, string> {
  const hosts = new Map<string, string>();
  const add = (url: string | undefined, what: string) => {
    const key = url === undefined ? undefined : urlHostKey(url);
    if (key !== undefined && !hosts.has(key)) hosts.set(key, what);
  };
  for (const site of catalogue.sites.values()) {
    add(site.vault.address, `the Vault address of site ${site.id}`);
    add(site.vault.kubernetesHost, `the Kubernetes API of site ${site.id}`);
    if (site.state.backend === "s3") add(site.state.endpoint, `the state endpoint of site ${site.id}`);
  }
  return hosts;
}

/** The same flow, however it is written: used to match both sides of a connection. */
export const connectionKey = (c: Connection): string => `${c.from}>${c.to}:${c.protocol}/${[...c.ports].sort((a, b) => a - b).join(",")}`;

function checkConnections(tenants: readonly TenantEntry[], unparsed: ReadonlySet<string>, problems: Problem[]): void {
  const byId = new Map(tenants.map((e) => [e.tenant.id, e] as const));
  for (const entry of tenants) {
    const t = entry.tenant;
    t.connections.forEach((c, i) => {
      const at = (field: string | undefined, code: Problem["code"], message: string) =>
        problems.push(problemAt(entry.source, field ? ["connections", i, field] : ["connections", i], code, message));
      const [fromTenant, fromNs] = c.from.split("/") as [string, string];
      const [toTenant, toNs] = c.to.split("/") as [string, string];
      if (fromTenant !== t.id && toTenant !== t.id) {
        at(undefined, "INVALID_FIELD", `a tenant declares only flows of its own namespaces; "${t.id}" is neither in from nor in to`);
        return;
      }
      if (fromTenant === toTenant) {
        at("to", "INVALID_FIELD", `flows between a tenant's own namespaces are always allowed; declare connections only to other tenants`);
        return;
      }
      const otherId = fromTenant === t.id ? toTenant : fromTenant;
      const other = byId.get(otherId);
      for (const [field, tenantId, ns] of [["from", fromTenant, fromNs], ["to", toTenant, toNs]] as const) {
        const owner = byId.get(tenantId);
        if (owner && !Object.hasOwn(owner.tenant.services["container-hosting"]?.namespaces ?? {}, ns)) {
          at(field, "UNKNOWN_NAMESPACE", `tenant "${tenantId}" declares no namespace "${ns}" (in ${owner.source.file})`);
        }
      }
      if (!other) {
        if (unparsed.has(otherId)) return;
        at(fromTenant === t.id ? "to" : "from", "CONNECTION_UNKNOWN_TENANT", `no tenant "${otherId}" exists; a connection needs both tenants' files`);
        return;
      }
      const key = connectionKey(c);
      const mirror = other.tenant.connections.find((o) => connectionKey(o) === key);
      if (!mirror) {
        at(undefined, "CONNECTION_ONE_SIDED",
          `flow ${c.from} -> ${c.to} ${c.protocol}/${c.ports.join(",")} is declared in ${entry.source.file} but not in ${other.source.file}; a flow exists only when both tenants declare it the same way`);
      } else if (mirror.ref !== c.ref) {
        at("ref", "CONNECTION_ONE_SIDED", `flow ${c.from} -> ${c.to} has ref "${c.ref}" here but "${mirror.ref}" in ${other.source.file}; both sides name the same agreement`);
      }
      const shared = t.resilience.sites.filter((s) => other.tenant.resilience.sites.includes(s));
      if (shared.length === 0) {
        at(undefined, "CONNECTION_NO_SHARED_SITE",
          `tenants "${t.id}" and "${otherId}" share no site (${t.resilience.sites.join(", ")} vs ${other.tenant.resilience.sites.join(", ")}); namespace flows exist only within one site's cluster`);
      }
    });
  }
}
