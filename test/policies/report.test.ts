/** The three report formats and the MTB conformance table. */
import { describe, expect, it } from "vitest";
import { TODAY, exceptionDoc, model, tenant, type TenantDoc } from "./helpers.js";
import { runPolicies } from "../../policies/run.js";
import { formatBlocking, formatJson, formatMarkdown, formatText } from "../../policies/report.js";
import { MTB_CHECKS, mtbConformance } from "../../policies/mtb.js";
import { COMMENT_MAX_CHARS } from "../../lib/fold.js";

const high = { level: "high", classifiedInformation: false, personalData: "none" } as const;
const exposed = (id: string, exceptions: TenantDoc["exceptions"] = []) =>
  tenant(id, { security: high, services: { "container-hosting": { namespaces: { apps: { cpu: 1, memory: "1Gi", storage: "1Gi", pods: 5 } }, ingress: { hosts: [`${id}.example.se`] } } }, exceptions });
const exception = { rule: "EXP-003", reason: "Citizen e-service | risk assessment RA-12", expires: "2026-06-20", ref: "RA-2026-12" };
const m = model([exposed("acme", [exception]), exposed("bad"), tenant("calm", { agreement: { phase: "plan" } })]);
const result = runPolicies(m, { today: TODAY });

describe("text report", () => {
  it("prints one file:line:col: field: message [RULE] line per finding, as model errors are, the active exceptions and a summary", () => {
    const lines = formatText(result).split("\n");
    expect(lines[0]).toMatch(/^tenants\/acme\.yaml:\d+:\d+: services\.container-hosting\.ingress: error \(excepted by RA-2026-12 until 2026-06-20\): a high tenant exposes acme\.example\.se .* \[EXP-003\]$/);
    expect(lines[1]).toMatch(/^tenants\/acme\.yaml:\d+:\d+: exceptions\.0\.expires: warning: .*expires in 19 days \(2026-06-20\).* \[HYG-004\]$/);
    expect(lines[2]).toMatch(/^tenants\/bad\.yaml:\d+:\d+: services\.container-hosting\.ingress: error: a high tenant exposes bad\.example\.se.* \[EXP-003\]$/);
    expect(lines).toContain("Active exceptions:");
    expect(lines.find((l) => l.startsWith("  tenants/acme.yaml:"))).toMatch(/EXP-003 excepted by RA-2026-12 until 2026-06-20, excusing 1 finding: Citizen e-service/);
    expect(lines.slice(-3)).toEqual([
      "isolation baseline: not checked (no synthesized output)",
      "samdrift check: 2 errors (1 blocking, 1 excepted), 1 warning, 1 active exception.",
      "",
    ]);
  });
});

describe("blocking report (for synth)", () => {
  it("prints only the blocking errors and what to do", () => {
    const lines = formatBlocking(result, "synth").trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^tenants\/bad\.yaml:\d+:\d+: services\.container-hosting\.ingress: error: a high tenant exposes .* \[EXP-003\]$/);
    expect(lines[1]).toBe("samdrift synth: refused by 1 blocking policy error; fix them, or add an exception for EXP-003 if the rule is bent on purpose (samdrift check shows the full report).");
  });
  it("offers an exception only for rules that allow one", () => {
    const classified = model([tenant("secretive", { security: { level: "low", classifiedInformation: true, personalData: "none" } })]);
    const refused = formatBlocking(runPolicies(classified, { today: TODAY }), "synth");
    expect(refused).toContain("[ADM-003]");
    expect(refused).toContain("samdrift synth: refused by 1 blocking policy error; fix them (samdrift check shows the full report).");
    expect(refused).not.toContain("exception");
  });
  it("says that findings on stacks/ are in the output synth did not write", () => {
    const onOutput = { ...result, blocking: [{ rule: "PRF-004", severity: "error" as const, tenant: "acme", file: "stacks/tenant--acme--fk-a/cdk.tf.json", line: 301, field: "x", message: "m" }] };
    expect(formatBlocking(onOutput, "synth")).toContain("(stacks/… is the output this run would have written; nothing was written.");
    expect(formatBlocking(onOutput, "check")).not.toContain("would have written");
  });
  it("names the resource a finding is about in the field's place, and the file and field once", () => {
    const prf = { rule: "PRF-004", severity: "error" as const, tenant: "acme", file: "stacks/tenant--acme--fk-a/cdk.tf.json", line: 9, field: "kubernetes_role_binding_v1.x", message: "site fk-a: group:g holds admin in acme-apps, which is not declared" };
    expect(formatBlocking({ ...result, blocking: [prf] }, "check")).toContain(
      "stacks/tenant--acme--fk-a/cdk.tf.json:9:1: kubernetes_role_binding_v1.x: error: site fk-a: group:g holds admin in acme-apps, which is not declared [PRF-004]\n",
    );
    const named = { ...prf, message: `tenant acme, ${prf.file}, kubernetes_role_binding_v1.x: bound outside` };
    expect(formatBlocking({ ...result, blocking: [named] }, "check")).toContain("stacks/tenant--acme--fk-a/cdk.tf.json:9:1: kubernetes_role_binding_v1.x: error: bound outside [PRF-004]\n");
    const site = { ...prf, tenant: "", message: `site fk-a, ${prf.file}, kubernetes_role_binding_v1.x: bound outside` };
    expect(formatBlocking({ ...result, blocking: [site] }, "check")).toContain("kubernetes_role_binding_v1.x: error: site fk-a: bound outside [PRF-004]\n");
  });
  it("prints nothing when nothing blocks", () => {
    expect(formatBlocking(runPolicies(model([tenant("calm")]), { today: TODAY }), "synth")).toBe("");
  });
});

