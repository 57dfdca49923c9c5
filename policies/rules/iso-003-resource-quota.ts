/**
 * ISO-003: every tenant namespace has a ResourceQuota that caps compute, storage and pods and forbids
 * NodePort and LoadBalancer services. Judged on the synthesized output.
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 */
import type { Rule } from "../types.js";
import { stackFinding } from "../finding-at.js";
import { inNamespace, namespaceResource, tenantStacks } from "../baseline.js";
import { one } from "../../lib/json.js";
import type { OutputResource } from "../../output/read.js";

const QUOTA_TYPES = ["kubernetes_resource_quota_v1", "kubernetes_resource_quota"];
/** Keys a tenant quota must cap (any value). */
export const CAPPED = ["requests.cpu", "limits.cpu", "requests.memory", "limits.memory", "requests.storage", "pods"];
/** Keys a tenant quota must set to zero. */
export const FORBIDDEN = ["services.nodeports", "services.loadbalancers"];

/** What a quota lacks, as `key` (missing) or `key=0` (must be zero); empty when it is complete. */
export function quotaGaps(quota: OutputResource): string[] {
  const hard = one(one(quota.body.spec)?.hard) ?? {};
  return [
    ...CAPPED.filter((k) => hard[k] === undefined),
    ...FORBIDDEN.filter((k) => String(hard[k]) !== "0").map((k) => `${k}=0`),
  ];
}

export const iso003: Rule = {
  id: "ISO-003",
  pack: "isolation-baseline",
  severity: "error",
  title: "Every tenant namespace has a quota that caps resources and forbids NodePort and LoadBalancer services",
  explanation:
    "A namespace without a quota can starve every other tenant of the node it runs on. NodePort and LoadBalancer " +
    "services open ports on the nodes or the network edge, bypassing the site's ingress controller and network policies.",
  exceptable: false,
  check: (ctx) =>
    tenantStacks(ctx).flatMap(({ stack, meta }) =>
      meta.namespaces.flatMap((ns) => {
        const quotas = inNamespace(stack, ns, ...QUOTA_TYPES);
        if (quotas.some((q) => quotaGaps(q).length === 0)) return [];
        if (quotas.length === 0) {
          return [stackFinding(iso003, stack, namespaceResource(stack, ns), `namespace ${ns} has no ResourceQuota`)];
        }
        return quotas.map((q) => stackFinding(iso003, stack, q, `the quota of namespace ${ns} must set ${quotaGaps(q).join(", ")} in spec.hard`));
      }),
    ),
};
