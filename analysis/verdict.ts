/**
 * The isolation verdict: every flow, IP-block allowance, Vault grant and RBAC grant the synthesized output
 * allows beyond what the stacks' `"//".samdrift` blocks declare is a finding of severity `error`.
 *
 * What counts as declared, per site:
 * - network (PRF-001): traffic among one tenant's namespaces (any port); every tenant namespace to the
 *   site DNS namespace on UDP/53 and TCP/53; the ingress-controller namespace to the tenant's declared
 *   ingress namespaces (any port); the monitoring and backup namespaces to every namespace of a tenant
 *   that chose them, on the site's ports (any port when the site lists none); and the tenant
 *   `connections`, on their ports, when both tenants' blocks record them. A suspended tenant declares its
 *   backup flow only (`declaredOf`, output/schema.ts): no own, DNS, ingress, monitoring or connection flow;
 * - IP blocks (PRF-002): egress from a namespace to a block inside a CIDR it declared, on the declared
 *   ports. Ingress from IP blocks is never declared (traffic enters through the ingress controller);
 * - Vault (PRF-003): each tenant's declared auth role and groups, bound to its own namespaces, holding
 *   capabilities only inside `<kvMount>/*`, `<transitMount>/*` and `<pkiMount>/issue|sign/<pkiRole>`;
 *   names compared as Vault compares them (lib/names.ts); a PKI role issuing only for names no other
 *   tenant and not the platform owns; a suspended tenant's subjects hold nothing;
 * - RBAC (PRF-004): the tenant's admin group with ClusterRole `admin` and its view group with `view`,
 *   in the tenant's own namespaces.
 *
 * Each finding names the tenants, the site, the direction and the ports, and points at the resource that
 * allows the access (file: the stack's cdk.tf.json; field: its Terraform address).
 */
import { LOCAL_RANGES, localRangeOf } from "../lib/address-scope.js";
import { compareFindings, type Finding } from "../policies/finding.js";
import { ALL_PORTS, EMPTY_PORTS, formatPorts, intersectPorts, isEmptyPorts, parsePorts, portRange, subtractPorts, unionPorts, type PortSet } from "../lib/ports.js";
import { OTHER_NAMESPACE, type Contribution, type FlowResult, type IpResult } from "./netpol.js";
import { cidrWithin } from "../lib/cidr.js";
import { showWitness, undeclaredGrants } from "./vault.js";
import { pkiRoleCovers, urlHostKey, vaultIdentityKey, type PkiRoleScope } from "../lib/names.js";
import { str, strings } from "../lib/json.js";
import { createHash } from "node:crypto";
import { analyseSite, DEFAULT_POLICY, siteMatrix, type IsolationAnalysis, type ResourceRef, type SiteAnalysis, type TenantOnSite } from "./isolation.js";
import type { IsolationMatrix, SiteMatrix } from "./matrix.js";
import { stacksBySite, type OutputStack, type SynthOutput } from "../output/read.js";
import { declaredOf } from "../output/schema.js";

/** The rule ids of the isolation pack, pinned by a test. */
export const ISOLATION_RULES = {
  "PRF-001": "network flow between namespaces that no tenant file declares",
  "PRF-002": "traffic to or from an IP block that no tenant file declares",
  "PRF-003": "Vault access beyond the tenant's declared role, groups, namespaces and mounts",
  "PRF-004": "RBAC grant beyond the tenant's declared admin and view groups in its own namespaces",
} as const;
export type IsolationRule = keyof typeof ISOLATION_RULES;

const DNS_PORTS = unionPorts(portRange("UDP", 53), portRange("TCP", 53));
const tcpPorts = (ports: readonly number[] | undefined): PortSet => (ports === undefined ? ALL_PORTS : unionPorts(...ports.map((p) => portRange("TCP", p))));

/** `peers`: the tenants a finding involves; the one it is not filed on becomes its `peer` (for `--only`). */
function finding(rule: IsolationRule, at: ResourceRef | undefined, fallback: TenantOnSite | undefined, message: string, peers: readonly string[] = []): Finding {
  const stack = at?.stack ?? fallback?.stack;
  const tenant = stack?.tenantMeta?.tenant ?? "";
  const peer = peers.find((p) => p !== tenant);
  return {
    rule,
    severity: "error",
    tenant,
    file: stack?.file ?? "",
    line: at?.resource.line ?? 1,
    field: at?.resource.address ?? "",
    message,
    ...(peer !== undefined ? { peer } : {}),
  };
}

