/**
 * One compliant and at least one non-compliant fixture per model rule. Each rule is called alone, the way
 * the runner calls it; messages are pinned where they carry the fix.
 */
import { describe, expect, it } from "vitest";
import { check, exceptionDoc, model, skvTenant, tenant, type TenantDoc } from "./helpers.js";
import { adm001 } from "../../policies/rules/adm-001-kind-served.js";
import { adm002 } from "../../policies/rules/adm-002-excluded-organisation.js";
import { adm003 } from "../../policies/rules/adm-003-classified-information.js";
import { lvl001 } from "../../policies/rules/lvl-001-service-levels.js";
import { lvl002 } from "../../policies/rules/lvl-002-site-max-level.js";
import { mir001 } from "../../policies/rules/mir-001-mirrored-high.js";
import { mir002 } from "../../policies/rules/mir-002-personal-data-single-zone.js";
import { exp001 } from "../../policies/rules/exp-001-very-high-no-ingress.js";
import { exp002 } from "../../policies/rules/exp-002-very-high-private-egress.js";
import { exp003 } from "../../policies/rules/exp-003-high-public-ingress.js";
import { exp004 } from "../../policies/rules/exp-004-egress-anywhere.js";
import { exp005 } from "../../policies/rules/exp-005-local-egress.js";
import { agr001 } from "../../policies/rules/agr-001-agreement-ref.js";
import { agr002 } from "../../policies/rules/agr-002-acceptance.js";
import { agr003 } from "../../policies/rules/agr-003-processor-agreement.js";
import { agr004 } from "../../policies/rules/agr-004-exit-terms.js";
import { ord003 } from "../../policies/rules/ord-003-notified.js";
import { cap001 } from "../../policies/rules/cap-001-site-capacity.js";
import { cap002 } from "../../policies/rules/cap-002-site-capacity-share.js";
import { agg001 } from "../../policies/rules/agg-001-high-tenants-per-site.js";
import { agg002 } from "../../policies/rules/agg-002-sector-per-supplier.js";
import { con001 } from "../../policies/rules/con-001-write-down.js";
import { hyg001 } from "../../policies/rules/hyg-001-exception-rule.js";
import { hyg002 } from "../../policies/rules/hyg-002-exception-reason.js";
import { hyg003 } from "../../policies/rules/hyg-003-exception-expired.js";
import { hyg004 } from "../../policies/rules/hyg-004-exception-expiring.js";
import { hyg005 } from "../../policies/rules/hyg-005-policy-settings.js";
import { hyg006 } from "../../policies/rules/hyg-006-exception-unused.js";
import { hyg007 } from "../../policies/rules/hyg-007-approval-kind.js";

type Hosting = NonNullable<TenantDoc["services"]["container-hosting"]>;
const hosting = (extra: Partial<Hosting>, namespaces: Hosting["namespaces"] = { apps: { cpu: 2, memory: "4Gi", storage: "10Gi", pods: 20 } }): TenantDoc["services"] =>
  ({ "container-hosting": { namespaces, ...extra } });
const exception = exceptionDoc;

describe("ADM-001 kind served", () => {
  it("passes a state agency at a supplier serving state agencies", () => {
    expect(check(adm001, model([tenant("acme")]))).toEqual([]);
  });
  it("refuses a municipality at a supplier serving only state agencies, at agency.kind", () => {
    const m = model([tenant("acme", { agency: { name: "Gnosjö kommun", orgNumber: "212000-0530", kind: "municipality" } })]);
    const [f, ...rest] = check(adm001, m);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: "ADM-001", severity: "error", tenant: "acme", file: "tenants/acme.yaml", field: "agency.kind", line: 5 });
    expect(f!.message).toBe('tenant acme, tenants/acme.yaml, agency.kind: Försäkringskassan serves state-agency, not "municipality"; choose a supplier whose serves list includes municipality');
  });
});

