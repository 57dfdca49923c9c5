/**
 * A supplier repository's register, from the model alone: the organisations connected, to which supplier,
 * for which services, at which level, in which zones (never where), and under which agreement; and the
 * services offered with their levels and, where the supplier has a fee file, the unit prices in force.
 */
import type { Model } from "../model/model.js";
import { formatSek } from "../model/money.js";
import { scheduleFor, servicesOf, type FeeBook } from "../fees/price.js";
import { monthOf } from "../fees/months.js";
import { byKey, uniqueSorted } from "../lib/sort.js";
import { agencyOrgId } from "../model/organisation.js";
import { REGISTER_FORMAT, REGISTER_VERSION, type Register, type RegisterTenant } from "./schema.js";

export function buildRegister(model: Model, books: ReadonlyMap<string, FeeBook>, date: string): Register {
  const { catalogue } = model;
  const tenants: RegisterTenant[] = model.tenants.map(({ tenant: t }) => {
    const zones = uniqueSorted(t.resilience.sites.map((s) => catalogue.sites.get(s)!.zone));
    const { ref, acceptedAt, exit } = t.agreement;
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
      mirrored: zones.length >= 2,
      outagePriority: t.resilience.priority,
      agreement: { ...(ref ? { ref } : {}), ...(acceptedAt ? { acceptedAt } : {}), ...(exit ? { exit: { ref: exit.ref, date: exit.date } } : {}) },
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
