/**
 * `tenant--<tenant>--<site>`: one tenant on one site, with its own providers and its own state, so that
 * `cdktf deploy 'tenant--mfof--*'` deploys exactly one tenant.
 */
import type { Construct } from "constructs";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider/index.js";
import type { TenantSitePlan } from "../model/plan.js";
import { TenantNamespace } from "../constructs/tenant-namespace.js";
import { NamespaceNetworkPolicies } from "../constructs/network-policies.js";
import { TenantVault } from "../constructs/tenant-vault.js";
import { SiteScopedStack } from "./site-scoped-stack.js";
import { tenantMetadata } from "../output/metadata.js";

export interface TenantStackProps {
  readonly plan: TenantSitePlan;
}

export class TenantStack extends SiteScopedStack {
  constructor(scope: Construct, props: TenantStackProps) {
    const { plan } = props;
    super(scope, { stackId: plan.stackId, site: plan.site, state: plan.state, metadata: tenantMetadata(plan) });
    // The kubeconfig comes from KUBE_CONFIG_PATH in the environment; the stack names its context.
    new KubernetesProvider(this, "kubernetes", { configContext: plan.site.kubernetes.context });

    // Only what the tenant and its site chose is passed; each construct applies its own documented defaults.
    const namespaceNames = plan.namespaces.map((ns) => ns.name);
    const { adminGroup, viewGroup } = plan.tenant.contacts;
    for (const ns of plan.namespaces) {
      const namespace = new TenantNamespace(this, `ns-${ns.key}`, {
        name: ns.name,
        adminGroup,
        ...(viewGroup ? { viewGroup } : {}),
        quota: ns.quota,
        containerDefaults: ns.containerDefaults,
        labels: plan.labels,
        annotations: plan.annotations,
        preventDestroy: plan.preventDestroy,
        suspended: plan.suspended !== undefined,
      });
      new NamespaceNetworkPolicies(this, `netpol-${ns.key}`, {
        namespace: ns.name,
        tenantNamespaces: namespaceNames,
        dns: plan.dns,
        ...(ns.ingressFromController ? { ingressController: plan.ingressController } : {}),
        ...(plan.monitoring ? { monitoring: plan.monitoring } : {}),
        ...(plan.backup?.agent ? { backupAgent: plan.backup.agent } : {}),
        egress: ns.egress,
        connectionsOut: ns.connectionsOut,
        connectionsIn: ns.connectionsIn,
        dependsOn: [namespace.namespace],
        suspended: plan.suspended !== undefined,
      });
    }
    const v = plan.vault;
    if (v.kv || v.transit || v.pki) {
      new TenantVault(this, "tenant-vault", {
        tenant: plan.tenant.id,
        adminGroup: v.adminGroup,
        ...(v.viewGroup !== undefined ? { viewGroup: v.viewGroup } : {}),
        ...(v.groupAliasMountAccessor !== undefined ? { groupAliasMountAccessor: v.groupAliasMountAccessor } : {}),
        ...(v.kv ? { secrets: { maxVersions: v.kv.maxVersions } } : {}),
        ...(v.transit ? { encryption: { keys: v.transit.keys } } : {}),
        ...(v.pki ? { certificates: { domains: v.pki.domains, mount: v.pki.mount, maxTtlSeconds: v.pki.maxTtlSeconds } } : {}),
        ...(v.authRole !== undefined ? { kubernetesAuth: { namespaces: namespaceNames, backend: v.authBackend } } : {}),
        preventDestroy: plan.preventDestroy,
        suspended: plan.suspended !== undefined,
      });
    }
  }
}