describe("ADM-002 excluded organisation", () => {
  it("passes an agency on no exclusion list", () => {
    expect(check(adm002, model([tenant("acme")]))).toEqual([]);
  });
  it("refuses a catalogue-wide excluded agency by name, whatever its case and spacing", () => {
    const m = model([tenant("fm", { agency: { name: "  försvarsmakten ", orgNumber: "202100-0001", kind: "state-agency" } })]);
    expect(check(adm002, m)).toMatchObject([{ field: "agency.name", message: expect.stringContaining('matches "Försvarsmakten" in the catalogue\'s excludedOrganisations') }]);
  });
  it("refuses an agency on the supplier's own list by organisation number, even under another name", () => {
    const m = model([tenant("acme")], {
      suppliers: (d) => ({ ...d, suppliers: d.suppliers.map((s) => (s.id === "forsakringskassan" ? { ...s, excluded: [{ name: "Old name", orgNumber: "202100-9994" }] } : s)) }),
    });
    expect(check(adm002, m)).toMatchObject([{ field: "agency.orgNumber", message: expect.stringContaining("organisation number 202100-9994 matches \"Old name\" in forsakringskassan's excluded list") }]);
  });
  it("refuses an excluded agency's name written in full-width letters or with no-break and ideographic spaces", () => {
    for (const name of ["ＦÖＲＳＶＡＲＳＭＡＫＴＥＮ", "Totalförsvarets\u00a0forskningsinstitut", "Totalförsvarets   forskningsinstitut\u3000", "Försvarsmakten".replace("a", "\uff41")]) {
      const m = model([tenant("fm", { agency: { name, orgNumber: "202100-0001", kind: "state-agency" } })]);
      expect(check(adm002, m).map((f) => f.field), name).toEqual(["agency.name"]);
    }
  });
  it("refuses an agency of the example catalogue's list by organisation number, under its official name", () => {
    const m = model([tenant("pliktverket", { agency: { name: "Totalförsvarets plikt- och prövningsverk", orgNumber: "202100-4771", kind: "state-agency" } })]);
    expect(check(adm002, m)).toMatchObject([{ field: "agency.orgNumber", message: expect.stringContaining('matches "Plikt- och prövningsverket"') }]);
  });
});

describe("ADM-003 classified information", () => {
  it("passes a tenant without classified information", () => {
    expect(check(adm003, model([tenant("acme")]))).toEqual([]);
  });
  it("refuses classifiedInformation: true", () => {
    const m = model([tenant("acme", { security: { level: "moderate", classifiedInformation: true, personalData: "none" } })]);
    expect(check(adm003, m)).toMatchObject([{ rule: "ADM-003", field: "security.classifiedInformation" }]);
  });
});

describe("LVL-001 service levels", () => {
  it("passes services offered at the tenant's level", () => {
    expect(check(lvl001, model([tenant("acme", { services: { ...hosting({}), certificates: { domains: ["a.example.se"] } } })]))).toEqual([]);
  });
  it("refuses certificates (offered up to high) for a very-high tenant", () => {
    const m = model([skvTenant("kfm", { security: { level: "very-high", classifiedInformation: false, personalData: "none" }, services: { ...hosting({}), certificates: { domains: ["a.example.se"] } } })]);
    expect(check(lvl001, m)).toMatchObject([{ field: "services.certificates", message: expect.stringContaining("service certificates is offered at low, moderate, high, not at the tenant's level very-high") }]);
  });
});

describe("LVL-002 site maximum level", () => {
  it("passes a high tenant on high sites", () => {
    expect(check(lvl002, model([tenant("acme", { security: { level: "high", classifiedInformation: false, personalData: "none" } })]))).toEqual([]);
  });
  it("refuses a very-high tenant on each site built for high", () => {
    const m = model([tenant("acme", { security: { level: "very-high", classifiedInformation: false, personalData: "none" } })]);
    expect(check(lvl002, m).map((f) => f.field)).toEqual(["resilience.sites.0", "resilience.sites.1"]);
  });
});

describe("MIR-001 mirrored high tenants", () => {
  const high = { level: "high", classifiedInformation: false, personalData: "none" } as const;
  it("passes a high tenant on two sites in distinct zones", () => {
    expect(check(mir001, model([tenant("acme", { security: high })]))).toEqual([]);
  });
  it("refuses a high tenant on one site", () => {
    const m = model([tenant("acme", { security: high, resilience: { sites: ["fk-a"], priority: 1 } })]);
    expect(check(mir001, m)).toMatchObject([{ field: "resilience.sites", message: expect.stringContaining("it is placed on one site") }]);
  });
  it("refuses a high tenant on two sites of one zone", () => {
    const m = model([tenant("acme", { security: high })], { sites: (d) => ({ sites: d.sites.map((s) => ({ ...s, zone: s.id.startsWith("fk") ? "fk-z1" : s.zone })) }) });
    expect(check(mir001, m)).toMatchObject([{ message: expect.stringContaining("its 2 sites are all in zone fk-z1") }]);
  });
});

describe("MIR-002 single-zone moderate tenant with personal data", () => {
  it("passes a single-site moderate tenant without personal data", () => {
    const m = model([tenant("acme", { security: { level: "moderate", classifiedInformation: false, personalData: "none" }, resilience: { sites: ["fk-a"], priority: 3 } })]);
    expect(check(mir002, m)).toEqual([]);
  });
  it("warns about a single-site moderate tenant with personal data", () => {
    const m = model([tenant("acme", { resilience: { sites: ["fk-a"], priority: 3 } })]);
    expect(check(mir002, m)).toMatchObject([{ severity: "warning", field: "resilience.sites", message: expect.stringContaining("processes ordinary personal data") }]);
  });
});

