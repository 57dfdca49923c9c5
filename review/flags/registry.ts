/**
 * The flag registry: every kind of risk flag, in review order (after the level: unapproved decisions,
 * approved decisions, attention). Adding a kind is adding a file here and a line below; the test in
 * test/review/flags.test.ts pins the list, and docs/review.md's table is generated from it.
 */
import type { FlagDef, FlagKind } from "./types.js";
import { tenantSuspended } from "./tenant-suspended.js";
import { tenantResumed } from "./tenant-resumed.js";
import { suspendedTenantChanged } from "./suspended-tenant-changed.js";
import { tenantRemovedBeforeExit } from "./tenant-removed-before-exit.js";
import { tenantRemovedWithoutDecommission } from "./tenant-removed-without-decommission.js";
import { tenantRemoved } from "./tenant-removed.js";
import { siteDropped } from "./site-dropped.js";
import { siteStackRemoved } from "./site-stack-removed.js";
import { siteMountDestroyed } from "./site-mount-destroyed.js";
import { catalogueRelaxed } from "./catalogue-relaxed.js";
import { namespaceDestroyed } from "./namespace-destroyed.js";
import { namespaceReplaced } from "./namespace-replaced.js";
import { mountDestroyed } from "./mount-destroyed.js";
import { mountReplaced } from "./mount-replaced.js";
import { securityLevelLowered } from "./security-level-lowered.js";
import { secretVersionsCut } from "./secret-versions-cut.js";
import { policyFinding } from "./policy-finding.js";
import { transitKeyDestroyed } from "./transit-key-destroyed.js";
import { certificateDomains } from "./certificate-domains.js";
import { resourceDestroyed } from "./resource-destroyed.js";
import { resourceReplaced } from "./resource-replaced.js";
import { crossTenantFlow } from "./cross-tenant-flow.js";
import { internetFlow } from "./internet-flow.js";
import { broaderVaultCapabilities } from "./broader-vault-capabilities.js";
import { vaultPathOutsideTenant } from "./vault-path-outside-tenant.js";
import { preventDestroyLifted } from "./prevent-destroy-lifted.js";
import { mirrorDiverged } from "./mirror-diverged.js";
import { planIncomplete } from "./plan-incomplete.js";
import { feeRetroactive } from "./fee-retroactive.js";
import { feeIncrease } from "./fee-increase.js";
import { feeShortNotice } from "./fee-short-notice.js";

export const FLAGS: readonly FlagDef[] = [
  tenantSuspended, tenantResumed, suspendedTenantChanged, tenantRemovedBeforeExit,
  tenantRemovedWithoutDecommission, tenantRemoved, siteDropped, siteStackRemoved, siteMountDestroyed, catalogueRelaxed,
  namespaceDestroyed, namespaceReplaced, mountDestroyed, mountReplaced, securityLevelLowered, secretVersionsCut, policyFinding,
  transitKeyDestroyed, certificateDomains, resourceDestroyed, resourceReplaced, crossTenantFlow, internetFlow,
  broaderVaultCapabilities, vaultPathOutsideTenant, preventDestroyLifted, mirrorDiverged, planIncomplete,
  feeRetroactive, feeIncrease, feeShortNotice,
];

const ORDER = new Map<FlagKind, number>(FLAGS.map((f, i) => [f.kind, i]));
/** A kind's place in review order. */
export const flagOrder = (kind: FlagKind): number => ORDER.get(kind)!;
const URGENT = new Set<FlagKind>(FLAGS.filter((f) => f.urgent).map((f) => f.kind));
/** Whether a kind's flags come before every other flag (FlagDef.urgent). */
export const isUrgent = (kind: FlagKind): boolean => URGENT.has(kind);
