/** The helpers rules rely on: address ranges, Vault path patterns, dates, thresholds, output parsing. */
import { describe, expect, it } from "vitest";
import { cidrWithin, isPrivateCidr, isWholeInternet } from "../../policies/net.js";
import { couldMatch, policyPaths, type Segment } from "../../policies/vault-paths.js";
import { daysBetween, isCalendarDate } from "../../policies/dates.js";
import { DEFAULT_THRESHOLDS, resolveThresholds } from "../../policies/thresholds.js";
import { namespaceOf, parseStack, resourceLines } from "../../policies/output.js";
import { model, tenant } from "./helpers.js";

describe("address ranges", () => {
  it("tell whether a CIDR lies within another", () => {
    expect(cidrWithin("10.1.2.0/24", "10.0.0.0/8")).toBe(true);
    expect(cidrWithin("10.0.0.0/7", "10.0.0.0/8")).toBe(false);
    expect(cidrWithin("11.0.0.0/8", "10.0.0.0/8")).toBe(false);
    expect(cidrWithin("fd00::/8", "fc00::/7")).toBe(true);
    expect(cidrWithin("10.0.0.0/8", "fc00::/7")).toBe(false);
  });
  it("know the private ranges and the whole internet", () => {
    expect(["172.16.0.0/12", "172.31.255.0/24", "192.168.1.1/32", "100.64.0.0/10", "fd12::/16"].every(isPrivateCidr)).toBe(true);
    expect(["172.32.0.0/16", "192.0.2.10/32", "2001:db8::/32", "::ffff:10.0.0.0/104"].some(isPrivateCidr)).toBe(false);
    expect(isWholeInternet("0.0.0.0/0") && isWholeInternet("::/0")).toBe(true);
    expect(isWholeInternet("0.0.0.0/1")).toBe(false);
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
    expect(resolveThresholds(undefined)).toEqual({ overcommit: 1, capacityWarnShare: 0.8, maxHighTenantsPerSite: 3, maxTenantsPerSector: 1, expiryWarningDays: 30 });
  });
});

describe("synthesized output", () => {
  const text = JSON.stringify({
    "//": { samdrift: { kind: "site", site: "s", supplier: "x", vault: { kubernetesAuthPath: "k", pkiPath: "pki" } } },
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
    expect(stack.site?.site).toBe("s");
    expect(stack.tenant).toBeUndefined();
    const ns = (name: string) => namespaceOf(stack, stack.resources.find((r) => r.name === name)!);
    expect([ns("literal"), ns("ref"), ns("unknown")]).toEqual(["t-apps", "t-apps", undefined]);
  });
  it("refuse a file that is not a JSON object", () => {
    expect(() => parseStack("x", "x.json", "[]")).toThrow("x.json: not a JSON object");
    expect(() => parseStack("x", "x.json", "{")).toThrow(/^x\.json: invalid JSON/);
  });
});
