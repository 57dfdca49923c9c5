/**
 * The end-to-end deploy's own logic that needs no server: how it compares synthesized bodies with live
 * Kubernetes objects, how it overlays the run's catalogue, how it reads pinned versions, how it scrubs
 * real plans. The deploy itself runs in `npm run e2e` (e2e/README.md).
 */
import { mkdtempSync, readFileSync, cpSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { differences, toApiShape } from "../e2e/kubernetes-check.js";
import { overlaySites } from "../e2e/deploy.js";
import { requiredVersion } from "../e2e/build.js";
import { PIECES } from "../e2e/pieces.js";
import { AWS_STAND_IN, hostEntries } from "../e2e/servers.js";
import { guardTenant } from "../e2e/guards.js";
import { writeCliConfig } from "../e2e/terraform.js";
import { scrubPlan } from "../scripts/plan-fixtures/scrub.js";
import { buildModel } from "../model/model.js";
import { runPolicies } from "../policies/run.js";
import { ROOT, STATE_SUPPLIERS, exampleDir } from "./helpers/examples.js";
import { exampleCatalogue } from "./helpers/model.js";

describe("e2e: synthesized bodies against live objects", () => {
  it("maps the provider's schema onto the API's", () => {
    const body = {
      metadata: { name: "tenant-admins", namespace: "mfof-apps", labels: { "samdrift.io/tenant": "mfof" } },
      role_ref: { api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" },
      subject: [{ api_group: "rbac.authorization.k8s.io", kind: "Group", name: "mfof-admins" }],
    };
    expect(toApiShape(body)).toEqual({
      metadata: { name: "tenant-admins", namespace: "mfof-apps", labels: { "samdrift.io/tenant": "mfof" } },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "mfof-admins" }],
    });
    expect(toApiShape({ spec: { limit: [{ type: "Container", default_request: { cpu: "100m" } }] } })).toEqual({ spec: { limits: [{ type: "Container", defaultRequest: { cpu: "100m" } }] } });
  });

  it("accepts what the API server adds, quantities by value and ports as text", () => {
    const expected = { metadata: { labels: { a: "1" } }, spec: { hard: { "limits.cpu": "1", "requests.memory": "1Gi" }, ports: [{ port: "443" }] } };
    const live = { metadata: { labels: { a: "1", "kubernetes.io/metadata.name": "x" }, uid: "u" }, spec: { hard: { "limits.cpu": "1000m", "requests.memory": "1024Mi" }, ports: [{ port: 443, protocol: "TCP" }] } };
    expect(differences(expected, live, "")).toEqual([]);
  });

  it("names what differs, and where", () => {
    expect(differences({ spec: { hard: { pods: "10" } } }, { spec: { hard: { pods: "11" } } }, "")).toEqual(['spec.hard.pods: expected "10", found "11"']);
    expect(differences({ spec: { policyTypes: ["Ingress", "Egress"] } }, { spec: { policyTypes: ["Ingress"] } }, "")).toEqual(["spec.policyTypes: expected 2 entries, found 1"]);
    expect(differences({ metadata: { labels: { a: "1" } } }, { metadata: {} }, "")).toEqual(['metadata.labels: expected an object, found undefined']);
  });

  it("matches lists that come back in another order (sets), but not lists that differ", () => {
    expect(differences({ values: ["a", "b"] }, { values: ["b", "a"] }, "")).toEqual([]);
    expect(differences({ values: ["a", "b"] }, { values: ["b", "c"] }, "")).not.toEqual([]);
  });
});

