/**
 * The verdict on the hand-written `lab` output: clean as written, and one finding per kind of undeclared
 * access when a policy, a Vault policy or a binding is mutated. Each finding points at the resource that
 * allows the access.
 */
import { describe, expect, it } from "vitest";
import { ISOLATION_RULES } from "../../analysis/verdict.js";
import { analyseOutput, toMatrix } from "../../analysis/isolation.js";
import { findingsOf, getAt, LAB, loadOutput, pushAt, setAt, where } from "./helpers.js";

const ALPHA = "tenant--alpha--lab";
const BETA = "tenant--beta--lab";
const NP = ["resource", "kubernetes_network_policy_v1"] as const;
const ALPHA_FILE = "test/fixtures/isolation/lab/stacks/tenant--alpha--lab/cdk.tf.json";
const BETA_FILE = "test/fixtures/isolation/lab/stacks/tenant--beta--lab/cdk.tf.json";

describe("isolation verdict", () => {
  it("pins the rule ids", () => {
    expect(Object.keys(ISOLATION_RULES)).toEqual(["PRF-001", "PRF-002", "PRF-003", "PRF-004"]);
  });

  it("finds nothing undeclared in the lab output as written", () => {
    expect(findingsOf(loadOutput(LAB))).toEqual([]);
  });

  it("reports what the lab output allows", () => {
    const m = toMatrix(analyseOutput(loadOutput(LAB))).sites.lab!;
    expect(m.flows.map((f) => `${f.from}>${f.to}: ${f.ports.join(",")}`)).toEqual([
      "alpha-db>alpha-web: *",
      "alpha-db>kube-system: TCP/53,UDP/53",
      "alpha-web>alpha-db: *",
      "alpha-web>beta-api: TCP/8443",
      "alpha-web>kube-system: TCP/53,UDP/53",
      "beta-api>kube-system: TCP/53,UDP/53",
      "ingress-nginx>alpha-web: *",
      "monitoring>alpha-db: TCP/9090",
      "monitoring>alpha-web: TCP/9090",
      "velero>alpha-db: TCP/8085",
      "velero>alpha-web: TCP/8085",
    ]);
    expect(m.egress).toEqual([{ from: "alpha-db", cidr: "198.51.100.0/24", except: ["198.51.100.128/25"], ports: ["TCP/5432"] }]);
    expect(m.ipIngress).toEqual([]);
    expect(m.rbac).toContainEqual({ subject: "group:alpha-view", namespace: "alpha-web", role: "view" });
    expect(m.vault).toContainEqual({ subject: "kubernetes:tenant-alpha", path: "alpha/kv/data/*", capabilities: ["create", "delete", "read", "update"] });
  });
});

