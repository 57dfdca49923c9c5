/**
 * ISO-006: a tenant's Vault login role admits only the tenant's own namespaces, and its login role and
 * groups carry only the policies of its own stack. Judged on the synthesized output.
 * @see https://developer.hashicorp.com/vault/docs/auth/kubernetes
 */
import type { Rule } from "../types.js";
import { stackFinding } from "../finding-at.js";
import { tenantStacks } from "../baseline.js";
import { str, strings } from "../../lib/json.js";
import { resourcesOf } from "../../output/read.js";

export const iso006: Rule = {
  id: "ISO-006",
  pack: "isolation-baseline",
  severity: "error",
  title: "Tenant Vault logins and groups get only the tenant's own policies",
  explanation:
    "Whoever logs in with a tenant's role gets its secrets. A role bound to another tenant's namespace (or to every " +
    "namespace) lets that tenant's pods log in as this one; a role or group carrying a policy from outside the " +
    "tenant's stack grants access the tenant file never declared.",
  exceptable: false,
  check: (ctx) =>
    tenantStacks(ctx).flatMap(({ stack, meta }) => {
      const ownPolicies = new Set(resourcesOf(stack, "vault_policy").map((r) => str(r.body.name)).filter((n): n is string => n !== undefined));
      const foreign = (policies: unknown) => strings(policies).filter((p) => !ownPolicies.has(p));
      const roles = resourcesOf(stack, "vault_kubernetes_auth_backend_role").flatMap((r) => {
        const outside = strings(r.body.bound_service_account_namespaces).filter((ns) => !meta.namespaces.includes(ns));
        const policies = foreign(r.body.token_policies);
        return [
          ...(outside.length > 0 ? [stackFinding(iso006, stack, r, `the login role admits service accounts of ${outside.join(", ")}; bind only ${meta.namespaces.join(", ")}`)] : []),
          ...(policies.length > 0 ? [stackFinding(iso006, stack, r, `the login role carries ${policies.join(", ")}, not policies of this stack`)] : []),
        ];
      });
      const groups = resourcesOf(stack, "vault_identity_group").flatMap((r) => {
        const policies = foreign(r.body.policies);
        return policies.length > 0 ? [stackFinding(iso006, stack, r, `group ${str(r.body.name) ?? r.name} carries ${policies.join(", ")}, not policies of this stack`)] : [];
      });
      return [...roles, ...groups];
    }),
};
