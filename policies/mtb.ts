/**
 * Conformance with the Kubernetes Multi-Tenancy Benchmark (MTB) profile level 1 checks that configuration
 * can guarantee. Ids and titles are the benchmark's own (kubernetes-sigs/multi-tenancy, benchmarks/);
 * each check names how samdrift meets it and the isolation-baseline rules that verify it on the output.
 * @see https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks
 */
import type { Model } from "../model/model.js";
import { hasResources } from "../model/model.js";
import type { PolicyResult } from "./run.js";

export interface MtbCheck {
  readonly id: string;
  readonly title: string;
  /** How samdrift's configuration meets the check. */
  readonly how: string;
  /** Rules that verify it on the synthesized output. */
  readonly verifiedBy: readonly string[];
}

const PSS = "the restricted Pod Security Standard, enforced by namespace labels";

export const MTB_CHECKS: readonly MtbCheck[] = [
  {
    id: "MTB-PL1-CC-CPI-1", title: "Block access to cluster resources",
    how: "tenant groups are bound only in their own namespaces, to the built-in admin/edit/view ClusterRoles; no ClusterRoleBinding",
    verifiedBy: ["ISO-004", "PRF-004"],
  },
  {
    id: "MTB-PL1-CC-TI-1", title: "Block modification of resource quotas",
    how: "the admin ClusterRole does not allow writing ResourceQuotas or the namespace itself, and no stronger role is bound",
    verifiedBy: ["ISO-003", "ISO-004", "PRF-004"],
  },
  {
    id: "MTB-PL1-CC-TI-2", title: "Block access to other tenant resources",
    how: "RoleBindings only in the tenant's namespaces; Vault policies, login roles and groups only for the tenant's own paths",
    verifiedBy: ["ISO-004", "ISO-005", "ISO-006", "ISO-007", "PRF-003", "PRF-004"],
  },
  {
    id: "MTB-PL1-CC-FNS-1", title: "Configure namespace resource quotas",
    how: "a ResourceQuota per namespace caps requests and limits of cpu and memory and requests.storage, from the tenant file",
    verifiedBy: ["ISO-003"],
  },
  {
    id: "MTB-PL1-CC-FNS-2", title: "Configure namespace object limits",
    how: "the quota caps pods and sets services.nodeports and services.loadbalancers to 0",
    verifiedBy: ["ISO-003"],
  },
  { id: "MTB-PL1-BC-CPI-3", title: "Block add capabilities", how: `${PSS}: capabilities dropped, only NET_BIND_SERVICE may be added`, verifiedBy: ["ISO-002"] },
  { id: "MTB-PL1-BC-CPI-4", title: "Require run as non-root user", how: `${PSS}: runAsNonRoot`, verifiedBy: ["ISO-002"] },
  { id: "MTB-PL1-BC-CPI-5", title: "Block privileged containers", how: `${PSS}: no privileged containers`, verifiedBy: ["ISO-002"] },
  { id: "MTB-PL1-BC-CPI-6", title: "Block privilege escalation", how: `${PSS}: allowPrivilegeEscalation false`, verifiedBy: ["ISO-002"] },
  { id: "MTB-PL1-BC-HI-1", title: "Block use of host path volumes", how: `${PSS}: only non-host volume types`, verifiedBy: ["ISO-002"] },
  {
    // kubectl-mtb's own config.yaml gives this check MTB-PL1-BC-HI-1 as well; the benchmark list numbers it HI-2.
    id: "MTB-PL1-BC-HI-2", title: "Block use of NodePort services",
    how: "the namespace quota sets services.nodeports to 0", verifiedBy: ["ISO-003"],
  },
  { id: "MTB-PL1-BC-HI-3", title: "Block use of host networking and ports", how: `${PSS}: no hostNetwork, no hostPort`, verifiedBy: ["ISO-002"] },
  { id: "MTB-PL1-BC-HI-4", title: "Block use of host PID", how: `${PSS}: no hostPID`, verifiedBy: ["ISO-002"] },
  { id: "MTB-PL1-BC-HI-5", title: "Block use of host IPC", how: `${PSS}: no hostIPC`, verifiedBy: ["ISO-002"] },
  {
    id: "MTB-PL1-BC-NI-1", title: "Default deny network connections across tenants",
    how: "a default-deny NetworkPolicy per namespace; only same-tenant, platform and declared two-sided flows are allowed",
    verifiedBy: ["ISO-001", "ISO-007", "PRF-001"],
  },
];

export type MtbStatus = "met" | "not met" | "not verified" | "no resources";

export interface MtbRow {
  readonly check: MtbCheck;
  readonly status: MtbStatus;
  /** Rules with findings for this tenant (when not met). */
  readonly failing: readonly string[];
}

/** The site of a site stack's file (`stacks/site--fk-a/cdk.tf.json`), or undefined. */
const siteOfFile = (file: string): string | undefined => /(?:^|\/)site--([^/]+)\//.exec(file)?.[1];

/**
 * The tenant's conformance: `met` when the verifying rules (the isolation baseline and the isolation
 * proof) found nothing on its stacks or on the site stacks of its sites, `not met` when they did, `not
 * verified` when no output was checked, `no resources` before the build phase.
 */
export function mtbConformance(model: Model, result: PolicyResult, tenantId: string): MtbRow[] {
  const entry = model.tenants.find((e) => e.tenant.id === tenantId);
  const sites = new Set(entry?.tenant.resilience.sites ?? []);
  // A finding on a site stack (or on no stack) concerns every tenant of that site (or of the output).
  const concerns = (f: PolicyResult["findings"][number]): boolean => {
    if (f.tenant === tenantId) return true;
    if (f.tenant !== "") return false;
    const site = siteOfFile(f.file);
    return site === undefined || sites.has(site);
  };
  const failingRules = new Set(result.findings.filter((f) => f.severity === "error" && concerns(f)).map((f) => f.rule));
  return MTB_CHECKS.map((check) => {
    if (entry && !hasResources(entry.tenant)) return { check, status: "no resources", failing: [] };
    if (!result.summary.outputChecked) return { check, status: "not verified", failing: [] };
    const failing = check.verifiedBy.filter((r) => failingRules.has(r));
    return { check, status: failing.length > 0 ? "not met" : "met", failing };
  });
}
