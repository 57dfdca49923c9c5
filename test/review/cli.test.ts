/**
 * `samdrift review` as CI runs it: real synthesized folders in, Markdown or JSON out, exit codes, the
 * affected-stack list, findings, the size cap, and errors a user can act on.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { review } from "../../cli/review.js";
import { addTenant, replaceIn, runCommand, synthExample, type Edit } from "./helpers.js";
import { orgNumberOf } from "../../model/primitives.js";

let base: string;
let onboarding: string;
let lowered: string;
let scratch: string;
beforeAll(() => {
  base = synthExample();
  onboarding = synthExample(addTenant("tillvaxt", tenantYaml("tillvaxt", 0)));
  lowered = synthExample(replaceIn("mfof", "level: moderate", "level: low"));
  scratch = mkdtempSync(join(tmpdir(), "samdrift-review-cli-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A new mirrored tenant with an internet ingress and a declared egress. */
function tenantYaml(id: string, n: number, reason = "agency database over the government network"): string {
  return `id: ${id}
agency: { name: "Agency ${n}", orgNumber: "${orgNumberOf(`2021${String(1000 + n).padStart(5, "0")}`)}", kind: state-agency }
supplier: forsakringskassan
agreement: { phase: build, ref: FK-2026-${String(n).padStart(4, "0")} }
security: { level: low, classifiedInformation: false, personalData: none }
resilience: { sites: [fk-a, fk-b], priority: 4 }
contacts: { adminGroup: ${id}-admins }
services:
  container-hosting:
    namespaces:
      web: { cpu: 1, memory: 1Gi, storage: 1Gi, pods: 5 }
      jobs: { cpu: 1, memory: 1Gi, storage: 1Gi, pods: 5 }
    ingress: { hosts: [${id}.example.se] }
    egress:
      - { cidr: 10.${n % 250}.0.0/16, ports: [5432], reason: ${JSON.stringify(reason)} }
  secrets: {}
`;
}

const write = (name: string, content: string): string => {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
};

describe("samdrift review exit codes", () => {
  it("exits 0 for a clean review and prints the Markdown review", async () => {
    const r = await runCommand(review, "/", "--base", base, "--head", onboarding);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^## samdrift review: ⚠️ no decision needed; read the flags\n/);
  });

  it("exits 2 when a flag needs a decision", async () => {
    const r = await runCommand(review, "/", "--base", base, "--head", lowered);
    expect(r.code).toBe(2);
    expect(r.out).toContain("## samdrift review: ⛔ decision needed");
    expect(r.out).toContain("- ⛔ **security-level-lowered**: security level of mfof is lowered from moderate to low (on fk-a and fk-b)");
    expect(r.out).toContain("`approvals: [{ change: lower-security-level, ref: <decision>, by: <name> }]`");
  });

  it("exits 1 with a message naming the folder when --head is not an output folder", async () => {
    const r = await runCommand(review, scratch, "--base", base, "--head", "nowhere");
    expect(r.code).toBe(1);
    expect(r.err).toBe("samdrift review: --head nowhere: no such folder; pass the folder `samdrift synth --out` wrote (e.g. cdktf.out)\n");
    const empty = mkdtempSync(join(scratch, "empty-"));
    const noManifest = await runCommand(review, "/", "--base", base, "--head", empty);
    expect(noManifest.err).toContain("no manifest.json; is this a `samdrift synth` output folder?");
  });

  it("exits 1 on missing flags and unknown formats", async () => {
    expect((await runCommand(review, "/", "--base", base)).err).toBe(
      "samdrift review: needs --base DIR and --head DIR (the base branch's and the pull request's `samdrift synth` output)\n",
    );
    const bad = await runCommand(review, "/", "--base", base, "--head", base, "--format", "yaml");
    expect(bad).toMatchObject({ code: 1, err: "samdrift review: --format yaml is not known; use markdown (default) or json\n" });
    expect((await runCommand(review, "/", "--bogus")).code).toBe(1);
  });
});

describe("samdrift review --affected", () => {
  it("prints the stacks to deploy, one a line, and exits 0 even when a decision is needed", async () => {
    const r = await runCommand(review, "/", "--base", base, "--head", lowered, "--affected");
    expect(r).toEqual({ code: 0, out: "tenant--mfof--fk-a\ntenant--mfof--fk-b\n", err: "" });
  });

  it("lists removed stacks too, and nothing for no change", async () => {
    expect((await runCommand(review, "/", "--base", onboarding, "--head", base, "--affected")).out).toBe("tenant--tillvaxt--fk-a\ntenant--tillvaxt--fk-b\n");
    expect((await runCommand(review, "/", "--base", base, "--head", base, "--affected")).out).toBe("");
  });
});