/**
 * The whole check on a parsed output: the matrix and every undeclared access. What `isolation`, `check`
 * and `review` call. Throws NetworkAnalysisError (analysis/netpol.ts) when selectors are too many to
 * enumerate exactly.
 */
export function checkIsolation(output: SynthOutput, store?: ProofStore): { matrix: IsolationMatrix; findings: Finding[] } {
  const sites: Record<string, SiteMatrix> = {};
  const findings: Finding[] = [];
  for (const [site, stacks] of stacksBySite(output)) {
    const proof = proveSite(site, stacks, store);
    sites[site] = proof.matrix;
    findings.push(...proof.findings);
  }
  return { matrix: { sites }, findings: findings.sort(compareFindings) };
}

/**
 * One site's proof. A site is proven from its own stacks alone (analyseSite), so the proof can be kept per
 * site ({@link ProofStore}) under a key of those stacks' ids and texts (their digests).
 */
export interface SiteProof {
  readonly matrix: SiteMatrix;
  /** The site's findings; as kept, `file` holds the stack's id, never a path (paths differ by command). */
  readonly findings: readonly Finding[];
}

/** Where proofs of sites are kept (cli/proof.ts keeps them on disk). */
export interface ProofStore {
  /** Identity of the code that proves: any change to it must change this string. */
  readonly code: string;
  get(key: string): SiteProof | undefined;
  put(key: string, proof: SiteProof): void;
}

function proveSite(site: string, stacks: readonly OutputStack[], store: ProofStore | undefined): SiteProof {
  const key = store && siteProofKey(store.code, site, stacks);
  const fileOf = new Map(stacks.map((s) => [s.id, s.file]));
  if (key) {
    const kept = store.get(key);
    // A kept finding names one of these stacks, or none; anything else is not this site's proof.
    if (kept && kept.findings.every((f) => f.file === "" || fileOf.has(f.file))) {
      return { matrix: kept.matrix, findings: kept.findings.map((f) => (f.file === "" ? f : { ...f, file: fileOf.get(f.file)! })) };
    }
  }
  const analysis = analyseSite(site, stacks);
  const proof: SiteProof = { matrix: siteMatrix(analysis), findings: siteFindings(analysis) };
  if (key) {
    const idOf = new Map(stacks.map((s) => [s.file, s.id]));
    if (proof.findings.every((f) => f.file === "" || idOf.has(f.file))) {
      store.put(key, { matrix: proof.matrix, findings: proof.findings.map((f) => (f.file === "" ? f : { ...f, file: idOf.get(f.file)! })) });
    }
  }
  return proof;
}

/**
 * The key of a site's proof: SHA-256 over the proving code, the site, and each stack's id and digest; none
 * when a stack was read without a digest.
 */
export function siteProofKey(code: string, site: string, stacks: readonly OutputStack[]): string | undefined {
  if (stacks.some((s) => s.digest === undefined)) return undefined;
  return createHash("sha256").update(JSON.stringify(["samdrift-proof/1", code, site, stacks.map((s) => [s.id, s.digest])])).digest("hex");
}

/** Every undeclared access of every site, sorted by file, line and message. */
export function isolationFindings(analysis: IsolationAnalysis): Finding[] {
  return analysis.sites.flatMap(siteFindings).sort(compareFindings);
}

/** One site's undeclared accesses, unsorted. */
function siteFindings(s: SiteAnalysis): Finding[] {
  return [...problemFindings(s), ...networkFindings(s), ...ipFindings(s), ...vaultFindings(s), ...pkiFindings(s), ...rbacFindings(s)];
}

function problemFindings(s: SiteAnalysis): Finding[] {
  return s.problems.map((p) => finding(p.rule, p.at, undefined, `site ${s.site}: ${p.message}`));
}

// ---------------------------------------------------------------------------------------------- network