describe("EXP-001 very-high without ingress", () => {
  const vh = { level: "very-high", classifiedInformation: false, personalData: "none" } as const;
  it("passes a very-high tenant without ingress", () => {
    expect(check(exp001, model([skvTenant("kfm", { security: vh })]))).toEqual([]);
  });
  it("refuses a very-high tenant with ingress", () => {
    const m = model([skvTenant("kfm", { security: vh, services: hosting({ ingress: { hosts: ["kfm.example.se"] } }) })]);
    expect(check(exp001, m)).toMatchObject([{ field: "services.container-hosting.ingress", message: expect.stringContaining("hosts kfm.example.se are declared") }]);
  });
});

describe("EXP-002 very-high egress to private ranges only", () => {
  const vh = { level: "very-high", classifiedInformation: false, personalData: "none" } as const;
  const egress = (cidr: string) => ({ cidr, ports: [443], reason: "the agency's own data centre" });
  it("passes RFC 1918, RFC 6598 and ULA destinations", () => {
    const m = model([skvTenant("kfm", { security: vh, services: hosting({ egress: [egress("10.1.0.0/16"), egress("100.64.3.0/24"), egress("fd12:3456::/32")] }) })]);
    expect(check(exp002, m)).toEqual([]);
  });
  it("refuses a public destination, at its cidr", () => {
    const m = model([skvTenant("kfm", { security: vh, services: hosting({ egress: [egress("10.1.0.0/16"), egress("192.0.2.0/24")] }) })]);
    expect(check(exp002, m)).toMatchObject([{ field: "services.container-hosting.egress.1.cidr", message: expect.stringContaining("egress to 192.0.2.0/24 leaves the private ranges") }]);
  });
  it("passes the ranges the supplier declares private, and only for its own tenants", () => {
    const policy = { disabledPacks: [], thresholds: {}, privateRanges: ["192.0.2.0/24"] };
    const m = model([skvTenant("kfm", { security: vh, services: hosting({ egress: [egress("192.0.2.0/25")] }) })], {
      suppliers: (d) => ({ ...d, suppliers: d.suppliers.map((s) => (s.id === "skatteverket" ? { ...s, policy } : s)) }),
    });
    expect(check(exp002, m)).toEqual([]);
    const other = model([skvTenant("kfm", { security: vh, services: hosting({ egress: [egress("192.0.2.0/25")] }) })], {
      suppliers: (d) => ({ ...d, suppliers: d.suppliers.map((s) => (s.id !== "skatteverket" ? { ...s, policy } : s)) }),
    });
    expect(check(exp002, other)).toHaveLength(1);
  });
  it("refuses a range that only starts inside a private range", () => {
    const m = model([skvTenant("kfm", { security: vh, services: hosting({ egress: [egress("10.0.0.0/7")] }) })]);
    expect(check(exp002, m)).toHaveLength(1);
  });
});

describe("EXP-003 high tenants' internet ingress", () => {
  it("passes ingress for a moderate tenant", () => {
    expect(check(exp003, model([tenant("acme", { services: hosting({ ingress: { hosts: ["a.example.se"] } }) })]))).toEqual([]);
  });
  it("flags ingress of a high tenant", () => {
    const m = model([tenant("acme", { security: { level: "high", classifiedInformation: false, personalData: "none" }, services: hosting({ ingress: { hosts: ["a.example.se"] } }) })]);
    expect(check(exp003, m)).toMatchObject([{ rule: "EXP-003", field: "services.container-hosting.ingress" }]);
  });
});

