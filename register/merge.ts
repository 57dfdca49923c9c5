/**
 * The national view the coordinating agency needs: several suppliers' registers combined. It finds the
 * organisations connected to more than one supplier (by organisation number), reports where the registers
 * disagree about one organisation, and counts tenants per supplier, phase, kind and security level.
 */
import { matchText } from "../lib/text.js";
import { byKey, byString, uniqueSorted } from "../lib/sort.js";
import { orgDigits, orgIdKey, organisationMatch } from "../model/organisation.js";
import { registerOrgId, type Register, type RegisterTenant } from "./schema.js";

/** A register and where it came from (a file name), for messages. */
export interface NamedRegister {
  readonly source: string;
  readonly register: Register;
}

export const INCONSISTENCY_KINDS = ["name", "kind", "security-level", "excluded", "duplicate"] as const;
export type InconsistencyKind = (typeof INCONSISTENCY_KINDS)[number];

export interface Inconsistency {
  readonly kind: InconsistencyKind;
  readonly orgNumber: string;
  readonly message: string;
}

export interface Connection extends RegisterTenant {
  readonly source: string;
}

export interface Agency {
  readonly orgNumber: string;
  /** Every name the registers give it, as written. */
  readonly names: readonly string[];
  readonly connections: readonly Connection[];
  readonly suppliers: readonly string[];
}

export interface NationalView {
  readonly dates: readonly string[];
  readonly sources: readonly string[];
  readonly suppliers: readonly { readonly id: string; readonly name: string; readonly source: string }[];
  /** Every organisation, by organisation number. */
  readonly agencies: readonly Agency[];
  /** Organisations connected to more than one supplier. */
  readonly multiSupplier: readonly Agency[];
  readonly inconsistencies: readonly Inconsistency[];
  readonly totals: {
    readonly bySupplier: Readonly<Record<string, number>>;
    readonly byPhase: Readonly<Record<string, number>>;
    readonly byKind: Readonly<Record<string, number>>;
    readonly bySecurityLevel: Readonly<Record<string, number>>;
  };
}

const count = (items: readonly Connection[], key: (c: Connection) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const k of items.map(key).sort(byString)) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
};

const where = (c: Connection): string => `${c.supplier}/${c.tenant} (${c.source})`;

/** Differences in one field between an organisation's connections, as one message, or none. */
function differs(connections: readonly Connection[], field: (c: Connection) => string, compare: (v: string) => string = (v) => v): string | undefined {
  const distinct = new Set(connections.map((c) => compare(field(c))));
  if (distinct.size < 2) return undefined;
  return connections.map((c) => `${JSON.stringify(field(c))} at ${where(c)}`).join(", ");
}

export function mergeRegisters(registers: readonly NamedRegister[]): NationalView {
  const connections: Connection[] = registers.flatMap(({ source, register }) => register.tenants.map((t) => ({ ...t, source })));
  const byOrg = new Map<string, Connection[]>();
  for (const c of connections) {
    const key = orgIdKey(registerOrgId(c));
    byOrg.set(key, [...(byOrg.get(key) ?? []), c]);
  }
  const excluded = registers.flatMap(({ source, register }) => register.excludedOrganisations.map((o) => ({ ...o, source })));
  const inconsistencies: Inconsistency[] = [];
  const agencies: Agency[] = [];
  for (const list of byOrg.values()) {
    const orgNumber = list[0]!.orgNumber;
    const name = differs(list, (c) => c.name, matchText);
    if (name) inconsistencies.push({ kind: "name", orgNumber, message: `one organisation number, different names: ${name}` });
    const kind = differs(list, (c) => c.kind);
    if (kind) inconsistencies.push({ kind: "kind", orgNumber, message: `one organisation, different kinds: ${kind}` });
    const level = differs(list, (c) => c.securityLevel);
    if (level) inconsistencies.push({ kind: "security-level", orgNumber, message: `one organisation's information at different security levels: ${level}; the organisation classifies its information once` });
    const seen = new Map<string, Connection>();
    for (const c of list) {
      const key = `${c.supplier}\u0000${c.tenant}`;
      const first = seen.get(key);
      if (first) inconsistencies.push({ kind: "duplicate", orgNumber, message: `${c.supplier}/${c.tenant} is in two registers: ${first.source} and ${c.source}` });
      else seen.set(key, c);
    }
    for (const c of list) {
      for (const ref of excluded) {
        const by = organisationMatch(ref, c.name, registerOrgId(c));
        if (by) inconsistencies.push({ kind: "excluded", orgNumber, message: `${where(c)} serves ${c.name}, which ${ref.source} lists as excluded (matched by ${by === "id" ? "organisation number" : "name"})` });
      }
    }
    agencies.push({ orgNumber, names: uniqueSorted(list.map((c) => c.name)), connections: list, suppliers: uniqueSorted(list.map((c) => c.supplier)) });
  }
  agencies.sort(byKey((a) => orgIdKey(registerOrgId(a.connections[0]!))));
  return {
    dates: uniqueSorted(registers.map((r) => r.register.date)),
    sources: registers.map((r) => r.source),
    suppliers: registers.flatMap(({ source, register }) => register.suppliers.map((s) => ({ id: s.id, name: s.name, source }))).sort(byKey((s) => s.id)),
    agencies,
    multiSupplier: agencies.filter((a) => a.suppliers.length > 1),
    inconsistencies: inconsistencies.sort(byKey((i) => `${orgDigits(i.orgNumber)}\u0000${i.kind}\u0000${i.message}`)),
    totals: {
      bySupplier: count(connections, (c) => c.supplier),
      byPhase: count(connections, (c) => c.phase),
      byKind: count(connections, (c) => c.kind),
      bySecurityLevel: count(connections, (c) => c.securityLevel),
    },
  };
}
