/**
 * samdrift as a library, used the way another team would: a cdktf app in a folder outside this repository
 * imports the package (its compiled entry point, `dist/index.js`, through `exports`), adds a tenant namespace
 * of its own and one of the example's tenant stacks to its own App, and synthesizes.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, exampleDir } from "./helpers/examples.js";

const app = mkdtempSync(join(tmpdir(), "samdrift-library-"));
afterAll(() => rmSync(app, { recursive: true, force: true }));

const APP = `
import { App, TerraformStack, LocalBackend } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider/index.js";
import { TenantNamespace, NamespaceNetworkPolicies, TenantStack, loadModel, planModel } from "samdrift";

const app = new App({ outdir: "out" });

// A namespace of the app's own, with only the required props: samdrift's constructs make it safe.
const own = new TerraformStack(app, "own");
new LocalBackend(own, { path: "own.tfstate" });
new KubernetesProvider(own, "kubernetes", { configContext: "lab" });
const ns = new TenantNamespace(own, "ns-apps", { name: "lab-apps", adminGroup: "lab-admins" });
new NamespaceNetworkPolicies(own, "netpol-apps", { namespace: "lab-apps", dependsOn: [ns.namespace] });

// One tenant of a samdrift repository, on one site, in this app.
const loaded = loadModel(process.argv[2], { catalogueDir: "catalogue", tenantsDir: "tenants" });
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const plan = planModel(loaded.value).tenantSites.find((t) => t.stackId === "tenant--mfof--fk-a");
new TenantStack(app, { plan });
app.synth();
`;

describe("samdrift as a library in another cdktf app", () => {
  it("imports the constructs and synthesizes one tenant, as the repository's own synth does", () => {
    mkdirSync(join(app, "node_modules", "@cdktf"), { recursive: true });
    symlinkSync(ROOT, join(app, "node_modules", "samdrift"), "dir");
    for (const dep of ["cdktf", "constructs", "@cdktf/provider-kubernetes"]) symlinkSync(join(ROOT, "node_modules", dep), join(app, "node_modules", dep), "dir");
    writeFileSync(join(app, "package.json"), `${JSON.stringify({ name: "lab", private: true, type: "module" })}\n`);
    writeFileSync(join(app, "main.mjs"), APP);
    execFileSync(process.execPath, ["main.mjs", exampleDir("state-suppliers")], { cwd: app, stdio: "pipe" });

    const own = JSON.parse(readFileSync(join(app, "out", "stacks", "own", "cdk.tf.json"), "utf8")) as {
      resource: Record<string, Record<string, { metadata?: { labels?: Record<string, string> }; lifecycle?: { prevent_destroy?: boolean }; spec?: unknown }>>;
    };
    const namespaces = Object.values(own.resource.kubernetes_namespace_v1 ?? {});
    expect(namespaces).toHaveLength(1);
    const namespace = namespaces[0]!;
    expect(namespace.metadata?.labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/audit": "restricted", "pod-security.kubernetes.io/warn": "restricted" });
    expect(namespace.lifecycle?.prevent_destroy).toBe(true);
    expect(Object.keys(own.resource.kubernetes_resource_quota_v1 ?? {})).toHaveLength(1);
    const policies = Object.values(own.resource.kubernetes_network_policy_v1 ?? {}) as { metadata: { name: string }; spec: { policy_types: string[]; ingress?: unknown; egress?: unknown } }[];
    const deny = policies.find((p) => p.metadata.name === "default-deny");
    expect(deny?.spec).toMatchObject({ policy_types: ["Ingress", "Egress"] });
    expect(deny?.spec.ingress ?? []).toEqual([]);

    const tenant = readFileSync(join(app, "out", "stacks", "tenant--mfof--fk-a", "cdk.tf.json"), "utf8");
    expect(tenant).toBe(readFileSync(join(ROOT, "test", "golden", "state-suppliers", "tenant--mfof--fk-a.tf.json"), "utf8"));
  });
});