// The e2e deploys the repository's own catalogue/ and tenants/; these tests pin the example's content.
describe("e2e: the run's catalogue", () => {
  it("takes the real accessor and an absolute state folder, and keeps the rest of sites.yaml", () => {
    const dir = mkdtempSync(join(tmpdir(), "samdrift-e2e-test-"));
    try {
      cpSync(join(exampleDir(STATE_SUPPLIERS), "catalogue"), dir, { recursive: true });
      const file = join(dir, "sites.yaml");
      const before = readFileSync(file, "utf8");
      overlaySites(file, new Map([["fk-a", "auth_oidc_1a2b3c4d"]]), "/abs/state");
      const after = readFileSync(file, "utf8");
      expect(after).toContain("groupAliasMountAccessor: auth_oidc_1a2b3c4d");
      expect(after).toContain("auth_oidc_fkb01");
      expect(after).toContain("# Supplier sites.");
      // Every local-backed site gets the absolute folder; other backends are untouched.
      const locals = (before.match(/backend: local/g) ?? []).length;
      expect((after.match(/dir: \/abs\/state/g) ?? []).length).toBe(locals);
      expect(after).toContain("backend: s3");
      const sites = buildModel({ suppliers: { path: "suppliers.yaml", text: readFileSync(join(dir, "suppliers.yaml"), "utf8") }, sites: { path: "sites.yaml", text: after }, services: { path: "services.yaml", text: readFileSync(join(dir, "services.yaml"), "utf8") } }, []);
      expect(sites.problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives an s3 site on AWS itself (no endpoint) the run's S3 store instead", () => {
    const dir = mkdtempSync(join(tmpdir(), "samdrift-e2e-test-"));
    try {
      cpSync(join(exampleDir(STATE_SUPPLIERS), "catalogue"), dir, { recursive: true });
      const file = join(dir, "sites.yaml");
      writeFileSync(file, readFileSync(file, "utf8").replace(", endpoint: https://objects.skv-a.example.internal }", " }"));
      overlaySites(file, new Map(), "/abs/state");
      expect(readFileSync(file, "utf8")).toContain(`endpoint: ${AWS_STAND_IN}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("maps every host name the catalogue gives to a loopback address", () => {
    const model = buildModel(
      {
        suppliers: { path: "suppliers.yaml", text: readFileSync(join(ROOT, "catalogue/suppliers.yaml"), "utf8") },
        sites: { path: "sites.yaml", text: readFileSync(join(ROOT, "catalogue/sites.yaml"), "utf8") },
        services: { path: "services.yaml", text: readFileSync(join(ROOT, "catalogue/services.yaml"), "utf8") },
      },
      [],
    );
    expect(model.ok).toBe(true);
    if (!model.ok) return;
    const sites = [...model.value.catalogue.sites.values()];
    const entries = hostEntries(sites);
    for (const s of sites) {
      for (const url of [s.vault.address, s.vault.kubernetesHost, ...(s.state.backend === "s3" && s.state.endpoint ? [s.state.endpoint] : [])]) {
        const e = entries.find((x) => x.host === new URL(url).hostname);
        expect(e?.ip, url).toMatch(/^127\./);
      }
    }
  });
});

describe("e2e: the guards' own tenant", () => {
  it("is a valid tenant file in build and in decommission, placed on a site of the catalogue", () => {
    const catalogue = exampleCatalogue(STATE_SUPPLIERS);
    for (const phase of ["build", "decommission"] as const) {
      const r = buildModel(catalogue, [{ path: "tenants/e2e-guard.yaml", text: guardTenant("fk-a", "forsakringskassan", phase) }]);
      expect(r.problems, phase).toEqual([]);
      expect(r.ok && r.value.tenants[0]!.tenant.agreement.phase).toBe(phase);
      // The guards synthesize it through the policy gate: nothing may block it (FIN-001 and ORD-003 once did).
      expect(r.ok ? runPolicies(r.value, { today: "2026-12-06" }).blocking.map((f) => `${f.rule}: ${f.message}`) : ["invalid"], phase).toEqual([]);
    }
  });
});

describe("e2e: pieces", () => {
  it("reads each piece's version from its wrapper go.mod", () => {
    for (const p of PIECES) {
      const goMod = readFileSync(join(ROOT, "e2e", "go", p.module, "go.mod"), "utf8");
      expect(requiredVersion(goMod, p.versionOf), p.name).toMatch(/^v[0-9]+\.[0-9]+\.[0-9]+/);
    }
    expect(requiredVersion("require (\n\tk8s.io/kubernetes v1.34.4\n)\n", "k8s.io/kubernetes")).toBe("v1.34.4");
    expect(() => requiredVersion("module x\n", "k8s.io/kubernetes")).toThrow(/requires no version/);
  });

  it("every wrapper module builds the programs it names as tools", () => {
    for (const p of PIECES) {
      const goMod = readFileSync(join(ROOT, "e2e", "go", p.module, "go.mod"), "utf8");
      for (const pkg of p.packages.filter((x) => x !== ".")) expect(goMod, `${p.module} has a tool line for ${pkg}`).toContain(pkg);
    }
  });
});

describe("e2e: the Terraform CLI configuration", () => {
  it("installs providers from the mirror only, for Terraform's registry and OpenTofu's", () => {
    const dir = mkdtempSync(join(tmpdir(), "samdrift-e2e-test-"));
    try {
      const text = readFileSync(writeCliConfig(join(dir, "terraform.rc"), "/m"), "utf8");
      expect(text).toContain('path    = "/m"');
      expect(text).toContain('include = ["registry.terraform.io/*/*", "registry.opentofu.org/*/*"]');
      expect(text).toContain('exclude = ["registry.terraform.io/*/*", "registry.opentofu.org/*/*"]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("plan fixtures: scrubbing real plans", () => {
  it("replaces the work folder, UUIDs, Vault accessors and the timestamp, consistently", () => {
    const plan = JSON.stringify({
      timestamp: "2026-12-04T03:00:00Z",
      a: "/tmp/samdrift-e2e-x/state/s.tfstate",
      b: ["auth_oidc_1a2b3c4d", "auth_oidc_1a2b3c4d", "auth_oidc_ffffffff", "auth_oidc_fka01"],
      c: "0f8fad5b-d9cb-469f-a165-70867728950e",
    });
    const out = JSON.parse(scrubPlan(plan, "/tmp/samdrift-e2e-x")) as { timestamp: string; a: string; b: string[]; c: string };
    expect(out.timestamp).toBe("2000-01-01T00:00:00Z");
    expect(out.a).toBe("<work>/state/s.tfstate");
    expect(out.b).toEqual(["auth_oidc_00000001", "auth_oidc_00000001", "auth_oidc_00000002", "auth_oidc_fka01"]);
    expect(out.c).toBe("00000000-0000-0000-0000-000000000003");
  });
});

