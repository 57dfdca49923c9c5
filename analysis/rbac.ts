/**
 * Kubernetes RBAC grants: which groups, users and service accounts hold which roles in which namespaces,
 * from RoleBindings (one namespace) and ClusterRoleBindings (every namespace, shown as `*`).
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding
 *
 * Pure: no file system, no environment.
 */

import { byAll, byKey } from "../lib/sort.js";

export interface RbacSubject {
  /** `Group`, `User` or `ServiceAccount`. */
  readonly kind: string;
  readonly name: string;
  /** Namespace of a ServiceAccount. @default - the binding's namespace */
  readonly namespace?: string;
}

export interface RoleBinding {
  /** Caller's reference (the Terraform address), returned with each grant. */
  readonly id: string;
  /** The binding's namespace; `undefined` for a ClusterRoleBinding (every namespace). */
  readonly namespace: string | undefined;
  readonly roleKind: "ClusterRole" | "Role";
  readonly roleName: string;
  readonly subjects: readonly RbacSubject[];
}

export interface RbacGrantDetail {
  /** `group:<name>`, `user:<name>` or `serviceaccount:<namespace>/<name>`. */
  readonly subject: string;
  /** Namespace the role applies in; `*` for a ClusterRoleBinding. */
  readonly namespace: string;
  /** ClusterRole name (`admin`, `view`), or `Role/<name>` for a namespaced Role. */
  readonly role: string;
  readonly binding: string;
}

/** Every namespace. */
export const ALL_NAMESPACES = "*";

/** `group:<name>`, `user:<name>`, `serviceaccount:<namespace>/<name>`. */
export function subjectName(s: RbacSubject, bindingNamespace: string | undefined): string {
  switch (s.kind) {
    case "Group":
      return `group:${s.name}`;
    case "User":
      return `user:${s.name}`;
    case "ServiceAccount":
      return `serviceaccount:${s.namespace ?? bindingNamespace ?? "default"}/${s.name}`;
    default:
      return `${s.kind.toLowerCase()}:${s.name}`;
  }
}

/** One grant per binding subject, sorted by subject, namespace, role. */
export function rbacGrants(bindings: readonly RoleBinding[]): RbacGrantDetail[] {
  return bindings
    .flatMap((b) =>
      b.subjects.map((s) => ({
        subject: subjectName(s, b.namespace),
        namespace: b.namespace ?? ALL_NAMESPACES,
        role: b.roleKind === "Role" ? `Role/${b.roleName}` : b.roleName,
        binding: b.id,
      })),
    )
    .sort(byAll(byKey((g) => g.subject), byKey((g) => g.namespace), byKey((g) => g.role), byKey((g) => g.binding)));
}
