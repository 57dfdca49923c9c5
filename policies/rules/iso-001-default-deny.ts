/**
 * ISO-001: every tenant namespace has a default-deny NetworkPolicy: empty pod selector (every pod), policy
 * types Ingress and Egress, and no rules. Judged on the synthesized output.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */
import type { Rule } from "../types.js";
import { stackFinding } from "../finding-at.js";
import { inNamespace, namespaceResource, tenantStacks } from "../baseline.js";
import { items, one } from "../../lib/json.js";
import type { OutputResource } from "../../output/read.js";

const POLICY_TYPES = ["kubernetes_network_policy_v1", "kubernetes_network_policy"];

/** Whether a NetworkPolicy selects every pod of its namespace and denies all traffic both ways. */
export function isDefaultDeny(policy: OutputResource): boolean {
  const spec = one(policy.body.spec);
  if (!spec) return false;
  const selector = one(spec.pod_selector);
  const selectsAll = selector !== undefined &&
    Object.keys(one(selector.match_labels) ?? {}).length === 0 &&
    items(selector.match_expressions).length === 0;
  const types = items(spec.policy_types);
  return selectsAll && types.includes("Ingress") && types.includes("Egress") &&
    items(spec.ingress).length === 0 && items(spec.egress).length === 0;
}

export const iso001: Rule = {
  id: "ISO-001",
  pack: "isolation-baseline",
  severity: "error",
  title: "Every tenant namespace has a default-deny network policy",
  explanation:
    "Kubernetes lets every pod reach every other pod unless a NetworkPolicy says otherwise. Isolation between tenants, " +
    "and between tenants and the supplier's workloads, is a legal requirement: each namespace starts from deny-all in " +
    "both directions and allows only declared flows.",
  exceptable: false,
  check: (ctx) => {
    const unreadable = (ctx.output?.stacks ?? [])
      .filter((s) => s.kind === "tenant-site" && !s.tenantMeta)
      .map((s) => stackFinding(iso001, s, undefined, 'the stack has no readable "//".samdrift block, so its namespaces cannot be checked; synthesize it with samdrift'));
    const missing = tenantStacks(ctx).flatMap(({ stack, meta }) =>
      meta.namespaces.flatMap((ns) => {
        if (inNamespace(stack, ns, ...POLICY_TYPES).some(isDefaultDeny)) return [];
        return [stackFinding(iso001, stack, namespaceResource(stack, ns),
          `namespace ${ns} has no default-deny NetworkPolicy (empty pod selector, policy types Ingress and Egress, no rules)`)];
      }),
    );
    return [...unreadable, ...missing];
  },
};
