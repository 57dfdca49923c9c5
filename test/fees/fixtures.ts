/** Fee files and tenants for the fee tests, as YAML parsed by the model's own reader. */
import { parseYaml } from "../../model/source.js";
import { tenantSchema, type Tenant } from "../../model/schema.js";
import { feeFileSchema } from "../../model/fees.js";
import { feeBook, type FeeBook } from "../../fees/price.js";

export function parsed<T>(schema: Parameters<typeof parseYaml>[2], text: string): T {
  const r = parseYaml("test.yaml", text, schema);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("\n"));
  return r.parsed.value as T;
}

export const schedule = (validFrom: string, published: string, cpu: string) => `
  - validFrom: ${validFrom}
    published: ${published}
    onboarding: "150000.00"
    prices:
      container-hosting: { namespace-month: "2500.00", cpu-core-month: "${cpu}", memory-GiB-month: "45.50", storage-GiB-month: "3.00" }
      secrets: { engine-month: 800 }
      encryption: { key-month: "300" }`;
export const FEES = `
supplier: forsakringskassan
currency: SEK
billing: { startsAfterMonths: 3 }
mirroring: { charge: share, mirrorShare: "0.6" }
schedules:${schedule("2025-01-01", "2024-06-01", "350.00")}${schedule("2026-01-01", "2025-06-01", "380.00")}
`;
export const book = (text = FEES): FeeBook => feeBook(parsed(feeFileSchema, text));

export const MIRRORED = `id: acme
agency: { name: "Test agency", orgNumber: "202100-0001", kind: state-agency }
supplier: forsakringskassan
agreement: { phase: run, ref: FK-TEST-1, acceptedAt: 2025-02-14, notified: { coordinator: 2024-10-01, government: 2024-10-01 } }
security: { level: moderate, classifiedInformation: false, personalData: none }
resilience: { sites: [fk-a, fk-b], priority: 3 }
contacts: { adminGroup: acme-admins }
services:
  container-hosting:
    namespaces:
      apps: { cpu: 1500m, memory: 3Gi, storage: 10Gi, pods: 5 }
      batch: { cpu: "0.7", memory: 512Mi, storage: 5Gi, pods: 5 }
  secrets: {}
  encryption: { keys: [a, b, c] }
`;
export const tenant = (text: string): Tenant => parsed(tenantSchema, text);
