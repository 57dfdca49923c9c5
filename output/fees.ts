/**
 * The fees record of an output folder, `<out>/samdrift-fees.json` (docs/output-format.md): each supplier's
 * fee file as parsed (schedules, billing, mirroring and notice settings) and what the fees read of each
 * tenant file (fees/usage.ts: phase, agreement dates, sites, unit quantities per service), with the month
 * synth priced. The review judges fees from two such records, as it judges resources from two folders'
 * stacks. This module is the record's one owner: its schema, its writer and its reader.
 */
import { z } from "zod";
import { feeFileSchema, FEE_UNIT_IDS, type FeeFile } from "../model/fees.js";
import { PHASES } from "../model/primitives.js";
import { serviceIds } from "../model/schema.js";
import type { Model } from "../model/model.js";
import { usageOf, type FeeUsage } from "../fees/usage.js";
import { OutputFormatError } from "./read.js";

/** The record's file name in an output folder. */
export const FEES_RECORD_FILE = "samdrift-fees.json";
export const FEES_RECORD_VERSION = 1;

const tenantUsageSchema = z.strictObject({
  supplier: z.string(),
  phase: z.enum(PHASES),
  acceptedAt: z.string().optional(),
  exitDate: z.string().optional(),
  sites: z.array(z.string()),
  /** Per service the tenant uses, every unit's whole quantity per site and month. */
  quantities: z.partialRecord(z.enum(serviceIds), z.partialRecord(z.enum(FEE_UNIT_IDS), z.number().int().min(0))),
});

export const feesRecordSchema = z.strictObject({
  version: z.literal(FEES_RECORD_VERSION),
  /** The month synth priced (YYYY-MM), from its `--today`. */
  month: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/),
  /** Fee files by supplier, as parsed (defaults filled in). */
  suppliers: z.record(z.string(), feeFileSchema),
  /** Every tenant of the repository (any phase), by id. */
  tenants: z.record(z.string(), tenantUsageSchema),
});

/** A fees record as read: fee files, and each tenant's usage. */
export interface FeesRecord {
  readonly month: string;
  readonly suppliers: ReadonlyMap<string, FeeFile>;
  readonly tenants: ReadonlyMap<string, FeeUsage>;
}

/** The record of a model, priced in `month` (YYYY-MM). */
export function feesRecord(model: Model, month: string): FeesRecord {
  return {
    month,
    suppliers: new Map([...model.catalogue.fees].map(([supplier, f]) => [supplier, f.fees])),
    tenants: new Map(model.tenants.map((e) => [e.tenant.id, usageOf(e.tenant)])),
  };
}

/** The record as written to `samdrift-fees.json`: keys sorted by the model's order, two-space indents. */
export function feesRecordText(record: FeesRecord): string {
  const json: z.input<typeof feesRecordSchema> = {
    version: FEES_RECORD_VERSION,
    month: record.month,
    suppliers: Object.fromEntries(record.suppliers),
    tenants: Object.fromEntries([...record.tenants].map(([id, t]) => [id, {
      supplier: t.supplier,
      phase: t.phase,
      ...(t.acceptedAt !== undefined ? { acceptedAt: t.acceptedAt } : {}),
      ...(t.exitDate !== undefined ? { exitDate: t.exitDate } : {}),
      sites: [...t.sites],
      quantities: Object.fromEntries([...t.quantities].map(([service, units]) => [service, Object.fromEntries(units)])),
    }])),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Reads a record's text; `file` names it in the error when it is not what synth writes. */
export function parseFeesRecord(text: string, file: string): FeesRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new OutputFormatError(file, "", `not valid JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  const r = feesRecordSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new OutputFormatError(file, issue.path.join("."), `not a samdrift fees record: ${issue.message}`);
  }
  return {
    month: r.data.month,
    suppliers: new Map(Object.entries(r.data.suppliers)),
    tenants: new Map(Object.entries(r.data.tenants).map(([id, t]) => [id, {
      id,
      supplier: t.supplier,
      phase: t.phase,
      ...(t.acceptedAt !== undefined ? { acceptedAt: t.acceptedAt } : {}),
      ...(t.exitDate !== undefined ? { exitDate: t.exitDate } : {}),
      sites: t.sites,
      quantities: new Map(serviceIds.flatMap((s) => {
        const units = t.quantities[s];
        return units ? [[s, new Map(FEE_UNIT_IDS.flatMap((u) => (units[u] === undefined ? [] : [[u, units[u]!] as const])))] as const] : [];
      })),
    }])),
  };
}
