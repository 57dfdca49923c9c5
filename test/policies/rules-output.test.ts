/**
 * The isolation-baseline rules on hand-written cdk.tf.json fixtures (test/fixtures/policies/output): the
 * `good` folder is compliant; each test breaks one thing in a copy of it.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { check, model, output, resource, stackJson, tenant, type Json } from "./helpers.js";
import type { Rule } from "../../policies/types.js";
import { iso001 } from "../../policies/rules/iso-001-default-deny.js";
import { iso002 } from "../../policies/rules/iso-002-pod-security.js";
import { iso003 } from "../../policies/rules/iso-003-resource-quota.js";
import { iso004 } from "../../policies/rules/iso-004-role-bindings.js";
import { iso005 } from "../../policies/rules/iso-005-vault-policy-paths.js";
import { iso006 } from "../../policies/rules/iso-006-vault-bindings.js";

const m = model([tenant("acme"), tenant("other")]);
let stacks: Map<string, { [key: string]: Json }>;
const acme = (type: string, name: string) => resource(stacks.get("tenant--acme--fk-a"), type, name);
const run = (rule: Rule) => check(rule, m, { output: output(stacks) });

beforeEach(() => {
  stacks = stackJson("good");
});

describe("every baseline rule", () => {
  it.each([iso001, iso002, iso003, iso004, iso005, iso006])("$id passes the compliant fixture", (rule) => {
    expect(run(rule)).toEqual([]);
  });
  it.each([iso001, iso002, iso003, iso004, iso005, iso006])("$id finds nothing without output", (rule) => {
    expect(check(rule, m)).toEqual([]);
  });
});

describe("ISO-001 default deny", () => {
  it("refuses a namespace without a default-deny policy, pointing at the namespace resource", () => {
    delete (acme("kubernetes_network_policy_v1", "apps_default-deny").spec as { [k: string]: Json }).policy_types;
    const findings = run(iso001);
    expect(findings).toMatchObject([{
      rule: "ISO-001", tenant: "acme", file: "stacks/tenant--acme--fk-a/cdk.tf.json",
      field: "kubernetes_namespace_v1.apps_namespace", message: expect.stringContaining("namespace acme-apps has no default-deny NetworkPolicy"),
    }]);
    expect(findings[0]!.line).toBeGreaterThan(1);
  });
  it("does not take a policy that selects some pods or allows traffic for a default deny", () => {
    const spec = acme("kubernetes_network_policy_v1", "apps_default-deny").spec as { [k: string]: Json };
    spec.pod_selector = { match_labels: { app: "web" } };
    expect(run(iso001)).toHaveLength(1);
    spec.pod_selector = {};
    spec.egress = [{ to: [{ ip_block: { cidr: "0.0.0.0/0" } }] }];
    expect(run(iso001)).toHaveLength(1);
  });
  it("refuses a tenant stack without a readable samdrift block", () => {
    delete (stacks.get("tenant--acme--fk-a")!["//"] as { [k: string]: Json }).samdrift;
    expect(run(iso001)).toMatchObject([{ tenant: "", field: "", message: expect.stringContaining('stack tenant--acme--fk-a, stacks/tenant--acme--fk-a/cdk.tf.json, (stack): the stack has no readable "//".samdrift block') }]);
  });
});

describe("ISO-002 restricted Pod Security", () => {
  it("refuses a namespace that enforces only baseline and does not warn", () => {
    const labels = (acme("kubernetes_namespace_v1", "apps_namespace").metadata as { labels: { [k: string]: Json } }).labels;
    labels["pod-security.kubernetes.io/enforce"] = "baseline";
    delete labels["pod-security.kubernetes.io/warn"];
    expect(run(iso002)).toMatchObject([{
      field: "kubernetes_namespace_v1.apps_namespace",
      message: expect.stringContaining("namespace acme-apps lacks pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/warn: restricted (found pod-security.kubernetes.io/enforce=baseline, pod-security.kubernetes.io/warn=unset)"),
    }]);
  });
  it("refuses a declared namespace with no namespace resource", () => {
    delete (stacks.get("tenant--acme--fk-a")!.resource as { [k: string]: Json }).kubernetes_namespace_v1;
    expect(run(iso002)).toMatchObject([{ field: "", message: expect.stringContaining("namespace acme-apps has no namespace resource") }]);
  });
});

describe("ISO-003 resource quota", () => {
  it("refuses a quota that allows NodePorts and LoadBalancers or caps no pods", () => {
    const hard = (acme("kubernetes_resource_quota_v1", "apps_quota").spec as { hard: { [k: string]: Json } }).hard;
    delete hard["services.nodeports"];
    hard["services.loadbalancers"] = "1";
    delete hard.pods;
    expect(run(iso003)).toMatchObject([{
      field: "kubernetes_resource_quota_v1.apps_quota",
      message: expect.stringContaining("the quota of namespace acme-apps must set pods, services.nodeports=0, services.loadbalancers=0 in spec.hard"),
    }]);
  });
  it("refuses a namespace without a quota", () => {
    delete (stacks.get("tenant--acme--fk-a")!.resource as { [k: string]: Json }).kubernetes_resource_quota_v1;
    expect(run(iso003)).toMatchObject([{ field: "kubernetes_namespace_v1.apps_namespace", message: expect.stringContaining("namespace acme-apps has no ResourceQuota") }]);
  });
});

describe("ISO-004 role bindings", () => {
  it("accepts a binding whose namespace is a reference to the tenant's namespace resource", () => {
    expect((acme("kubernetes_role_binding_v1", "apps_viewers").metadata as { namespace: string }).namespace).toContain("${kubernetes_namespace_v1.apps_namespace");
    expect(run(iso004)).toEqual([]);
  });
  it("refuses a binding in another tenant's namespace", () => {
    (acme("kubernetes_role_binding_v1", "apps_admins").metadata as { namespace: string }).namespace = "other-apps";
    expect(run(iso004)).toMatchObject([{ field: "kubernetes_role_binding_v1.apps_admins", message: expect.stringContaining("the RoleBinding is in namespace other-apps, not in the tenant's own namespaces acme-apps") }]);
  });
  it("refuses cluster-admin in an own namespace and any ClusterRoleBinding", () => {
    (acme("kubernetes_role_binding_v1", "apps_admins").role_ref as { name: string }).name = "cluster-admin";
    (stacks.get("tenant--acme--fk-a")!.resource as { [k: string]: Json }).kubernetes_cluster_role_binding_v1 = {
      everything: { metadata: { name: "acme-all" }, role_ref: { kind: "ClusterRole", name: "view", api_group: "rbac.authorization.k8s.io" }, subject: [] },
    };
    expect(run(iso004).map((f) => [f.field, f.message.slice(f.message.indexOf(": ") + 2)])).toEqual([
      ["kubernetes_cluster_role_binding_v1.everything", "a tenant stack may not create a ClusterRoleBinding; bind roles in the tenant's namespaces"],
      ["kubernetes_role_binding_v1.apps_admins", "the RoleBinding in acme-apps grants ClusterRole cluster-admin; tenants get a Role or one of the ClusterRoles admin, edit, view"],
    ]);
  });
});

describe("ISO-005 Vault policy paths", () => {
  const withPath = (path: string) => {
    acme("vault_policy", "kv-policy").policy = `path "acme/kv/data/*" {\n  capabilities = ["read"]\n}\npath "${path}" {\n  capabilities = ["read"]\n}\n`;
    return run(iso005);
  };
  it.each(["acme/kv/data/*", "acme/transit/encrypt/+", "pki/issue/tenant-acme", "pki/cert/ca", "auth/kubernetes/login", "sys/internal/ui/mounts"])(
    "accepts the own or neutral path %s", (path) => {
      expect(withPath(path)).toEqual([]);
    });
  it.each([
    ["other/kv/data/*", "another tenant's mounts"],
    ["+/kv/data/*", "another tenant's mounts"],
    ["*", "another tenant's mounts"],
    ["acm*", "another tenant's mounts"],
    ["pki/issue/tenant-other", "another tenant's PKI role"],
    ["pki/issue/+", "another tenant's PKI role"],
    ["pki/*", "another tenant's PKI role"],
    ["auth/kubernetes/role/tenant-other", "another tenant's login role"],
  ])("refuses %s, which can reach %s", (path, what) => {
    expect(withPath(path)).toMatchObject([{ field: "vault_policy.kv-policy", message: expect.stringContaining(`policy tenant-acme-kv has path "${path}", which can reach ${what}`) }]);
  });
});

describe("ISO-006 Vault logins and groups", () => {
  it("refuses a login role bound to another tenant's namespace or carrying a foreign policy", () => {
    const role = acme("vault_kubernetes_auth_backend_role", "auth-role");
    role.bound_service_account_namespaces = ["acme-apps", "other-apps"];
    role.token_policies = ["tenant-acme-kv", "tenant-other-kv"];
    expect(run(iso006).map((f) => f.message.slice(f.message.indexOf(": ") + 2))).toEqual([
      "the login role admits service accounts of other-apps; bind only acme-apps",
      "the login role carries tenant-other-kv, not policies of this stack",
    ]);
  });
  it("refuses a group carrying a policy from outside the stack", () => {
    acme("vault_identity_group", "admin-group").policies = ["tenant-acme-kv", "root"];
    expect(run(iso006)).toMatchObject([{ field: "vault_identity_group.admin-group", message: expect.stringContaining("group acme-admins carries root") }]);
  });
});