/** Who a namespace belongs to, for messages. */
export function describeNamespace(s: SiteAnalysis, ns: string): string {
  if (ns === OTHER_NAMESPACE) return "any other namespace";
  const owner = s.owners.get(ns);
  if (owner) return `${ns} (tenant ${owner.meta.tenant})`;
  const roles = s.platform.get(ns);
  if (roles) return `${ns} (platform ${roles.join(", ")})`;
  return `${ns} (not a tenant or platform namespace)`;
}

/** The declared flows of a site: `from\0to` → ports. */
export function declaredFlows(s: SiteAnalysis): Map<string, PortSet> {
  const declared = new Map<string, PortSet>();
  const add = (from: string, to: string, ports: PortSet) => {
    const key = `${from}\u0000${to}`;
    declared.set(key, unionPorts(declared.get(key) ?? EMPTY_PORTS, ports));
  };
  const platform = s.meta?.platform;
  for (const t of s.tenants) {
    const own = t.meta.namespaces;
    const d = declaredOf(t.meta);
    if (d.sameTenant) for (const a of own) for (const b of own) if (a !== b) add(a, b, ALL_PORTS);
    if (platform?.dns && d.dns) for (const a of own) add(a, platform.dns.namespace, DNS_PORTS);
    if (platform?.ingress) for (const b of d.ingress) add(platform.ingress.namespace, b, ALL_PORTS);
    if (platform?.monitoring && d.monitoring) for (const b of own) add(platform.monitoring.namespace, b, tcpPorts(platform.monitoring.ports));
    if (platform?.backup && d.backup) for (const b of own) add(platform.backup.namespace, b, tcpPorts(platform.backup.ports));
  }
  // A connection between two tenants counts when both tenants' blocks record it; the ports both agree on.
  const byOwner = (ns: string) => s.owners.get(ns);
  const connectionPorts = (t: TenantOnSite, from: string, to: string): PortSet =>
    unionPorts(...declaredOf(t.meta).connections.filter((c) => c.from === from && c.to === to).map((c) => parsePorts(c.ports)));
  const pairs = new Set(s.tenants.flatMap((t) => declaredOf(t.meta).connections.map((c) => `${c.from}\u0000${c.to}`)));
  for (const pair of pairs) {
    const [from, to] = pair.split("\u0000") as [string, string];
    const a = byOwner(from);
    const b = byOwner(to);
    if (!a || !b) continue;
    add(from, to, a === b ? ALL_PORTS : intersectPorts(connectionPorts(a, from, to), connectionPorts(b, from, to)));
  }
  return declared;
}

/** Contributions that let through some of `undeclared`, policies first (sorted), "not isolated" last. */
function culprits(contributions: readonly Contribution[], undeclared: PortSet): Contribution[] {
  return contributions.filter((c) => !isEmptyPorts(intersectPorts(c.ports, undeclared)));
}

function describeSide(s: SiteAnalysis, side: "egress" | "ingress", ns: string, list: readonly Contribution[]): string {
  const parts = list.map((c) => (c.policy === undefined ? `no NetworkPolicy isolating ${ns} for ${side}` : `${s.refs.get(c.policy)?.resource.address ?? c.policy} (${side} of ${ns})`));
  return parts.join(", ");
}

/** The resource a flow finding points at: the tenant side's allowing policy, or its namespace when it is not isolated. */
function pointAt(s: SiteAnalysis, ns: string, list: readonly Contribution[]): ResourceRef | undefined {
  const policy = list.find((c) => c.policy !== undefined);
  if (policy?.policy !== undefined) return s.refs.get(policy.policy);
  return s.refs.get(`namespace:${ns}`);
}

function networkFindings(s: SiteAnalysis): Finding[] {
  const declared = declaredFlows(s);
  const out: Finding[] = [];
  for (const f of s.flows) {
    const undeclared = subtractPorts(f.ports, declared.get(`${f.from}\u0000${f.to}`) ?? EMPTY_PORTS);
    if (isEmptyPorts(undeclared)) continue;
    out.push(flowFinding(s, f, undeclared));
  }
  return out;
}