describe("markdown report", () => {
  const md = formatMarkdown(m, result);
  it("opens with the verdict and has a section with a table per tenant", () => {
    expect(md.startsWith("## samdrift check\n\n**1 blocking error**: 2 errors (1 blocking, 1 excepted)")).toBe(true);
    expect(md).toContain("### Tenant `acme` (tenants/acme.yaml)");
    expect(md).toContain("| Status | Rule | Line | Field | Finding |");
    expect(md).toMatch(/\| error, excepted \(RA-2026-12\) \| EXP-003 \| \d+ \| `services\.container-hosting\.ingress` \| a high tenant exposes acme\.example\.se/);
    expect(md).toMatch(/\| \*\*error\*\* \| EXP-003 \| \d+ \|/);
    expect(md).toContain("### Tenant `calm` (tenants/calm.yaml)\n\nMyndigheten calm · moderate · phase plan · forsakringskassan: fk-a, fk-b\n\nNo findings.");
  });
  it("says \"No findings.\" only for a tenant with none, not above the output's findings", () => {
    const onOutput = { ...result, findings: [{ rule: "ISO-001", severity: "error" as const, tenant: "calm", file: "stacks/tenant--calm--fk-a/cdk.tf.json", line: 3, field: "x", message: "tenant calm: no default deny" }] };
    const section = formatMarkdown(m, onOutput).split("### Tenant `calm`")[1]!;
    expect(section).not.toContain("No findings.");
    expect(section).toContain("| **error** | ISO-001 | stacks/tenant--calm--fk-a/cdk.tf.json:3 |");
  });
  it("lists exceptions with escaped table cells", () => {
    expect(md).toContain("| RA-2026-12 (line ");
    expect(md).toContain("Citizen e-service \\| risk assessment RA-12 |");
  });
  it("prints text from tenant files as text: no HTML, links, images or mentions reach the comment", () => {
    const hostile = model([tenant("evil", {
      agency: { name: "<b>Evil</b> @octocat", orgNumber: "202100-0001", kind: "state-agency" },
      exceptions: [exceptionDoc({ reason: "<img src=x onerror=alert(1)> [click](https://evil.example) ![x](https://evil.example/p.png)" })],
    })]);
    const out = formatMarkdown(hostile, runPolicies(hostile, { today: TODAY }));
    expect(out).not.toMatch(/<img|<b>|(?<!\\)\]\(https/);
    expect(out).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(out).toContain("&lt;b&gt;Evil&lt;/b&gt; @\u200boctocat");
  });
  it("has an MTB conformance table per tenant", () => {
    expect(md.match(/<summary>Kubernetes Multi-Tenancy Benchmark \(MTB\) level 1: 0 of 15 met<\/summary>/g)).toHaveLength(3);
    expect(md).toContain("| MTB-PL1-BC-HI-2 Block use of NodePort services | not verified | the namespace quota sets services.nodeports to 0 | ISO-003 |");
    expect(md).toContain("| MTB-PL1-CC-CPI-1 Block access to cluster resources | no resources |");
  });
  it("stays under a pull-request comment's limit, folding tenants' sections and saying so", () => {
    const many = Array.from({ length: 3_000 }, (_, i) => ({ rule: "ISO-001", severity: "error" as const, tenant: "bad", file: "stacks/tenant--bad--fk-a/cdk.tf.json", line: i + 1, field: `kubernetes_namespace_v1.n${i}`, message: `no default deny in namespace n${i} ${"x".repeat(40)}` }));
    const big = formatMarkdown(m, { ...result, findings: [...result.findings, ...many] });
    expect(big.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(big).toContain("### Tenant `bad`: 3001 errors (3001 blocking), 0 warnings");
    expect(big).toContain("> **Folded to stay under 60,000 characters:** ");
    // Tenants that fit keep their tables.
    expect(big).toContain("### Tenant `acme` (tenants/acme.yaml)");
    const small = formatMarkdown(m, result, { maxChars: 2_500 });
    expect(small.length).toBeLessThanOrEqual(2_500);
    expect(small).toMatch(/> \*\*Folded to stay under 2,500 characters:\*\* \d+ sections? shown without their MTB table and exceptions, or in one line/);
    expect(formatMarkdown(m, result)).not.toContain("Folded");
  });
  it("covers only the tenants asked for", () => {
    const only = formatMarkdown(m, result, { tenants: ["calm"] });
    expect(only).toContain("### Tenant `calm`");
    expect(only).not.toContain("### Tenant `acme`");
  });
});

describe("json report", () => {
  it("has findings with the Finding fields, whether excepted, the exceptions and the summary", () => {
    const json = JSON.parse(formatJson(result)) as { findings: Record<string, unknown>[]; exceptions: unknown[]; summary: Record<string, unknown> };
    expect(Object.keys(json)).toEqual(["findings", "exceptions", "summary"]);
    expect(json.findings[0]).toEqual({
      rule: "EXP-003", severity: "error", tenant: "acme", file: "tenants/acme.yaml", line: expect.any(Number),
      field: "services.container-hosting.ingress", message: expect.stringContaining("a high tenant exposes"),
      exceptable: true, excepted: true, exception: { ref: "RA-2026-12", expires: "2026-06-20" },
    });
    expect(json.findings[2]).toMatchObject({ tenant: "bad", excepted: false });
    expect(json.exceptions).toEqual([{ tenant: "acme", file: "tenants/acme.yaml", line: expect.any(Number), rule: "EXP-003", ref: "RA-2026-12", expires: "2026-06-20", reason: exception.reason, excuses: 1 }]);
    expect(json.summary).toEqual({ errors: 2, warnings: 1, excepted: 1, blocking: 1, activeExceptions: 1, outputChecked: false });
  });
});

describe("MTB conformance", () => {
  it("pins the benchmark checks it claims", () => {
    expect(MTB_CHECKS.map((c) => c.id)).toEqual([
      "MTB-PL1-CC-CPI-1", "MTB-PL1-CC-TI-1", "MTB-PL1-CC-TI-2", "MTB-PL1-CC-FNS-1", "MTB-PL1-CC-FNS-2",
      "MTB-PL1-BC-CPI-3", "MTB-PL1-BC-CPI-4", "MTB-PL1-BC-CPI-5", "MTB-PL1-BC-CPI-6",
      "MTB-PL1-BC-HI-1", "MTB-PL1-BC-HI-2", "MTB-PL1-BC-HI-3", "MTB-PL1-BC-HI-4", "MTB-PL1-BC-HI-5", "MTB-PL1-BC-NI-1",
    ]);
  });
  it("marks a check not met when a verifying rule found an error for the tenant", () => {
    const checked = { ...result, summary: { ...result.summary, outputChecked: true } };
    const withIso = { ...checked, findings: [...checked.findings, { rule: "ISO-003", severity: "error" as const, tenant: "acme", file: "x", line: 1, field: "", message: "" }] };
    const rows = mtbConformance(m, withIso, "acme");
    expect(rows.filter((r) => r.status === "not met").map((r) => [r.check.id, r.failing])).toEqual([
      ["MTB-PL1-CC-TI-1", ["ISO-003"]], ["MTB-PL1-CC-FNS-1", ["ISO-003"]], ["MTB-PL1-CC-FNS-2", ["ISO-003"]], ["MTB-PL1-BC-HI-2", ["ISO-003"]],
    ]);
    expect(rows.filter((r) => r.status === "met")).toHaveLength(11);
  });
  it("counts the isolation proof, and findings on the site stacks of the tenant's sites", () => {
    const checked = { ...result, summary: { ...result.summary, outputChecked: true } };
    const on = (file: string) => ({
      ...checked,
      findings: [...checked.findings, { rule: "PRF-001", severity: "error" as const, tenant: "", file, line: 1, field: "", message: "" }],
    });
    const notMet = (r: typeof checked, id: string) => mtbConformance(m, r, id).filter((row) => row.status === "not met").map((row) => [row.check.id, row.failing]);
    expect(notMet(on("stacks/site--fk-a/cdk.tf.json"), "acme")).toEqual([["MTB-PL1-BC-NI-1", ["PRF-001"]]]);
    expect(notMet(on("stacks/site--skv-a/cdk.tf.json"), "acme")).toEqual([]);
  });
});