describe("EXP-004 egress to the whole internet", () => {
  const egress = (cidr: string) => ({ cidr, ports: [443], reason: "software updates" });
  it("passes egress to specific public ranges and to private ones", () => {
    expect(check(exp004, model([tenant("acme", { services: hosting({ egress: [egress("192.0.2.10/32"), egress("17.0.0.0/9"), egress("10.0.0.0/8")] }) })]))).toEqual([]);
    expect(check(exp004, model([tenant("acme", { services: hosting({ egress: [egress("17.0.0.0/8")] }) })]))).toEqual([]);
  });
  it("flags 0.0.0.0/0 and ::/0", () => {
    const m = model([tenant("acme", { services: hosting({ egress: [egress("0.0.0.0/0"), egress("::/0")] }) })]);
    expect(check(exp004, m).map((f) => f.field)).toEqual(["services.container-hosting.egress.0.cidr", "services.container-hosting.egress.1.cidr"]);
  });
  it("flags the internet split in halves, all public IPv6, and IPv4 through NAT64", () => {
    const m = model([tenant("acme", { services: hosting({ egress: [egress("0.0.0.0/1"), egress("128.0.0.0/1"), egress("2000::/3"), egress("64:ff9b::/96")] }) })]);
    expect(check(exp004, m).map((f) => f.message)).toEqual([
      expect.stringContaining("egress to 0.0.0.0/1 is a public block of 2^31 addresses"),
      expect.stringContaining("egress to 128.0.0.0/1 is a public block"),
      expect.stringContaining("egress to 2000::/3 is a public block of 2^125 addresses"),
      expect.stringContaining("egress to 64:ff9b::/96 (IPv4 0.0.0.0/0 through an IPv4-mapped or NAT64 prefix) allows every destination"),
    ]);
  });
  it("takes the supplier's limit", () => {
    const policy = { disabledPacks: [], thresholds: { "exposure.minPublicEgressPrefixV4": 16 }, privateRanges: [] };
    const m = model([tenant("acme", { services: hosting({ egress: [egress("17.0.0.0/8")] }) })], {
      suppliers: (d) => ({ ...d, suppliers: d.suppliers.map((s) => (s.id === "forsakringskassan" ? { ...s, policy } : s)) }),
    });
    expect(check(exp004, m)).toMatchObject([{ message: expect.stringContaining("broader than /16") }]);
  });
});

describe("EXP-004 public blocks that add up to a share of the internet", () => {
  const egress = (cidr: string) => ({ cidr, ports: [443], reason: "software updates" });
  it("flags blocks each within the limit whose union holds more than one /8", () => {
    const halves = Array.from({ length: 16 }, (_, i) => egress(`${i * 8}.0.0.0/9`).cidr).map((c) => egress(c.replace(/^0\./, "1.")));
    const m = model([tenant("acme", { services: hosting({ egress: halves }) })]);
    expect(check(exp004, m)).toMatchObject([{ field: "services.container-hosting.egress", message: expect.stringContaining("more than one /8 holds (16777216)") }]);
  });
  it("counts overlapping blocks once and private blocks not at all", () => {
    const m = model([tenant("acme", { services: hosting({ egress: [egress("17.0.0.0/9"), egress("17.0.0.0/10"), egress("17.128.0.0/9"), egress("10.0.0.0/8")] }) })]);
    expect(check(exp004, m)).toEqual([]);
  });
});

describe("EXP-005 node-local egress", () => {
  const egress = (cidr: string) => ({ cidr, ports: [80], reason: "instance metadata" });
  it("refuses the metadata address, loopback, IPv6 link-local and the local-use NAT64 prefix, with no exception", () => {
    const m = model([tenant("acme", {
      services: hosting({ egress: [egress("169.254.169.254/32"), egress("127.0.0.0/8"), egress("fe80::/64"), egress("64:ff9b:1::/96")] }),
      exceptions: [exception({ rule: "EXP-005" })],
    })]);
    const findings = check(exp005, m);
    expect(findings.map((f) => f.field)).toEqual([0, 1, 2, 3].map((i) => `services.container-hosting.egress.${i}.cidr`));
    expect(findings[0]!.message).toContain("the cloud metadata service at 169.254.169.254");
    expect(exp005.exceptable).toBe(false);
  });
  it("passes a broader block: the network policy excepts the local ranges inside it", () => {
    expect(check(exp005, model([tenant("acme", { services: hosting({ egress: [egress("169.0.0.0/8"), egress("0.0.0.0/0")] }) })]))).toEqual([]);
  });
});

describe("AGR-001 agreement reference from build on", () => {
  it("passes a tenant in plan without a reference", () => {
    expect(check(agr001, model([tenant("acme", { agreement: { phase: "plan" } })]))).toEqual([]);
  });
  it("refuses a tenant in build without a reference", () => {
    expect(check(agr001, model([tenant("acme", { agreement: { phase: "build" } })]))).toMatchObject([{ field: "agreement", message: expect.stringContaining("phase build needs agreement.ref") }]);
  });
});

describe("AGR-002 acceptance in run", () => {
  it("passes a tenant in build without acceptance", () => {
    expect(check(agr002, model([tenant("acme", { agreement: { phase: "build", ref: "FK-1" } })]))).toEqual([]);
  });
  it("refuses a tenant in run without acceptance", () => {
    expect(check(agr002, model([tenant("acme", { agreement: { phase: "run", ref: "FK-1" } })]))).toMatchObject([{ rule: "AGR-002", field: "agreement" }]);
  });
});

