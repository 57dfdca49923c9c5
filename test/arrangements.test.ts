/**
 * The arrangements other than a Swedish state supplier, as working configurations: the municipal-federation
 * and danish-municipal-cloud examples pass check (with their own arrangement's pack) and the isolation
 * proof, and a tenant outside the arrangement is refused by it. Their golden files are in test/golden/.
 */
import { describe, expect, it } from "vitest";
import { DANISH_MUNICIPAL_CLOUD, MUNICIPAL_FEDERATION } from "./helpers/examples.js";
import { copyExample as copy, editFile, run } from "./helpers/repo.js";

describe.each([MUNICIPAL_FEDERATION, DANISH_MUNICIPAL_CLOUD])("the %s example", (example) => {
  it("passes check, synthesizes, and passes the isolation proof", async () => {
    const dir = copy(example);
    const check = await run(dir, "check", "--today", "2026-06-01", "--format", "json");
    expect(check.err).toBe("");
    expect(check.code, check.out).toBe(0);
    const report = JSON.parse(check.out) as { findings: unknown[]; summary: { outputChecked: boolean } };
    expect(report.findings).toEqual([]);
    expect(report.summary.outputChecked).toBe(true);
    const synth = await run(dir, "synth", "--out", "cdktf.out");
    expect(synth.code, synth.err).toBe(0);
    const proof = await run(dir, "isolation", "--out", "cdktf.out");
    expect(proof.code, proof.out).toBe(0);
  });
});

describe("arrangement packs on the examples", () => {
  it("refuse a municipality that is not a member of the federation", async () => {
    const dir = copy(MUNICIPAL_FEDERATION);
    // Jönköping is a neighbour, not a member: same file, another organisation.
    editFile(dir, "tenants/gnosjo.yaml", (t) => t.replace('name: "Gnosjö kommun", orgNumber: "212999-0020"', 'name: "Jönköpings kommun", orgNumber: "212999-0079"'));
    const r = await run(dir, "check", "--today", "2026-06-01");
    expect(r.code).toBe(1);
    expect(r.out).toContain("tenants/gnosjo.yaml:4:38: agency.orgNumber: error: Swedish organisation number 212999-0079 is not a member of Gnosjöregionens IT-förbund");
    expect(r.out).toContain("[FED-001]");
  });

  it("refuse a Danish tenant written with a Swedish organisation number, and a state agency", async () => {
    const dir = copy(DANISH_MUNICIPAL_CLOUD);
    editFile(dir, "tenants/odense.yaml", (t) => t.replace('cvr: "99000031", kind: municipality', 'orgNumber: "202100-6354", kind: state-agency'));
    const r = await run(dir, "check", "--today", "2026-06-01", "--format", "json");
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.out) as { findings: { rule: string; field: string; message: string }[] };
    expect(findings.map((f) => [f.rule, f.field])).toEqual([["ADM-001", "agency.kind"], ["ADM-004", "agency.orgNumber"], ["DKM-001", "agency.kind"]]);
    expect(findings[1]!.message).toContain("knows its tenants by Danish CVR number; write agency.cvr, not a Swedish organisation number");
  });
});