describe("PRF-001: network flows", () => {
  it("opening a tenant namespace to every namespace lets the supplier's workloads in, pointing at the policy", () => {
    const findings = findingsOf(loadOutput(LAB, (s) => pushAt(s[ALPHA], [...NP, "web_same-tenant", "spec", "ingress", 0, "from"], { namespace_selector: {} })));
    expect(new Set(where(findings))).toEqual(new Set(["PRF-001 alpha kubernetes_network_policy_v1.web_same-tenant"]));
    expect(findings.map((f) => f.message.split(" can connect")[0])).toEqual([
      "site lab: any other namespace",
      "site lab: kube-system (platform dns)",
      "site lab: monitoring (platform monitoring)",
      "site lab: velero (platform backup)",
    ]);
    expect(findings[0]).toMatchObject({ severity: "error", file: ALPHA_FILE });
    expect(findings[0]!.line).toBeGreaterThan(1);
    expect(findings[2]!.message).toContain("to alpha-web (tenant alpha) on SCTP/*, TCP/1-9089, TCP/9091-65535, UDP/*, which tenant alpha did not declare");
  });

  it("widening a cross-tenant connection on both sides is a finding naming both tenants, direction and ports", () => {
    const findings = findingsOf(
      loadOutput(LAB, (s) => {
        setAt(s[ALPHA], [...NP, "web_connections-out", "spec", "egress", 0, "ports"], [{ port: "8000", end_port: 9000, protocol: "TCP" }]);
        setAt(s[BETA], [...NP, "api_connections-in", "spec", "ingress", 0, "ports"], undefined);
      }),
    );
    expect(where(findings)).toEqual(["PRF-001 beta kubernetes_network_policy_v1.api_connections-in"]);
    expect(findings[0]!.file).toBe(BETA_FILE);
    // Filed on beta, caused by both: alpha is its peer, so `--only alpha` keeps it.
    expect(findings[0]).toMatchObject({ tenant: "beta", peer: "alpha" });
    expect(findings[0]!.message).toBe(
      "site lab: alpha-web (tenant alpha) can connect to beta-api (tenant beta) on TCP/8000-8442, TCP/8444-9000, which tenants alpha and beta have not both declared; " +
        "allowed by kubernetes_network_policy_v1.web_connections-out (egress of alpha-web) and kubernetes_network_policy_v1.api_connections-in (ingress of beta-api)",
    );
  });

  it("widening only one side opens nothing: a connection needs egress and ingress", () => {
    expect(findingsOf(loadOutput(LAB, (s) => setAt(s[BETA], [...NP, "api_connections-in", "spec", "ingress", 0, "ports"], undefined)))).toEqual([]);
  });

  it("a connection recorded by one tenant only is not declared", () => {
    const findings = findingsOf(loadOutput(LAB, (s) => setAt(s[BETA], ["//", "samdrift", "declared", "connections"], [])));
    expect(where(findings)).toEqual(["PRF-001 beta kubernetes_network_policy_v1.api_connections-in"]);
    expect(findings[0]!.message).toContain("alpha-web (tenant alpha) can connect to beta-api (tenant beta) on TCP/8443");
  });

  it("a namespace no policy isolates is open both ways; the finding points at the namespace", () => {
    const findings = findingsOf(loadOutput(LAB, (s) => setAt(s[BETA], NP, undefined)));
    expect(new Set(where(findings))).toEqual(new Set(["PRF-001 beta kubernetes_namespace_v1.ns-api", "PRF-002 beta kubernetes_namespace_v1.ns-api"]));
    expect(findings.map((f) => f.message)).toContainEqual(expect.stringContaining("beta-api (tenant beta) can connect to kube-system (platform dns) on SCTP/*, TCP/1-52, TCP/54-65535"));
    expect(findings.map((f) => f.message)).toContainEqual(expect.stringContaining("no NetworkPolicy isolating beta-api for ingress"));
  });

  it("a policy the API server would reject is reported and left out", () => {
    const findings = findingsOf(loadOutput(LAB, (s) => setAt(s[BETA], [...NP, "api_dns", "spec", "egress", 0, "ports", 0, "protocol"], "ICMP")));
    expect(where(findings)).toEqual(["PRF-001 beta kubernetes_network_policy_v1.api_dns"]);
    expect(findings[0]!.message).toContain('the API server would reject this NetworkPolicy, so it was left out of the analysis: protocol "ICMP" is not TCP, UDP or SCTP');
  });
});

