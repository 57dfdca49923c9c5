/**
 * The writer of the `"//".samdrift` block of each stack (a comment to Terraform): what the tenant file
 * declared, so that review and isolation analyses can judge an output folder without the tenant files. The
 * block's shape is the schema in output/schema.ts (documented in docs/output-format.md); the return types
 * below make the compiler hold the writer to it.
 */
import { viewPolicyName, type SitePlan, type TenantSitePlan, type PortRule } from "../model/plan.js";
import type { PlatformEndpoint, Tenant } from "../model/schema.js";
import { agencyOrgId } from "../model/organisation.js";
import type { PlatformEndpointMeta, SiteMeta, TenantMeta } from "./schema.js";
import { servicesOf } from "../fees/price.js";

const portList = (r: PortRule): string[] => r.ports.map((p) => `${r.protocol}/${p}`);

const endpoint = (e: PlatformEndpoint): PlatformEndpointMeta => ({
  namespace: e.namespace,
  ...(e.podLabels ? { podLabels: e.podLabels } : {}),
  ...(e.ports ? { ports: e.ports } : {}),
});

export function siteMetadata(plan: SitePlan): SiteMeta {
  const k = plan.site.kubernetes;
  return {
    kind: "site" as const,
    site: plan.site.id,
    supplier: plan.site.supplier,
    zone: plan.site.zone,
    maxSecurityLevel: plan.site.maxSecurityLevel,
    platform: {
      dns: endpoint(k.dns),
      ingress: endpoint(k.ingress),
      monitoring: endpoint(k.monitoring),
      ...(k.backup ? { backup: endpoint(k.backup) } : {}),
    },
    vault: { kubernetesAuthPath: plan.site.vault.kubernetesAuthPath, pkiPath: plan.site.vault.pkiPath },
    stateBackend: plan.state.backend,
    // The supplier's policy settings, so that review can flag a catalogue change that relaxes them.
    policy: {
      disabledPacks: [...plan.supplier.policy.disabledPacks].sort(),
      thresholds: plan.supplier.policy.thresholds,
      privateRanges: plan.supplier.policy.privateRanges,
      excluded: [...plan.excludedOrganisations, ...plan.supplier.excluded].map((o) => ({ name: o.name, ...(o.orgNumber ? { orgNumber: o.orgNumber } : {}), ...(o.cvr ? { cvr: o.cvr } : {}) })),
    },
  };
}

export function tenantMetadata(plan: TenantSitePlan): TenantMeta {
  const t = plan.tenant;
  const v = plan.vault;
  const connections = plan.namespaces.flatMap((ns) => [
    ...ns.connectionsOut.map((c) => ({ from: ns.name, to: c.peerNamespace, ports: portList(c), ref: c.ref })),
    ...ns.connectionsIn.map((c) => ({ from: c.peerNamespace, to: ns.name, ports: portList(c), ref: c.ref })),
  ]);
  const policies = [v.kv?.policy, v.transit?.policy, v.pki?.policy, v.kv && v.viewGroup ? viewPolicyName(t.id) : undefined]
    .filter((p): p is string => p !== undefined)
    .sort();
  return {
    kind: "tenant-site" as const,
    tenant: t.id,
    site: plan.site.id,
    supplier: t.supplier,
    file: plan.file,
    securityLevel: t.security.level,
    personalData: t.security.personalData,
    phase: t.agreement.phase,
    agency: agencyMeta(t.agency),
    services: servicesOf(t),
    ...(t.agreement.acceptedAt ? { acceptedAt: t.agreement.acceptedAt } : {}),
    ...(t.agreement.ref ? { agreementRef: t.agreement.ref } : {}),
    ...(t.agreement.exit ? { exit: t.agreement.exit } : {}),
    ...(plan.suspended ? { suspended: { ref: plan.suspended.ref, since: plan.suspended.since, reason: plan.suspended.reason } } : {}),
    priority: t.resilience.priority,
    placement: t.resilience.sites,
    namespaces: plan.namespaces.map((ns) => ns.name),
    declared: {
      ingress: plan.namespaces.filter((ns) => ns.ingressFromController).map((ns) => ns.name),
      egress: plan.namespaces.flatMap((ns) => ns.egress.map((e) => ({ from: ns.name, cidr: e.cidr, ports: portList(e), reason: e.reason }))),
      connections,
      monitoring: plan.monitoring !== undefined,
      backup: plan.backup !== undefined,
    },
    vault: {
      authBackend: v.authBackend,
      ...(v.authRole ? { authRole: v.authRole } : {}),
      adminGroup: v.adminGroup,
      ...(v.viewGroup ? { viewGroup: v.viewGroup } : {}),
      ...(v.kv ? { kvMount: v.kv.mount } : {}),
      ...(v.transit ? { transitMount: v.transit.mount, transitKeys: [...v.transit.keys] } : {}),
      ...(v.pki ? { pkiMount: v.pki.mount, pkiRole: v.pki.role } : {}),
      policies,
    },
    approvals: t.approvals,
  };
}

/** The organisation as the register names it: its identifier, with the scheme when it is not a Swedish number. */
function agencyMeta(agency: Tenant["agency"]): { orgNumber: string; scheme?: "dk-cvr"; name: string; kind: string } {
  const id = agencyOrgId(agency);
  return { orgNumber: id.value, ...(id.scheme === "se-orgnr" ? {} : { scheme: id.scheme }), name: agency.name, kind: agency.kind };
}
