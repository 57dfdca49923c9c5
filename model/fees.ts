/**
 * The shape of a supplier's fee file, `catalogue/fees/<supplier>.yaml`: its prices per service and unit,
 * in schedules valid from a date, how it charges a mirror site, when billing starts, and the notice it
 * gives before a price rises. The fee units are named here (the model's vocabulary); what each unit counts
 * is in `fees/units/`, one file per unit. Money is exact (model/money.ts).
 *
 * @see docs/fees.md
 */
import { z } from "zod";
import { isoDate, opaqueId, sekAmount } from "./primitives.js";
import { capped, serviceIds } from "./schema.js";
import { basisPointsOf } from "./money.js";

/** The units a price is given per. Every recurring unit is per month and per site the tenant is placed on. */
export const FEE_UNIT_IDS = [
  "namespace-month", "cpu-core-month", "memory-GiB-month", "storage-GiB-month", "key-month", "domain-month", "engine-month",
] as const;
export type FeeUnitId = (typeof FEE_UNIT_IDS)[number];

/** The one-off onboarding fee's unit, charged once, in the first billed month. */
export const ONBOARDING_UNIT = "onboarding";

/** Most schedules one fee file may hold (one a year for decades). */
export const MAX_SCHEDULES = 100;

const firstOfMonth = isoDate.refine((d) => d.endsWith("-01"), { message: "prices change on the first day of a month: write YYYY-MM-01" });

const share = z
  .string()
  .refine((s) => { const bp = basisPointsOf(s); return bp !== undefined && bp <= 10_000; }, { message: 'a share between "0" and "1" with at most four decimals, e.g. "0.6"' });

const servicePrices = z
  .partialRecord(z.enum(FEE_UNIT_IDS), sekAmount)
  .refine((r) => Object.keys(r).length > 0, { message: "price the service in at least one unit" })
  .describe("Price per unit and month on each site the tenant is placed on");

export const feeScheduleSchema = z
  .strictObject({
    validFrom: firstOfMonth.describe("First day these prices apply (YYYY-MM-01); they apply until the next schedule's validFrom"),
    published: isoDate.describe("Day the schedule was communicated to the tenants; FIN-002 and the review's notice gate judge it"),
    onboarding: sekAmount.describe("One-off onboarding fee, charged in a tenant's first billed month"),
    prices: z.partialRecord(z.enum(serviceIds), servicePrices).describe("Prices per service and unit"),
  })
  .describe("The supplier's prices from one date on");

export const MIRRORING_CHARGES = ["each-site", "share"] as const;

export const feeFileSchema = z
  .strictObject({
    supplier: opaqueId.describe("Id of the supplier in catalogue/suppliers.yaml whose fees these are; equals the file name"),
    currency: z.literal("SEK").describe("Currency of every amount: SEK"),
    billing: z
      .strictObject({
        startsAfterMonths: z.number().int().min(0).max(24).default(3).describe("Whole months after agreement.acceptedAt before billing starts (default 3)"),
      })
      .default({ startsAfterMonths: 3 }),
    mirroring: z
      .strictObject({
        charge: z.enum(MIRRORING_CHARGES).describe("each-site: every site is billed in full; share: the first site in full, every further site at mirrorShare of the unit price"),
        mirrorShare: share.optional().describe('With charge: share, the share of the unit price billed for every site after the first, e.g. "0.6"'),
      })
      .refine((m) => (m.charge === "share") === (m.mirrorShare !== undefined), { message: "mirrorShare is given exactly when charge is share", path: ["mirrorShare"] })
      .default({ charge: "each-site" })
      .describe("How a tenant placed on several sites is charged (default: each site in full)"),
    notice: z
      .strictObject({
        months: z.number().int().min(0).max(36).default(6).describe("Least whole months between a schedule's published and validFrom dates without a decision (default 6)"),
        maxYearlyIncreasePercent: z.number().int().min(0).max(1000).default(10).describe("Largest rise of a tenant's monthly fee over a year, caused by the schedules, that needs no decision (default 10)"),
      })
      .default({ months: 6, maxYearlyIncreasePercent: 10 }),
    schedules: capped(feeScheduleSchema, MAX_SCHEDULES, "fee schedules")
      .min(1)
      .superRefine((list, ctx) => {
        for (let i = 1; i < list.length; i++) {
          if (list[i]!.validFrom <= list[i - 1]!.validFrom) {
            ctx.addIssue({ code: "custom", path: [i, "validFrom"], message: `schedules are listed oldest first, each from a later month than the one before (${list[i - 1]!.validFrom})` });
          }
        }
      })
      .describe("Price schedules, oldest first"),
  })
  .describe("A supplier's fees");

export type FeeFile = z.infer<typeof feeFileSchema>;
export type FeeSchedule = z.infer<typeof feeScheduleSchema>;
