/** The supplier's register from the example, and the national view of several registers. */
import { describe, expect, it } from "vitest";
import { buildModel } from "../../model/model.js";
import { buildRegister } from "../../register/build.js";
import { mergeRegisters } from "../../register/merge.js";
import { registerSchema, type Register } from "../../register/schema.js";
import { exampleCatalogue, exampleTenantFiles } from "../helpers/model.js";

function exampleRegister(): Register {
  const r = buildModel(exampleCatalogue(), exampleTenantFiles());
  if (!r.ok) throw new Error("the example is invalid");
  return buildRegister(r.value, new Map(), "2026-12-06");
}

/** The register of one supplier only, as that supplier's own repository would write it. */
const onlySupplier = (register: Register, supplier: string): Register => ({
  ...register,
  suppliers: register.suppliers.filter((s) => s.id === supplier),
  services: register.services.filter((s) => s.supplier === supplier),
  tenants: register.tenants.filter((t) => t.supplier === supplier),
});

describe("register", () => {
  const register = exampleRegister();

  it("lists every tenant with its organisation, services, level, zones and agreement, and validates against its schema", () => {
    expect(registerSchema.safeParse(register).success).toBe(true);
    const mfof = register.tenants.find((t) => t.tenant === "mfof")!;
    expect(mfof).toMatchObject({ orgNumber: "202100-6354", supplier: "forsakringskassan", phase: "run", securityLevel: "moderate", mirrored: true, agreement: { ref: "FK-2024-0113" } });
    expect(mfof.zones.length).toBe(2);
    // Zones are the catalogue's opaque ids; no site id, address or URL is in the register.
    expect(JSON.stringify(register)).not.toMatch(/https?:|fk-a|skv-a/);
  });

  it("lists every service each supplier offers, with its levels", () => {
    expect(register.services.filter((s) => s.service === "monitoring").map((s) => s.supplier)).toEqual(["forsakringskassan"]);
  });
});

describe("register merge", () => {
  const whole = exampleRegister();
  const fk = onlySupplier(whole, "forsakringskassan");
  const skv = onlySupplier(whole, "skatteverket");

  it("combines two suppliers' registers into totals per supplier, phase, kind and level", () => {
    const view = mergeRegisters([{ source: "fk.json", register: fk }, { source: "skv.json", register: skv }]);
    expect(view.totals.bySupplier).toEqual({ forsakringskassan: fk.tenants.length, skatteverket: skv.tenants.length });
    expect(Object.values(view.totals.byPhase).reduce((a, b) => a + b, 0)).toBe(whole.tenants.length);
    expect(view.inconsistencies).toEqual([]);
    expect(view.multiSupplier).toEqual([]);
  });

  it("finds an organisation connected to two suppliers, and what the registers disagree on", () => {
    const mfof = fk.tenants.find((t) => t.tenant === "mfof")!;
    const atSkv: Register = {
      ...skv,
      tenants: [...skv.tenants, { ...mfof, supplier: "skatteverket", tenant: "mfof-skv", name: "MFoF", securityLevel: "high", services: ["secrets"] }],
    };
    const view = mergeRegisters([{ source: "fk.json", register: fk }, { source: "skv.json", register: atSkv }]);
    expect(view.multiSupplier.map((a) => [a.orgNumber, a.suppliers])).toEqual([["202100-6354", ["forsakringskassan", "skatteverket"]]]);
    expect(view.inconsistencies.map((i) => i.kind)).toEqual(["name", "security-level"]);
    expect(view.inconsistencies[0]!.message).toContain('"MFoF" at skatteverket/mfof-skv (skv.json)');
  });

  it("reports an excluded organisation served anywhere, by number or by name", () => {
    const served: Register = { ...skv, tenants: [...skv.tenants, { ...skv.tenants[0]!, tenant: "fra", name: "Försvarets radioanstalt", orgNumber: "202100-0365" }] };
    const view = mergeRegisters([{ source: "fk.json", register: fk }, { source: "skv.json", register: served }]);
    expect(view.inconsistencies.filter((i) => i.kind === "excluded").map((i) => i.message)).toContain(
      "skatteverket/fra (skv.json) serves Försvarets radioanstalt, which fk.json lists as excluded (matched by organisation number)",
    );
  });
});
