/**
 * The network policies of one namespace: deny everything, then allow exactly what is declared. Used on its
 * own with a namespace name, it makes a default-deny policy plus traffic among the namespace's own pods and
 * DNS to the cluster's kube-dns; nothing else, in or out. Every policy selects every pod of the namespace;
 * peers are selected by the namespace-name label the API server sets (`kubernetes.io/metadata.name`), which
 * a tenant cannot forge.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * @see https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/network_policy_v1
 */
import { Construct } from "constructs";
import {
  NetworkPolicyV1,
  type NetworkPolicyV1SpecEgress,
  type NetworkPolicyV1SpecIngress,
  type NetworkPolicyV1SpecIngressFrom,
  type NetworkPolicyV1SpecIngressPorts,
} from "@cdktf/provider-kubernetes/lib/network-policy-v1/index.js";
import type { Protocol } from "../model/primitives.js";
import type { PlatformEndpoint } from "../model/schema.js";
import type { ITerraformDependable } from "../lib/cdktf.js";
import { localRangesInside } from "../lib/address-scope.js";

/** Destination ports of one protocol. */
export interface PortRule {
  readonly ports: readonly number[];
  readonly protocol: Protocol;
}

/** Egress to a block of addresses outside the cluster. */
export interface EgressRule extends PortRule {
  /** Loopback and link-local addresses inside it (the metadata service) are always excepted. */
  readonly cidr: string;
}

/** Traffic with one namespace of another tenant, on these ports. */
export interface NamespaceConnection extends PortRule {
  readonly peerNamespace: string;
}

export interface NamespaceNetworkPoliciesProps {
  /** The namespace the policies live in and apply to. */
  readonly namespace: string;
  /**
   * The namespaces of the same tenant: traffic among them is allowed both ways. The namespace itself is
   * always among them. @default - only pods of this namespace reach each other
   */
  readonly tenantNamespaces?: readonly string[];
  /** The cluster DNS; egress to it on port 53 (UDP and TCP) is always allowed. @default - pods labelled `k8s-app: kube-dns` in `kube-system` */
  readonly dns?: PlatformEndpoint;
  /** An ingress controller allowed in (on its `ports`, else on every port). @default - no ingress controller reaches the namespace */
  readonly ingressController?: PlatformEndpoint;
  /** Monitoring allowed in to scrape. @default - no scraping allowed */
  readonly monitoring?: PlatformEndpoint;
  /** A backup agent allowed in on its `ports`; one without ports is not let in. @default - no backup traffic */
  readonly backupAgent?: PlatformEndpoint;
  /** Egress outside the cluster. @default - none */
  readonly egress?: readonly EgressRule[];
  /** Egress to other tenants' namespaces. @default - none */
  readonly connectionsOut?: readonly NamespaceConnection[];
  /** Ingress from other tenants' namespaces. @default - none */
  readonly connectionsIn?: readonly NamespaceConnection[];
  /** Resources to create first: the namespace the policies live in. @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Cut the namespace off (a suspended tenant, docs/incidents.md): only `default-deny` and, when a backup
   * agent is given, `allow-backup` are made, so that backups keep running; traffic among the tenant's own
   * namespaces, DNS, the ingress controller, monitoring, declared egress and connections all go. DNS goes
   * too: the backup agent connects in and needs no name resolved by the tenant's pods, and no new pod of
   * the tenant starts to need it. @default false
   */
  readonly suspended?: boolean;
}

/** The defaults `NamespaceNetworkPolicies` applies. */
export const NETWORK_POLICY_DEFAULTS = {
  /** CoreDNS's and kube-dns's own label, in the namespace kubeadm and most distributions run it in. */
  dns: { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } },
  suspended: false,
} as const satisfies { dns: PlatformEndpoint; suspended: boolean };

/** The label the API server sets on every namespace to its name. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** Policy names; the isolation baseline and tests pin them. */
export const NETWORK_POLICY = {
  defaultDeny: "default-deny",
  sameTenant: "allow-same-tenant",
  dns: "allow-dns",
  ingressController: "allow-ingress-controller",
  monitoring: "allow-monitoring",
  backup: "allow-backup",
  egress: "allow-declared-egress",
  connectionsOut: "allow-connections-out",
  connectionsIn: "allow-connections-in",
} as const;

