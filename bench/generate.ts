/**
 * A synthetic supplier repository for benchmarks: 10 suppliers with two sites each in distinct zones, and
 * N tenants spread over them, each mirrored on its supplier's two sites with every service, and every
 * second pair of tenants connected.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const SUPPLIERS = 10;

export function generateRepository(dir: string, tenants: number): void {
  mkdirSync(join(dir, "catalogue"), { recursive: true });
  mkdirSync(join(dir, "tenants"), { recursive: true });
  const suppliers = Array.from({ length: SUPPLIERS }, (_, i) => `sup${i}`);
  writeFileSync(
    join(dir, "catalogue", "suppliers.yaml"),
    `suppliers:\n${suppliers.map((s) => `  - { id: ${s}, name: "Supplier ${s}", serves: [state-agency] }`).join("\n")}\n`,
  );
  const site = (s: string, x: string) => `  - id: ${s}-${x}
    supplier: ${s}
    zone: ${s}-z${x}
    maxSecurityLevel: very-high
    capacity: { cpu: 100000, memory: 1000Ti, storage: 10000Ti }
    kubernetes:
      context: ${s}-${x}
      dns: { namespace: kube-system, podLabels: { k8s-app: kube-dns } }
      ingress: { namespace: ingress-nginx }
      monitoring: { namespace: monitoring, ports: [9090] }
      backup: { namespace: velero }
    vault: { address: "https://vault.${s}-${x}.example.internal:8200", kubernetesHost: "https://k8s.${s}-${x}.example.internal:6443" }
`;
  writeFileSync(join(dir, "catalogue", "sites.yaml"), `sites:\n${suppliers.flatMap((s) => [site(s, "a"), site(s, "b")]).join("")}`);
  const all = `[${suppliers.join(", ")}]`;
  const service = (id: string) => `  - { id: ${id}, name: ${id}, description: ${id}, offeredBy: ${all}, securityLevels: [low, moderate, high, very-high], prices: { unit: 1 } }`;
  writeFileSync(
    join(dir, "catalogue", "services.yaml"),
    `services:\n${["container-hosting", "secrets", "encryption", "certificates", "backup", "monitoring"].map(service).join("\n")}\n`,
  );
  for (let i = 0; i < tenants; i++) {
    const id = `t${String(i).padStart(4, "0")}`;
    const s = suppliers[i % SUPPLIERS]!;
    // Pairs (i, i + SUPPLIERS) share a supplier; every second pair is connected.
    const pairIndex = Math.floor(i / SUPPLIERS);
    const partner = pairIndex % 4 === 0 ? i + SUPPLIERS : pairIndex % 4 === 1 ? i - SUPPLIERS : -1;
    const partnerId = partner >= 0 && partner < tenants ? `t${String(partner).padStart(4, "0")}` : undefined;
    const flow = partnerId
      ? pairIndex % 4 === 0
        ? `{ from: ${id}/apps, to: ${partnerId}/apps, ports: [443], ref: ISA-${i} }`
        : `{ from: ${partnerId}/apps, to: ${id}/apps, ports: [443], ref: ISA-${partner} }`
      : undefined;
    writeFileSync(
      join(dir, "tenants", `${id}.yaml`),
      `id: ${id}
agency: { name: "Agency ${i}", orgNumber: "202100-${String(i).padStart(4, "0")}", kind: state-agency, sector: sector-${i % 37} }
supplier: ${s}
agreement: { phase: run, ref: AGR-${i}, acceptedAt: 2025-01-01 }
security: { level: moderate, classifiedInformation: false, personalData: ordinary, dpaRef: DPA-${i} }
resilience: { sites: [${s}-a, ${s}-b], priority: ${(i % 5) + 1} }
contacts: { adminGroup: ${id}-admins, viewGroup: ${id}-viewers }
services:
  container-hosting:
    namespaces:
      apps: { cpu: 4, memory: 16Gi, storage: 100Gi, pods: 50 }
    ingress: { hosts: [${id}.example.se] }
    egress: [ { cidr: 192.0.2.${i % 250}/32, ports: [443], reason: "a register of the agency" } ]
  secrets: {}
  encryption: { keys: [documents] }
  certificates: { domains: [${id}.example.se] }
  backup: { retentionDays: 30 }
  monitoring: {}
${flow && partner < tenants ? `connections: [ ${flow} ]\n` : ""}`,
    );
  }
}