function flowFinding(s: SiteAnalysis, f: FlowResult, undeclared: PortSet): Finding {
  const eg = culprits(f.egress, undeclared);
  const ing = culprits(f.ingress, undeclared);
  const toOwner = s.owners.get(f.to);
  const fromOwner = s.owners.get(f.from);
  const at = (toOwner ? pointAt(s, f.to, ing) : undefined) ?? (fromOwner ? pointAt(s, f.from, eg) : undefined);
  const tenants = [...new Set([fromOwner?.meta.tenant, toOwner?.meta.tenant].filter((t): t is string => t !== undefined))];
  const message =
    `site ${s.site}: ${describeNamespace(s, f.from)} can connect to ${describeNamespace(s, f.to)} on ${formatPorts(undeclared).join(", ")}, ` +
    `which ${tenants.length > 1 ? `tenants ${tenants.join(" and ")} have not both declared` : `tenant ${tenants[0] ?? "?"} did not declare`}; allowed by ${describeSide(s, "egress", f.from, eg)} and ${describeSide(s, "ingress", f.to, ing)}`;
  return finding("PRF-001", at, toOwner ?? fromOwner, message, tenants);
}

function ipFindings(s: SiteAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const e of s.ip) {
    const owner = s.owners.get(e.namespace)!;
    const declared =
      e.direction === "egress"
        ? unionPorts(...declaredOf(owner.meta).egress.filter((d) => d.from === e.namespace && cidrWithin(e.cidr, d.cidr)).map((d) => parsePorts(d.ports)))
        : EMPTY_PORTS;
    // Node-local addresses (loopback, link-local: the metadata service) are the platform's, declared or not.
    const local = e.direction === "egress" ? localReached(e.cidr, e.except) : undefined;
    if (local) {
      out.push(finding("PRF-002", pointAt(s, e.namespace, e.by), owner,
        `site ${s.site}: ${describeNamespace(s, e.namespace)} can connect to ${local.cidr} (${local.what}) through IP block ${e.cidr}${e.except.length > 0 ? ` except ${e.except.join(", ")}` : ""}; these addresses belong to the platform, and the block must except them; allowed by ${describeSide(s, e.direction, e.namespace, e.by)}`));
    }
    const undeclared = subtractPorts(e.ports, declared);
    if (isEmptyPorts(undeclared)) continue;
    out.push(ipFinding(s, owner, e, undeclared));
  }
  return out;
}

/** The node-local range an egress block reaches past its `except` blocks, if any. */
function localReached(cidr: string, except: readonly string[]): (typeof LOCAL_RANGES)[number] | undefined {
  const inside = localRangeOf(cidr);
  if (inside) return except.some((x) => cidrWithin(cidr, x)) ? undefined : inside;
  return LOCAL_RANGES.find((l) => cidrWithin(l.cidr, cidr) && !except.some((x) => cidrWithin(l.cidr, x)));
}

function ipFinding(s: SiteAnalysis, owner: TenantOnSite, e: IpResult, undeclared: PortSet): Finding {
  const by = culprits(e.by, undeclared);
  const block = `${e.cidr}${e.except.length > 0 ? ` except ${e.except.join(", ")}` : ""}`;
  const what = e.direction === "egress" ? `${describeNamespace(s, e.namespace)} can connect to IP block ${block}` : `IP block ${block} can connect to ${describeNamespace(s, e.namespace)}`;
  const why = e.direction === "egress" ? `which tenant ${owner.meta.tenant} did not declare as egress` : "and ingress from IP blocks is never declared (traffic enters through the ingress controller)";
  return finding("PRF-002", pointAt(s, e.namespace, by), owner, `site ${s.site}: ${what} on ${formatPorts(undeclared).join(", ")}, ${why}; allowed by ${describeSide(s, e.direction, e.namespace, by)}`);
}

// ------------------------------------------------------------------------------------------------ vault

/** The path patterns a tenant's Vault subjects may hold capabilities on. */
export function declaredVaultPaths(meta: TenantOnSite["meta"]): string[] {
  const v = meta.vault;
  // A suspended tenant's role and groups hold nothing (constructs/tenant-vault.ts).
  if (meta.suspended !== undefined) return [];
  return [
    ...(v.kvMount ? [`${v.kvMount}/*`] : []),
    ...(v.transitMount ? [`${v.transitMount}/*`] : []),
    ...(v.pkiMount && v.pkiRole ? [`${v.pkiMount}/issue/${v.pkiRole}`, `${v.pkiMount}/sign/${v.pkiRole}`] : []),
  ];
}

