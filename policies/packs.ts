/**
 * The rule registry: every pack and its rules, in report order. Adding a rule is adding a file in rules/
 * and a line here; the test in test/policies/packs.test.ts pins each pack's rule ids.
 */
import type { PackId, Rule } from "./types.js";
import { MANDATORY_PACKS } from "./types.js";
import { adm001 } from "./rules/adm-001-kind-served.js";
import { adm002 } from "./rules/adm-002-excluded-organisation.js";
import { adm003 } from "./rules/adm-003-classified-information.js";
import { adm004 } from "./rules/adm-004-identifier-scheme.js";
import { lvl001 } from "./rules/lvl-001-service-levels.js";
import { lvl002 } from "./rules/lvl-002-site-max-level.js";
import { mir001 } from "./rules/mir-001-mirrored-high.js";
import { mir002 } from "./rules/mir-002-personal-data-single-zone.js";
import { exp001 } from "./rules/exp-001-very-high-no-ingress.js";
import { exp002 } from "./rules/exp-002-very-high-private-egress.js";
import { exp003 } from "./rules/exp-003-high-public-ingress.js";
import { exp004 } from "./rules/exp-004-egress-anywhere.js";
import { exp005 } from "./rules/exp-005-local-egress.js";
import { agr001 } from "./rules/agr-001-agreement-ref.js";
import { agr002 } from "./rules/agr-002-acceptance.js";
import { agr003 } from "./rules/agr-003-processor-agreement.js";
import { agr004 } from "./rules/agr-004-exit-terms.js";
import { agr006 } from "./rules/agr-006-suspension-limit.js";
import { agr007 } from "./rules/agr-007-no-suspension-in-decommission.js";
import { agr008 } from "./rules/agr-008-exit-approaching.js";
import { cap001 } from "./rules/cap-001-site-capacity.js";
import { cap002 } from "./rules/cap-002-site-capacity-share.js";
import { agg001 } from "./rules/agg-001-high-tenants-per-site.js";
import { agg002 } from "./rules/agg-002-sector-per-supplier.js";
import { con001 } from "./rules/con-001-write-down.js";
import { hyg001 } from "./rules/hyg-001-exception-rule.js";
import { hyg002 } from "./rules/hyg-002-exception-reason.js";
import { hyg003 } from "./rules/hyg-003-exception-expired.js";
import { hyg004 } from "./rules/hyg-004-exception-expiring.js";
import { hyg005 } from "./rules/hyg-005-policy-settings.js";
import { hyg006 } from "./rules/hyg-006-exception-unused.js";
import { hyg007 } from "./rules/hyg-007-approval-kind.js";
import { iso001 } from "./rules/iso-001-default-deny.js";
import { iso002 } from "./rules/iso-002-pod-security.js";
import { iso003 } from "./rules/iso-003-resource-quota.js";
import { iso004 } from "./rules/iso-004-role-bindings.js";
import { iso005 } from "./rules/iso-005-vault-policy-paths.js";
import { iso006 } from "./rules/iso-006-vault-bindings.js";
import { iso007 } from "./rules/iso-007-records-match-files.js";
import { ord001 } from "./rules/ord-001-state-agencies-only.js";
import { ord002 } from "./rules/ord-002-ordinance-exclusions.js";
import { ord003 } from "./rules/ord-003-notified.js";
import { fed001 } from "./rules/fed-001-member-only.js";
import { fed002 } from "./rules/fed-002-members-listed.js";
import { dkm001 } from "./rules/dkm-001-danish-municipalities.js";
import { dkm002 } from "./rules/dkm-002-processor-agreement-on.js";
import { fin001 } from "./rules/fin-001-cost-estimate.js";
import { fin002 } from "./rules/fin-002-retroactive-schedule.js";
import { fin003 } from "./rules/fin-003-service-priced.js";
import { fin004 } from "./rules/fin-004-yearly-increase.js";

export interface Pack {
  readonly id: PackId;
  readonly title: string;
  /** Whether `policy.disabledPacks` may name it (see MANDATORY_PACKS). */
  readonly mandatory: boolean;
  /** Whether its rules read the synthesized output rather than the model. */
  readonly readsOutput: boolean;
  readonly rules: readonly Rule[];
}

const pack = (id: PackId, title: string, rules: readonly Rule[], readsOutput = false): Pack =>
  ({ id, title, mandatory: MANDATORY_PACKS.has(id), readsOutput, rules });

export const PACKS: readonly Pack[] = [
  pack("admission", "Who may connect", [adm001, adm002, adm003, adm004]),
  pack("security-level", "Security level", [lvl001, lvl002]),
  pack("mirroring", "Mirroring", [mir001, mir002]),
  pack("exposure", "Exposure by level", [exp001, exp002, exp003, exp004, exp005]),
  pack("agreement", "Agreement phase gates", [agr001, agr002, agr003, agr004, agr006, agr007, agr008]),
  pack("capacity", "Capacity", [cap001, cap002]),
  pack("aggregation", "Aggregation", [agg001, agg002]),
  pack("connections", "Connections", [con001]),
  pack("hygiene", "Exception and settings hygiene", [hyg001, hyg002, hyg003, hyg004, hyg005, hyg006, hyg007]),
  pack("isolation-baseline", "Isolation baseline (synthesized output)", [iso001, iso002, iso003, iso004, iso005, iso006, iso007], true),
  // Arrangement packs: each judges only the tenants and suppliers of its arrangement (policies/arrangement.ts).
  pack("swedish-ordinance", "Swedish state supplier under the ordinance", [ord001, ord002, ord003]),
  pack("municipal-federation", "Municipal federation", [fed001, fed002]),
  pack("danish-municipal", "Danish municipal cloud", [dkm001, dkm002]),
  pack("finance", "Fees", [fin001, fin002, fin003, fin004]),
];

/** Every rule, in pack order. */
export const ALL_RULES: readonly Rule[] = PACKS.flatMap((p) => p.rules);

export const ruleById = (id: string): Rule | undefined => ALL_RULES.find((r) => r.id === id);
