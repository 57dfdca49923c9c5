/**
 * `samdrift register` and `samdrift register merge` on the example split in two: each supplier's tenants
 * in a folder of their own, as two suppliers' repositories would hold them, written and merged back.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyExample, run } from "../helpers/repo.js";
import { registerSchema, type Register } from "../../register/schema.js";
import type { NationalView } from "../../register/merge.js";

const FK = "forsakringskassan";
const SKV = "skatteverket";

/** A copy of the example with tenants-fk/ and tenants-skv/, and each supplier's register written there. */
async function twoSuppliers(): Promise<string> {
  const dir = copyExample();
  for (const supplier of [FK, SKV]) mkdirSync(join(dir, `tenants-${supplier}`));
  for (const file of readdirSync(join(dir, "tenants"))) {
    const supplier = /^supplier: (\S+)$/m.exec(readFileSync(join(dir, "tenants", file), "utf8"))![1]!;
    renameSync(join(dir, "tenants", file), join(dir, `tenants-${supplier}`, file));
  }
  for (const supplier of [FK, SKV]) {
    const { code, out, err } = await run(dir, "register", "--tenants", `tenants-${supplier}`, "--date", "2026-12-06");
    expect(err).toBe("");
    expect(code).toBe(0);
    // A supplier's own catalogue lists itself only.
    const own = JSON.parse(out) as Register;
    writeFileSync(join(dir, `${supplier}.json`), JSON.stringify({ ...own, suppliers: own.suppliers.filter((s) => s.id === supplier), services: own.services.filter((s) => s.supplier === supplier) }, null, 2));
  }
  return dir;
}

const readRegister = (dir: string, file: string): Register => registerSchema.parse(JSON.parse(readFileSync(join(dir, file), "utf8")));

describe("samdrift register", () => {
  it("writes the supplier's register as JSON valid against its schema, and as CSV and Markdown", async () => {
    const dir = copyExample();
    const json = await run(dir, "register", "--date", "2026-12-06");
    expect(json.code).toBe(0);
    const register = registerSchema.parse(JSON.parse(json.out));
    expect(register.date).toBe("2026-12-06");
    expect(register.tenants.map((t) => t.tenant)).toContain("mfof");
    const csv = await run(dir, "register", "--date", "2026-12-06", "--format", "csv");
    expect(csv.out.split("\r\n")[0]).toBe("orgNumber,name,kind,supplier,tenant,phase,services,securityLevel,personalData,zones,mirrored,outagePriority,agreementRef,acceptedAt,exitDate,notifiedCoordinator,notifiedGovernment");
    expect(csv.out).toContain(",FK-2024-0113,2024-09-01,,2024-04-08,2024-04-09\r\n");
    const md = await run(dir, "register", "--date", "2026-12-06", "--format", "markdown");
    expect(md.out).toContain("## Register of Försäkringskassan, Skatteverket on 2026-12-06");
  });

  it("refuses a date, format or argument it cannot read", async () => {
    const dir = copyExample();
    expect((await run(dir, "register", "--date", "2026-02-30")).err).toContain('register: --date must be a date written YYYY-MM-DD, not "2026-02-30"');
    expect((await run(dir, "register", "--format", "xml")).err).toContain('register: --format must be one of json, csv, markdown, not "xml"');
    expect((await run(dir, "register", "marge")).err).toContain('register: unexpected argument "marge"; the only sub-command is merge');
    expect((await run(dir, "register", "merge")).err).toContain("register merge: name the registers to merge");
  });
});

describe("samdrift register merge", () => {
  it("merges two suppliers' registers into the national view: every tenant, no inconsistencies", async () => {
    const dir = await twoSuppliers();
    const { code, out, err } = await run(dir, "register", "merge", `${FK}.json`, `${SKV}.json`, "--format", "json");
    expect(err).toBe("");
    expect(code).toBe(0);
    const view = JSON.parse(out) as NationalView;
    expect(view.sources).toEqual([`${FK}.json`, `${SKV}.json`]);
    expect(view.suppliers.map((s) => s.id)).toEqual([FK, SKV]);
    expect(view.totals.bySupplier).toEqual({ [FK]: readRegister(dir, `${FK}.json`).tenants.length, [SKV]: readRegister(dir, `${SKV}.json`).tenants.length });
    expect(view.inconsistencies).toEqual([]);
    expect(view.multiSupplier).toEqual([]);
    const md = await run(dir, "register", "merge", `${FK}.json`, `${SKV}.json`, "--format", "markdown");
    expect(md.out).toContain("### Organisations connected to several suppliers\n\nNone.");
  });

  it("finds an organisation connected to both suppliers and what their registers disagree on", async () => {
    const dir = await twoSuppliers();
    const skv = readRegister(dir, `${SKV}.json`);
    const mfof = readRegister(dir, `${FK}.json`).tenants.find((t) => t.tenant === "mfof")!;
    writeFileSync(join(dir, `${SKV}.json`), JSON.stringify({ ...skv, tenants: [...skv.tenants, { ...mfof, supplier: SKV, tenant: "mfof", securityLevel: "high" }] }));
    const { code, out } = await run(dir, "register", "merge", `${FK}.json`, `${SKV}.json`, "--format", "markdown");
    expect(code).toBe(0);
    expect(out).toContain("- `202100-6354` Myndigheten för familjerätt och föräldraskapsstöd: `forsakringskassan` (");
    expect(out).toContain("**security-level** `202100-6354`");
  });

  it("refuses a register that is not valid, naming the file, line and field, and merges nothing", async () => {
    const dir = await twoSuppliers();
    const text = readFileSync(join(dir, `${SKV}.json`), "utf8");
    writeFileSync(join(dir, `${SKV}.json`), text.replace('"phase": "run"', '"phase": "running"'));
    const line = text.slice(0, text.indexOf('"phase": "run"')).split("\n").length;
    const { code, out, err } = await run(dir, "register", "merge", `${FK}.json`, `${SKV}.json`, "missing.json");
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toContain("missing.json:1:1: register file not found [FILE_UNREADABLE]");
    expect(err).toMatch(new RegExp(`^${SKV}\\.json:${line}:\\d+: tenants\\.\\d+\\.phase: the string "running" is not allowed; use one of .* \\[INVALID_FIELD\\]$`, "m"));
    expect(err).toContain("samdrift register merge: 2 problems in 2 files; registers are merged once every one is valid");
  });
});
