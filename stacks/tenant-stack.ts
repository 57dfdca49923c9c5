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
  /** Final output folder relative to the working directory (for local state paths). */
  readonly outdir: string;
}

export class TenantStack extends SiteScopedStack {
  constructor(scope: Construct, props: TenantStackProps) {
    const { plan } = props;
    super(scope, { stackId: plan.stackId, site: plan.site, state: plan.state, outdir: props.outdir, metadata: tenantMetadata(plan) });
    // The kubeconfig comes from KUBE_CONFIG_PATH in the environment; the stack names its context.
    new KubernetesProvider(this, "kubernetes", { configContext: plan.site.kubernetes.context });

    const namespaceNames = plan.namespaces.map((ns) => ns.name);
    for (const ns of plan.namespaces) {
      const namespace = new TenantNamespace(this, `ns-${ns.key}`, {
        namespace: ns,
        labels: plan.labels,
        annotations: plan.annotations,
        adminGroup: plan.tenant.contacts.adminGroup,
        ...(plan.tenant.contacts.viewGroup ? { viewGroup: plan.tenant.contacts.viewGroup } : {}),
        preventDestroy: plan.preventDestroy,
      });
      new NamespaceNetworkPolicies(this, `netpol-${ns.key}`, {
        namespace: ns,
        tenantNamespaces: namespaceNames,
        dns: plan.dns,
        ingressController: plan.ingressController,
        ...(plan.monitoring ? { monitoring: plan.monitoring } : {}),
        ...(plan.backup?.agent ? { backupAgent: plan.backup.agent } : {}),
        dependsOn: [namespace.namespace],
      });
    }
    const v = plan.vault;
    if (v.kv || v.transit || v.pki) {
      new TenantVault(this, "tenant-vault", {
        tenant: plan.tenant.id,
        vault: v,
        namespaces: namespaceNames,
        preventDestroy: plan.preventDestroy,
      });
    }
  }
}