describe("ORD-003 notifications of the signed agreement from run on", () => {
  it("passes a tenant in build without notification dates, and one in run with both", () => {
    expect(check(ord003, model([tenant("acme", { agreement: { phase: "build", ref: "FK-1" } })]))).toEqual([]);
    expect(check(ord003, model([tenant("acme", { agreement: { phase: "run", ref: "FK-1", acceptedAt: "2026-03-01", notified: { coordinator: "2026-01-10", government: "2026-01-10" } } })]))).toEqual([]);
  });
  it("refuses a tenant in run that notified only the coordinating agency", () => {
    const findings = check(ord003, model([tenant("acme", { agreement: { phase: "run", ref: "FK-1", acceptedAt: "2026-03-01", notified: { coordinator: "2026-01-10" } } })]));
    expect(findings).toMatchObject([{ rule: "ORD-003", field: "agreement" }]);
    expect(findings[0]!.message).toContain("government is missing");
  });
});

describe("AGR-003 processor agreement", () => {
  it("passes a tenant without personal data and without dpaRef", () => {
    expect(check(agr003, model([tenant("acme", { security: { level: "low", classifiedInformation: false, personalData: "none" } })]))).toEqual([]);
  });
  it("refuses personal data without dpaRef", () => {
    const m = model([tenant("acme", { security: { level: "low", classifiedInformation: false, personalData: "ordinary" } })]);
    expect(check(agr003, m)).toMatchObject([{ field: "security.personalData", message: expect.stringContaining("GDPR Art. 28") }]);
  });
});

describe("AGR-004 exit terms in decommission", () => {
  const agreement = { phase: "decommission", ref: "FK-1", acceptedAt: "2024-01-01", notified: { coordinator: "2025-10-01", government: "2025-10-01" } } as const;
  it("passes a decommissioned tenant with exit terms", () => {
    expect(check(agr004, model([tenant("acme", { agreement: { ...agreement, exit: { ref: "EXIT-1", date: "2026-12-31" } } })]))).toEqual([]);
  });
  it("refuses a decommissioned tenant without exit terms", () => {
    expect(check(agr004, model([tenant("acme", { agreement })]))).toMatchObject([{ rule: "AGR-004", field: "agreement" }]);
  });
});

describe("CAP-001 site capacity", () => {
  const big = (id: string, cpu: number, phase: "run" | "plan" = "run") =>
    tenant(id, { agreement: phase === "run" ? { phase, ref: "FK-1", acceptedAt: "2026-01-01", notified: { coordinator: "2025-10-01", government: "2025-10-01" } } : { phase }, services: hosting({}, { apps: { cpu, memory: "4Gi", storage: "10Gi", pods: 20 } }) });
  it("passes quotas within capacity, and does not count tenants without resources", () => {
    expect(check(cap001, model([big("a", 300), big("b", 300, "plan")]))).toEqual([]);
  });
  it("refuses quotas above capacity, at the site's capacity field, naming the largest tenants", () => {
    const findings = check(cap001, model([big("a", 300), big("b", 150)]));
    expect(findings.map((f) => [f.file, f.field, f.tenant])).toEqual([
      ["catalogue/sites.yaml", "sites.0.capacity.cpu", ""],
      ["catalogue/sites.yaml", "sites.1.capacity.cpu", ""],
    ]);
    expect(findings[0]!.message).toBe(
      "site fk-a, catalogue/sites.yaml, sites.0.capacity.cpu: tenant quotas add up to 450 cores of cpu, above the allowed 400 cores " +
      "(capacity 400 cores × overcommit 1); largest: a 300 cores, b 150 cores. Add capacity, move a tenant or lower quotas",
    );
  });
  it("allows the supplier's overcommit factor", () => {
    const m = model([big("a", 300), big("b", 150)], {
      suppliers: (d) => ({ ...d, suppliers: d.suppliers.map((s) => ({ ...s, policy: { thresholds: { "capacity.overcommit": 1.5 } } })) }),
    });
    expect(check(cap001, m)).toEqual([]);
  });
  it("passes quotas that add up to exactly the limit, with fractional cores and factors", () => {
    // In floating point 399.7 + 0.1 + 0.1 + 0.1 is 400.00000000000006 and 400 × 1.15 is 459.99999999999994.
    expect(check(cap001, model([big("a", 399.7), big("b", 0.1), big("c", 0.1), big("d", 0.1)]))).toEqual([]);
    const m = model([big("a", 300), big("b", 160)], {
      suppliers: (d) => ({ ...d, suppliers: d.suppliers.map((s) => ({ ...s, policy: { thresholds: { "capacity.overcommit": 1.15 } } })) }),
    });
    expect(check(cap001, m)).toEqual([]);
    expect(check(cap001, model([big("a", 399.7), big("b", 0.1), big("c", 0.1), big("d", 0.101)]))).toHaveLength(2);
  });
});

