/** The real commands on fixture folders: exit codes, messages, and nothing written on failure. */
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, copyExample, editFile, run, snapshotDir, writeTenant } from "./helpers/repo.js";
import { minimalTenant } from "./helpers/model.js";
import { removeStaleTemporaries } from "../cli/synth.js";

describe("samdrift synth", () => {
  it("with --base-tenants, tells the tenant whose claim is new to change, not the established owner", async () => {
    const dir = copyExample();
    cpSync(join(dir, "tenants"), join(dir, "base"), { recursive: true });
    // zz held the host on the base branch (a newcomer still in plan); mfof, in run, takes it in this change.
    const zz = minimalTenant("zz", "    ingress: { hosts: [shared.example.se] }\n").replace("phase: run, ref: FK-TEST-1, acceptedAt: 2025-01-01", "phase: plan");
    writeFileSync(join(dir, "base", "zz.yaml"), zz);
    writeTenant(dir, "zz.yaml", zz);
    editFile(dir, "tenants/mfof.yaml", (t) => t.replace("hosts: [mfof.example.se]", "hosts: [mfof.example.se, shared.example.se]"));
    const blamed = (r: { err: string }) => r.err.split("\n").filter((l) => l.includes("[DUPLICATE_CLAIM]")).map((l) => l.split(":")[0]);
    expect(blamed(await run(dir, "synth", "--base-tenants", "base"))).toEqual(["tenants/mfof.yaml"]);
    expect(blamed(await run(dir, "check", "--base-tenants", "base"))).toEqual(["tenants/mfof.yaml"]);
    expect(blamed(await run(dir, "synth"))).toEqual(["tenants/zz.yaml"]);
  });

  it("writes manifest.json and one cdk.tf.json per stack, and says what it did", async () => {
    const dir = copyExample();
    const r = await run(dir, "synth");
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toBe("samdrift: synthesized 14 stacks (6 tenants with resources, 4 sites) into cdktf.out\n");
    const manifest = JSON.parse(readFileSync(join(dir, "cdktf.out", "manifest.json"), "utf8")) as { stacks: Record<string, { dependencies: string[] }> };
    expect(Object.keys(manifest.stacks)).toHaveLength(14);
    expect(manifest.stacks["tenant--mfof--fk-a"]!.dependencies).toEqual(["site--fk-a"]);
    expect(existsSync(join(dir, "cdktf.out", "stacks", "tenant--mfof--fk-a", "cdk.tf.json"))).toBe(true);
  });

  it("gives byte-identical output for the same input, wherever the folders are", async () => {
    const dir = copyExample();
    expect((await run(dir, "synth")).code).toBe(0);
    const first = snapshotDir(join(dir, "cdktf.out"));
    // --out deeper, --tenants and --catalogue absolute.
    const deeper = await run(dir, "synth", "--tenants", join(dir, "tenants"), "--catalogue", join(dir, "catalogue"), "--out", "build/ci/cdktf.out");
    expect(deeper.code).toBe(0);
    expect(snapshotDir(join(dir, "build/ci/cdktf.out"))).toEqual(first);
    // From another working folder, the tenants in a folder of another name, --out absolute and elsewhere.
    cpSync(join(dir, "tenants"), join(dir, "elsewhere", "mine"), { recursive: true });
    const out = mkdtempSync(join(tmpdir(), "samdrift-out-"));
    try {
      const moved = await run(join(dir, "elsewhere"), "synth", "--tenants", "mine", "--catalogue", "../catalogue", "--out", join(out, "a"));
      expect(moved.code).toBe(0);
      expect(snapshotDir(join(out, "a"))).toEqual(first);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("honours --tenants, --catalogue, --out and --only", async () => {
    const dir = copyExample();
    const r = await run(dir, "synth", "--tenants", "tenants", "--catalogue", "catalogue", "--out", "build/out", "--only", "mfof,isof");
    expect(r.code).toBe(0);
    expect(Object.keys(snapshotDir(join(dir, "build/out", "stacks"))).sort()).toEqual([
      "tenant--isof--fk-a/cdk.tf.json",
      "tenant--mfof--fk-a/cdk.tf.json",
      "tenant--mfof--fk-b/cdk.tf.json",
    ]);
  });

  it("never lets a partial output (--only) stand where a full one is expected", async () => {
    const dir = copyExample();
    expect((await run(dir, "synth")).code).toBe(0);
    const full = snapshotDir(join(dir, "cdktf.out"));
    // Over a full output, --only is refused and the full output stays as it was.
    const over = await run(dir, "synth", "--only", "isof");
    expect(over.code).toBe(1);
    expect(over.err).toContain("synth: --only would replace the full output in cdktf.out with one holding only the selected tenants' stacks");
    expect(snapshotDir(join(dir, "cdktf.out"))).toEqual(full);
    // In a folder of its own it is written, marked partial, and refused by every command that judges a whole output.
    expect((await run(dir, "synth", "--only", "isof", "--out", "isof.out")).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "isof.out", "samdrift-partial.json"), "utf8"))).toMatchObject({ partial: true, only: ["isof"] });
    for (const args of [["review", "--base", "cdktf.out", "--head", "isof.out"], ["check", "--out", "isof.out"], ["isolation", "--out", "isof.out"]]) {
      const r = await run(dir, ...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err, args.join(" ")).toContain("isof.out is a partial output (synth --only isof)");
    }
    // A full synth into it makes it a full output again.
    expect((await run(dir, "synth", "--out", "isof.out")).code).toBe(0);
    expect(existsSync(join(dir, "isof.out", "samdrift-partial.json"))).toBe(false);
  });

  it("fails with every problem as file:line:col, no stack trace, and writes nothing", async () => {
    const dir = copyExample();
    expect((await run(dir, "synth")).code).toBe(0);
    const before = snapshotDir(join(dir, "cdktf.out"));
    editFile(dir, "tenants/mfof.yaml", (t) => t.replace("cpu: 8,", "cpu: eight,"));
    writeTenant(dir, "t2.yaml", minimalTenant("t2", "colour: blue\n"));
    const r = await run(dir, "synth");
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err.split("\n")).toEqual([
      'tenants/mfof.yaml:17:15: services.container-hosting.namespaces.apps.cpu: "eight" is not a Kubernetes quantity; write a number with an optional suffix: m, k, M, G, T, Ki, Mi, Gi, Ti (e.g. 500m, 32Gi) [INVALID_FIELD]',
      'tenants/t2.yaml:12:1: colour: unknown field "colour"; check the spelling against the JSON Schema in schema/ [UNKNOWN_FIELD]',
      "samdrift synth: 2 problems in 2 files; nothing was written.",
      "",
    ]);
    expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
    // The previous output, with every other tenant's stacks, is untouched.
    expect(snapshotDir(join(dir, "cdktf.out"))).toEqual(before);
  });

  it("refuses to write when an error-level policy fails, with the rule and the file", async () => {
    const dir = copyExample();
    expect((await run(dir, "synth")).code).toBe(0);
    const before = snapshotDir(join(dir, "cdktf.out"));
    editFile(dir, "tenants/isof.yaml", (t) => t.replace("classifiedInformation: false", "classifiedInformation: true"));
    const r = await run(dir, "synth", "--today", "2026-11-22");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^tenants\/isof\.yaml:\d+:\d+: security\.classifiedInformation: error: .* \[ADM-003\]\n/);
    expect(r.err).toContain("samdrift synth: refused by 1 blocking policy error");
    expect(snapshotDir(join(dir, "cdktf.out"))).toEqual(before);
    expect(Object.keys(snapshotDir(dir)).filter((p) => p.startsWith(".cdktf.out"))).toEqual([]);
  });

  it("a failing first run leaves no output folder and no temporary folder", async () => {
    const dir = copyExample();
    writeTenant(dir, "broken.yaml", "id: [\n");
    expect((await run(dir, "synth")).code).toBe(1);
    expect(Object.keys(snapshotDir(dir)).filter((p) => !p.startsWith("catalogue/") && !p.startsWith("tenants/"))).toEqual([]);
  });

  it("never replaces a folder that is not a previous output", async () => {
    const dir = copyExample();
    for (const out of [".", "tenants", ".."]) {
      const r = await run(dir, "synth", "--out", out);
      expect(r.code).toBe(1);
      expect(r.err).toContain("would replace a folder holding");
    }
    mkdirSync(join(dir, "notes"));
    writeFileSync(join(dir, "notes", "keep.txt"), "mine");
    const r = await run(dir, "synth", "--out", "notes");
    expect(r.err).toContain("is not empty and holds no manifest.json");
    expect(readFileSync(join(dir, "notes", "keep.txt"), "utf8")).toBe("mine");
    expect(existsSync(join(dir, "tenants", "mfof.yaml"))).toBe(true);
  });

  it("refuses --only with an unknown tenant", async () => {
    const r = await run(copyExample(), "synth", "--only", "mfof,nope");
    expect(r.code).toBe(1);
    expect(r.err).toContain("--only names unknown tenant(s): nope");
  });

  it("refuses --only with tenants that have no resources yet, alone or among others, and writes nothing", async () => {
    const dir = copyExample();
    expect((await run(dir, "synth")).code).toBe(0);
    const before = snapshotDir(join(dir, "cdktf.out"));
    for (const only of ["bolagsverket", "mfof,bolagsverket"]) {
      const r = await run(dir, "synth", "--only", only);
      expect(r).toMatchObject({ code: 1, out: "" });
      expect(r.err).toContain("--only names tenant(s) with no resources to synthesize: bolagsverket (phase plan)");
      expect(snapshotDir(join(dir, "cdktf.out"))).toEqual(before);
    }
  });

  it("gives a tenant with Vault services but no namespaces no auth role, and its output passes check", async () => {
    const dir = copyExample();
    writeTenant(dir, "vaulty.yaml", minimalTenant("vaulty").replace(/services:\n[^]*$/, "services:\n  secrets: { maxVersions: 5 }\n  encryption: { keys: [docs] }\n"));
    expect((await run(dir, "synth", "--today", "2026-11-22")).code).toBe(0);
    const stack = JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", "tenant--vaulty--fk-a", "cdk.tf.json"), "utf8")) as {
      resource: Record<string, Record<string, { max_versions?: number }>>;
      "//": { samdrift: { namespaces: string[]; vault: Record<string, unknown> } };
    };
    expect(stack.resource.vault_kubernetes_auth_backend_role).toBeUndefined();
    expect(Object.values(stack.resource.vault_kv_secret_backend_v2!).map((r) => r.max_versions)).toEqual([5]);
    expect(stack["//"].samdrift.namespaces).toEqual([]);
    expect(stack["//"].samdrift.vault.authRole).toBeUndefined();
    const check = await run(dir, "check", "--today", "2026-11-22", "--out", "cdktf.out");
    expect(check.code).toBe(0);
    expect(check.out).toContain("samdrift check: 0 errors");
  });

  // The first real deploy found isof's metadata naming an auth role no resource creates: its workloads'
  // login answered "invalid role name". A tenant with namespaces but no Vault service has no role.
  it("gives a tenant with namespaces but no Vault service no auth role, in the resources or the metadata", async () => {
    const dir = copyExample();
    expect((await run(dir, "synth", "--only", "isof")).code).toBe(0);
    const stack = JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", "tenant--isof--fk-a", "cdk.tf.json"), "utf8")) as {
      resource: Record<string, unknown>;
      "//": { samdrift: { namespaces: string[]; vault: Record<string, unknown> } };
    };
    expect(stack["//"].samdrift.namespaces).toEqual(["isof-web"]);
    expect(Object.keys(stack.resource).filter((t) => t.startsWith("vault_"))).toEqual([]);
    expect(stack["//"].samdrift.vault.authRole).toBeUndefined();
  });

  it("refuses unknown flags and commands", async () => {
    const dir = copyExample();
    const flag = await run(dir, "synth", "--tenant", "x");
    expect(flag.code).toBe(1);
    expect(flag.err).toBe(
      "samdrift synth: unknown flag --tenant (did you mean --tenants?); flags are: --tenants, --catalogue, --only, --base-tenants, --out, --today, --no-cache; samdrift synth --help lists its flags\n",
    );
    const cmd = await run(dir, "sinth");
    expect(cmd).toMatchObject({ code: 1 });
    expect(cmd.err).toContain('unknown command "sinth"');
  });

  it("reports a missing catalogue file", async () => {
    const dir = copyExample();
    const r = await run(dir, "synth", "--catalogue", "nowhere");
    expect(r.code).toBe(1);
    expect(r.err).toContain("nowhere/suppliers.yaml:1:1: file not found [FILE_UNREADABLE]");
  });
});