function vaultFindings(s: SiteAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const [name, defs] of s.vaultPolicies) {
    if (name === DEFAULT_POLICY) {
      for (const d of defs) {
        const grants = d.rules.filter((r) => !r.capabilities.includes("deny"));
        if (grants.length === 0) continue;
        const what = grants.map((r) => `${r.capabilities.join(", ")} on ${r.path}`).join("; ");
        out.push(finding("PRF-003", d.at, undefined, `site ${s.site}: Vault policy "${name}" is attached to every token Vault issues (unless the token opts out), so what it grants (${what}) is granted to everyone, which no tenant declares`));
      }
    }
    for (const d of defs.slice(1)) {
      out.push(finding("PRF-003", d.at, undefined, `site ${s.site}: Vault policy "${name}" is also defined in ${defs[0]!.at.stack.file} (${defs[0]!.at.resource.address}); the two fight over one policy, so its content cannot be proven`));
    }
  }
  for (const access of s.vault) {
    const sub = access.subject;
    const tenant = sub.at.stack.tenantMeta;
    const who = tenant ? `tenant ${tenant.tenant}` : `stack ${sub.at.stack.id}`;
    const at = sub.at;
    if (!tenant) {
      if (access.acl.some((e) => !e.capabilities.includes("deny")) || access.missing.length > 0) {
        out.push(finding("PRF-003", at, undefined, `site ${s.site}: ${sub.subject} is granted Vault policies (${sub.policies.join(", ")}) outside any tenant stack; no tenant declares it`));
      }
      continue;
    }
    const v = tenant.vault;
    const declaredNames =
      sub.kind === "kubernetes" ? [v.authRole] : sub.kind === "group" ? [v.adminGroup, v.viewGroup] : [];
    const same = sub.kind === "group" ? vaultIdentityKey : (n: string) => n;
    if (!declaredNames.some((n) => n !== undefined && same(n) === same(sub.name))) {
      const expected = sub.kind === "kubernetes" ? `auth role ${v.authRole ?? "(none)"}` : sub.kind === "group" ? `groups ${[v.adminGroup, v.viewGroup].filter(Boolean).join(", ") || "(none)"}` : "no such subject";
      out.push(finding("PRF-003", at, undefined, `site ${s.site}: ${sub.subject} in the stack of ${who} is not declared (declared: ${expected}); whoever holds it gets ${tenant.tenant}'s Vault policies`));
    }
    if (sub.boundNamespaces) {
      const foreign = sub.boundNamespaces.filter((n) => !tenant.namespaces.includes(n));
      if (foreign.length > 0) {
        out.push(finding("PRF-003", at, undefined, `site ${s.site}: ${sub.subject} of ${who} accepts service accounts of ${foreign.map((n) => (n === "*" ? "every namespace" : describeNamespace(s, n))).join(", ")}; only ${tenant.namespaces.join(", ")} are ${tenant.tenant}'s`));
      }
    }
    if (sub.boundNamespaceSelector !== undefined) {
      out.push(
        finding(
          "PRF-003",
          at,
          undefined,
          `site ${s.site}: ${sub.subject} of ${who} also accepts service accounts of every namespace its namespace label selector ${sub.boundNamespaceSelector} selects; ` +
            `samdrift cannot prove those are only ${tenant.namespaces.join(", ")}`,
        ),
      );
    }
    if (access.missing.length > 0) {
      out.push(finding("PRF-003", at, undefined, `site ${s.site}: ${sub.subject} of ${who} holds Vault policies the output does not define (${access.missing.join(", ")}), so what they grant cannot be proven`));
    }
    const allowed = declaredVaultPaths(tenant);
    for (const g of undeclaredGrants(access.acl, allowed)) {
      const defs = g.entry.policies.flatMap((p) => s.vaultPolicies.get(p) ?? []);
      const def = defs.find((d) => d.at.stack === sub.at.stack) ?? defs[0];
      out.push(
        finding(
          "PRF-003",
          def?.at ?? at,
          undefined,
          `site ${s.site}: ${sub.subject} of ${who} has ${g.entry.capabilities.join(", ")} on "${g.entry.path}" (e.g. ${showWitness(g.witness)}) through policy ${g.entry.policies.join(", ")}; ` +
            `${tenant.tenant} declares only ${allowed.join(", ") || "no Vault mounts"}`,
        ),
      );
    }
  }
  return out;
}