describe("CAP-002 site capacity warning share", () => {
  const load = (cpu: number) => tenant("a", { services: hosting({}, { apps: { cpu, memory: "4Gi", storage: "10Gi", pods: 20 } }) });
  it("passes quotas below 80% of capacity", () => {
    expect(check(cap002, model([load(300)]))).toEqual([]);
  });
  it("warns above 80% of capacity, not above 100% (that is CAP-001's error)", () => {
    expect(check(cap002, model([load(350)]))).toMatchObject([
      { severity: "warning", field: "sites.0.capacity.cpu", message: expect.stringContaining("use 88% of the allowed 400 cores of cpu (warning above 80%)") },
      { field: "sites.1.capacity.cpu" },
    ]);
    expect(check(cap002, model([load(500)]))).toEqual([]);
  });
});

describe("AGG-001 high tenants per site", () => {
  const high = (id: string) => tenant(id, { security: { level: "high", classifiedInformation: false, personalData: "none" } });
  it("passes three high tenants on a site", () => {
    expect(check(agg001, model([high("a"), high("b"), high("c")]))).toEqual([]);
  });
  it("warns about a fourth high tenant on each shared site", () => {
    const findings = check(agg001, model([high("a"), high("b"), high("c"), high("d")]));
    expect(findings.map((f) => f.field)).toEqual(["sites.0", "sites.1"]);
    expect(findings[0]!.message).toContain("4 high or very-high tenants are placed on this site, more than 3: a (high), b (high), c (high), d (high)");
  });
  it("follows the supplier's threshold", () => {
    const m = model([high("a"), high("b"), high("c"), high("d")], {
      suppliers: (d) => ({ ...d, suppliers: d.suppliers.map((s) => ({ ...s, policy: { thresholds: { "aggregation.maxHighTenantsPerSite": 4 } } })) }),
    });
    expect(check(agg001, m)).toEqual([]);
  });
});

describe("AGG-002 same sector at one supplier", () => {
  const inSector = (id: string, sector: string, skv = false) =>
    (skv ? skvTenant : tenant)(id, { agency: { name: `Myndigheten ${id}`, orgNumber: "202100-9994", kind: "state-agency", sector } });
  it("passes tenants of one sector at different suppliers", () => {
    expect(check(agg002, model([inSector("a", "tax"), inSector("b", "tax", true)]))).toEqual([]);
  });
  it("warns each tenant of a sector that shares a supplier, naming the others", () => {
    expect(check(agg002, model([inSector("a", "tax"), inSector("b", "tax")]))).toMatchObject([
      { tenant: "a", field: "agency.sector", message: expect.stringContaining("supplier forsakringskassan also serves b of sector tax") },
      { tenant: "b", message: expect.stringContaining("also serves a of sector tax") },
    ]);
  });
  it("names five of the others and counts the rest, so that a large group's findings stay short", () => {
    const ids = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const found = check(agg002, model(ids.map((id) => inSector(id, "tax"))));
    expect(found).toHaveLength(8);
    expect(found[0]!.message).toContain("supplier forsakringskassan also serves b, c, d, e, f and 2 more of sector tax (8 tenants, more than");
    expect(found[7]!.message).toContain("also serves a, b, c, d, e and 2 more of sector tax");
  });
});

describe("CON-001 no write-down", () => {
  const flow = { from: "hi/apps", to: "mo/apps", ports: [443], ref: "ISA-1" };
  const up = { from: "mo/apps", to: "hi/apps", ports: [443], ref: "ISA-1" };
  const hi = (connections: TenantDoc["connections"]) => tenant("hi", { security: { level: "high", classifiedInformation: false, personalData: "none" }, connections });
  const mo = (connections: TenantDoc["connections"]) => tenant("mo", { connections });
  it("passes a flow between tenants of one level", () => {
    const same = { from: "mo2/apps", to: "mo/apps", ports: [443], ref: "ISA-1" };
    expect(check(con001, model([mo([same]), tenant("mo2", { connections: [same] })]))).toEqual([]);
  });
  it("flags a flow from high to moderate, on the high tenant's declaration only", () => {
    expect(check(con001, model([hi([flow]), mo([flow])]))).toMatchObject([
      { tenant: "hi", field: "connections.0", message: expect.stringContaining("flow hi/apps -> mo/apps: hi (high) sends data to mo's lower level moderate (write-down)") },
    ]);
  });
  it("flags a call from moderate to high too, on the high tenant's declaration: the replies carry its data", () => {
    expect(check(con001, model([hi([up]), mo([up])]))).toMatchObject([
      { tenant: "hi", field: "connections.0", message: expect.stringContaining("flow mo/apps -> hi/apps: hi (high) answers calls, and its replies carry data, to mo's lower level moderate") },
    ]);
  });
});