type Peer = NetworkPolicyV1SpecIngressFrom;
type Ports = NetworkPolicyV1SpecIngressPorts[];

/** Namespaces selected by name. */
const namespacesNamed = (names: readonly string[]): Peer => ({
  namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "In", values: [...names] }] },
});

/** Pods of a platform endpoint: its namespace AND, when given, its pod labels (one peer entry = AND). */
const platformPeer = (endpoint: PlatformEndpoint): Peer => ({
  ...namespacesNamed([endpoint.namespace]),
  ...(endpoint.podLabels ? { podSelector: { matchLabels: { ...endpoint.podLabels } } } : {}),
});

const portsOf = (rule: PortRule): Ports => rule.ports.map((p) => ({ port: String(p), protocol: rule.protocol }));

export class NamespaceNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceNetworkPoliciesProps) {
    super(scope, id);
    const namespace = props.namespace;
    const dependsOn = [...(props.dependsOn ?? [])];
    const policy = (policyId: string, name: string, spec: { ingress?: NetworkPolicyV1SpecIngress[]; egress?: NetworkPolicyV1SpecEgress[] }) =>
      new NetworkPolicyV1(this, policyId, {
        metadata: { name, namespace },
        spec: {
          podSelector: {},
          policyTypes: [...(spec.ingress ? ["Ingress"] : []), ...(spec.egress ? ["Egress"] : [])],
          ...spec,
        },
        dependsOn,
      });

    // Isolates every pod for both directions; with no rules it allows nothing.
    new NetworkPolicyV1(this, "default-deny", {
      metadata: { name: NETWORK_POLICY.defaultDeny, namespace },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      dependsOn,
    });

    const fromPlatform = (endpoint: PlatformEndpoint): NetworkPolicyV1SpecIngress => ({
      from: [platformPeer(endpoint)],
      ...(endpoint.ports ? { ports: endpoint.ports.map((p) => ({ port: String(p), protocol: "TCP" })) } : {}),
    });
    const backup = () => {
      if (props.backupAgent?.ports !== undefined && props.backupAgent.ports.length > 0) {
        policy("backup", NETWORK_POLICY.backup, { ingress: [fromPlatform(props.backupAgent)] });
      }
    };
    if (props.suspended ?? NETWORK_POLICY_DEFAULTS.suspended) {
      backup();
      return;
    }

    const own = props.tenantNamespaces ?? [];
    const ownTenant = namespacesNamed(own.includes(namespace) ? own : [namespace, ...own]);
    policy("same-tenant", NETWORK_POLICY.sameTenant, { ingress: [{ from: [ownTenant] }], egress: [{ to: [ownTenant] }] });

    policy("dns", NETWORK_POLICY.dns, {
      egress: [{ to: [platformPeer(props.dns ?? NETWORK_POLICY_DEFAULTS.dns)], ports: [{ port: "53", protocol: "UDP" }, { port: "53", protocol: "TCP" }] }],
    });

    if (props.ingressController) {
      policy("ingress-controller", NETWORK_POLICY.ingressController, { ingress: [fromPlatform(props.ingressController)] });
    }
    if (props.monitoring) {
      policy("monitoring", NETWORK_POLICY.monitoring, { ingress: [fromPlatform(props.monitoring)] });
    }
    backup();
    const egress = props.egress ?? [];
    if (egress.length > 0) {
      policy("egress", NETWORK_POLICY.egress, {
        // A block that holds loopback or link-local addresses (the metadata service) never reaches them.
        egress: egress.map((rule) => {
          const except = localRangesInside(rule.cidr);
          return { to: [{ ipBlock: { cidr: rule.cidr, ...(except.length > 0 ? { except } : {}) } }], ports: portsOf(rule) };
        }),
      });
    }
    const connectionsOut = props.connectionsOut ?? [];
    if (connectionsOut.length > 0) {
      policy("connections-out", NETWORK_POLICY.connectionsOut, {
        egress: connectionsOut.map((c) => ({ to: [namespacesNamed([c.peerNamespace])], ports: portsOf(c) })),
      });
    }
    const connectionsIn = props.connectionsIn ?? [];
    if (connectionsIn.length > 0) {
      policy("connections-in", NETWORK_POLICY.connectionsIn, {
        ingress: connectionsIn.map((c) => ({ from: [namespacesNamed([c.peerNamespace])], ports: portsOf(c) })),
      });
    }
  }
}