describe("PRF-002: IP blocks", () => {
  it.each([
    ["a wider port range", ["ports"], [{ port: "5432", end_port: 5433, protocol: "TCP" }], "alpha-db (tenant alpha) can connect to IP block 198.51.100.0/24 except 198.51.100.128/25 on TCP/5433"],
    ["a wider CIDR", ["to", 0, "ip_block", "cidr"], "198.51.0.0/16", "can connect to IP block 198.51.0.0/16 except 198.51.100.128/25 on TCP/5432"],
    ["all destinations", ["to"], [], "can connect to IP block 0.0.0.0/0 on TCP/5432"],
  ] as const)("egress to %s is a finding at the egress policy", (_name, path, value, message) => {
    const findings = findingsOf(loadOutput(LAB, (s) => setAt(s[ALPHA], [...NP, "db_egress", "spec", "egress", 0, ...path], value)));
    expect(findings.filter((f) => f.rule === "PRF-002").map((f) => f.field)).toContain("kubernetes_network_policy_v1.db_egress");
    expect(findings.map((f) => f.message)).toContainEqual(expect.stringContaining(message));
  });

  it("a narrower egress than declared is fine", () => {
    // The except block must stay a strict subset of the cidr, or the API server rejects the policy.
    const narrower = { cidr: "198.51.100.0/25", except: ["198.51.100.64/26"] };
    expect(findingsOf(loadOutput(LAB, (s) => setAt(s[ALPHA], [...NP, "db_egress", "spec", "egress", 0, "to", 0, "ip_block"], narrower)))).toEqual([]);
  });

  it("egress that reaches the metadata service or loopback is a finding even inside a declared block", () => {
    // The tenant file declared 198.51.100.0/24; an edited output reaching 0.0.0.0/0 without excepting
    // 169.254.0.0/16 reaches the node's metadata service.
    const wide = findingsOf(loadOutput(LAB, (s) => setAt(s[ALPHA], [...NP, "db_egress", "spec", "egress", 0, "to", 0, "ip_block"], { cidr: "0.0.0.0/0", except: ["0.0.0.0/8", "127.0.0.0/8"] })));
    expect(wide.map((f) => f.message)).toContainEqual(expect.stringContaining("can connect to 169.254.0.0/16 (link-local: the node's own services, among them the cloud metadata service at 169.254.169.254) through IP block 0.0.0.0/0"));
    const excepted = findingsOf(loadOutput(LAB, (s) => setAt(s[ALPHA], [...NP, "db_egress", "spec", "egress", 0, "to", 0, "ip_block"], { cidr: "0.0.0.0/0", except: ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16"] })));
    expect(excepted.map((f) => f.message).filter((m) => m.includes("belong to the platform"))).toEqual([]);
  });

  it("ingress from an IP block is never declared", () => {
    const findings = findingsOf(loadOutput(LAB, (s) => pushAt(s[BETA], [...NP, "api_connections-in", "spec", "ingress", 0, "from"], { ip_block: { cidr: "203.0.113.0/24" } })));
    expect(where(findings)).toEqual(["PRF-002 beta kubernetes_network_policy_v1.api_connections-in"]);
    expect(findings[0]!.message).toContain("IP block 203.0.113.0/24 can connect to beta-api (tenant beta) on TCP/8443, and ingress from IP blocks is never declared");
  });
});

describe("PRF-003: Vault", () => {
  const betaPolicy = ["resource", "vault_policy", "kv-policy", "policy"] as const;

  it("a grant on another tenant's mount is a finding at the Vault policy, for every subject holding it", () => {
    const findings = findingsOf(loadOutput(LAB, (s) => setAt(s[BETA], betaPolicy, `${String(getAt(s[BETA], betaPolicy))}path "alpha/kv/data/*" { capabilities = ["read"] }\n`)));
    expect(where(findings)).toEqual(["PRF-003 beta vault_policy.kv-policy", "PRF-003 beta vault_policy.kv-policy"]);
    expect(findings.map((f) => f.message)).toEqual([
      'site lab: group:beta-admins of tenant beta has read on "alpha/kv/data/*" (e.g. alpha/kv/data/) through policy tenant-beta-kv; beta declares only beta/kv/*',
      'site lab: kubernetes:tenant-beta of tenant beta has read on "alpha/kv/data/*" (e.g. alpha/kv/data/) through policy tenant-beta-kv; beta declares only beta/kv/*',
    ]);
  });

  it("a grant on another role of the shared PKI mount is a finding", () => {
    const findings = findingsOf(loadOutput(LAB, (s) => setAt(s[ALPHA], ["resource", "vault_policy", "pki-policy", "policy"], 'path "pki/issue/+" { capabilities = ["update"] }')));
    expect(findings.map((f) => f.message)).toContainEqual(expect.stringContaining('has update on "pki/issue/+" (e.g. pki/issue/<any>)'));
  });

  it("an auth role bound to another tenant's namespace is a finding at the role", () => {
    const findings = findingsOf(loadOutput(LAB, (s) => pushAt(s[BETA], ["resource", "vault_kubernetes_auth_backend_role", "auth-role", 0, "bound_service_account_namespaces"], "alpha-web")));
    expect(where(findings)).toEqual(["PRF-003 beta vault_kubernetes_auth_backend_role.auth-role"]);
    expect(findings[0]!.message).toBe("site lab: kubernetes:tenant-beta of tenant beta accepts service accounts of alpha-web (tenant alpha); only beta-api are beta's");
  });

  it("a group the tenant did not declare holding its policies is a finding", () => {
    const findings = findingsOf(loadOutput(LAB, (s) => setAt(s[BETA], ["resource", "vault_identity_group", "admin-group", "name"], "alpha-admins")));
    expect(findings.map((f) => f.message)).toEqual([
      "site lab: Vault identity group \"alpha-admins\" is also defined in test/fixtures/isolation/lab/stacks/tenant--alpha--lab/cdk.tf.json (vault_identity_group.admin-group) as \"alpha-admins\"; Vault compares group names without regard to case, so the two are one group and the later apply takes over the other's members and policies",
      "site lab: group:alpha-admins in the stack of tenant beta is not declared (declared: groups beta-admins); whoever holds it gets beta's Vault policies",
    ]);
  });

  it("another tenant's group in other letter case is the same Vault group: both findings, as for the exact name", () => {
    const findings = findingsOf(loadOutput(LAB, (s) => setAt(s[BETA], ["resource", "vault_identity_group", "admin-group", "name"], "ALPHA-Admins")));
    expect(findings.map((f) => f.message)).toEqual([
      "site lab: Vault identity group \"ALPHA-Admins\" is also defined in test/fixtures/isolation/lab/stacks/tenant--alpha--lab/cdk.tf.json (vault_identity_group.admin-group) as \"alpha-admins\"; Vault compares group names without regard to case, so the two are one group and the later apply takes over the other's members and policies",
      "site lab: group:ALPHA-Admins in the stack of tenant beta is not declared (declared: groups beta-admins); whoever holds it gets beta's Vault policies",
    ]);
  });

  it("a tenant's own group in other letter case is its group: Vault finds it by that name", () => {
    expect(findingsOf(loadOutput(LAB, (s) => setAt(s[BETA], ["resource", "vault_identity_group", "admin-group", "name"], "Beta-Admins")))).toEqual([]);
  });

  it("a policy defined in two stacks under names that differ only in case is one policy, fought over", () => {
    const findings = findingsOf(loadOutput(LAB, (s) => setAt(s[BETA], ["resource", "vault_policy", "kv-policy", "name"], "TENANT-ALPHA-KV")));
    expect(findings.map((f) => f.message).join("\n")).toContain('Vault policy "tenant-alpha-kv" is also defined in');
  });

  it("policies the output does not define, defined twice, or unreadable cannot be proven", () => {
    const findings = findingsOf(
      loadOutput(LAB, (s) => {
        pushAt(s[BETA], ["resource", "vault_identity_group", "admin-group", "policies"], "platform-extra");
        setAt(s[BETA], ["resource", "vault_policy", "dup"], { name: "tenant-alpha-kv", policy: 'path "beta/kv/*" { capabilities = ["read"] }' });
        setAt(s[ALPHA], ["resource", "vault_policy", "view-policy", "policy"], 'path "alpha/kv/metadata/*" { capabilities = ["look"] }');
      }),
    );
    expect(findings.map((f) => `${f.field}: ${f.message.replace(/^site lab: /, "")}`)).toEqual([
      // The second definition of tenant-alpha-kv really reaches alpha's subjects: both are analysed.
      'vault_policy.kv-policy: group:alpha-admins of tenant alpha has read on "beta/kv/*" (e.g. beta/kv/) through policy tenant-alpha-kv; alpha declares only alpha/kv/*, pki/issue/tenant-alpha, pki/sign/tenant-alpha',
      'vault_policy.kv-policy: kubernetes:tenant-alpha of tenant alpha has read on "beta/kv/*" (e.g. beta/kv/) through policy tenant-alpha-kv; alpha declares only alpha/kv/*, pki/issue/tenant-alpha, pki/sign/tenant-alpha',
      'vault_policy.view-policy: Vault policy "tenant-alpha-view" cannot be read (line 1: unknown capability "look"; Vault knows create, delete, deny, list, patch, read, recover, subscribe, sudo, update), so what it grants cannot be proven',
      `vault_policy.dup: Vault policy "tenant-alpha-kv" is also defined in ${ALPHA_FILE} (vault_policy.kv-policy); the two fight over one policy, so its content cannot be proven`,
      "vault_identity_group.admin-group: group:beta-admins of tenant beta holds Vault policies the output does not define (platform-extra), so what they grant cannot be proven",
    ]);
  });
});

describe("PRF-004: RBAC", () => {
  it("a binding in another tenant's namespace is a finding at the binding", () => {
    const findings = findingsOf(loadOutput(LAB, (s) => setAt(s[BETA], ["resource", "kubernetes_role_binding_v1", "api_admins", "metadata", "namespace"], "alpha-web")));
    expect(where(findings)).toEqual(["PRF-004 beta kubernetes_role_binding_v1.api_admins"]);
    expect(findings[0]!.message).toBe(
      "site lab: group:beta-admins holds admin in alpha-web (tenant alpha), which is not declared; alpha declares group:alpha-admins as admin and group:alpha-view as view",
    );
  });

  it.each([
    ["the view group as admin", ["kubernetes_role_binding_v1", "web_viewers", "role_ref", "name"], "admin", "group:alpha-view holds admin in alpha-web"],
    ["a service account", ["kubernetes_role_binding_v1", "web_viewers", "subject"], [{ kind: "ServiceAccount", name: "ci", namespace: "beta-api" }], "serviceaccount:beta-api/ci holds view in alpha-web"],
    ["a namespaced Role", ["kubernetes_role_binding_v1", "web_admins", "role_ref"], { kind: "Role", name: "admin" }, "group:alpha-admins holds Role/admin in alpha-web"],
  ] as const)("%s is a finding", (_name, path, value, message) => {
    const findings = findingsOf(loadOutput(LAB, (s) => setAt(s[ALPHA], ["resource", ...path], value)));
    expect(findings.map((f) => f.rule)).toEqual(["PRF-004"]);
    expect(findings[0]!.message).toContain(message);
  });

  it("a ClusterRoleBinding is never declared", () => {
    const findings = findingsOf(
      loadOutput(LAB, (s) =>
        setAt(s[BETA], ["resource", "kubernetes_cluster_role_binding_v1"], {
          ops: { metadata: { name: "ops" }, role_ref: { kind: "ClusterRole", name: "cluster-admin" }, subject: [{ kind: "Group", name: "beta-admins" }] },
        }),
      ),
    );
    expect(where(findings)).toEqual(["PRF-004 beta kubernetes_cluster_role_binding_v1.ops"]);
    expect(findings[0]!.message).toContain("group:beta-admins holds cluster-admin in every namespace (ClusterRoleBinding)");
  });
});

describe("PRF-003: what a tenant's PKI role may issue", () => {
  const role = (domains: string[], flags: Record<string, boolean> = {}) => ({
    backend: "pki", name: "tenant-x", allowed_domains: domains, allow_bare_domains: true, allow_subdomains: false,
    allow_glob_domains: false, allow_any_name: false, allow_ip_sans: false, allow_localhost: false, ...flags,
  });
  const withRoles = (alpha: object, beta: object, siteHost?: string) =>
    loadOutput(LAB, (s) => {
      setAt(s[ALPHA], ["resource", "vault_pki_secret_backend_role"], { "pki-role": alpha });
      setAt(s[BETA], ["resource", "vault_pki_secret_backend_role"], { "pki-role": beta });
      if (siteHost) setAt(s["site--lab"], ["resource", "vault_kubernetes_auth_backend_config"], { config: { backend: "kubernetes", kubernetes_host: siteHost } });
    });

  it("exactly its own domains: nothing to report", () => {
    expect(findingsOf(withRoles(role(["alpha.example.se"]), role(["beta.example.se"]), "https://api.lab.example.internal:6443"))).toEqual([]);
  });

  it("another tenant's domain, through allow_subdomains on a parent domain", () => {
    const findings = findingsOf(withRoles(role(["alpha.example.se"]), role(["example.se"], { allow_subdomains: true })));
    expect(findings.map((f) => [f.rule, f.tenant, f.message])).toEqual([
      ["PRF-003", "beta", 'site lab: PKI role "tenant-x" of tenant beta may issue certificates for "alpha.example.se", which is tenant alpha\'s certificate domain'],
    ]);
  });

  it("the platform's Kubernetes API host, through a glob, and in other letter case", () => {
    const findings = findingsOf(withRoles(role(["alpha.example.se"]), role(["API.*.example.internal"], { allow_glob_domains: true }), "https://api.lab.example.internal:6443"));
    expect(findings.map((f) => f.message)).toEqual([
      'site lab: PKI role "tenant-x" of tenant beta may issue certificates for "api.lab.example.internal", which is the Kubernetes API of site lab',
    ]);
  });

  it("any name, addresses or localhost: names no tenant can declare", () => {
    const findings = findingsOf(withRoles(role(["alpha.example.se"]), { backend: "pki", name: "tenant-x", allowed_domains: ["beta.example.se"], allow_any_name: true }));
    expect(findings.map((f) => f.message)).toEqual([
      'site lab: PKI role "tenant-x" of tenant beta may issue certificates for "alpha.example.se", which is tenant alpha\'s certificate domain',
      'site lab: PKI role "tenant-x" of tenant beta may issue certificates for any name, IP addresses, localhost; a tenant declares only its own DNS names',
    ]);
  });
});