describe("HYG-001 exceptions name exceptable rules", () => {
  it("passes an exception for an exceptable rule", () => {
    expect(check(hyg001, model([tenant("acme", { exceptions: [exception()] })]))).toEqual([]);
  });
  it("refuses an unknown rule and a rule that may not be excepted", () => {
    const m = model([tenant("acme", { exceptions: [exception({ rule: "EXP-999" }), exception({ rule: "ADM-003" })] })]);
    expect(check(hyg001, m)).toMatchObject([
      { field: "exceptions.0.rule", message: expect.stringContaining('the exception names no rule "EXP-999"; exceptable rules are MIR-001, MIR-002, EXP-003, EXP-004, AGG-002, CON-001') },
      { field: "exceptions.1.rule", message: expect.stringContaining("names ADM-003, which may not be excepted") },
    ]);
  });
});

describe("HYG-007 approval markers", () => {
  const approval = (change: string) => ({ change, ref: "CR-1", by: "CISO" });
  it("passes every kind the review understands", () => {
    const all = ["lower-security-level", "lower-max-versions", "drop-site:fk-b", "destroy-namespace:apps", "destroy-mount:kv", "destroy-mount:transit", "remove-tenant"];
    expect(check(hyg007, model([tenant("acme", { approvals: all.map(approval) })]))).toEqual([]);
  });
  it("refuses a misspelt kind, a missing or needless argument, an unknown mount or site", () => {
    const bad = ["lower-securty-level", "drop-site", "remove-tenant:acme", "destroy-mount:pki", "drop-site:nowhere"];
    const findings = check(hyg007, model([tenant("acme", { approvals: bad.map(approval) })]));
    expect(findings.map((f) => f.field)).toEqual(bad.map((_, i) => `approvals.${i}.change`));
    expect(findings.map((f) => f.message.split("; approval markers")[0]!.split(": ").pop())).toEqual([
      '"lower-securty-level" is not an approval kind',
      'drop-site names a site; write "drop-site:<site>"',
      'remove-tenant takes no argument; write "remove-tenant"',
      'destroy-mount names kv or transit, not "pki"',
      'drop-site names no site "nowhere" of the catalogue',
    ]);
  });
});

describe("HYG-002 exception reasons", () => {
  it("passes a reason of 20 characters or more", () => {
    expect(check(hyg002, model([tenant("acme", { exceptions: [exception({ reason: "12345678901234567890" })] })]))).toEqual([]);
  });
  it("counts the characters a reader sees: runs of spaces count one, combining marks none", () => {
    const padded = "ok " + " ".repeat(30) + "fine";
    const marked = "a" + "\u0301".repeat(40);
    expect(check(hyg002, model([tenant("acme", { exceptions: [exception({ reason: padded }), exception({ rule: "EXP-003", reason: marked })] })]))).toMatchObject([
      { field: "exceptions.0.reason", message: expect.stringContaining("is 7 characters;") },
      { field: "exceptions.1.reason", message: expect.stringContaining("is 1 character;") },
    ]);
  });
  it("refuses a shorter reason", () => {
    expect(check(hyg002, model([tenant("acme", { exceptions: [exception({ reason: "approved by CAB" })] })]))).toMatchObject([
      { field: "exceptions.0.reason", message: expect.stringContaining("is 15 characters; write at least 20") },
    ]);
  });
});

describe("HYG-003 expired exceptions", () => {
  it("passes an exception on its last day", () => {
    expect(check(hyg003, model([tenant("acme", { exceptions: [exception({ expires: "2026-06-01" })] })]))).toEqual([]);
  });
  it("refuses an exception the day after it expired", () => {
    expect(check(hyg003, model([tenant("acme", { exceptions: [exception({ expires: "2026-05-31" })] })]))).toMatchObject([
      { severity: "error", field: "exceptions.0.expires", message: expect.stringContaining("expired on 2026-05-31, 1 day ago") },
    ]);
  });
});

describe("HYG-004 exceptions about to expire", () => {
  it("passes an exception that expires in more than 30 days", () => {
    expect(check(hyg004, model([tenant("acme", { exceptions: [exception({ expires: "2026-07-02" })] })]))).toEqual([]);
  });
  it("warns 30 days before expiry", () => {
    expect(check(hyg004, model([tenant("acme", { exceptions: [exception({ expires: "2026-07-01" })] })]))).toMatchObject([
      { severity: "warning", message: expect.stringContaining("expires in 30 days (2026-07-01)") },
    ]);
  });
  it("follows the supplier's warning period", () => {
    const m = model([tenant("acme", { exceptions: [exception({ expires: "2026-07-01" })] })], {
      suppliers: (d) => ({ ...d, suppliers: d.suppliers.map((s) => ({ ...s, policy: { thresholds: { "hygiene.expiryWarningDays": 10 } } })) }),
    });
    expect(check(hyg004, m)).toEqual([]);
  });
});

