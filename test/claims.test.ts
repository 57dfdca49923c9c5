/**
 * Claims, attacked: a tenant-file author tries to take a name another tenant or the platform owns by
 * writing it the way the target system treats as the same (case, trailing dot), by claiming it in another
 * kind (a certificate for someone's ingress host), or by getting the established owner blamed.
 */
import { describe, expect, it } from "vitest";
import { buildModel, type InputFile } from "../model/model.js";
import { dnsKey, pkiRoleCovers, urlHostKey, vaultIdentityKey } from "../lib/names.js";
import { exampleCatalogue, exampleTenantFiles, minimalTenant, problemsWith } from "./helpers/model.js";

const NEW = "phase: plan";
const newcomer = (id: string, extra = "") => minimalTenant(id, extra).replace("phase: run, ref: FK-TEST-1, acceptedAt: 2025-01-01", NEW);
const claims = (files: Record<string, string>) => problemsWith(files).map((p) => [p.code, p.file, p.field]);

describe("names compared as the system that uses them compares them", () => {
  it("Vault identity names without regard to case; DNS names also without a trailing dot", () => {
    expect(vaultIdentityKey("DIGG-Platform")).toBe(vaultIdentityKey("digg-platform"));
    expect(dnsKey("App.Example.SE.")).toBe(dnsKey("app.example.se"));
    expect(urlHostKey("https://Vault.FK-A.example.internal:8200/v1")).toBe("vault.fk-a.example.internal");
    expect(urlHostKey("not a url")).toBeUndefined();
  });

  it("a PKI role covers what Vault would issue: bare, subdomains, globs, any name", () => {
    const role = (over: Partial<Parameters<typeof pkiRoleCovers>[0]>) =>
      ({ allowedDomains: ["example.se"], bareDomains: true, subdomains: false, globs: false, anyName: false, ...over });
    expect(pkiRoleCovers(role({}), "EXAMPLE.se")).toBe(true);
    expect(pkiRoleCovers(role({}), "vault.example.se")).toBe(false);
    expect(pkiRoleCovers(role({ subdomains: true }), "vault.example.se")).toBe(true);
    expect(pkiRoleCovers(role({ subdomains: true }), "notexample.se")).toBe(false);
    expect(pkiRoleCovers(role({ bareDomains: false, subdomains: true }), "example.se")).toBe(false);
    expect(pkiRoleCovers(role({ allowedDomains: ["vault*.example.se"], globs: true }), "vault-1.example.se")).toBe(true);
    expect(pkiRoleCovers(role({ allowedDomains: ["vault*.example.se"], globs: true }), "api.example.se")).toBe(false);
    expect(pkiRoleCovers(role({ allowedDomains: [], anyName: true }), "anything.example.org")).toBe(true);
  });
});

describe("a tenant file cannot take a name that is already someone's", () => {
  it("another tenant's Vault group in other letter case (Vault would update digg's group)", () => {
    const problems = problemsWith({ "tenants/aa.yaml": newcomer("aa").replace("adminGroup: aa-admins", "adminGroup: DIGG-Platform") });
    expect(problems.map((p) => [p.code, p.file, p.field])).toEqual([["DUPLICATE_CLAIM", "tenants/aa.yaml", "contacts.adminGroup"]]);
    expect(problems[0]!.message).toContain('already belongs to tenant "digg" (tenants/digg.yaml, group "digg-platform")');
    expect(problems[0]!.message).toContain("Vault compares group names without regard to case");
  });

  it("its own admin group again, as its view group in other letter case", () => {
    expect(claims({ "tenants/t1.yaml": minimalTenant("t1").replace("adminGroup: t1-admins", "adminGroup: t1-admins, viewGroup: T1-Admins") }))
      .toEqual([["DUPLICATE_CLAIM", "tenants/t1.yaml", "contacts.viewGroup"]]);
  });

  it("a certificate for another tenant's ingress host", () => {
    const problems = problemsWith({ "tenants/aa.yaml": newcomer("aa", "  certificates: { domains: [sprak.isof.example.se] }\n") });
    expect(problems.map((p) => [p.code, p.file, p.field])).toEqual([["DUPLICATE_CLAIM", "tenants/aa.yaml", "services.certificates.domains.0"]]);
    expect(problems[0]!.message).toContain('(tenants/isof.yaml, ingress host "sprak.isof.example.se")');
  });

  it("but a tenant may ask for a certificate for its own ingress host", () => {
    expect(claims({ "tenants/t1.yaml": minimalTenant("t1", "    ingress: { hosts: [t1.example.se] }\n  certificates: { domains: [t1.example.se] }\n") })).toEqual([]);
  });

  it("a certificate for the platform's own hosts: a site's Vault, its Kubernetes API, its state endpoint", () => {
    const problems = problemsWith({
      "tenants/t1.yaml": minimalTenant("t1", "  certificates: { domains: [vault.fk-a.platform.example.internal, api.fk-b.platform.example.internal, objects.skv-a.example.internal] }\n"),
    });
    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ["RESERVED_NAME", "services.certificates.domains.0"],
      ["RESERVED_NAME", "services.certificates.domains.1"],
      ["RESERVED_NAME", "services.certificates.domains.2"],
    ]);
    expect(problems[0]!.message).toContain("is the Vault address of site fk-a; it belongs to the platform");
    expect(problems[2]!.message).toContain("the state endpoint of site skv-a");
  });

  it("an address instead of a DNS name, as a certificate domain or an ingress host", () => {
    const problems = problemsWith({ "tenants/t1.yaml": minimalTenant("t1", "    ingress: { hosts: [10.0.0.1] }\n  certificates: { domains: [169.254.169.254] }\n") });
    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ["INVALID_FIELD", "services.container-hosting.ingress.hosts.0"],
      ["INVALID_FIELD", "services.certificates.domains.0"],
    ]);
    expect(problems[1]!.message).toContain('"169.254.169.254" is an address, not a host name');
  });
});