// -------------------------------------------------------------------------------------------------- pki

/**
 * Certificates a tenant's PKI role may issue for names that are someone else's: another tenant's
 * certificate domains on the site, or the platform's own hosts (the Kubernetes API Vault reviews tokens
 * with). Read from the synthesized role, so a role that allows subdomains, globs or any name is judged by
 * what Vault would really issue (lib/names.ts). A role that allows addresses or localhost issues for
 * names no one can own, which no tenant declares.
 */
function pkiFindings(s: SiteAnalysis): Finding[] {
  const roles = s.tenants.flatMap((t) =>
    t.stack.resources.filter((r) => r.type === "vault_pki_secret_backend_role").map((resource) => ({ t, at: { stack: t.stack, resource } })),
  );
  const flag = (b: unknown, fallback: boolean) => (typeof b === "boolean" ? b : fallback);
  const owned: { name: string; owner: string; tenant?: string }[] = [];
  for (const { t, at } of roles) for (const d of strings(at.resource.body.allowed_domains)) owned.push({ name: d, owner: `tenant ${t.meta.tenant}'s certificate domain`, tenant: t.meta.tenant });
  for (const stack of s.siteStack ? [s.siteStack, ...s.tenants.map((t) => t.stack)] : s.tenants.map((t) => t.stack)) {
    for (const r of stack.resources.filter((x) => x.type === "vault_kubernetes_auth_backend_config")) {
      const host = urlHostKey(str(r.body.kubernetes_host) ?? "");
      if (host !== undefined) owned.push({ name: host, owner: `the Kubernetes API of site ${s.site}` });
    }
  }
  const out: Finding[] = [];
  for (const { t, at } of roles) {
    const b = at.resource.body;
    // Vault's defaults for a role written without the flag.
    const scope: PkiRoleScope = {
      allowedDomains: strings(b.allowed_domains),
      bareDomains: flag(b.allow_bare_domains, false),
      subdomains: flag(b.allow_subdomains, false),
      globs: flag(b.allow_glob_domains, false),
      anyName: flag(b.allow_any_name, false),
    };
    const taken = owned.filter((o) => o.tenant !== t.meta.tenant && pkiRoleCovers(scope, o.name));
    for (const o of taken) {
      out.push(finding("PRF-003", at, t, `site ${s.site}: PKI role "${str(b.name) ?? at.resource.name}" of tenant ${t.meta.tenant} may issue certificates for "${o.name}", which is ${o.owner}`));
    }
    const loose = [...(scope.anyName ? ["any name"] : []), ...(flag(b.allow_ip_sans, true) ? ["IP addresses"] : []), ...(flag(b.allow_localhost, true) ? ["localhost"] : [])];
    if (loose.length > 0) {
      out.push(finding("PRF-003", at, t, `site ${s.site}: PKI role "${str(b.name) ?? at.resource.name}" of tenant ${t.meta.tenant} may issue certificates for ${loose.join(", ")}; a tenant declares only its own DNS names`));
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------- rbac

function rbacFindings(s: SiteAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const g of s.rbac) {
    const owner = s.owners.get(g.namespace);
    const v = owner?.meta.vault;
    // A group the tenant did not declare is never matched (not even one called "undefined").
    const declared = [
      ...(v?.adminGroup !== undefined ? [{ subject: `group:${v.adminGroup}`, role: "admin" }] : []),
      ...(v?.viewGroup !== undefined ? [{ subject: `group:${v.viewGroup}`, role: "view" }] : []),
    ];
    if (owner !== undefined && declared.some((d) => d.subject === g.subject && d.role === g.role)) continue;
    const where = g.namespace === "*" ? "every namespace (ClusterRoleBinding)" : describeNamespace(s, g.namespace);
    const expected = !owner
      ? "only tenant namespaces get role bindings, for the tenant's own groups"
      : declared.length === 0
        ? `${owner.meta.tenant} declares no admin or view group`
        : `${owner.meta.tenant} declares ${declared.map((d) => `${d.subject} as ${d.role}`).join(" and ")}`;
    out.push(finding("PRF-004", g.at, owner, `site ${s.site}: ${g.subject} holds ${g.role} in ${where}, which is not declared; ${expected}`));
  }
  return out;
}
