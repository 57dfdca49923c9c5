/**
 * The validated model: the supplier's catalogue and every tenant, cross-checked. Built from file texts the
 * entry point has read; this layer never touches the file system or the environment.
 */
import type { Problem } from "./errors.js";
import { parseYaml, problemAt, type SourceFile, type Parsed } from "./source.js";
import {
  suppliersFileSchema, sitesFileSchema, servicesFileSchema, tenantSchema,
  type Supplier, type Site, type Service, type Tenant, type OrganisationRef, type ServiceId, type Connection,
} from "./schema.js";
import { KUBERNETES_NAME_MAX, namespaceName } from "./primitives.js";

/** A file's path (relative, forward slashes) and its text. */
export interface InputFile {
  readonly path: string;
  readonly text: string;
}

export interface CatalogueInput {
  readonly suppliers: InputFile;
  readonly sites: InputFile;
  readonly services: InputFile;
}

export interface Catalogue {
  readonly excludedOrganisations: readonly OrganisationRef[];
  readonly suppliers: ReadonlyMap<string, Supplier>;
  readonly sites: ReadonlyMap<string, Site>;
  readonly services: ReadonlyMap<ServiceId, Service>;
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

/** Builds the model, reporting every problem of every file at once. */
export function buildModel(catalogueInput: CatalogueInput, tenantFiles: readonly InputFile[]): Result<Model> {
  const problems: Problem[] = [];
  const catalogue = buildCatalogue(catalogueInput, problems);
  if (!catalogue) {
    // Still parse the tenant files, so that their own mistakes are reported in the same run.
    for (const file of tenantFiles) {
      const r = parseYaml(file.path, file.text, tenantSchema);
      if (!r.ok) problems.push(...r.problems.map(retagUnknownService));
    }
    return { ok: false, problems };
  }
  const tenants = buildTenants(catalogue, tenantFiles);
  problems.push(...tenants.problems);
  if (!tenants.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { catalogue, tenants: tenants.value }, problems: [] };
}

/** Parses and cross-checks tenant files against a catalogue (and each other, for connections). */
export function buildTenants(catalogue: Catalogue, tenantFiles: readonly InputFile[]): Result<TenantEntry[]> {
  const problems: Problem[] = [];
  const parsedTenants: Parsed<Tenant>[] = [];
  // Ids (file names) of tenant files that did not parse: their errors are reported already, and other
  // tenants' connections to them must not add a misleading "no such tenant".
  const unparsed = new Set<string>();
  for (const file of tenantFiles) {
    const r = parseYaml(file.path, file.text, tenantSchema);
    if (r.ok) parsedTenants.push(r.parsed);
    else {
      problems.push(...r.problems.map(retagUnknownService));
      unparsed.add(file.path.split("/").pop()!.replace(/\.ya?ml$/, ""));
    }
  }
  const tenants = checkTenants(catalogue, parsedTenants, problems);
  checkClaims(tenants, problems);
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

function buildCatalogue(input: CatalogueInput, problems: Problem[]): Catalogue | undefined {
  const suppliersR = parseYaml(input.suppliers.path, input.suppliers.text, suppliersFileSchema);
  const sitesR = parseYaml(input.sites.path, input.sites.text, sitesFileSchema);
  const servicesR = parseYaml(input.services.path, input.services.text, servicesFileSchema);
  for (const r of [suppliersR, sitesR, servicesR]) if (!r.ok) problems.push(...r.problems);
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
  return {
    excludedOrganisations: suppliersR.parsed.value.excludedOrganisations,
    suppliers,
    sites,
    services: services as Map<ServiceId, Service>,
    sources: { suppliers: suppliersR.parsed.source, sites: sitesR.parsed.source, services: servicesR.parsed.source },
    siteIndex,
  };
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
    .sort((a, b) => (a.value.id < b.value.id ? -1 : a.value.id > b.value.id ? 1 : 0))
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
 */
function checkClaims(tenants: readonly TenantEntry[], problems: Problem[]): void {
  const owners = new Map<string, { tenant: string; file: string }>();
  const claim = (entry: TenantEntry, kind: string, name: string, path: (string | number)[]) => {
    const key = `${kind}:${name}`;
    const owner = owners.get(key);
    if (!owner) {
      owners.set(key, { tenant: entry.tenant.id, file: entry.source.file });
    } else if (owner.tenant === entry.tenant.id) {
      problems.push(problemAt(entry.source, path, "DUPLICATE_CLAIM", `${kind} "${name}" is named twice in this file; give each role its own ${kind}`));
    } else {
      problems.push(problemAt(entry.source, path, "DUPLICATE_CLAIM",
        `${kind} "${name}" already belongs to tenant "${owner.tenant}" (${owner.file}); a ${kind} gives access, so each tenant needs its own`));
    }
  };
  for (const entry of tenants) {
    const t = entry.tenant;
    claim(entry, "group", t.contacts.adminGroup, ["contacts", "adminGroup"]);
    if (t.contacts.viewGroup !== undefined) claim(entry, "group", t.contacts.viewGroup, ["contacts", "viewGroup"]);
    t.services.certificates?.domains.forEach((d, i) => claim(entry, "certificate domain", d, ["services", "certificates", "domains", i]));
    t.services["container-hosting"]?.ingress?.hosts.forEach((h, i) => claim(entry, "ingress host", h, ["services", "container-hosting", "ingress", "hosts", i]));
    for (const key of Object.keys(t.services["container-hosting"]?.namespaces ?? {})) {
      claim(entry, "namespace name", namespaceName(t.id, key), ["services", "container-hosting", "namespaces", key]);
    }
  }
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
        if (owner && !(ns in (owner.tenant.services["container-hosting"]?.namespaces ?? {}))) {
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
