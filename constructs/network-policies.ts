/**
 * The network policies of one tenant namespace: deny everything, then allow exactly what the tenant file
 * declares. Every policy selects every pod of the namespace; peers are selected by the namespace-name label
 * the API server sets (`kubernetes.io/metadata.name`), which a tenant cannot forge.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import { Construct } from "constructs";
import {
  NetworkPolicyV1,
  type NetworkPolicyV1SpecEgress,
  type NetworkPolicyV1SpecIngress,
  type NetworkPolicyV1SpecIngressFrom,
  type NetworkPolicyV1SpecIngressPorts,
} from "@cdktf/provider-kubernetes/lib/network-policy-v1/index.js";
import type { NamespacePlan, PortRule } from "../model/plan.js";
import { LABEL } from "../model/plan.js";
import type { PlatformEndpoint } from "../model/schema.js";
import type { ITerraformDependable } from "../lib/cdktf.js";
import { localRangesInside } from "../lib/address-scope.js";

export interface NamespaceNetworkPoliciesProps {
  readonly namespace: NamespacePlan;
  /** Every namespace of the same tenant on this site; traffic among them is allowed. */
  readonly tenantNamespaces: readonly string[];
  /** The site's cluster DNS; egress to it on port 53 is always allowed. */
  readonly dns: PlatformEndpoint;
  /** The site's ingress controller; allowed in only when the namespace declares ingress. */
  readonly ingressController: PlatformEndpoint;
  /** The site's monitoring. @default - no scraping allowed */
  readonly monitoring?: PlatformEndpoint;
  /** The site's backup agent; allowed in when it declares ports. @default - no backup traffic */
  readonly backupAgent?: PlatformEndpoint;
  /** Resources to create first: the namespace the policies live in. */
  readonly dependsOn: readonly ITerraformDependable[];
}

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
  namespaceSelector: { matchExpressions: [{ key: LABEL.namespaceName, operator: "In", values: [...names] }] },
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
    const ns = props.namespace;
    const dependsOn = [...props.dependsOn];
    const policy = (policyId: string, name: string, spec: { ingress?: NetworkPolicyV1SpecIngress[]; egress?: NetworkPolicyV1SpecEgress[] }) =>
      new NetworkPolicyV1(this, policyId, {
        metadata: { name, namespace: ns.name },
        spec: {
          podSelector: {},
          policyTypes: [...(spec.ingress ? ["Ingress"] : []), ...(spec.egress ? ["Egress"] : [])],
          ...spec,
        },
        dependsOn,
      });

    // Isolates every pod for both directions; with no rules it allows nothing.
    new NetworkPolicyV1(this, "default-deny", {
      metadata: { name: NETWORK_POLICY.defaultDeny, namespace: ns.name },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      dependsOn,
    });

    const ownTenant = namespacesNamed(props.tenantNamespaces);
    policy("same-tenant", NETWORK_POLICY.sameTenant, { ingress: [{ from: [ownTenant] }], egress: [{ to: [ownTenant] }] });

    policy("dns", NETWORK_POLICY.dns, {
      egress: [{ to: [platformPeer(props.dns)], ports: [{ port: "53", protocol: "UDP" }, { port: "53", protocol: "TCP" }] }],
    });

    const fromPlatform = (endpoint: PlatformEndpoint): NetworkPolicyV1SpecIngress => ({
      from: [platformPeer(endpoint)],
      ...(endpoint.ports ? { ports: endpoint.ports.map((p) => ({ port: String(p), protocol: "TCP" })) } : {}),
    });
    if (ns.ingressFromController) {
      policy("ingress-controller", NETWORK_POLICY.ingressController, { ingress: [fromPlatform(props.ingressController)] });
    }
    if (props.monitoring) {
      policy("monitoring", NETWORK_POLICY.monitoring, { ingress: [fromPlatform(props.monitoring)] });
    }
    if (props.backupAgent?.ports !== undefined && props.backupAgent.ports.length > 0) {
      policy("backup", NETWORK_POLICY.backup, { ingress: [fromPlatform(props.backupAgent)] });
    }
    if (ns.egress.length > 0) {
      policy("egress", NETWORK_POLICY.egress, {
        // A block that holds loopback or link-local addresses (the metadata service) never reaches them.
        egress: ns.egress.map((rule) => {
          const except = localRangesInside(rule.cidr);
          return { to: [{ ipBlock: { cidr: rule.cidr, ...(except.length > 0 ? { except } : {}) } }], ports: portsOf(rule) };
        }),
      });
    }
    if (ns.connectionsOut.length > 0) {
      policy("connections-out", NETWORK_POLICY.connectionsOut, {
        egress: ns.connectionsOut.map((c) => ({ to: [namespacesNamed([c.peerNamespace])], ports: portsOf(c) })),
      });
    }
    if (ns.connectionsIn.length > 0) {
      policy("connections-in", NETWORK_POLICY.connectionsIn, {
        ingress: ns.connectionsIn.map((c) => ({ from: [namespacesNamed([c.peerNamespace])], ports: portsOf(c) })),
      });
    }
  }
}
