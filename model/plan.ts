/**
 * From model to plan: what each site and each tenant-on-a-site needs. Defaults are resolved once, in one
 * order, framework < site < tenant: the plan carries only what the catalogue and the tenant files chose
 * (a tenant's choice over its site's, as in `resolveContainerDefaults`), and each construct fills what is
 * left with its own documented defaults (`TENANT_NAMESPACE_DEFAULTS`, `NETWORK_POLICY_DEFAULTS`,
 * `TENANT_VAULT_DEFAULTS`, `SITE_VAULT_DEFAULTS`), so a construct used on its own is as safe as one the
 * plan feeds: restricted Pod Security, default-deny policies, no NodePort or LoadBalancer, prevent_destroy.
 */
import type { Model, TenantEntry } from "./model.js";
import { hasResources } from "./model.js";
import type { ContainerDefaults, OrganisationRef, Site, Supplier, Tenant, StateBackendConfig, PlatformEndpoint, ServiceId, Suspension } from "./schema.js";
import { namespaceName, quantityString, type Protocol } from "./primitives.js";
import { APPROVAL_CHANGES } from "./approvals.js";
import { byEntryKey, byKey } from "../lib/sort.js";

export const siteStackId = (site: string): string => `site--${site}`;
export const tenantStackId = (tenant: string, site: string): string => `tenant--${tenant}--${site}`;

/** Vault paths and names of one tenant; the same on every site, so mirrored sites stay equivalent. */
export const vaultNames = (tenant: string) => ({
  kvMount: `${tenant}/kv`,
  transitMount: `${tenant}/transit`,
  kvPolicy: `tenant-${tenant}-kv`,
  transitPolicy: `tenant-${tenant}-transit`,
  pkiPolicy: `tenant-${tenant}-pki`,
  pkiRole: `tenant-${tenant}`,
  authRole: `tenant-${tenant}`,
  viewPolicy: `tenant-${tenant}-view`,
});

/** The policy of a tenant's view group: secret names and versions, never values. */
export const viewPolicyName = (tenant: string): string => vaultNames(tenant).viewPolicy;

export interface PortRule {
  readonly ports: readonly number[];
  readonly protocol: Protocol;
}

export interface EgressPlan extends PortRule {
  readonly cidr: string;
  readonly reason: string;
}

export interface ConnectionPlan extends PortRule {
  /** The other side's namespace name on this site. */
  readonly peerNamespace: string;
  readonly peerTenant: string;
  readonly ref: string;
}

export interface NamespacePlan {
  /** The key in the tenant file (`apps`). */
  readonly key: string;
  /** The Kubernetes name (`mfof-apps`). */
  readonly name: string;
  readonly quota: { readonly cpu: string; readonly memory: string; readonly storage: string; readonly pods: number };
  /** Container defaults the site or the tenant chose (the tenant's first); the construct defaults the rest. */
  readonly containerDefaults: Readonly<Partial<Record<keyof ContainerDefaults, string>>>;
  /** Whether the site's ingress controller may reach this namespace. */
  readonly ingressFromController: boolean;
  readonly egress: readonly EgressPlan[];
  readonly connectionsOut: readonly ConnectionPlan[];
  readonly connectionsIn: readonly ConnectionPlan[];
}

export interface VaultPlan {
  readonly authBackend: string;
  /** The KV v2 mount; `maxVersions` is the mount's versions kept per secret. */
  readonly kv?: { readonly mount: string; readonly policy: string; readonly maxVersions: number };
  readonly transit?: { readonly mount: string; readonly policy: string; readonly keys: readonly string[] };
  readonly pki?: { readonly mount: string; readonly role: string; readonly policy: string; readonly domains: readonly string[]; readonly maxTtlSeconds: number };
  /**
   * The Kubernetes auth role, bound to the tenant's namespaces on the site. Absent when the tenant has no
   * namespaces there (a Vault service without container-hosting): Vault refuses a role bound to no
   * namespace, and the tenant's admin group still reaches its mounts through its identity group. Absent
   * too when the tenant has no Vault service: there is nothing to log in for, and no role is created.
   */
  readonly authRole?: string;
  readonly adminGroup: string;
  readonly viewGroup?: string;
  readonly groupAliasMountAccessor?: string;
}