describe("temporary folders of killed runs", () => {
  it("are removed by the next run once an hour old; a recent one (a run going on) is kept", () => {
    const dir = mkdtempSync(join(tmpdir(), "samdrift-stale-"));
    const out = join(dir, "cdktf.out");
    for (const name of [".cdktf.out.tmp-old", ".cdktf.out.old-old", ".cdktf.out.tmp-new", "other"]) mkdirSync(join(dir, name));
    const hours = (h: number) => new Date(Date.now() - h * 3_600_000);
    for (const name of [".cdktf.out.tmp-old", ".cdktf.out.old-old", "other"]) utimesSync(join(dir, name), hours(2), hours(2));
    removeStaleTemporaries(out);
    expect(readdirSync(dir).sort()).toEqual([".cdktf.out.tmp-new", "other"]);
  });
});

describe("samdrift check", () => {
  it("passes on the example, and fails when a synthesized policy opens undeclared access", async () => {
    const dir = copyExample();
    expect((await run(dir, "check", "--today", "2026-11-22")).code).toBe(0);
    expect((await run(dir, "synth", "--today", "2026-11-22")).code).toBe(0);
    // Hand-edit one policy so that digg-api accepts every namespace on 443, as a bad construct change would.
    editFile(dir, "cdktf.out/stacks/tenant--digg--fk-a/cdk.tf.json", (text) => {
      const json = JSON.parse(text) as { resource: { kubernetes_network_policy_v1: Record<string, { metadata: { name: string }; spec: { ingress: { from: unknown[] }[] } }> } };
      const policy = Object.values(json.resource.kubernetes_network_policy_v1).find((p) => p.metadata.name === "allow-connections-in")!;
      policy.spec.ingress[0]!.from = [{ namespace_selector: {} }];
      return JSON.stringify(json, null, 2);
    });
    const r = await run(dir, "check", "--today", "2026-11-22", "--out", "cdktf.out");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/cdktf\.out\/stacks\/tenant--digg--fk-a\/cdk\.tf\.json:\d+:1: kubernetes_network_policy_v1\.\S+: error: .*digg-api.* \[PRF-001\]\n/);
  });

  it("fails when the output's record of what was declared is edited to declare the access it opens", async () => {
    const dir = copyExample();
    expect((await run(dir, "synth", "--today", "2026-11-22")).code).toBe(0);
    // Open mfof-apps' egress to a /8, and declare it in the same stack's samdrift block: the proof
    // alone judges against that block, so only the comparison with tenants/mfof.yaml can catch it.
    editFile(dir, "cdktf.out/stacks/tenant--mfof--fk-a/cdk.tf.json", (text) => {
      type Stack = { "//": { samdrift: { declared: { egress: { cidr: string }[] } } }; resource: { kubernetes_network_policy_v1: Record<string, { spec: { egress?: { to?: { ip_block?: { cidr: string } }[] }[] } }> } };
      const json = JSON.parse(text) as Stack;
      for (const e of json["//"].samdrift.declared.egress) e.cidr = "203.0.0.0/8";
      for (const p of Object.values(json.resource.kubernetes_network_policy_v1)) {
        for (const rule of p.spec.egress ?? []) for (const peer of rule.to ?? []) if (peer.ip_block?.cidr === "192.0.2.10/32") peer.ip_block.cidr = "203.0.0.0/8";
      }
      return JSON.stringify(json, null, 2);
    });
    const proofOnly = await run(dir, "isolation", "--out", "cdktf.out");
    expect(proofOnly.code).toBe(0);
    const r = await run(dir, "check", "--today", "2026-11-22", "--out", "cdktf.out");
    expect(r.code).toBe(1);
    expect(r.out).toContain("cdktf.out/stacks/tenant--mfof--fk-a/cdk.tf.json:1:1: error: its samdrift block differs from what the files give in declared;");
  });
});

