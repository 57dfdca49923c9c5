/**
 * ISO-004: a tenant stack grants access only inside the tenant's own namespaces, through the built-in
 * `admin`, `edit` or `view` ClusterRoles or a Role, and never cluster-wide. Judged on the synthesized output.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
 */
import type { Rule } from "../types.js";
import { stackFinding } from "../finding-at.js";
import { tenantStacks } from "../baseline.js";
import { one, str } from "../../lib/json.js";
import { namespaceOf, resourcesOf } from "../../output/read.js";

/** ClusterRoles a tenant may be bound to in its namespaces; none of them can change quotas or the namespace. */
export const TENANT_CLUSTER_ROLES = ["admin", "edit", "view"];

export const iso004: Rule = {
  id: "ISO-004",
  pack: "isolation-baseline",
  severity: "error",
  title: "Tenant role bindings stay in the tenant's own namespaces",
  explanation:
    "A RoleBinding in another tenant's namespace, or any ClusterRoleBinding, gives a tenant's people access to data " +
    "that is not theirs or to cluster resources (nodes, other namespaces). Binding cluster-admin even in an own " +
    "namespace would let the tenant lift its own quota and network policies.",
  exceptable: false,
  check: (ctx) =>
    tenantStacks(ctx).flatMap(({ stack, meta }) => {
      const clusterWide = resourcesOf(stack, "kubernetes_cluster_role_binding_v1", "kubernetes_cluster_role_binding")
        .map((r) => stackFinding(iso004, stack, r, "a tenant stack may not create a ClusterRoleBinding; bind roles in the tenant's namespaces"));
      const bindings = resourcesOf(stack, "kubernetes_role_binding_v1", "kubernetes_role_binding").flatMap((r) => {
        const ns = namespaceOf(stack, r);
        if (ns === undefined || !meta.namespaces.includes(ns)) {
          return [stackFinding(iso004, stack, r,
            `the RoleBinding is in namespace ${ns ?? "(unknown)"}, not in the tenant's own namespaces ${meta.namespaces.join(", ")}`)];
        }
        const ref = one(r.body.role_ref);
        const kind = str(ref?.kind);
        const name = str(ref?.name);
        if (kind === "Role" || (kind === "ClusterRole" && name !== undefined && TENANT_CLUSTER_ROLES.includes(name))) return [];
        return [stackFinding(iso004, stack, r,
          `the RoleBinding in ${ns} grants ${kind ?? "?"} ${name ?? "?"}; tenants get a Role or one of the ClusterRoles ${TENANT_CLUSTER_ROLES.join(", ")}`)];
      });
      return [...clusterWide, ...bindings];
    }),
};