export interface TenantSitePlan {
  readonly stackId: string;
  readonly tenant: Tenant;
  /** The tenant file as the output records it, `tenants/<file name>`: the same wherever --tenants points. */
  readonly file: string;
  readonly site: Site;
  readonly supplier: Supplier;
  /** Namespaces and mounts refuse `terraform destroy` unless the tenant is being decommissioned or leaves this site (drop-site). */
  readonly preventDestroy: boolean;
  /** samdrift's labels on every namespace of the tenant; the construct adds the Pod Security labels. */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly namespaces: readonly NamespacePlan[];
  readonly dns: PlatformEndpoint;
  readonly ingressController: PlatformEndpoint;
  /** Present when the tenant chose monitoring: the site's scrapers may reach its pods. */
  readonly monitoring?: PlatformEndpoint;
  /** Present when the tenant chose backup. */
  readonly backup?: { readonly retentionDays: number; readonly agent?: PlatformEndpoint };
  readonly vault: VaultPlan;
  readonly state: StateBackendConfig;
  /**
   * Present while the tenant is suspended (`agreement.suspended`): the constructs cut it off (their
   * `suspended` props), and no connection of it or to it is realised (see `connectionsOf`).
   */
  readonly suspended?: Suspension;
}

export interface SitePlan {
  readonly stackId: string;
  readonly site: Site;
  readonly supplier: Supplier;
  /** Organisations no supplier may serve (the catalogue's `excludedOrganisations`). */
  readonly excludedOrganisations: readonly OrganisationRef[];
  /** Ids of tenants with resources on this site. */
  readonly tenants: readonly string[];
  /** The site PKI is mounted when a tenant on the site asks for certificates. */
  readonly needsPki: boolean;
  readonly state: StateBackendConfig;
}

export interface Plan {
  readonly sites: readonly SitePlan[];
  readonly tenantSites: readonly TenantSitePlan[];
}

export const LABEL = {
  tenant: "samdrift.io/tenant",
  supplier: "samdrift.io/supplier",
  site: "samdrift.io/site",
  level: "samdrift.io/security-level",
  priority: "samdrift.io/priority",
  phase: "samdrift.io/phase",
  backup: "samdrift.io/backup",
  monitoring: "samdrift.io/monitoring",
  costCentre: "samdrift.io/cost-centre",
  service: "samdrift.io/service",
} as const;

export const ANNOTATION = {
  agreementRef: "samdrift.io/agreement-ref",
  dpaRef: "samdrift.io/dpa-ref",
  backupRetentionDays: "samdrift.io/backup-retention-days",
  /** The decision that suspended the tenant, while it is suspended. */
  suspended: "samdrift.io/suspended",
} as const;

/** Plans already made: a model is immutable, and synth, check and ISO-007 all plan the same one. */
const plans = new WeakMap<Model, Plan>();

/** Resolves the whole model into per-site and per-tenant-and-site plans, sorted by stack id (once per model). */
export function planModel(model: Model): Plan {
  let plan = plans.get(model);
  if (!plan) plans.set(model, (plan = makePlan(model)));
  return plan;
}