describe("HYG-006 exceptions that excuse nothing", () => {
  const high = { level: "high", classifiedInformation: false, personalData: "none" } as const;
  const exposed = (exceptions: ReturnType<typeof exception>[]) =>
    tenant("acme", { security: high, services: hosting({ ingress: { hosts: ["acme.example.se"] } }), exceptions });
  it("passes an exception that excuses a finding", () => {
    expect(check(hyg006, model([exposed([exception()])]))).toEqual([]);
  });
  it("warns about a stale exception, a second one for the same rule, and one of a turned-off pack, at its rule", () => {
    const stale = tenant("calm", { exceptions: [exception({ ref: "RA-1" })] });
    const twice = exposed([exception(), exception({ ref: "RA-2" })]);
    const off = model([tenant("acme", { exceptions: [exception({ rule: "MIR-002", ref: "RA-3" })], resilience: { sites: ["fk-a"], priority: 3 } })], {
      suppliers: (d) => ({ ...d, suppliers: d.suppliers.map((s) => ({ ...s, policy: { disabledPacks: ["mirroring"] } })) }),
    });
    expect([...check(hyg006, model([stale, twice])), ...check(hyg006, off)].map((f) => [f.tenant, f.field, f.message])).toEqual([
      ["acme", "exceptions.1.rule", expect.stringContaining("the exception RA-2 excuses nothing: an earlier exception for EXP-003 already excuses its findings")],
      ["calm", "exceptions.0.rule", expect.stringContaining("the exception RA-1 excuses nothing: EXP-003 finds nothing for calm; remove it, or correct the rule")],
      ["acme", "exceptions.0.rule", expect.stringContaining("the exception RA-3 excuses nothing: forsakringskassan turned the mirroring pack off")],
    ]);
  });
  it("leaves expired and invalid exceptions to HYG-001 to HYG-003", () => {
    expect(check(hyg006, model([tenant("calm", { exceptions: [exception({ expires: "2026-01-01" }), exception({ rule: "ADM-003" })] })]))).toEqual([]);
  });
});

describe("HYG-005 supplier policy settings", () => {
  const withPolicy = (policy: { disabledPacks?: string[]; thresholds?: Record<string, number>; privateRanges?: string[] }) =>
    model([tenant("acme")], { suppliers: (d) => ({ ...d, suppliers: d.suppliers.map((s) => (s.id === "skatteverket" ? { ...s, policy } : s)) }) });
  it("passes known optional packs and thresholds within range", () => {
    expect(check(hyg005, withPolicy({ disabledPacks: ["capacity"], thresholds: { "capacity.overcommit": 1.2, "aggregation.maxTenantsPerSector": 2 } }))).toEqual([]);
  });
  it("refuses unknown and mandatory packs, unknown thresholds and unusable values", () => {
    const findings = check(hyg005, withPolicy({ disabledPacks: ["capactiy", "admission"], thresholds: { "capacity.overcomit": 2, "capacity.warnShare": 1.5, "aggregation.maxHighTenantsPerSite": 2.5 } }));
    expect(findings.map((f) => [f.field, f.message.slice(f.message.indexOf(": ") + 2)])).toEqual([
      ["suppliers.1.policy.disabledPacks.0", expect.stringContaining('unknown pack "capactiy"')],
      ["suppliers.1.policy.disabledPacks.1", "pack admission cannot be turned off; mandatory packs are admission, hygiene, isolation-baseline, swedish-ordinance, municipal-federation, danish-municipal"],
      ["suppliers.1.policy.thresholds.capacity.overcomit", expect.stringContaining('unknown threshold "capacity.overcomit"')],
      ["suppliers.1.policy.thresholds.capacity.warnShare", "capacity.warnShare is 1.5; it must be between 0.1 and 1 (default 0.8)"],
      ["suppliers.1.policy.thresholds.aggregation.maxHighTenantsPerSite", "aggregation.maxHighTenantsPerSite is 2.5; it must be a whole number (default 3)"],
    ]);
    expect(findings.every((f) => f.file === "catalogue/suppliers.yaml" && f.tenant === "" && f.line > 1)).toBe(true);
  });
  it("refuses a private range as broad as the internet", () => {
    const findings = check(hyg005, withPolicy({ privateRanges: ["192.0.2.0/24", "0.0.0.0/1", "10.0.0.0/7"] }));
    expect(findings.map((f) => [f.field, f.message.slice(f.message.indexOf(": ") + 2)])).toEqual([
      ["suppliers.1.policy.privateRanges.1", "private range 0.0.0.0/1: is a public block of 2^31 addresses (1/2 of all IPv4 addresses), broader than /8; declare the network's real blocks"],
      ["suppliers.1.policy.privateRanges.2", "private range 10.0.0.0/7: is a public block of 2^25 addresses, broader than /8; declare the network's real blocks"],
    ]);
  });
});
