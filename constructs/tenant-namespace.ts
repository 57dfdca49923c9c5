/**
 * One tenant namespace: the namespace with its labels and Pod Security Standard, a ResourceQuota that also
 * forbids NodePort and LoadBalancer services, a LimitRange with container defaults, and the tenant's
 * RoleBindings, all confined to that namespace. Used on its own with a name and an admin group, it makes
 * the safe namespace: `restricted` Pod Security enforced, audited and warned, a small quota, exposure only
 * through an ingress controller, and `prevent_destroy`.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 * @see https://kubernetes.io/docs/concepts/policy/limit-range/
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding
 * @see https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/namespace_v1
 */
import { Construct } from "constructs";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1/index.js";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1/index.js";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1/index.js";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1/index.js";
import { withDefaults } from "./props.js";

/** A Pod Security Standard level. @see https://kubernetes.io/docs/concepts/security/pod-security-standards/ */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/** The namespace's Pod Security admission labels. */
export interface PodSecurity {
  /** Pods violating this level are rejected. @default "restricted" */
  readonly enforce?: PodSecurityLevel;
  /** The version of the standard enforced. @default "latest" */
  readonly enforceVersion?: string;
  /** Violations of this level are written to the audit log. @default "restricted" */
  readonly audit?: PodSecurityLevel;
  /** Violations of this level are returned to the client as warnings. @default "restricted" */
  readonly warn?: PodSecurityLevel;
}

/** The ResourceQuota's caps; each applies to both requests and limits where Kubernetes has both. */
export interface NamespaceQuota {
  /** CPU of all pods, e.g. `8` or `500m`. @default "2" */
  readonly cpu?: string;
  /** Memory of all pods, e.g. `32Gi`. @default "4Gi" */
  readonly memory?: string;
  /** Storage requested by all persistent-volume claims. @default "10Gi" */
  readonly storage?: string;
  /** Most pods the namespace may run. @default 20 */
  readonly pods?: number;
}

/** The LimitRange's defaults for a container that sets none. */
export interface ContainerDefaultValues {
  /** CPU limit. @default "500m" */
  readonly defaultCpu?: string;
  /** Memory limit. @default "512Mi" */
  readonly defaultMemory?: string;
  /** CPU request. @default "100m" */
  readonly defaultRequestCpu?: string;
  /** Memory request. @default "128Mi" */
  readonly defaultRequestMemory?: string;
}

export interface TenantNamespaceProps {
  /** The namespace's name (`mfof-apps`). */
  readonly name: string;
  /** Group bound to the `admin` ClusterRole in this namespace only. */
  readonly adminGroup: string;
  /** Group bound to the `view` ClusterRole in this namespace only. @default - no view binding */
  readonly viewGroup?: string;
  /**
   * The Pod Security Standard of the namespace; each level not given stays `restricted`.
   * @default - the restricted Pod Security Standard (latest version) is enforced, audited and warned
   */
  readonly podSecurity?: PodSecurity;
  /**
   * Caps on the namespace's resources; each cap not given takes its default. NodePort and LoadBalancer
   * services are always forbidden (exposure goes through an ingress controller), whatever is given here.
   * @default - 2 CPU, 4Gi memory, 10Gi storage, 20 pods
   */
  readonly quota?: NamespaceQuota;
  /** Container defaults in the LimitRange. @default - 500m/512Mi limits and 100m/128Mi requests */
  readonly containerDefaults?: ContainerDefaultValues;
  /**
   * Further labels on the namespace. Pod Security labels (`pod-security.kubernetes.io/*`) are refused
   * here: set `podSecurity`. @default - only the Pod Security labels
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations on the namespace. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Refuse `terraform destroy` of the namespace (and so of everything in it). @default true */
  readonly preventDestroy?: boolean;
  /**
   * A suspended tenant (docs/incidents.md): the quota allows no pod, so no new pod starts; the other caps,
   * the bindings and the namespace with its volumes stay. Pods already running are not evicted by a quota.
   * @default false
   */
  readonly suspended?: boolean;
}

/** The defaults `TenantNamespace` applies; samdrift's tenant files resolve site and tenant choices over them. */
export const TENANT_NAMESPACE_DEFAULTS = {
  podSecurity: { enforce: "restricted", enforceVersion: "latest", audit: "restricted", warn: "restricted" },
  quota: { cpu: "2", memory: "4Gi", storage: "10Gi", pods: 20 },
  containerDefaults: { defaultCpu: "500m", defaultMemory: "512Mi", defaultRequestCpu: "100m", defaultRequestMemory: "128Mi" },
  preventDestroy: true,
  suspended: false,
} as const satisfies {
  podSecurity: Required<PodSecurity>;
  quota: Required<NamespaceQuota>;
  containerDefaults: Required<ContainerDefaultValues>;
  preventDestroy: boolean;
  suspended: boolean;
};