function makePlan(model: Model): Plan {
  const active = model.tenants.filter((e) => hasResources(e.tenant));
  const activeById = new Map(active.map((e) => [e.tenant.id, e.tenant] as const));
  const sites: SitePlan[] = [...model.catalogue.sites.values()].map((site) => {
    const onSite = active.filter((e) => e.tenant.resilience.sites.includes(site.id));
    return {
      stackId: siteStackId(site.id),
      site,
      supplier: model.catalogue.suppliers.get(site.supplier)!,
      excludedOrganisations: model.catalogue.excludedOrganisations,
      tenants: onSite.map((e) => e.tenant.id),
      needsPki: onSite.some((e) => e.tenant.services.certificates !== undefined),
      state: site.state,
    };
  });
  const tenantSites = active.flatMap((entry) =>
    entry.tenant.resilience.sites.map((siteId) =>
      planTenantSite(entry, model.catalogue.sites.get(siteId)!, model.catalogue.suppliers.get(entry.tenant.supplier)!, activeById),
    ),
  );
  const byStack = byKey((p: { readonly stackId: string }) => p.stackId);
  return { sites: sites.sort(byStack), tenantSites: tenantSites.sort(byStack) };
}

function planTenantSite(entry: TenantEntry, site: Site, supplier: Supplier, active: ReadonlyMap<string, Tenant>): TenantSitePlan {
  const t = entry.tenant;
  const hosting = t.services["container-hosting"];
  const labels: Record<string, string> = {
    [LABEL.tenant]: t.id,
    [LABEL.supplier]: t.supplier,
    [LABEL.site]: site.id,
    [LABEL.level]: t.security.level,
    [LABEL.priority]: String(t.resilience.priority),
    [LABEL.phase]: t.agreement.phase,
    ...(t.services.backup ? { [LABEL.backup]: "enabled" } : {}),
    ...(t.services.monitoring ? { [LABEL.monitoring]: "enabled" } : {}),
    // For usage-based allocation: cost tools (OpenCost) group by these; docs/fees.md reconciles them with the fees.
    [LABEL.costCentre]: t.agreement.costCentre ?? t.id,
    [LABEL.service]: "container-hosting" satisfies ServiceId,
  };
  const annotations: Record<string, string> = {
    ...(t.agreement.ref ? { [ANNOTATION.agreementRef]: t.agreement.ref } : {}),
    ...(t.security.dpaRef ? { [ANNOTATION.dpaRef]: t.security.dpaRef } : {}),
    ...(t.services.backup ? { [ANNOTATION.backupRetentionDays]: String(t.services.backup.retentionDays) } : {}),
    ...(t.agreement.suspended ? { [ANNOTATION.suspended]: t.agreement.suspended.ref } : {}),
  };
  const namespaces: NamespacePlan[] = Object.entries(hosting?.namespaces ?? {})
    .sort(byEntryKey)
    .map(([key, ns]) => ({
      key,
      name: namespaceName(t.id, key),
      quota: { cpu: quantityString(ns.cpu), memory: quantityString(ns.memory), storage: quantityString(ns.storage), pods: ns.pods },
      containerDefaults: resolveContainerDefaults(site.kubernetes.containerDefaults, ns.containerDefaults),
      ingressFromController: hosting?.ingress !== undefined && (hosting.ingress.namespaces ?? [key]).includes(key),
      egress: (hosting?.egress ?? [])
        .filter((rule) => (rule.namespaces ?? [key]).includes(key))
        .map((rule) => ({ cidr: rule.cidr, ports: rule.ports, protocol: rule.protocol, reason: rule.reason })),
      connectionsOut: connectionsOf(t, key, "out", site.id, active),
      connectionsIn: connectionsOf(t, key, "in", site.id, active),
    }));
  const names = vaultNames(t.id);
  const s = t.services;
  return {
    stackId: tenantStackId(t.id, site.id),
    tenant: t,
    file: `tenants/${entry.source.file.split("/").pop()!}`,
    site,
    supplier,
    // Lifted for the whole tenant in decommission, and on one site by an approved drop-site:<site> while the
    // tenant is still placed there, so that the stack's destroy (once the site is dropped) can run.
    preventDestroy: t.agreement.phase !== "decommission" && !t.approvals.some((a) => a.change === APPROVAL_CHANGES.dropSite(site.id)),
    labels,
    annotations,
    namespaces,
    dns: site.kubernetes.dns,
    ingressController: site.kubernetes.ingress,
    ...(s.monitoring ? { monitoring: site.kubernetes.monitoring } : {}),
    ...(s.backup ? { backup: { retentionDays: s.backup.retentionDays, ...(site.kubernetes.backup ? { agent: site.kubernetes.backup } : {}) } } : {}),
    vault: {
      authBackend: site.vault.kubernetesAuthPath,
      ...(s.secrets ? { kv: { mount: names.kvMount, policy: names.kvPolicy, maxVersions: s.secrets.maxVersions } } : {}),
      ...(s.encryption ? { transit: { mount: names.transitMount, policy: names.transitPolicy, keys: [...s.encryption.keys].sort() } } : {}),
      ...(s.certificates
        ? { pki: { mount: site.vault.pkiPath, role: names.pkiRole, policy: names.pkiPolicy, domains: s.certificates.domains, maxTtlSeconds: hoursToSeconds(s.certificates.maxTtl) } }
        : {}),
      // A role only where a workload has something to log in for: Vault refuses a role bound to no namespace,
      // and a role with no policy is one no synthesized resource backs (the e2e found isof declared one).
      ...(namespaces.length > 0 && (s.secrets || s.encryption || s.certificates) ? { authRole: names.authRole } : {}),
      adminGroup: t.contacts.adminGroup,
      ...(t.contacts.viewGroup ? { viewGroup: t.contacts.viewGroup } : {}),
      ...(site.vault.groupAliasMountAccessor ? { groupAliasMountAccessor: site.vault.groupAliasMountAccessor } : {}),
    },
    state: site.state,
    ...(t.agreement.suspended ? { suspended: t.agreement.suspended } : {}),
  };
}

