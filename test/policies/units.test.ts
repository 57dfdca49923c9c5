/** The helpers rules rely on: address ranges, Vault path patterns, dates, thresholds, output parsing. */
import { describe, expect, it } from "vitest";
import { broadEgress, cidrWithin, isPrivateCidr, translatedIpv4 } from "../../policies/net.js";
import { formatCidr, parseCidr } from "../../lib/cidr.js";
import { couldMatch, policyPaths, type Segment } from "../../policies/vault-paths.js";
import { daysBetween, isCalendarDate } from "../../policies/dates.js";
import { DEFAULT_THRESHOLDS, resolveThresholds } from "../../policies/thresholds.js";
import { namespaceOf, parseStack } from "../../output/read.js";
import { resourceLines } from "../../output/lines.js";
import { model, tenant } from "./helpers.js";

describe("address ranges", () => {
  it("tell whether a CIDR lies within another", () => {
    expect(cidrWithin("10.1.2.0/24", "10.0.0.0/8")).toBe(true);
    expect(cidrWithin("10.0.0.0/7", "10.0.0.0/8")).toBe(false);
    expect(cidrWithin("11.0.0.0/8", "10.0.0.0/8")).toBe(false);
    expect(cidrWithin("fd00::/8", "fc00::/7")).toBe(true);
    expect(cidrWithin("10.0.0.0/8", "fc00::/7")).toBe(false);
  });
  it("know the private ranges", () => {
    expect(["172.16.0.0/12", "172.31.255.0/24", "192.168.1.1/32", "100.64.0.0/10", "fd12::/16"].every((c) => isPrivateCidr(c))).toBe(true);
    expect(["172.32.0.0/16", "192.0.2.10/32", "2001:db8::/32", "::ffff:10.0.0.0/104"].some((c) => isPrivateCidr(c))).toBe(false);
    expect(isPrivateCidr("192.0.2.0/25", ["192.0.2.0/24"])).toBe(true);
  });
  it("read IPv4 reached through IPv4-mapped and NAT64 prefixes", () => {
    const v4 = (c: string): string | undefined => {
      const t = translatedIpv4(parseCidr(c)!);
      return t && formatCidr(t);
    };
    expect(v4("64:ff9b::/96")).toBe("0.0.0.0/0");
    expect(v4("64:ff9b::c000:200/120")).toBe("192.0.2.0/24");
    expect(v4("::ffff:10.0.0.0/104")).toBe("10.0.0.0/8");
    expect(v4("64::/16")).toBe("0.0.0.0/0");
    expect(v4("2001:db8::/32")).toBeUndefined();
    expect(v4("10.0.0.0/8")).toBeUndefined();
  });
  it("tell egress that amounts to the whole internet", () => {
    const limits = { v4: 8, v6: 32 };
    const broad = (c: string): string | undefined => broadEgress(c, limits);
    expect(broad("0.0.0.0/0")).toBe("egress to 0.0.0.0/0 allows every destination");
    expect(broad("::/0")).toBe("egress to ::/0 allows every destination");
    expect(broad("0.0.0.0/1")).toBe("egress to 0.0.0.0/1 is a public block of 2^31 addresses (1/2 of all IPv4 addresses), broader than /8");
    expect(broad("2000::/3")).toContain("broader than /32");
    expect(broad("64:ff9b::/96")).toBe("egress to 64:ff9b::/96 (IPv4 0.0.0.0/0 through an IPv4-mapped or NAT64 prefix) allows every destination");
    expect(broad("64:ff9b::/97")).toContain("(IPv4 0.0.0.0/1 through an IPv4-mapped or NAT64 prefix) is a public block");
    expect([broad("17.0.0.0/8"), broad("2001:db8::/32"), broad("10.0.0.0/7"), broad("64:ff9b::c000:200/120")]).toEqual([undefined, undefined, expect.any(String), undefined]);
    expect(broadEgress("0.0.0.0/1", { v4: 1, v6: 32 })).toBeUndefined();
  });
});

