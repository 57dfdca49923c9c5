/**
 * ISO-002: every tenant namespace enforces (and audits and warns on) the `restricted` Pod Security
 * Standard through its namespace labels. Judged on the synthesized output.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
import type { Rule } from "../types.js";
import { stackFinding } from "../finding-at.js";
import { namespaceResource, tenantStacks } from "../baseline.js";
import { one, str } from "../../lib/json.js";

export const PSA_LABELS = ["pod-security.kubernetes.io/enforce", "pod-security.kubernetes.io/audit", "pod-security.kubernetes.io/warn"];

export const iso002: Rule = {
  id: "ISO-002",
  pack: "isolation-baseline",
  severity: "error",
  title: "Every tenant namespace enforces the restricted Pod Security Standard",
  explanation:
    "The restricted profile refuses privileged containers, host namespaces (network, PID, IPC), hostPath volumes, host " +
    "ports, added capabilities, privilege escalation and root users: the ways a pod escapes to its node and from there " +
    "reaches other tenants.",
  exceptable: false,
  check: (ctx) =>
    tenantStacks(ctx).flatMap(({ stack, meta }) =>
      meta.namespaces.flatMap((ns) => {
        const resource = namespaceResource(stack, ns);
        if (!resource) return [stackFinding(iso002, stack, undefined, `namespace ${ns} has no namespace resource in the stack, so its Pod Security labels cannot be checked`)];
        const labels = one(one(resource.body.metadata)?.labels) ?? {};
        const wrong = PSA_LABELS.filter((l) => str(labels[l]) !== "restricted");
        if (wrong.length === 0) return [];
        const wanted = wrong.map((l) => `${l}: restricted`).join(", ");
        const found = wrong.some((l) => labels[l] !== undefined) ? ` (found ${wrong.map((l) => `${l}=${String(labels[l] ?? "unset")}`).join(", ")})` : "";
        return [stackFinding(iso002, stack, resource, `namespace ${ns} lacks ${wanted}${found}`)];
      }),
    ),
};
