/**
 * One tenant namespace on one site: the namespace with its labels, a ResourceQuota, a LimitRange and the
 * tenant's RoleBindings, all confined to that namespace.
 *
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 * @see https://kubernetes.io/docs/concepts/policy/limit-range/
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
import { Construct } from "constructs";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1/index.js";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1/index.js";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1/index.js";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1/index.js";
import type { NamespacePlan } from "../model/plan.js";

export interface TenantNamespaceProps {
  readonly namespace: NamespacePlan;
  /** Labels for the namespace (tenant, supplier, level, priority, Pod Security `restricted`). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Group bound to the `admin` ClusterRole in this namespace only. */
  readonly adminGroup: string;
  /** Group bound to the `view` ClusterRole in this namespace only. @default - no view binding */
  readonly viewGroup?: string;
  /** Refuse `terraform destroy` of the namespace (and so of its data). */
  readonly preventDestroy: boolean;
}

/** RoleBinding names; tests and the isolation baseline pin them. */
export const ROLE_BINDING = { admins: "tenant-admins", viewers: "tenant-viewers" } as const;

export class TenantNamespace extends Construct {
  readonly namespace: NamespaceV1;

  constructor(scope: Construct, id: string, props: TenantNamespaceProps) {
    super(scope, id);
    const ns = props.namespace;
    const name = ns.name;
    this.namespace = new NamespaceV1(this, "namespace", {
      metadata: { name, labels: { ...props.labels }, annotations: { ...props.annotations } },
      lifecycle: { preventDestroy: props.preventDestroy },
    });
    // Names are written as plain strings, not references: the namespace is created first through
    // depends_on, and the synthesized JSON stays readable in review.
    const inNamespace = { namespace: name };
    const dependsOn = [this.namespace];

    new ResourceQuotaV1(this, "quota", {
      metadata: { name: "tenant-quota", ...inNamespace },
      spec: {
        hard: {
          "requests.cpu": ns.quota.cpu,
          "limits.cpu": ns.quota.cpu,
          "requests.memory": ns.quota.memory,
          "limits.memory": ns.quota.memory,
          "requests.storage": ns.quota.storage,
          pods: String(ns.quota.pods),
          // Exposure goes through the site's ingress controller only.
          "services.nodeports": "0",
          "services.loadbalancers": "0",
        },
      },
      dependsOn,
    });

    const d = ns.containerDefaults;
    new LimitRangeV1(this, "limits", {
      metadata: { name: "tenant-defaults", ...inNamespace },
      spec: {
        limit: [
          {
            type: "Container",
            default: { cpu: d.defaultCpu, memory: d.defaultMemory },
            defaultRequest: { cpu: d.defaultRequestCpu, memory: d.defaultRequestMemory },
          },
        ],
      },
      dependsOn,
    });

    const bind = (bindingId: string, bindingName: string, clusterRole: string, group: string) =>
      new RoleBindingV1(this, bindingId, {
        metadata: { name: bindingName, ...inNamespace },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterRole },
        subject: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group }],
        dependsOn,
      });
    bind("admins", ROLE_BINDING.admins, "admin", props.adminGroup);
    if (props.viewGroup !== undefined) bind("viewers", ROLE_BINDING.viewers, "view", props.viewGroup);
  }
}