describe("samdrift review", () => {
  it("shows how the isolation matrix changes between base and head", async () => {
    const dir = copyExample();
    expect((await run(dir, "synth", "--out", "base")).code).toBe(0);
    editFile(dir, "tenants/mfof.yaml", (t) =>
      t.replace('reason: "national population register", namespaces: [apps] }', 'reason: "national population register", namespaces: [apps] }\n      - { cidr: 198.51.100.0/24, ports: [443], reason: "e-invoice partner", namespaces: [apps] }'),
    );
    expect((await run(dir, "synth", "--out", "head")).code).toBe(0);
    const md = await run(dir, "review", "--base", "base", "--head", "head");
    expect(md.code).toBe(0);
    expect(md.out).toContain("### Isolation matrix changes\n\n<details><summary>2 changes on fk-a, fk-b</summary>");
    expect(md.out).toContain("| added | egress | `mfof-apps` → `198.51.100.0/24` | `TCP/443` |");
    const json = JSON.parse((await run(dir, "review", "--base", "base", "--head", "head", "--format", "json")).out) as { isolation: { sites: { site: string }[] } };
    expect(json.isolation.sites.map((s) => s.site)).toEqual(["fk-a", "fk-b"]);
  });
});

describe("samdrift new-tenant", () => {
  it("scaffolds a valid file with mirrored sites for high levels, which then synthesizes", async () => {
    const dir = copyExample();
    const r = await run(dir, "new-tenant", "polisen", "--supplier", "skatteverket", "--level", "high");
    expect(r.code).toBe(0);
    // skv-b carries less load than skv-a, so it comes first; the second site is in another zone.
    expect(r.out).toContain("proposed sites: skv-b (zone skv-z2, max level very-high), skv-a (zone skv-z1, max level very-high)");
    const text = readFileSync(join(dir, "tenants", "polisen.yaml"), "utf8");
    expect(text).toContain("resilience: { sites: [skv-b, skv-a], priority: 3 }");
    expect(text).toContain("agreement: { phase: initiate }");
    expect((await run(dir, "synth")).code).toBe(0);
  });

  it("refuses to overwrite a tenant, an unknown supplier, and a missing id", async () => {
    const dir = copyExample();
    expect((await run(dir, "new-tenant", "mfof", "--supplier", "forsakringskassan")).err).toContain("tenants/mfof.yaml already exists");
    expect((await run(dir, "new-tenant", "x1", "--supplier", "nope")).err).toContain('unknown supplier "nope"');
    expect((await run(dir, "new-tenant", "--supplier", "skatteverket")).code).toBe(1);
  });

  it("refuses an id that would make an invalid file", async () => {
    const dir = copyExample();
    const r = await run(dir, "new-tenant", "Bad_Id", "--supplier", "skatteverket");
    expect(r.code).toBe(1);
    expect(r.err).toContain("tenants/Bad_Id.yaml:3:1: id:");
    expect(existsSync(join(dir, "tenants", "Bad_Id.yaml"))).toBe(false);
  });
});