describe("Vault path patterns", () => {
  const other: Segment = { kind: "other", literal: (v) => v === "digg", prefix: () => true };
  it("read the path patterns of an HCL policy", () => {
    expect(policyPaths('path "a/b/*" {\n capabilities = ["read"]\n}\npath  "c/+/d" { }')).toEqual(["a/b/*", "c/+/d"]);
  });
  it("match literal, + and trailing * segments against a template", () => {
    expect(couldMatch("digg/kv/data/x", [other])).toBe(true);
    expect(couldMatch("digg", [other])).toBe(true);
    expect(couldMatch("mfof/kv/*", [other])).toBe(false);
    expect(couldMatch("+/kv/*", [other])).toBe(true);
    expect(couldMatch("pki/issue", [{ kind: "literal", value: "pki" }, { kind: "any" }, other])).toBe(false);
    expect(couldMatch("pki/iss*", [{ kind: "literal", value: "pki" }, { kind: "any" }, other])).toBe(true);
    expect(couldMatch("pkx/*", [{ kind: "literal", value: "pki" }, { kind: "any" }, other])).toBe(false);
  });
});

describe("dates", () => {
  it("count whole days and refuse impossible dates", () => {
    expect(daysBetween("2026-02-27", "2026-03-01")).toBe(2);
    expect(daysBetween("2026-06-01", "2026-05-31")).toBe(-1);
    expect(isCalendarDate("2026-02-30")).toBe(false);
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("1/6/2026")).toBe(false);
  });
});

describe("thresholds", () => {
  it("take a supplier's valid settings over the defaults, and ignore invalid ones", () => {
    const m = model([tenant("acme")], {
      suppliers: (d) => ({ ...d, suppliers: d.suppliers.map((s) => ({ ...s, policy: { thresholds: { "capacity.overcommit": 2, "capacity.warnShare": 7 } } })) }),
    });
    expect(resolveThresholds(m.catalogue.suppliers.get("skatteverket"))).toEqual({ ...DEFAULT_THRESHOLDS, overcommit: 2 });
    expect(resolveThresholds(undefined)).toEqual({
      overcommit: 1, capacityWarnShare: 0.8, maxHighTenantsPerSite: 3, maxTenantsPerSector: 1, expiryWarningDays: 30, minPublicEgressPrefixV4: 8, minPublicEgressPrefixV6: 32,
      maxSuspensionDays: 30, exitNoticeDays: 90,
    });
  });
});

describe("synthesized output", () => {
  const text = JSON.stringify({
    "//": {
      samdrift: {
        kind: "site", site: "s", supplier: "x", zone: "z", maxSecurityLevel: "high",
        platform: { dns: { namespace: "kube-system" }, ingress: { namespace: "ingress" }, monitoring: { namespace: "monitoring" } },
        vault: { kubernetesAuthPath: "k", pkiPath: "pki" }, stateBackend: "local",
        policy: { disabledPacks: [], thresholds: {}, privateRanges: [], excluded: [] },
      },
    },
    resource: {
      kubernetes_namespace_v1: { ns: { metadata: [{ name: "t-apps" }] } },
      kubernetes_role_binding_v1: {
        literal: { metadata: { namespace: "t-apps" } },
        ref: { metadata: { namespace: "${kubernetes_namespace_v1.ns.metadata[0].name}" } },
        unknown: { metadata: { namespace: "${var.namespace}" } },
      },
    },
  }, null, 2);
  it("find each resource's line in cdktf's pretty-printed JSON", () => {
    const lines = resourceLines(text);
    expect(lines.get("kubernetes_namespace_v1.ns")).toBe(text.split("\n").findIndex((l) => l.includes('"ns": {')) + 1);
    expect(lines.size).toBe(4);
  });
  it("read the samdrift block and resolve namespaces written as references", () => {
    const stack = parseStack("site--s", "stacks/site--s/cdk.tf.json", text);
    expect(stack.siteMeta?.site).toBe("s");
    expect(stack.tenant).toBeUndefined();
    const ns = (name: string) => namespaceOf(stack, stack.resources.find((r) => r.name === name)!);
    expect([ns("literal"), ns("ref"), ns("unknown")]).toEqual(["t-apps", "t-apps", undefined]);
  });
  it("refuse a file that is not a JSON object", () => {
    expect(() => parseStack("x", "x.json", "[]")).toThrow("x.json:1:1: not a JSON object");
    expect(() => parseStack("x", "x.json", "{")).toThrow(/^x\.json:1:1: not JSON/);
  });
});
