/**
 * One review fixture per kind of change, synthesized from the example with one tenant file changed, as
 * the CI workflow does: what the reviewer reads, which flags come first, and the exit decision.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { addTenant, editTenant, flagKinds, removeTenant, replaceIn, reviewOf, summaryOf, synthExample, type Edit } from "./helpers.js";

let base: string;
beforeAll(() => {
  base = synthExample();
});

const NEW_TENANT = `id: tillvaxt
agency: { name: "Tillväxtverket", orgNumber: "202100-5026", kind: state-agency, sector: business }
supplier: forsakringskassan
agreement: { phase: build, ref: FK-2026-0301 }
security: { level: moderate, classifiedInformation: false, personalData: ordinary, dpaRef: TVV-2026-1 }
resilience: { sites: [fk-a, fk-b], priority: 3 }
contacts: { adminGroup: tvv-admins, viewGroup: tvv-readers }
services:
  container-hosting:
    namespaces:
      web: { cpu: 4, memory: 8Gi, storage: 20Gi, pods: 40 }
    ingress: { hosts: [tvv.example.se] }
    egress:
      - { cidr: 10.12.0.0/16, ports: [5432], reason: "agency database over the government network" }
  secrets: {}
  monitoring: {}
`;

describe("review of a tenant added", () => {
  it("lists what the onboarding creates on both sites, needs no decision and flags the internet ingress", () => {
    const r = reviewOf(base, synthExample(addTenant("tillvaxt", NEW_TENANT)));
    expect(r.decisionNeeded).toBe(false);
    expect(r.headline.tenants).toEqual({ added: 1, changed: 0, removed: 0 });
    expect(r.headline.stacks).toMatchObject({ added: 2, changed: 0, removed: 0 });
    expect(r.headline.resources.destroy).toBe(0);
    expect(r.affected).toEqual(["tenant--tillvaxt--fk-a", "tenant--tillvaxt--fk-b"]);
    const t = r.tenants[0]!;
    expect(t).toMatchObject({ tenant: "tillvaxt", status: "added", securityLevel: "moderate", phase: "build", placement: ["fk-a", "fk-b"] });
    const lines = summaryOf(r, "tillvaxt");
    expect(lines).toContain("onboarded: security level moderate, phase build, outage priority 3, personal data ordinary");
    expect(lines).toContain("namespace tillvaxt-web created: quota cpu 4, memory 8Gi, storage 20Gi, pods 40");
    expect(lines).toContain('opens egress from tillvaxt-web to 10.12.0.0/16 (private network) on TCP/5432 (reason: "agency database over the government network")');
    expect(lines.some((l) => l.startsWith("Vault policy tenant-tillvaxt-kv created: tillvaxt/kv/data/*"))).toBe(true);
    // Every line holds on both sites, so each is said once.
    expect(t.summary.every((l) => l.sites.length === 2)).toBe(true);
    expect(t.mirror).toMatchObject({ equivalent: true, sites: ["fk-a", "fk-b"] });
    expect(r.flags.map((f) => [f.kind, f.level])).toEqual([["internet-flow", "attention"]]);
    expect(r.flags[0]!.message).toContain("ingress to tillvaxt-web from site ingress controller");
  });
});

describe("review of a tenant removed", () => {
  it("blocks removing a tenant that is not in decommission and gives the offboarding steps", () => {
    const r = reviewOf(base, synthExample(removeTenant("isof")));
    expect(r.decisionNeeded).toBe(true);
    expect(r.headline.tenants.removed).toBe(1);
    expect(r.affected).toEqual(["tenant--isof--fk-a"]);
    const flag = r.flags[0]!;
    expect(flag).toMatchObject({ kind: "tenant-removed-without-decommission", level: "decision", tenant: "isof", sites: ["fk-a"] });
    expect(flag.approval).toBeUndefined();
    expect(flag.steps?.join("\n")).toContain("agreement.phase: decommission");
    // The namespace destroy is part of the tenant flag, not flagged again.
    expect(flagKinds(r)).not.toContain("namespace-destroyed");
  });

  it("asks for a remove-tenant approval for a decommissioned tenant, read from the base", () => {
    const unapproved = reviewOf(base, synthExample(removeTenant("statskontoret")), { today: "2027-01-01" });
    expect(unapproved.flags[0]).toMatchObject({ kind: "tenant-removed", level: "decision", approval: "remove-tenant" });
    expect(unapproved.decisionNeeded).toBe(true);

    const approvedBase = synthExample(replaceIn("statskontoret", "contacts:", 'approvals: [{ change: remove-tenant, ref: SKV-CAB-12, by: "Skatteverket platform board" }]\ncontacts:'));
    // On or after the agreed exit date (2026-12-31); before it, test/review/suspension.test.ts.
    const approved = reviewOf(approvedBase, synthExample(removeTenant("statskontoret")), { today: "2027-01-01" });
    expect(approved.flags[0]).toMatchObject({ kind: "tenant-removed", approvedBy: { change: "remove-tenant", ref: "SKV-CAB-12" } });
    expect(approved.decisionNeeded).toBe(false);
  });
});

describe("review of a service added", () => {
  it("shows the new mount, key and policy, and flags the wider access of the existing auth role and group", () => {
    const r = reviewOf(base, synthExample(replaceIn("digg", "  monitoring: {}", "  monitoring: {}\n  encryption: { keys: [signing] }")));
    expect(r.decisionNeeded).toBe(false);
    const lines = summaryOf(r, "digg");
    expect(lines).toContain("Vault mount digg/transit (transit) created");
    expect(lines).toContain("transit key digg/transit/signing created");
    expect(lines).toContain("Vault policy tenant-digg-transit created: digg/transit/decrypt/signing (update); digg/transit/encrypt/signing (update)");
    expect(lines).toContain("auth role tenant-digg gets policy tenant-digg-transit");
    expect(r.flags.filter((f) => f.kind === "broader-vault-capabilities").map((f) => f.message)).toEqual([
      "digg: auth role tenant-digg gets policy tenant-digg-transit (on fk-a and fk-b)",
      "digg: group digg-platform gets policy tenant-digg-transit (on fk-a and fk-b)",
    ]);
  });
});

describe("review of a quota change", () => {
  it("reads the quota change per namespace, on both mirrored sites, with no flag", () => {
    const r = reviewOf(base, synthExample(replaceIn("mfof", "apps: { cpu: 8, memory: 32Gi", "apps: { cpu: 12, memory: 32Gi")));
    expect(r.flags).toEqual([]);
    expect(r.decisionNeeded).toBe(false);
    expect(r.headline.resources).toEqual({ create: 0, update: 2, replace: 0, destroy: 0 });
    const t = r.tenants[0]!;
    expect(t.summary).toContainEqual({ text: "quota of mfof-apps: limits.cpu 8 → 12, requests.cpu 8 → 12", sites: ["fk-a", "fk-b"] });
    expect(t.summary).toContainEqual({ text: "security level moderate (unchanged)", sites: ["fk-a", "fk-b"] });
    const attrs = t.sites[0]!.resources[0]!.attributes.map((a) => [a.path, a.before, a.after]);
    expect(attrs).toEqual([
      ['spec.hard["limits.cpu"]', "8", "12"],
      ['spec.hard["requests.cpu"]', "8", "12"],
    ]);
  });
});

describe("review of flows opened", () => {
  it("flags a new internet egress with its declared reason", () => {
    const r = reviewOf(
      base,
      synthExample(replaceIn("mfof", '      - { cidr: 192.0.2.10/32', '      - { cidr: 198.51.100.0/24, ports: [8443], reason: "tax agency API", namespaces: [apps] }\n      - { cidr: 192.0.2.10/32')),
    );
    expect(r.flags.map((f) => f.message)).toEqual([
      'mfof opens egress from mfof-apps to 198.51.100.0/24 (internet) on TCP/8443 (reason: "tax agency API") (on fk-a and fk-b)',
    ]);
    expect(r.flags[0]!.level).toBe("attention");
  });

  it("flags a new cross-tenant connection on the one shared site, and the mirror difference it makes", () => {
    const r = reviewOf(
      base,
      synthExample(
        editTenant("isof", (text) => `${text}connections:\n  - { from: isof/web, to: digg/api, ports: [443], ref: ISA-2026-9 }\n`),
        replaceIn("digg", "  - { from: mfof/apps", "  - { from: isof/web, to: digg/api, ports: [443], ref: ISA-2026-9 }\n  - { from: mfof/apps"),
      ),
    );
    const cross = r.flags.filter((f) => f.kind === "cross-tenant-flow").map((f) => f.message);
    expect(cross).toContain("isof opens egress from isof-web to digg-api (tenant digg) on TCP/443 under ISA-2026-9 (on fk-a)");
    expect(cross).toContain("digg opens ingress to digg-api from isof-web (tenant isof) on TCP/443 under ISA-2026-9 (on fk-a)");
    const digg = r.tenants.find((t) => t.tenant === "digg")!;
    expect(digg.mirror?.equivalent).toBe(false);
    expect(digg.mirror?.differences).toContain("network: ingress to digg-api from isof-web (tenant isof) on TCP/443 — only on fk-a");
    expect(flagKinds(r)).toContain("mirror-diverged");
  });
});

describe("review of a security level lowered", () => {
  const lower = replaceIn("mfof", "level: moderate", "level: low");
  it("needs a decision", () => {
    const r = reviewOf(base, synthExample(lower));
    expect(r.flags[0]).toMatchObject({ kind: "security-level-lowered", level: "decision", approval: "lower-security-level", sites: ["fk-a", "fk-b"] });
    expect(r.decisionNeeded).toBe(true);
    expect(summaryOf(r, "mfof")).toContain("security level: moderate → low");
  });

  it("is approved by a lower-security-level marker in the tenant file", () => {
    const r = reviewOf(base, synthExample(lower, replaceIn("mfof", "contacts:", 'approvals: [{ change: lower-security-level, ref: FK-SEC-2026-4, by: "CISO" }]\ncontacts:')));
    expect(r.flags[0]).toMatchObject({ kind: "security-level-lowered", approvedBy: { ref: "FK-SEC-2026-4", by: "CISO" } });
    expect(r.decisionNeeded).toBe(false);
    expect(summaryOf(r, "mfof")).toContain("approval marker added: lower-security-level (FK-SEC-2026-4, by CISO)");
  });
});

describe("review of a tenant that moves site and lowers its level in one change", () => {
  it("still needs the lowered level decided, and never calls it unchanged", () => {
    const moderateBase = synthExample(replaceIn("statskontoret", "level: low", "level: moderate"));
    const moved = synthExample(replaceIn("statskontoret", "sites: [skv-a]", "sites: [skv-b]"));
    const r = reviewOf(moderateBase, moved);
    const flag = r.flags.find((f) => f.kind === "security-level-lowered");
    expect(flag).toMatchObject({ level: "decision", tenant: "statskontoret", approval: "lower-security-level", sites: ["skv-b"] });
    expect(r.decisionNeeded).toBe(true);
    const lines = summaryOf(r, "statskontoret");
    expect(lines).toContain("security level: moderate → low");
    expect(lines.some((l) => l.includes("(unchanged)"))).toBe(false);
  });
});

describe("review of secret history and certificates", () => {
  it("needs a decision when fewer versions per secret are kept, approved by lower-max-versions", () => {
    const cut = replaceIn("digg", "secrets: { maxVersions: 20 }", "secrets: { maxVersions: 2 }");
    const r = reviewOf(base, synthExample(cut));
    const flag = r.flags.find((f) => f.kind === "secret-versions-cut")!;
    expect(flag).toMatchObject({ level: "decision", tenant: "digg", approval: "lower-max-versions", sites: ["fk-a", "fk-b"] });
    expect(flag.message).toContain("keeps 2 versions per secret instead of 20");
    expect(r.decisionNeeded).toBe(true);
    expect(summaryOf(r, "digg")).toContain("KV digg/kv keeps 2 versions per secret (was 20): versions beyond the newest 2 of each secret are destroyed");
    const approved = reviewOf(base, synthExample(cut, replaceIn("digg", "contacts:", "approvals: [{ change: lower-max-versions, ref: CR-9, by: Anna }]\ncontacts:")));
    expect(approved.flags.find((f) => f.kind === "secret-versions-cut")!.approvedBy).toMatchObject({ ref: "CR-9" });
    // More versions lose nothing.
    expect(flagKinds(reviewOf(base, synthExample(replaceIn("digg", "maxVersions: 20", "maxVersions: 30"))))).not.toContain("secret-versions-cut");
  });

  it("shows every domain a new PKI role allows, and flags it", () => {
    const r = reviewOf(base, synthExample(replaceIn("isof", "services:", "services:\n  certificates: { domains: [sprak.isof.example.se, www.isof.example.se] }")));
    expect(summaryOf(r, "isof")).toContain("PKI role tenant-isof created on pki: certificates for sprak.isof.example.se and www.isof.example.se");
    const flag = r.flags.find((f) => f.kind === "certificate-domains")!;
    expect(flag.message).toBe("isof: PKI role tenant-isof on pki may issue certificates for sprak.isof.example.se and www.isof.example.se (on fk-a)");
  });
});

describe("review of a catalogue change", () => {
  const catalogue = (file: string, from: string, to: string): Edit => (dir) => {
    const path = join(dir, "catalogue", file);
    const text = readFileSync(path, "utf8");
    if (!text.includes(from)) throw new Error(`catalogue/${file} no longer contains ${JSON.stringify(from)}`);
    writeFileSync(path, text.replace(from, to));
  };
  it("flags what widens tenants' reach or loosens the rules, which used to pass with no flag", () => {
    const r = reviewOf(base, synthExample(
      catalogue("sites.yaml", "dns: { namespace: kube-system, podLabels: { k8s-app: kube-dns } }", "dns: { namespace: kube-system }"),
      catalogue("sites.yaml", "maxSecurityLevel: high\n", "maxSecurityLevel: very-high\n"),
      catalogue("sites.yaml", "ports: [8080, 9090]", "ports: [8080, 9090, 22]"),
      catalogue("suppliers.yaml", "    serves: [state-agency]\n", "    serves: [state-agency]\n    policy: { disabledPacks: [aggregation], privateRanges: [198.18.0.0/15] }\n"),
      catalogue("suppliers.yaml", "  - { name: Försvarets radioanstalt, orgNumber: 202100-0365 }\n", ""),
    ));
    const messages = r.flags.filter((f) => f.kind === "catalogue-relaxed").map((f) => f.message);
    expect(messages).toEqual(expect.arrayContaining([
      "catalogue: the dns endpoint's podLabels (k8s-app=kube-dns) are removed: tenants' network policies now admit every pod of kube-system (on fk-a)",
      "catalogue: site fk-a's maxSecurityLevel is raised from high to very-high: tenants of higher levels may be placed on it",
      "catalogue: the monitoring endpoint also reaches tenant pods on port 22 (on fk-a)",
      "catalogue: forsakringskassan disables the policy pack aggregation: their rules no longer judge its tenants (on fk-a and fk-b)",
      "catalogue: forsakringskassan counts 198.18.0.0/15 as private: very-high tenants may send data there (EXP-002) (on fk-a and fk-b)",
    ]));
    expect(messages.some((m) => m.includes("may now serve Försvarets radioanstalt (202100-0365), no longer excluded"))).toBe(true);
    expect(r.flags.filter((f) => f.kind === "catalogue-relaxed").every((f) => f.level === "attention")).toBe(true);
  });
});

describe("review of a site dropped", () => {
  const drop = replaceIn("mfof", "sites: [fk-a, fk-b], priority: 2", "sites: [fk-a], priority: 2");
  it("needs a decision and says what is destroyed there", () => {
    const r = reviewOf(base, synthExample(drop));
    const flag = r.flags.find((f) => f.kind === "site-dropped")!;
    expect(flag).toMatchObject({ level: "decision", sites: ["fk-b"] });
    expect(flag.message).toMatch(/^tenant mfof is no longer mirrored to fk-b \(fk-a and fk-b → fk-a\): its namespaces and mounts there are destroyed; /);
    expect(r.decisionNeeded).toBe(true);
    expect(r.affected).toContain("tenant--mfof--fk-b");
    const lines = r.tenants.find((t) => t.tenant === "mfof")!.summary;
    expect(lines).toContainEqual({
      text: "site fk-b dropped: namespaces mfof-apps and mfof-batch and Vault mounts mfof/kv and mfof/transit (with their data) and everything else on it are destroyed",
      sites: ["fk-b"],
    });
  });

  it("cannot be approved in the same change: prevent_destroy still holds on fk-b in the base", () => {
    const r = reviewOf(base, synthExample(drop, replaceIn("mfof", "contacts:", "approvals: [{ change: drop-site:fk-b, ref: FK-CAB-88, by: ops }]\ncontacts:")));
    const flag = r.flags.find((f) => f.kind === "site-dropped")!;
    expect(flag.approvedBy).toBeUndefined();
    expect(flag.message).toContain("but prevent_destroy still holds on fk-b in the base, so Terraform would refuse the destroy");
    expect(flag.steps![0]).toContain("Keep fk-b in `resilience.sites` of tenants/mfof.yaml in this pull request, and add `approvals: [{ change: drop-site:fk-b, ref, by }]` instead");
    expect(r.decisionNeeded).toBe(true);
  });

  it("runs in two steps: the marker first lifts prevent_destroy on that site only, so the destroy can run", () => {
    const marker = replaceIn("mfof", "contacts:", "approvals: [{ change: drop-site:fk-b, ref: FK-CAB-88, by: ops }]\ncontacts:");
    const step1 = synthExample(marker);
    const first = reviewOf(base, step1);
    expect(first.affected).toEqual(["tenant--mfof--fk-b"]);
    expect(first.flags.map((f) => [f.kind, f.sites])).toEqual([["prevent-destroy-lifted", ["fk-b"]]]);
    expect(first.unusedApprovals).toEqual([]);
    expect(first.decisionNeeded).toBe(false);
    const stack = (site: string): string => readFileSync(join(step1, "stacks", `tenant--mfof--${site}`, "cdk.tf.json"), "utf8");
    expect(stack("fk-b")).not.toContain('"prevent_destroy": true');
    expect(stack("fk-a")).toContain('"prevent_destroy": true');

    const second = reviewOf(step1, synthExample(marker, drop));
    expect(second.flags.filter((f) => f.level === "decision").map((f) => [f.kind, f.approvedBy?.ref])).toEqual([["site-dropped", "FK-CAB-88"]]);
    expect(second.decisionNeeded).toBe(false);
  });
});

describe("review of a tenant moved to another site", () => {
  it("names both sites and the placement, and needs the drop-site decision", () => {
    const r = reviewOf(base, synthExample(replaceIn("isof", "sites: [fk-a], priority: 4", "sites: [fk-b], priority: 4")));
    expect(r.flags.find((f) => f.kind === "site-dropped")?.message).toMatch(/^tenant isof moves from fk-a to fk-b: its namespaces and mounts on fk-a are destroyed, not moved/);
    const lines = summaryOf(r, "isof");
    expect(lines).toContain("site fk-b added");
    expect(lines).toContain("placement: fk-a → fk-b");
    expect(lines.some((l) => l.startsWith("site fk-a dropped: "))).toBe(true);
    expect(r.decisionNeeded).toBe(true);
  });
});

describe("review of a mount and a namespace destroyed", () => {
  it("needs destroy-mount:kv when the secrets service is dropped", () => {
    const r = reviewOf(base, synthExample(replaceIn("mfof", "  secrets: {}\n", "")));
    const flag = r.flags.find((f) => f.kind === "mount-destroyed")!;
    expect(flag).toMatchObject({ level: "decision", approval: "destroy-mount:kv", sites: ["fk-a", "fk-b"] });
    expect(flag.message).toContain("Vault kv mount mfof/kv of mfof is destroyed: every secret in it is lost");
    expect(r.decisionNeeded).toBe(true);
    const approved = reviewOf(base, synthExample(replaceIn("mfof", "  secrets: {}\n", ""), replaceIn("mfof", "contacts:", "approvals: [{ change: destroy-mount:kv, ref: X-1, by: ops }]\ncontacts:")));
    expect(approved.decisionNeeded).toBe(false);
  });

  it("needs destroy-namespace:<key> (or the full name) when a namespace goes", () => {
    const drop = replaceIn("mfof", "      batch: { cpu: 4, memory: 16Gi, storage: 50Gi, pods: 40, containerDefaults: { defaultMemory: 1Gi } }\n", "");
    const r = reviewOf(base, synthExample(drop));
    expect(r.flags.find((f) => f.kind === "namespace-destroyed")).toMatchObject({ approval: "destroy-namespace:batch", sites: ["fk-a", "fk-b"] });
    // Its quota, policies and bindings go with it: not flagged one by one.
    expect(flagKinds(r)).not.toContain("resource-destroyed");
    const byName = reviewOf(base, synthExample(drop, replaceIn("mfof", "contacts:", "approvals: [{ change: destroy-namespace:mfof-batch, ref: X-2, by: ops }]\ncontacts:")));
    expect(byName.decisionNeeded).toBe(false);
  });
});

describe("review of the decommission step", () => {
  it("shows prevent_destroy lifted and the phase change, and needs no decision", () => {
    const r = reviewOf(
      base,
      synthExample(replaceIn("mfof", "  phase: run\n", "  phase: decommission\n  exit: { ref: FK-EXIT-3, date: 2026-12-31 }\n")),
    );
    expect(r.decisionNeeded).toBe(false);
    expect(r.flags.map((f) => f.kind)).toEqual(["prevent-destroy-lifted"]);
    expect(r.flags[0]!.message).toContain("prevent_destroy lifted on namespace mfof-apps, namespace mfof-batch, mount mfof/kv and mount mfof/transit");
    expect(summaryOf(r, "mfof")).toContain("agreement phase: run → decommission");
  });
});

describe("review of a tenant-file change that deploys nothing", () => {
  it("shows an approval marker added alone, deploys no stack, and lists the marker as unused", () => {
    const r = reviewOf(base, synthExample(replaceIn("mfof", "contacts:", "approvals: [{ change: lower-security-level, ref: FK-CAB-90, by: ops }]\ncontacts:")));
    expect(r.headline.stacks).toEqual({ added: 0, changed: 0, removed: 0, metadataOnly: 2 });
    expect(r.headline.tenants.changed).toBe(1);
    expect(r.affected).toEqual([]);
    expect(summaryOf(r, "mfof")).toContain("approval marker added: lower-security-level (FK-CAB-90, by ops)");
    expect(r.unusedApprovals).toEqual([{ tenant: "mfof", approval: { change: "lower-security-level", ref: "FK-CAB-90", by: "ops" } }]);
    expect(r.decisionNeeded).toBe(false);
  });
});

describe("review of no change", () => {
  it("is empty and clean", () => {
    const r = reviewOf(base, synthExample());
    expect(r).toMatchObject({ decisionNeeded: false, flags: [], tenants: [], affected: [] });
    expect(r.headline.resources).toEqual({ create: 0, update: 0, replace: 0, destroy: 0 });
  });
});
