/**
 * The notifications a supplier owes when an agreement with a connecting organisation is signed (§12 of the
 * ordinance): one to the coordinating agency and one to the government, each carrying the tenant's
 * register entry. The review lists them for a change that moves a tenant into `build`; the tenant file
 * records when they were sent (`agreement.notified`, required from `run` on by ORD-003).
 */
import type { TenantMeta } from "../output/schema.js";
import { zonesOf } from "./build.js";
import { registerTenantSchema, type RegisterTenant } from "./schema.js";

export const RECIPIENTS = {
  coordinator: "the coordinating agency (Myndigheten för digital förvaltning, DIGG)",
  government: "the government (Regeringskansliet, Finansdepartementet)",
} as const;
export type Recipient = keyof typeof RECIPIENTS;

export interface Notification {
  readonly tenant: string;
  readonly recipient: Recipient;
  /** Who it goes to, in words. */
  readonly to: string;
  readonly subject: string;
  /** The letter's text, ready to send. */
  readonly text: string;
  /** Absent when the output does not record the organisation (written by samdrift 0.1). */
  readonly entry?: RegisterTenant;
}

/** Phases in which nothing is signed yet: a move from one of them (or from no stack) into build is a signing. */
const UNSIGNED = new Set(["initiate", "plan"]);

/** Whether a tenant's block before and after a change says its agreement was signed by the change. */
export const signedBy = (before: TenantMeta | undefined, after: TenantMeta | undefined): boolean =>
  after?.phase === "build" && (before === undefined || UNSIGNED.has(before.phase));

/** The tenant's register entry from its output block, the zones from its sites' blocks; none from a 0.1 block. */
export function registerEntryOfBlock(meta: TenantMeta, zoneOf: (site: string) => string): RegisterTenant | undefined {
  if (!meta.agency || !meta.services) return undefined;
  return registerTenantSchema.parse({
    orgNumber: meta.agency.orgNumber,
    name: meta.agency.name,
    kind: meta.agency.kind,
    supplier: meta.supplier,
    tenant: meta.tenant,
    phase: meta.phase,
    services: meta.services,
    securityLevel: meta.securityLevel,
    personalData: meta.personalData,
    ...zonesOf(meta.placement, zoneOf),
    outagePriority: meta.priority,
    agreement: { ...(meta.agreementRef ? { ref: meta.agreementRef } : {}), ...(meta.acceptedAt ? { acceptedAt: meta.acceptedAt } : {}), ...(meta.exit ? { exit: meta.exit } : {}) },
  });
}

/** The two notifications due for a signed agreement, from the tenant's block. */
export function notificationsFor(meta: TenantMeta, zoneOf: (site: string) => string): Notification[] {
  const entry = registerEntryOfBlock(meta, zoneOf);
  if (!entry) {
    return (Object.keys(RECIPIENTS) as Recipient[]).map((recipient) => ({
      tenant: meta.tenant,
      recipient,
      to: RECIPIENTS[recipient],
      subject: `Signed agreement: tenant ${meta.tenant} connected to ${meta.supplier}`,
      text: "The output does not record the organisation (it was synthesized by samdrift 0.1): synthesize again, or take the entry from samdrift register.",
    }));
  }
  const agreement = entry.agreement.ref ? `agreement ${entry.agreement.ref}` : "an agreement";
  const subject = `Signed agreement: ${entry.name} (${entry.orgNumber}) connected to ${entry.supplier}`;
  return (Object.keys(RECIPIENTS) as Recipient[]).map((recipient) => ({
    tenant: entry.tenant,
    recipient,
    to: RECIPIENTS[recipient],
    subject,
    text: [
      `To ${RECIPIENTS[recipient]}.`,
      `Under §12 of the ordinance on coordinated state IT operations, ${entry.supplier} notifies that it has signed ${agreement} with ${entry.name} (${entry.orgNumber}, ${entry.kind}).`,
      `Services: ${entry.services.join(", ")}. Security level: ${entry.securityLevel}. Personal data: ${entry.personalData}. Zones: ${entry.zones.join(", ")}${entry.mirrored ? " (mirrored)" : ""}. Outage priority: ${entry.outagePriority}.`,
      `The register entry (samdrift register, version 1) is attached.`,
    ].join(" "),
    entry,
  }));
}
