/**
 * A supplier repository's register, from the model alone: the organisations connected, to which supplier,
 * for which services, at which level, in which zones (never where), and under which agreement; and the
 * services offered with their levels and, where the supplier has a fee file, the unit prices in force.
 */
import type { Model } from "../model/model.js";
import { formatSek } from "../model/money.js";
import { scheduleFor, servicesOf, type FeeBook } from "../fees/price.js";
import { monthOf } from "../fees/months.js";
import { byKey, byString } from "../lib/sort.js";
import { agencyOrgId } from "../model/organisation.js";
import { REGISTER_FORMAT, REGISTER_VERSION, type Register, type RegisterTenant } from "./schema.js";

/** The zones a tenant's sites lie in (sorted, each once), and whether that makes it mirrored (two or more). */
export function zonesOf(sites: readonly string[], zoneOf: (site: string) => string): { zones: string[]; mirrored: boolean } {
  const zones = [...new Set(sites.map(zoneOf))].sort(byString);
  return { zones, mirrored: zones.length >= 2 };
}

export function buildRegister(model: Model, books: ReadonlyMap<string, FeeBook>, date: string): Register {
  const { catalogue } = model;
  const tenants: RegisterTenant[] = model.tenants.map(({ tenant: t }) => {
    const { zones, mirrored } = zonesOf(t.resilience.sites, (s) => catalogue.sites.get(s)!.zone);
    const { ref, acceptedAt, notified, exit } = t.agreement;
    const id = agencyOrgId(t.agency);
    return {
      orgNumber: id.value,
      // Swedish numbers stay as registers wrote them before schemes existed.
      ...(id.scheme === "se-orgnr" ? {} : { scheme: id.scheme }),
      name: t.agency.name,
      kind: t.agency.kind,
      supplier: t.supplier,
      tenant: t.id,
      phase: t.agreement.phase,
      services: servicesOf(t),
      securityLevel: t.security.level,
      personalData: t.security.personalData,
      zones,
      mirrored,
      outagePriority: t.resilience.priority,
      agreement: { ...(ref ? { ref } : {}), ...(acceptedAt ? { acceptedAt } : {}), ...(notified ? { notified: { ...notified } } : {}), ...(exit ? { exit: { ref: exit.ref, date: exit.date } } : {}) },
    };
  });
  const services = [...catalogue.services.values()].flatMap((service) =>
    service.offeredBy.map((supplier) => {
      const prices = books.get(supplier) && scheduleFor(books.get(supplier)!, monthOf(date))?.prices.get(service.id);
      return {
        supplier,
        service: service.id,
        name: service.name,
        securityLevels: [...service.securityLevels],
        ...(prices ? { prices: Object.fromEntries([...prices].map(([u, p]) => [u, formatSek(p)])) } : {}),
      };
    }),
  );
  return {
    format: REGISTER_FORMAT,
    version: REGISTER_VERSION,
    date,
    suppliers: [...catalogue.suppliers.values()].map((s) => ({ id: s.id, name: s.name, serves: [...s.serves] })).sort(byKey((s) => s.id)),
    excludedOrganisations: catalogue.excludedOrganisations.map((o) => ({ name: o.name, ...(o.orgNumber ? { orgNumber: o.orgNumber } : {}), ...(o.cvr ? { cvr: o.cvr } : {}) })),
    services: services.sort(byKey((s) => `${s.supplier}\u0000${s.service}`)),
    tenants: tenants.sort(byKey((t) => `${t.supplier}\u0000${t.tenant}`)),
  };
}
