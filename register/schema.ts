/**
 * The register a supplier sends the coordinating agency, version 1: every tenant (connected organisation)
 * and every service offered. Other organisations read it, so its shape is a versioned contract, published
 * as a JSON Schema (`schema/register.schema.json`, generated from this) and checked when registers are merged.
 * Zones are opaque identifiers; a site's address never appears.
 */
import { z } from "zod";
import { PHASES, SECURITY_LEVELS, TENANT_KINDS, isoDate } from "../model/primitives.js";
import { serviceIds } from "../model/schema.js";
import { FEE_UNIT_IDS } from "../model/fees.js";
import { ORG_ID_SCHEMES, type OrgId } from "../model/organisation.js";

export const REGISTER_FORMAT = "samdrift-register";
export const REGISTER_VERSION = 1;

const sek = z.string().regex(/^[0-9]+\.[0-9]{2}$/).describe("SEK with two decimals, as text");

export const registerTenantSchema = z.strictObject({
  orgNumber: z.string().describe("Identifier of the connected organisation, in the scheme `scheme` names"),
  scheme: z.enum(ORG_ID_SCHEMES).optional().describe("Scheme of orgNumber: se-orgnr (Swedish organisation number) or dk-cvr (Danish CVR number); absent: se-orgnr"),
  name: z.string(),
  kind: z.enum(TENANT_KINDS),
  supplier: z.string().describe("Supplier id, as in the supplier's catalogue"),
  tenant: z.string().describe("The tenant id at that supplier"),
  phase: z.enum(PHASES),
  services: z.array(z.enum(serviceIds)),
  securityLevel: z.enum(SECURITY_LEVELS),
  personalData: z.enum(["none", "ordinary", "sensitive"]),
  zones: z.array(z.string()).describe("Opaque zone ids of the sites the tenant is placed on; never addresses"),
  mirrored: z.boolean().describe("Placed on sites in at least two distinct zones"),
  outagePriority: z.number().int(),
  agreement: z.strictObject({
    ref: z.string().optional(),
    acceptedAt: isoDate.optional(),
    notified: z
      .strictObject({ coordinator: isoDate.optional(), government: isoDate.optional() })
      .optional()
      .describe("When the coordinating agency and the government were notified of the signed agreement (§12)"),
    exit: z.strictObject({ ref: z.string(), date: isoDate }).optional(),
  }),
});

export const registerServiceSchema = z.strictObject({
  supplier: z.string(),
  service: z.enum(serviceIds),
  name: z.string(),
  securityLevels: z.array(z.enum(SECURITY_LEVELS)),
  prices: z.partialRecord(z.enum(FEE_UNIT_IDS), sek).optional().describe("Unit prices per month and site in force on the register's date, when the supplier has a fee file"),
});

export const registerSchema = z.strictObject({
  format: z.literal(REGISTER_FORMAT),
  version: z.literal(REGISTER_VERSION),
  date: isoDate.describe("The day the register describes"),
  suppliers: z.array(z.strictObject({ id: z.string(), name: z.string(), serves: z.array(z.enum(TENANT_KINDS)) })),
  excludedOrganisations: z.array(z.strictObject({ name: z.string(), orgNumber: z.string().optional(), cvr: z.string().optional() })).describe("Organisations no supplier in the register may serve"),
  services: z.array(registerServiceSchema),
  tenants: z.array(registerTenantSchema),
});

export type Register = z.infer<typeof registerSchema>;
export type RegisterTenant = z.infer<typeof registerTenantSchema>;

/** The identifier of a register's tenant with its scheme (a register without `scheme` is Swedish). */
export const registerOrgId = (t: Pick<RegisterTenant, "orgNumber" | "scheme">): OrgId => ({ scheme: t.scheme ?? "se-orgnr", value: t.orgNumber });