describe("samdrift review --format json", () => {
  it("has a versioned, stable shape", async () => {
    const r = await runCommand(review, "/", "--base", base, "--head", lowered, "--format", "json");
    expect(r.code).toBe(2);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(["version", "status", "kind", "headline", "flags", "tenants", "siteStacks", "otherStacks", "affected", "unusedApprovals", "notifications", "isolation"]);
    expect(json).toMatchObject({
      version: 1,
      status: "decision-needed",
      kind: "review",
      headline: {
        tenants: { added: 0, changed: 1, removed: 0 },
        stacks: { added: 0, changed: 2, removed: 0, metadataOnly: 0 },
        resources: { create: 0, update: 4, replace: 0, destroy: 0 },
      },
      affected: ["tenant--mfof--fk-a", "tenant--mfof--fk-b"],
    });
    const [flag] = json.flags as Record<string, unknown>[];
    expect(flag).toEqual({
      kind: "security-level-lowered", level: "decision", tenant: "mfof", sites: ["fk-a", "fk-b"],
      message: "security level of mfof is lowered from moderate to low (on fk-a and fk-b)", approval: "lower-security-level",
    });
    const [tenant] = json.tenants as { sites: { resources: { action: string; attributes: unknown[] }[] }[] }[];
    expect(tenant).toMatchObject({ tenant: "mfof", status: "changed", securityLevel: "low", placement: ["fk-a", "fk-b"] });
    expect(tenant!.sites[0]!.resources[0]).toMatchObject({
      type: "kubernetes_namespace_v1",
      action: "update",
      attributes: [{ path: 'metadata.labels["samdrift.io/security-level"]', before: "moderate", after: "low", forcesNew: false }],
    });
  });
});

describe("samdrift review --findings", () => {
  it("turns check findings of changed tenants into flags and counts the others", async () => {
    const findings = write(
      "findings.json",
      JSON.stringify({
        findings: [
          { rule: "NET-004", severity: "warning", tenant: "mfof", file: "tenants/mfof.yaml", line: 14, field: "services.container-hosting.egress.0", message: "egress to a public address", excepted: false },
          { rule: "SEC-003", severity: "error", tenant: "mfof", file: "tenants/mfof.yaml", line: 6, field: "security.level", message: "level below the data's need", excepted: true, exception: { ref: "FK-EX-9", expires: "2026-12-31" } },
          { rule: "CAP-001", severity: "warning", tenant: "digg", file: "tenants/digg.yaml", line: 3, field: "", message: "unrelated", excepted: false },
        ],
        summary: { errors: 1, warnings: 2 },
      }),
    );
    const r = await runCommand(review, "/", "--base", base, "--head", lowered, "--findings", findings, "--format", "json");
    const json = JSON.parse(r.out) as { flags: { kind: string; level: string; message: string }[]; findings: unknown };
    const found = json.flags.filter((f) => f.kind === "policy-finding");
    expect(found).toEqual([
      { kind: "policy-finding", level: "attention", tenant: "mfof", sites: [], message: "NET-004 (warning) tenants/mfof.yaml:14 services.container-hosting.egress.0: egress to a public address" },
      { kind: "policy-finding", level: "attention", tenant: "mfof", sites: [], message: "SEC-003 (error) tenants/mfof.yaml:6 security.level: level below the data's need (excepted under FK-EX-9 until 2026-12-31)" },
    ]);
    expect(json.findings).toEqual({ total: 3, otherTenants: 1 });
  });

  it("makes a blocking error finding a decision", async () => {
    const findings = write("blocking.json", JSON.stringify({ findings: [{ rule: "SEC-001", severity: "error", tenant: "tillvaxt", file: "tenants/tillvaxt.yaml", line: 1, field: "", message: "bad" }], summary: {} }));
    const r = await runCommand(review, "/", "--base", base, "--head", onboarding, "--findings", findings);
    expect(r.code).toBe(2);
    expect(r.out).toContain("⛔ **policy-finding**: SEC-001 (error) tenants/tillvaxt.yaml:1: bad");
  });

  it("offers an exception as a way out only for a rule that allows one", async () => {
    const steps = async (exceptable: boolean | undefined) => {
      const finding = { rule: "EXP-003", severity: "error", tenant: "tillvaxt", file: "tenants/tillvaxt.yaml", line: 1, field: "", message: "bad", ...(exceptable === undefined ? {} : { exceptable }) };
      const file = write(`steps-${String(exceptable)}.json`, JSON.stringify({ findings: [finding], summary: {} }));
      const r = await runCommand(review, "/", "--base", base, "--head", onboarding, "--findings", file, "--format", "json");
      return (JSON.parse(r.out) as { flags: { kind: string; steps?: string[] }[] }).flags.find((f) => f.kind === "policy-finding")?.steps;
    };
    expect(await steps(true)).toEqual(["Fix the tenant file, or add an exception (`exceptions: [{ rule, reason, expires, ref }]`) if the rule is bent on purpose."]);
    expect(await steps(false)).toEqual(["Fix the tenant file (the rule allows no exception)."]);
    expect(await steps(undefined)).toEqual(["Fix the tenant file (the rule allows no exception)."]);
  });

  it("rejects a file that is not check output", async () => {
    write("bad.json", JSON.stringify({ findings: [{ rule: "X" }] }));
    const r = await runCommand(review, scratch, "--base", base, "--head", onboarding, "--findings", "bad.json");
    expect(r).toMatchObject({ code: 1, err: "bad.json:1:1: findings.0: a finding needs `rule`, `severity` (error or warning) and `message` [INVALID_FIELD]\n" });
    write("not.json", "{");
    expect((await runCommand(review, scratch, "--base", base, "--head", onboarding, "--findings", "not.json")).err).toMatch(/^not\.json:1:1: not valid JSON: /);
  });
});

