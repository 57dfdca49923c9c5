/**
 * A synthetic supplier repository for benchmarks: 10 suppliers with two sites each in distinct zones, and
 * N tenants spread over them, each mirrored on its supplier's two sites with every service, and every
 * second pair of tenants connected.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { orgNumberOf } from "../model/primitives.js";
import { OUTSIDE_ORDINANCE } from "../policies/rules/ord-002-ordinance-exclusions.js";
import {
  MAX_APPROVALS, MAX_CERT_DOMAINS, MAX_CONNECTIONS, MAX_EGRESS_RULES, MAX_EXCEPTIONS, MAX_INGRESS_HOSTS, MAX_NAMESPACES, MAX_PORTS, MAX_TRANSIT_KEYS,
} from "../model/schema.js";

export const SUPPLIERS = 10;

export function generateRepository(dir: string, tenants: number): void {
  mkdirSync(join(dir, "catalogue"), { recursive: true });
  mkdirSync(join(dir, "tenants"), { recursive: true });
  const suppliers = Array.from({ length: SUPPLIERS }, (_, i) => `sup${i}`);
  writeFileSync(
    join(dir, "catalogue", "suppliers.yaml"),
    `excludedOrganisations:\n${OUTSIDE_ORDINANCE.map((name) => `  - { name: "${name}" }`).join("\n")}\nsuppliers:\n${suppliers.map((s) => `  - { id: ${s}, name: "Supplier ${s}", serves: [state-agency] }`).join("\n")}\n`,
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
  const service = (id: string) => `  - { id: ${id}, name: ${id}, description: ${id}, offeredBy: ${all}, securityLevels: [low, moderate, high, very-high] }`;
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
agency: { name: "Agency ${i}", orgNumber: "${orgNumberOf(`2021${String(i).padStart(5, "0")}`)}", kind: state-agency, sector: sector-${i % 37} }
supplier: ${s}
agreement: { phase: run, ref: AGR-${i}, acceptedAt: 2025-01-01, notified: { coordinator: 2024-11-01, government: 2024-11-01 } }
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

/**
 * Two tenants of supplier sup0 that use every cap of model/schema.ts: the largest files a tenant author may
 * legally write (namespaces, ingress hosts, egress rules and their ports, transit keys, certificate domains,
 * connections between the two, exceptions and approvals). Synth time on them bounds what one hostile file
 * can cost. Written into a repository made by {@link generateRepository}.
 */
export function writeLargestTenants(dir: string): readonly string[] {
  const ids = ["big-a", "big-b"] as const;
  const keys = Array.from({ length: MAX_NAMESPACES }, (_, i) => `n${i}`);
  const ports = (from: number) => Array.from({ length: MAX_PORTS }, (_, i) => from + i).join(", ");
  const flows = Array.from({ length: MAX_CONNECTIONS }, (_, i) =>
    `  - { from: big-a/${keys[i % keys.length]}, to: big-b/${keys[(i * 7) % keys.length]}, ports: [${ports(1000 + i * MAX_PORTS)}], ref: ISA-BIG-${i} }`);
  ids.forEach((id, n) => {
    const list = (max: number, f: (i: number) => string) => Array.from({ length: max }, (_, i) => f(i)).join(", ");
    const text = `id: ${id}
agency: { name: "Largest agency ${n}", orgNumber: "${orgNumberOf(`20219000${n}`)}", kind: state-agency, sector: largest }
supplier: sup0
agreement: { phase: run, ref: AGR-BIG-${n}, acceptedAt: 2025-01-01, notified: { coordinator: 2024-11-01, government: 2024-11-01 } }
security: { level: moderate, classifiedInformation: false, personalData: ordinary, dpaRef: DPA-BIG-${n} }
resilience: { sites: [sup0-a, sup0-b], priority: 3 }
contacts: { adminGroup: ${id}-admins, viewGroup: ${id}-viewers }
services:
  container-hosting:
    namespaces:
${keys.map((k) => `      ${k}: { cpu: 1, memory: 1Gi, storage: 1Gi, pods: 10 }`).join("\n")}
    ingress: { hosts: [${list(MAX_INGRESS_HOSTS, (i) => `h${i}.${id}.example.se`)}], namespaces: [${keys.join(", ")}] }
    egress:
${Array.from({ length: MAX_EGRESS_RULES }, (_, i) => `      - { cidr: 198.51.${n}.${i}/32, ports: [${ports(2000 + i * MAX_PORTS)}], reason: "register ${i} of the agency", namespaces: [${keys.join(", ")}] }`).join("\n")}
  secrets: { maxVersions: 100 }
  encryption: { keys: [${list(MAX_TRANSIT_KEYS, (i) => `key${i}`)}] }
  certificates: { domains: [${list(MAX_CERT_DOMAINS, (i) => `c${i}.${id}.example.se`)}] }
  backup: { retentionDays: 3650 }
  monitoring: {}
connections:
${flows.join("\n")}
exceptions:
${Array.from({ length: MAX_EXCEPTIONS }, (_, i) => `  - { rule: EXP-003, reason: "exception ${i}: accepted by the agency's risk assessment", expires: 2099-12-31, ref: RA-BIG-${i} }`).join("\n")}
approvals:
${Array.from({ length: MAX_APPROVALS }, (_, i) => `  - { change: "destroy-namespace:old${i}", ref: CR-BIG-${i}, by: "Platform board" }`).join("\n")}
`;
    writeFileSync(join(dir, "tenants", `${id}.yaml`), text);
  });
  return ids;
}
