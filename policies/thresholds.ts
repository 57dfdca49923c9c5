/**
 * Tunable numbers of the policy packs. A supplier sets them in suppliers.yaml
 * (`policy: { thresholds: { "capacity.overcommit": 1.5 } }`); anything unset takes samdrift's default below.
 * Unknown names and out-of-range values are reported by HYG-005 and never silently used.
 */
import type { Supplier } from "../model/schema.js";

export interface Thresholds {
  /** Site quotas may add up to capacity × this factor (CAP-001). */
  readonly overcommit: number;
  /** Warn when quotas exceed this share of capacity × overcommit (CAP-002). */
  readonly capacityWarnShare: number;
  /** Warn when a site holds more high/very-high tenants than this (AGG-001). */
  readonly maxHighTenantsPerSite: number;
  /** Warn when a supplier serves more tenants of one sector than this (AGG-002). */
  readonly maxTenantsPerSector: number;
  /** Warn this many days before an exception expires (HYG-004). */
  readonly expiryWarningDays: number;
  /** Public IPv4 egress broader than this prefix length needs an exception (EXP-004). */
  readonly minPublicEgressPrefixV4: number;
  /** Public IPv6 egress broader than this prefix length needs an exception (EXP-004). */
  readonly minPublicEgressPrefixV6: number;
  /** Warn when a tenant has been suspended longer than this many days (AGR-006). */
  readonly maxSuspensionDays: number;
  /** Announce an agreed exit this many days ahead (AGR-008). */
  readonly exitNoticeDays: number;
}

export interface ThresholdSpec {
  /** Name in suppliers.yaml. */
  readonly name: string;
  readonly key: keyof Thresholds;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly description: string;
}

export const THRESHOLD_SPECS: readonly ThresholdSpec[] = [
  {
    name: "capacity.overcommit", key: "overcommit", default: 1, min: 0.1, max: 10, integer: false,
    description: "Quotas on a site may add up to its capacity times this factor (1 = no overcommit).",
  },
  {
    name: "capacity.warnShare", key: "capacityWarnShare", default: 0.8, min: 0.1, max: 1, integer: false,
    description: "Warn when quotas exceed this share of the allowed total (capacity × overcommit).",
  },
  {
    name: "aggregation.maxHighTenantsPerSite", key: "maxHighTenantsPerSite", default: 3, min: 1, max: 1000, integer: true,
    description: "Warn when one site holds more high or very-high tenants than this.",
  },
  {
    name: "aggregation.maxTenantsPerSector", key: "maxTenantsPerSector", default: 1, min: 1, max: 1000, integer: true,
    description: "Warn when one supplier serves more tenants of the same sector than this.",
  },
  {
    name: "hygiene.expiryWarningDays", key: "expiryWarningDays", default: 30, min: 0, max: 365, integer: true,
    description: "Warn this many days before an exception expires.",
  },
  {
    name: "exposure.minPublicEgressPrefixV4", key: "minPublicEgressPrefixV4", default: 8, min: 1, max: 32, integer: true,
    description: "Egress to a public IPv4 block broader than this prefix length (e.g. 0.0.0.0/1) needs an exception, like 0.0.0.0/0.",
  },
  {
    name: "exposure.minPublicEgressPrefixV6", key: "minPublicEgressPrefixV6", default: 32, min: 1, max: 128, integer: true,
    description: "Egress to a public IPv6 block broader than this prefix length (e.g. 2000::/3) needs an exception, like ::/0.",
  },
  {
    name: "agreement.maxSuspensionDays", key: "maxSuspensionDays", default: 30, min: 1, max: 3650, integer: true,
    description: "Warn when a tenant has been suspended longer than this many days.",
  },
  {
    name: "agreement.exitNoticeDays", key: "exitNoticeDays", default: 90, min: 0, max: 3650, integer: true,
    description: "Announce an agreed exit (agreement.exit.date) this many days ahead.",
  },
];

export const DEFAULT_THRESHOLDS: Thresholds = Object.fromEntries(
  THRESHOLD_SPECS.map((s) => [s.key, s.default]),
) as unknown as Thresholds;

/** Why a configured value is not usable, or undefined when it is. */
export function thresholdProblem(spec: ThresholdSpec, value: number): string | undefined {
  if (!Number.isFinite(value) || value < spec.min || value > spec.max) return `must be between ${spec.min} and ${spec.max}`;
  if (spec.integer && !Number.isInteger(value)) return "must be a whole number";
  return undefined;
}

/**
 * A supplier's thresholds: its own valid settings over samdrift's defaults (framework < supplier).
 * Invalid settings fall back to the default; HYG-005 reports them as errors, so they cannot pass unnoticed.
 */
export function resolveThresholds(supplier: Supplier | undefined): Thresholds {
  const configured = supplier?.policy.thresholds ?? {};
  const resolved: Record<keyof Thresholds, number> = { ...DEFAULT_THRESHOLDS };
  for (const spec of THRESHOLD_SPECS) {
    const value = configured[spec.name];
    if (value !== undefined && thresholdProblem(spec, value) === undefined) resolved[spec.key] = value;
  }
  return resolved;
}
