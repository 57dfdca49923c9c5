/**
 * catalogue-relaxed: risk flags for catalogue changes, read from the site stacks' metadata (docs/output-format.md): the
 * catalogue is the supplier's most powerful file, since each of these widens what every tenant on a site
 * can reach, or loosens the rules that judge them. They change no resource of the site stack itself, so
 * without these flags they would pass review as "metadata only".
 */
import type { PlatformEndpointMeta as PlatformEndpoint, SiteMeta } from "../../output/schema.js";
import type { Draft, FlagDef } from "./types.js";
import { writtenLevelRank } from "../../model/primitives.js";
import { listText } from "../values.js";
import { uniqueSorted } from "../../lib/sort.js";

const labelsText = (labels: Readonly<Record<string, string>>): string => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(", ");

/** How one platform endpoint widens: another namespace, fewer pod labels (more pods), more ports. */
function endpointWidening(role: string, before: PlatformEndpoint, after: PlatformEndpoint | undefined): string[] {
  if (!after) return [];
  const out: string[] = [];
  if (after.namespace !== before.namespace) out.push(`the ${role} endpoint moves from namespace ${before.namespace} to ${after.namespace}`);
  const b = before.podLabels ?? {};
  const a = after.podLabels ?? {};
  const dropped = Object.keys(b).filter((k) => a[k] !== b[k]);
  if (Object.keys(b).length > 0 && Object.keys(a).length === 0) {
    out.push(`the ${role} endpoint's podLabels (${labelsText(b)}) are removed: tenants' network policies now admit every pod of ${after.namespace}`);
  } else if (dropped.length > 0) {
    out.push(`the ${role} endpoint's podLabels change (${labelsText(b)} → ${labelsText(a)}): other pods of ${after.namespace} may match`);
  }
  if (before.ports !== undefined) {
    if (after.ports === undefined) out.push(`the ${role} endpoint's ports (${before.ports.join(", ")}) are removed: it reaches tenant pods on every port`);
    else {
      const added = after.ports.filter((p) => !before.ports!.includes(p));
      if (added.length > 0) out.push(`the ${role} endpoint also reaches tenant pods on port${added.length > 1 ? "s" : ""} ${added.join(", ")}`);
    }
  }
  return out;
}

/** What the site's catalogue entry, or its supplier's policy, relaxes between two site stacks. */
export function catalogueDrafts(site: string, before: SiteMeta, after: SiteMeta): Draft[] {
  const changes: string[] = [];
  const afterPlatform: Readonly<Record<string, PlatformEndpoint | undefined>> = after.platform;
  for (const [role, endpoint] of Object.entries(before.platform)) changes.push(...endpointWidening(role, endpoint, afterPlatform[role]));
  if (writtenLevelRank(after.maxSecurityLevel) > writtenLevelRank(before.maxSecurityLevel)) {
    changes.push(`site ${site}'s maxSecurityLevel is raised from ${before.maxSecurityLevel ?? "?"} to ${after.maxSecurityLevel ?? "?"}: tenants of higher levels may be placed on it`);
  }
  if (before.zone !== after.zone) changes.push(`site ${site}'s zone changes from ${before.zone ?? "?"} to ${after.zone ?? "?"}: mirroring rules (MIR-001, MIR-002) judge tenants by zones`);
  if (before.stateBackend !== after.stateBackend) changes.push(`site ${site}'s state backend changes from ${before.stateBackend ?? "?"} to ${after.stateBackend ?? "?"}: every stack on it must move its state first, or Terraform plans to create everything anew`);
  const bp = before.policy;
  const ap = after.policy;
  if (bp && ap) {
    const disabled = ap.disabledPacks.filter((p) => !bp.disabledPacks.includes(p));
    if (disabled.length > 0) changes.push(`${after.supplier} disables the policy pack${disabled.length > 1 ? "s" : ""} ${listText(disabled)}: their rules no longer judge its tenants`);
    for (const key of uniqueSorted([...Object.keys(bp.thresholds), ...Object.keys(ap.thresholds)])) {
      if (bp.thresholds[key] !== ap.thresholds[key]) changes.push(`${after.supplier}'s threshold ${key} changes from ${bp.thresholds[key] ?? "the default"} to ${ap.thresholds[key] ?? "the default"}`);
    }
    const ranges = ap.privateRanges.filter((r) => !bp.privateRanges.includes(r));
    if (ranges.length > 0) changes.push(`${after.supplier} counts ${listText(ranges)} as private: very-high tenants may send data there (EXP-002)`);
    const key = (o: { name: string; orgNumber?: string | undefined; cvr?: string | undefined }) => `${o.name}|${o.orgNumber ?? o.cvr ?? ""}`;
    const kept = new Set(ap.excluded.map(key));
    const removed = bp.excluded.filter((o) => !kept.has(key(o)));
    if (removed.length > 0) changes.push(`${after.supplier} may now serve ${listText(removed.map((o) => (o.orgNumber ?? o.cvr ? `${o.name} (${o.orgNumber ?? o.cvr})` : o.name)))}, no longer excluded (ADM-002)`);
  }
  return changes.map((message) => ({ kind: "catalogue-relaxed" as const, level: "attention" as const, sites: [site], subject: message, message: `catalogue: ${message}` }));
}

export const catalogueRelaxed: FlagDef = {
  kind: "catalogue-relaxed",
  level: "attention",
  approvalNote: "nothing in a tenant file: the catalogue's owners decide (protect `catalogue/` with a CODEOWNERS rule)",
  title:
    "a catalogue change that widens what tenants on a site can reach or loosens the rules: a platform endpoint's `podLabels` removed or changed, " +
    "its `ports` removed or added, its namespace moved; a site's `maxSecurityLevel` raised, its zone or state backend changed; a supplier's policy " +
    "pack disabled, a threshold changed, a private range added, an excluded organisation removed (read from the site stacks' metadata)",
  explanation: "The catalogue is the supplier's most powerful file: these change no resource of the site stack, so without a flag they would pass as metadata only.",
  drafts: (ctx) =>
    ctx.input.stacks.flatMap(({ diff }) =>
      diff.kind === "site" && diff.site !== undefined && diff.base?.siteMeta && diff.head?.siteMeta ? catalogueDrafts(diff.site, diff.base.siteMeta, diff.head.siteMeta) : [],
    ),
};