describe("who is told to change a collision", () => {
  it("the newcomer, even when its id sorts first and the owner's claim is in other letter case", () => {
    const problems = problemsWith({ "tenants/aa.yaml": newcomer("aa", "    ingress: { hosts: [mfof.example.se] }\n") });
    expect(problems.map((p) => p.file)).toEqual(["tenants/aa.yaml"]);
    expect(problems[0]!.message).toContain("change it here, not in tenants/mfof.yaml");
  });

  it("with the base known, the tenant whose claim is new in the change set, even an established one", () => {
    // mfof is in run; zz is a newcomer that already held the host on the base branch, and mfof's pull
    // request takes it. zz must not be told to rename.
    const zz = newcomer("zz", "    ingress: { hosts: [shared.example.se] }\n");
    const tenants = exampleTenantFiles().map((f) => f);
    const mfofIndex = tenants.findIndex((f) => f.path === "tenants/mfof.yaml");
    const baseTenants: InputFile[] = [...tenants, { path: "tenants/zz.yaml", text: zz }];
    const mfof = tenants[mfofIndex]!;
    const head: InputFile[] = [
      ...tenants.filter((_, i) => i !== mfofIndex),
      { path: mfof.path, text: mfof.text.replace("hosts: [mfof.example.se]", "hosts: [mfof.example.se, shared.example.se]") },
      { path: "tenants/zz.yaml", text: zz },
    ];
    expect(mfof.text).toContain("hosts: [mfof.example.se]");
    const withBase = buildModel(exampleCatalogue(), head, { baseTenantFiles: baseTenants });
    expect(withBase.problems.map((p) => [p.code, p.file])).toEqual([["DUPLICATE_CLAIM", "tenants/mfof.yaml"]]);
    expect(withBase.problems[0]!.message).toContain("not in tenants/zz.yaml");
    // Without the base, phase decides: mfof is established, the newcomer is told.
    const withoutBase = buildModel(exampleCatalogue(), head);
    expect(withoutBase.problems.map((p) => p.file)).toEqual(["tenants/zz.yaml"]);
  });

  it("both, naming each other, when neither is established", () => {
    const problems = problemsWith({
      "tenants/aa.yaml": newcomer("aa", "    ingress: { hosts: [new.example.se] }\n"),
      "tenants/bb.yaml": newcomer("bb", "    ingress: { hosts: [new.example.se] }\n"),
    });
    expect(problems.map((p) => p.file)).toEqual(["tenants/aa.yaml", "tenants/bb.yaml"]);
    expect(problems[0]!.message).toContain('also claimed by tenant "bb" (tenants/bb.yaml');
    expect(problems[1]!.message).toContain('also claimed by tenant "aa" (tenants/aa.yaml');
    expect(problems[0]!.message).toContain("the supplier decides which tenant keeps it");
  });
});