describe("samdrift <command> --help, and --version", () => {
  const commands = ["synth", "check", "isolation", "review", "plan-summary", "new-tenant"];

  it("prints each command's usage, every flag on a line of its own, and exits 0", async () => {
    const dir = copyExample();
    for (const command of commands) {
      for (const flag of ["--help", "-h"]) {
        const r = await run(dir, command, flag);
        expect(r, `${command} ${flag}`).toMatchObject({ code: 0, err: "" });
        expect(r.out).toMatch(new RegExp(`^samdrift ${command}: .+\n\nUsage: samdrift ${command} `));
        expect(r.out).toContain("  -h, --help ");
      }
    }
    // The flags of a command are those it accepts, each with its default, one line each.
    const synth = (await run(dir, "synth", "--help")).out;
    for (const flag of ["--tenants DIR", "--catalogue DIR", "--only T1,T2", "--base-tenants DIR", "--out DIR", "--today YYYY-MM-DD"]) {
      expect(synth).toMatch(new RegExp(`\n  ${flag} +\\S.*\\(default: [^)]+\\)\n`));
    }
    expect(await run(dir, "help", "synth")).toEqual({ code: 0, out: synth, err: "" });
    // --help wins over other flags, even ones that would be refused, and writes nothing.
    expect(await run(dir, "synth", "--out", ".", "--bogus", "--help")).toMatchObject({ code: 0, err: "" });
    expect(existsSync(join(dir, "cdktf.out"))).toBe(false);
  });

  it("refuses misused flags in its own words, naming the command's help", async () => {
    const dir = copyExample();
    const cases: [string[], string][] = [
      [["plan-summary", "--bogus"], "samdrift plan-summary: unknown flag --bogus; flags are: --format, --strict; samdrift plan-summary --help lists its flags\n"],
      [["new-tenant", "x", "--levle", "high"], "samdrift new-tenant: unknown flag --levle; flags are: --supplier, --level, --name, --org-number, --tenants, --catalogue; samdrift new-tenant --help lists its flags\n"],
      [["check", "--format"], "samdrift check: --format needs a value (FORMAT); samdrift check --help lists its flags\n"],
      [["review", "--affected=yes"], "samdrift review: --affected takes no value; samdrift review --help lists its flags\n"],
      [["isolation", "cdktf.out"], 'samdrift isolation: unexpected argument "cdktf.out": this command takes flags only; samdrift isolation --help lists its flags\n'],
    ];
    for (const [args, err] of cases) expect(await run(dir, ...args), args.join(" ")).toEqual({ code: 1, out: "", err });
  });

  it("prints the version of package.json", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(await run(copyExample(), "--version")).toEqual({ code: 0, out: `samdrift ${version}\n`, err: "" });
  });
});

