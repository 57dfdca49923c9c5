/**
 * Vault policy semantics (https://developer.hashicorp.com/vault/docs/concepts/policies): the HCL subset,
 * globs, `+`, priority of overlapping patterns, `deny`, and grants outside the declared mounts.
 */
import { describe, expect, it } from "vitest";
import {
  buildAcl, effectiveCapabilities, hasPriority, parsePolicyHcl, patternMatches, undeclaredGrants, VaultPolicySyntaxError, showWitness,
  type VaultRule,
} from "../../analysis/vault.js";

const acl = (...policies: [string, string][]) => buildAcl(policies.map(([name, hcl]) => ({ name, rules: parsePolicyHcl(hcl) })));
const rule = (path: string, ...caps: string[]) => `path "${path}" {\n  capabilities = [${caps.map((c) => `"${c}"`).join(", ")}]\n}\n`;

describe("policy HCL", () => {
  it("reads path blocks with comments, other attributes and the old policy form", () => {
    const text = [
      "# a comment",
      'path "secret/data/*" {',
      '  capabilities = ["read", "list",]  // trailing comma',
      "}",
      "/* a block",
      "   comment */",
      'path "secret/restricted" {',
      '  capabilities = ["create"]',
      '  allowed_parameters = { "foo" = [] "bar" = ["zip", "zap"] }',
      '  min_wrapping_ttl = "1s"',
      "}",
      'path "sys/*" { policy = "deny" }',
      'path "old/*" { policy = "write" }',
    ].join("\n");
    expect(parsePolicyHcl(text)).toEqual<VaultRule[]>([
      { path: "secret/data/*", capabilities: ["list", "read"], line: 2 },
      { path: "secret/restricted", capabilities: ["create"], line: 7 },
      { path: "sys/*", capabilities: ["deny"], line: 12 },
      { path: "old/*", capabilities: ["create", "delete", "list", "patch", "read", "update"], line: 13 },
    ]);
  });

  it("keeps only deny when a rule lists deny with other capabilities", () => {
    expect(parsePolicyHcl(rule("a/*", "read", "deny", "sudo"))[0]!.capabilities).toEqual(["deny"]);
  });

  it.each([
    ['path "a" { capabilities = ["reed"] }', 1, /unknown capability "reed"/],
    ['path "a" {\n}', 1, /needs capabilities/],
    ['path "a" { capabilities = "read" }', 1, /must be a list/],
    ['\n\npath "a {', 3, /unterminated string/],
    ['path "${identity.entity.id}/*" { capabilities = ["read"] }', 1, /interpolation/],
    ['key "a" { capabilities = ["read"] }', 1, /expected a path block/],
    ['path "a" { capabilities = ["read"]', 1, /expected an attribute name, found the end|expected "}"/],
    ['path "a" { policy = "all" }', 1, /is not deny, read, write or sudo/],
    ["/* open", 1, /unterminated/],
  ] as const)("rejects %j at line %i", (text, line, message) => {
    let error: unknown;
    try {
      parsePolicyHcl(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VaultPolicySyntaxError);
    expect((error as VaultPolicySyntaxError).line).toBe(line);
    expect((error as Error).message).toMatch(message);
  });
});

describe("path matching", () => {
  it.each([
    ["secret/foo", "secret/foo", true],
    ["secret/foo", "secret/food", false],
    ["secret/foo", "secret/foo/bar", false],
    ["secret/bar/*", "secret/bar/zip", true],
    ["secret/bar/*", "secret/bar/zip/zap", true],
    ["secret/bar/*", "secret/bar", false],
    ["secret/bar/*", "secret/bars/zip", false],
    ["secret/zip-*", "secret/zip-zap", true],
    ["secret/zip-*", "secret/zip-zap/zong", true],
    ["secret/zip-*", "secret/zip/zap", false],
    ["secret/+/teamb", "secret/foo/teamb", true],
    ["secret/+/teamb", "secret/foo/bar/teamb", false],
    ["secret/+/+/teamb", "secret/foo/bar/teamb", true],
    ["secret/+/foo/*", "secret/x/foo/y/z", true],
    ["secret/+/foo/*", "secret/x/bar/y", false],
    ["secret+/a", "secretx/a", false],
    ["/secret/foo", "secret/foo", true],
    ["*", "anything/at/all", true],
  ] as const)("%s matches %s: %s", (pattern, path, expected) => {
    expect(patternMatches(pattern, path)).toBe(expected);
  });
});

describe("priority of overlapping patterns", () => {
  it.each([
    ["secret/foo", "secret/*", "an exact path beats a glob (rule 1)"],
    ["secret/foo/+", "secret/+/bar", "the later first wildcard wins (rule 1)"],
    ["secret/foo", "secret/foo*", "not ending in * beats ending in * (rule 2)"],
    ["secret/*", "secret/+/+/foo/*", "fewer + segments win (rule 3, the documentation's example)"],
    ["secret/+/ab", "secret/+/a", "longer wins (rule 4)"],
    ["secret/+/b", "secret/+/a", "lexicographically larger wins (rule 5)"],
    ["secret/foo/*", "secret/*", "the longest glob prefix wins (rules 1 and 4)"],
  ] satisfies [string, string, string][])("%s over %s: %s", (high, low) => {
    expect(hasPriority(high, low)).toBe(true);
    expect(hasPriority(low, high)).toBe(false);
  });
});

describe("effective capabilities", () => {
  it("unions the same pattern across policies", () => {
    const a = acl(["p1", rule("kv/data/*", "read")], ["p2", rule("kv/data/*", "update")]);
    expect(effectiveCapabilities(a, "kv/data/x")).toEqual(["read", "update"]);
    expect(a).toEqual([{ path: "kv/data/*", capabilities: ["read", "update"], policies: ["p1", "p2"] }]);
  });

  it("lets deny in any policy override the same pattern", () => {
    const a = acl(["p1", rule("kv/data/*", "read", "update")], ["p2", rule("kv/data/*", "deny")]);
    expect(effectiveCapabilities(a, "kv/data/x")).toEqual([]);
  });

  it("applies only the most specific pattern: a specific deny shadows a broad grant", () => {
    const a = acl(["p", rule("secret/*", "read", "list") + rule("secret/super-secret", "deny")]);
    expect(effectiveCapabilities(a, "secret/super-secret")).toEqual([]);
    expect(effectiveCapabilities(a, "secret/other")).toEqual(["list", "read"]);
  });

  it("applies only the most specific pattern: a specific grant survives a broad deny", () => {
    const a = acl(["p1", rule("secret/*", "deny")], ["p2", rule("secret/foo", "read")]);
    expect(effectiveCapabilities(a, "secret/foo")).toEqual(["read"]);
    expect(effectiveCapabilities(a, "secret/bar")).toEqual([]);
  });

  it("does not merge different patterns: the higher-priority one decides alone", () => {
    const a = acl(["p1", rule("secret/+/teamb", "read")], ["p2", rule("secret/*", "update")]);
    expect(effectiveCapabilities(a, "secret/x/teamb")).toEqual(["read"]);
    expect(effectiveCapabilities(a, "secret/x/teamc")).toEqual(["update"]);
  });

  it("denies by default", () => {
    expect(effectiveCapabilities(acl(["p", rule("a/b", "read")]), "a/c")).toEqual([]);
  });
});

describe("grants outside the declared mounts", () => {
  const declared = ["alpha/kv/*", "pki/issue/tenant-alpha"];
  const grants = (hcl: string) => undeclaredGrants(acl(["p", hcl]), declared).map((g) => `${g.entry.path} e.g. ${showWitness(g.witness)}`);

  it.each([
    ["the own mount", rule("alpha/kv/data/*", "read") + rule("pki/issue/tenant-alpha", "update"), []],
    ["a glob without a slash reaches alpha/kv2", rule("alpha/kv*", "read"), ["alpha/kv* e.g. alpha/kv"]],
    ["a + segment reaches other tenants' mounts", rule("+/kv/data/*", "read"), ["+/kv/data/* e.g. <any>/kv/data/"]],
    ["another tenant's mount", rule("beta/kv/data/*", "read"), ["beta/kv/data/* e.g. beta/kv/data/"]],
    ["another role on the shared PKI", rule("pki/issue/+", "update"), ["pki/issue/+ e.g. pki/issue/<any>"]],
    ["everything: the witness is the root path", rule("*", "read"), ["* e.g. the root path"]],
    ["a deny is no grant", rule("beta/*", "deny"), []],
    ["a deny of the same pattern removes the grant", rule("beta/kv/data/*", "read") + rule("beta/kv/data/*", "deny"), []],
    ["a deny on alpha/+ shadows alpha/<x> but not deeper paths", rule("alpha/*", "read") + rule("alpha/+", "deny"), ["alpha/* e.g. alpha/<any>/<any>"]],
    ["a deny with more + segments has lower priority than the glob (rule 3)", rule("alpha/*", "read") + rule("alpha/+/*", "deny"), ["alpha/* e.g. alpha/"]],
  ] as const)("%s", (_name, hcl, expected) => {
    expect(grants(hcl)).toEqual(expected);
  });
});