/** `720h` (the tenant file's form, schema-checked) as seconds. */
const hoursToSeconds = (ttl: string): number => Number(ttl.slice(0, -1)) * 3600;

/** site < tenant: the container defaults chosen, the tenant's over the site's; the construct defaults the rest. */
export function resolveContainerDefaults(
  site: ContainerDefaults | undefined,
  tenant: ContainerDefaults | undefined,
): Partial<Record<keyof ContainerDefaults, string>> {
  const chosen: Partial<Record<keyof ContainerDefaults, string>> = {};
  for (const k of CONTAINER_DEFAULT_KEYS) {
    const v = tenant?.[k] ?? site?.[k];
    if (v !== undefined) chosen[k] = quantityString(v);
  }
  return chosen;
}

const CONTAINER_DEFAULT_KEYS = ["defaultCpu", "defaultMemory", "defaultRequestCpu", "defaultRequestMemory"] as const satisfies readonly (keyof ContainerDefaults)[];

/**
 * Connections of namespace `key` of tenant `t` in one direction, on one site. A flow is realised only on
 * sites where both tenants are placed and active, and while neither is suspended: a suspension stops the
 * peer's side too, so the peer's `allow-connections-*` policies go with the suspended tenant's. The model
 * has already checked both sides declare it.
 */
function connectionsOf(t: Tenant, key: string, direction: "out" | "in", siteId: string, active: ReadonlyMap<string, Tenant>): ConnectionPlan[] {
  const own = `${t.id}/${key}`;
  if (t.agreement.suspended) return [];
  return t.connections
    .filter((c) => (direction === "out" ? c.from === own : c.to === own))
    .flatMap((c) => {
      const [peerTenant, peerKey] = (direction === "out" ? c.to : c.from).split("/") as [string, string];
      const peer = active.get(peerTenant);
      if (!peer || !peer.resilience.sites.includes(siteId) || peer.agreement.suspended) return [];
      return [{ peerNamespace: namespaceName(peerTenant, peerKey), peerTenant, ports: c.ports, protocol: c.protocol, ref: c.ref }];
    })
    .sort(byKey((p) => p.peerNamespace));
}