describe("the samdrift bin", () => {
  it("runs the compiled JavaScript in dist/, with plain node", () => {
    const bin = readFileSync(join(ROOT, "bin", "samdrift.js"), "utf8");
    expect(bin).toContain('await import("../dist/cli/main.js")');
    expect(bin).not.toContain("tsx");
    expect(existsSync(join(ROOT, "dist", "cli", "main.js"))).toBe(true);
  });

  it("ends quietly, with the command's exit code, when the reader closes the pipe early", async () => {
    const dir = copyExample();
    // Like `samdrift check | head -1`: the reading end is gone before the report is written.
    const child = spawn(process.execPath, [join(ROOT, "bin", "samdrift.js"), "check", "--today", "2026-11-22", "--format", "markdown"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("runs as a separate process with the same exit codes", () => {
    const dir = copyExample();
    const bin = join(ROOT, "bin", "samdrift.js");
    const out = execFileSync(process.execPath, [bin, "synth", "--only", "isof"], { cwd: dir, encoding: "utf8" });
    expect(out).toContain("synthesized 1 stacks");
    mkdirSync(join(dir, "empty"));
    writeFileSync(join(dir, "empty", "x.yaml"), "");
    let status = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, [bin, "synth", "--tenants", "empty"], { cwd: dir, encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = String((e as { stderr: string }).stderr);
    }
    expect(status).toBe(1);
    expect(stderr).toContain("empty/x.yaml:1:1: file is empty");
  });
});