/** The Pod Security admission labels. */
export const POD_SECURITY_LABEL = {
  enforce: "pod-security.kubernetes.io/enforce",
  enforceVersion: "pod-security.kubernetes.io/enforce-version",
  audit: "pod-security.kubernetes.io/audit",
  warn: "pod-security.kubernetes.io/warn",
} as const;

/** RoleBinding names; tests and the isolation baseline pin them. */
export const ROLE_BINDING = { admins: "tenant-admins", viewers: "tenant-viewers" } as const;
/** Names of the ResourceQuota and LimitRange. */
export const TENANT_NAMESPACE_OBJECT = { quota: "tenant-quota", limits: "tenant-defaults" } as const;

/** Props with every default applied. */
export interface ResolvedTenantNamespaceProps {
  readonly name: string;
  readonly adminGroup: string;
  readonly viewGroup?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly quota: Required<NamespaceQuota>;
  readonly containerDefaults: Required<ContainerDefaultValues>;
  readonly preventDestroy: boolean;
}

/** Applies `TENANT_NAMESPACE_DEFAULTS` to what was given; throws on a Pod Security label among `labels`. */
export function resolveTenantNamespaceProps(props: TenantNamespaceProps): ResolvedTenantNamespaceProps {
  const smuggled = Object.keys(props.labels ?? {}).filter((k) => k.startsWith("pod-security.kubernetes.io/"));
  if (smuggled.length > 0) {
    throw new Error(`TenantNamespace ${props.name}: labels may not set ${smuggled.join(", ")}; set podSecurity instead`);
  }
  const d = TENANT_NAMESPACE_DEFAULTS;
  const ps = withDefaults<PodSecurity>(d.podSecurity, props.podSecurity);
  return {
    name: props.name,
    adminGroup: props.adminGroup,
    ...(props.viewGroup !== undefined ? { viewGroup: props.viewGroup } : {}),
    labels: {
      ...props.labels,
      [POD_SECURITY_LABEL.enforce]: ps.enforce,
      [POD_SECURITY_LABEL.enforceVersion]: ps.enforceVersion,
      [POD_SECURITY_LABEL.audit]: ps.audit,
      [POD_SECURITY_LABEL.warn]: ps.warn,
    },
    annotations: { ...props.annotations },
    quota: { ...withDefaults<NamespaceQuota>(d.quota, props.quota), ...((props.suspended ?? d.suspended) ? { pods: 0 } : {}) },
    containerDefaults: withDefaults<ContainerDefaultValues>(d.containerDefaults, props.containerDefaults),
    preventDestroy: props.preventDestroy ?? d.preventDestroy,
  };
}

export class TenantNamespace extends Construct {
  readonly namespace: NamespaceV1;

  constructor(scope: Construct, id: string, props: TenantNamespaceProps) {
    super(scope, id);
    const p = resolveTenantNamespaceProps(props);
    const name = p.name;
    this.namespace = new NamespaceV1(this, "namespace", {
      metadata: { name, labels: { ...p.labels }, annotations: { ...p.annotations } },
      lifecycle: { preventDestroy: p.preventDestroy },
    });
    // Names are written as plain strings, not references: the namespace is created first through
    // depends_on, and the synthesized JSON stays readable in review.
    const inNamespace = { namespace: name };
    const dependsOn = [this.namespace];

    const q = p.quota;
    new ResourceQuotaV1(this, "quota", {
      metadata: { name: TENANT_NAMESPACE_OBJECT.quota, ...inNamespace },
      spec: {
        hard: {
          "requests.cpu": q.cpu,
          "limits.cpu": q.cpu,
          "requests.memory": q.memory,
          "limits.memory": q.memory,
          "requests.storage": q.storage,
          pods: String(q.pods),
          // Exposure goes through the site's ingress controller only.
          "services.nodeports": "0",
          "services.loadbalancers": "0",
        },
      },
      dependsOn,
    });

    const c = p.containerDefaults;
    new LimitRangeV1(this, "limits", {
      metadata: { name: TENANT_NAMESPACE_OBJECT.limits, ...inNamespace },
      spec: {
        limit: [
          {
            type: "Container",
            default: { cpu: c.defaultCpu, memory: c.defaultMemory },
            defaultRequest: { cpu: c.defaultRequestCpu, memory: c.defaultRequestMemory },
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
    bind("admins", ROLE_BINDING.admins, "admin", p.adminGroup);
    if (p.viewGroup !== undefined) bind("viewers", ROLE_BINDING.viewers, "view", p.viewGroup);
  }
}
