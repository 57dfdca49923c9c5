/** The registry: pinned rule ids per pack, one rule per file, every file registered. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";
import { ALL_RULES, PACKS, ruleById } from "../../policies/packs.js";
import { MANDATORY_PACKS, PACK_IDS } from "../../policies/types.js";

describe("policy packs", () => {
  it("pin the rule ids of every pack", () => {
    expect(Object.fromEntries(PACKS.map((p) => [p.id, p.rules.map((r) => r.id)]))).toEqual({
      admission: ["ADM-001", "ADM-002", "ADM-003", "ADM-004"],
      "security-level": ["LVL-001", "LVL-002"],
      mirroring: ["MIR-001", "MIR-002"],
      exposure: ["EXP-001", "EXP-002", "EXP-003", "EXP-004", "EXP-005"],
      agreement: ["AGR-001", "AGR-002", "AGR-003", "AGR-004", "AGR-006", "AGR-007", "AGR-008"],
      capacity: ["CAP-001", "CAP-002"],
      aggregation: ["AGG-001", "AGG-002"],
      connections: ["CON-001"],
      hygiene: ["HYG-001", "HYG-002", "HYG-003", "HYG-004", "HYG-005", "HYG-006", "HYG-007"],
      "isolation-baseline": ["ISO-001", "ISO-002", "ISO-003", "ISO-004", "ISO-005", "ISO-006", "ISO-007"],
      "swedish-ordinance": ["ORD-001", "ORD-002", "ORD-003"],
      "municipal-federation": ["FED-001", "FED-002"],
      "danish-municipal": ["DKM-001", "DKM-002"],
      finance: ["FIN-001", "FIN-002", "FIN-003", "FIN-004"],
    });
  });

  it("pin which rules an exception may excuse, and the mandatory packs", () => {
    expect(ALL_RULES.filter((r) => r.exceptable).map((r) => r.id)).toEqual(["MIR-001", "MIR-002", "EXP-003", "EXP-004", "AGG-002", "CON-001"]);
    expect([...MANDATORY_PACKS]).toEqual(["admission", "hygiene", "isolation-baseline", "swedish-ordinance", "municipal-federation", "danish-municipal"]);
    expect(PACKS.filter((p) => p.mandatory).map((p) => p.id)).toEqual([...MANDATORY_PACKS]);
  });

  it("list every pack once, in PACK_IDS order", () => {
    expect(PACKS.map((p) => p.id)).toEqual([...PACK_IDS]);
  });

  it("give each rule a unique id of the form exceptions accept, its own pack, a title and an explanation", () => {
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
    for (const p of PACKS) {
      for (const r of p.rules) {
        expect(r.id).toMatch(/^[A-Z]+-[0-9]{3}$/);
        expect(r.pack).toBe(p.id);
        expect(r.title.length).toBeGreaterThan(10);
        expect(r.explanation.length).toBeGreaterThan(60);
        expect(ruleById(r.id)).toBe(r);
      }
    }
  });

  it("register every file of policies/rules, named after its rule id", () => {
    const files = readdirSync(join(ROOT, "policies", "rules")).filter((f) => f.endsWith(".ts")).sort();
    expect(files.map((f) => f.slice(0, 7).toUpperCase())).toEqual(ALL_RULES.map((r) => r.id).sort());
  });

  it("are all documented in docs/policies.md with their severity, pack and whether they are exceptable", () => {
    const doc = readFileSync(join(ROOT, "docs", "policies.md"), "utf8");
    const rows = new Map([...doc.matchAll(/^\| ([A-Z]+-\d{3}) \| (error|warning) \| ([a-z-]+) \| (yes|no) \|/gm)].map((m) => [m[1], m.slice(2, 5)]));
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(ALL_RULES.map((r) => [r.id, [r.severity, r.pack, r.exceptable ? "yes" : "no"]])));
    expect(doc).toContain(`Exceptable rules: ${ALL_RULES.filter((r) => r.exceptable).map((r) => r.id).join(", ")}.`);
  });
});