describe("the Markdown comment", () => {
  it("reads a one-tenant onboarding in a few dozen lines, resource tables folded", async () => {
    const r = await runCommand(review, "/", "--base", base, "--head", onboarding);
    // What a reader sees without unfolding anything.
    const visible = r.out.replace(/<details>[\s\S]*?<\/details>/g, "");
    // 45 lines, and 5 for the notifications an onboarding into build makes due.
    expect(visible.split("\n").length).toBeLessThan(50);
    expect(visible).toContain("### Notifications due (§12: the agreement is signed)");
    expect(visible).toContain("#### tillvaxt · 🆕 added · low · build · fk-a, fk-b");
    expect(visible).toContain("- namespace tillvaxt-jobs created: quota cpu 1, memory 1Gi, storage 1Gi, pods 5 — on fk-a and fk-b");
    expect(r.out).toContain("<details><summary>fk-a (tenant--tillvaxt--fk-a): 24 to create</summary>");
    expect(r.out).toContain("### Stacks to deploy (2)");
  });

  it("escapes text from tenant files: no HTML, links or mentions get through", async () => {
    const head = synthExample(addTenant("evil", tenantYaml("evil", 7, "<img src=x onerror=alert(1)> [click](http://x) @platform-team **bold**")));
    const r = await runCommand(review, "/", "--base", base, "--head", head);
    expect(r.out).not.toContain("<img");
    expect(r.out).not.toContain("[click](");
    expect(r.out).not.toContain("@platform-team");
    expect(r.out).toContain("&lt;img src=x onerror=alert(1)&gt; \\[click\\](http://x) @\u200bplatform-team \\*\\*bold\\*\\*");
  });

  it("stays under 60,000 characters for a large change, with every flag, folding the rest with a note", async () => {
    const edits: Edit[] = Array.from({ length: 90 }, (_, n) => addTenant(`agency${n}`, tenantYaml(`agency${n}`, n + 10)));
    const head = synthExample(...edits, replaceIn("mfof", "level: moderate", "level: low"));
    const r = await runCommand(review, "/", "--base", base, "--head", head);
    expect(r.code).toBe(2);
    expect(r.out.length).toBeLessThanOrEqual(60_000);
    expect(r.out).toContain("**Tenants** 90 added, 1 changed, 0 removed");
    // Every security-relevant change is a flag, and all flags are shown.
    const json = JSON.parse((await runCommand(review, "/", "--base", base, "--head", head, "--format", "json")).out) as { flags: { message: string }[] };
    expect(json.flags.length).toBe(181);
    for (const f of json.flags) expect(r.out).toContain(f.message.replace(/_/g, "\\_").replace(/\*/g, "\\*"));
    expect(r.out).toMatch(/> \*\*Folded to stay under 60,000 characters:\*\* \d+ sections? shown without resource tables or in one line/);
    expect(r.out).toContain(`Every detail is in \`samdrift review --base ${base} --head ${head} --format json\`.`);
    expect(r.out.indexOf("### Risk flags")).toBeLessThan(r.out.indexOf("### Tenants"));
  });
});
