/**
 * Really there, and really isolated, in Vault.
 *
 * - Every mount, auth backend, policy, role, group, alias, transit key and KV setting of the output exists
 *   on its site's Vault as synthesized.
 * - Each tenant's workload logs in through its kubernetes auth role with a service-account token from the
 *   real API server (TokenRequest), reads and writes its own KV, and is denied every other tenant's KV,
 *   transit and PKI paths on the site.
 * - For every policy of a site and a generated set of paths (witnesses of every pattern of every policy
 *   on the site, plus platform paths), what Vault answers on `sys/capabilities` equals what `analysis/`
 *   computes. Any disagreement fails the run: the isolation proof is only as good as that agreement.
 */
import type { OutputStack, OutputResource } from "../output/read.js";
import { resolveReference } from "../output/read.js";
import { str, strings } from "../lib/json.js";
import { parsePolicyHcl, buildAcl, effectiveCapabilities, witnessPaths } from "../analysis/vault.js";
import { errorText, type HttpClient } from "./http.js";
import { serviceAccountToken } from "./servers.js";

export interface VaultDisagreement {
  readonly site: string;
  readonly policy: string;
  readonly path: string;
  readonly vault: readonly string[];
  readonly analysis: readonly string[];
}

export interface VaultCheck {
  /** Objects compared, logins and probes made, capability pairs compared: all of them. */
  checks: number;
  objects: number;
  /** Workload logins and the requests made with their tokens. */
  probes: number;
  /** (policy, path) pairs on which Vault's and analysis/'s capabilities were compared. */
  capabilityPairs: number;
  missing: string[];
  isolation: string[];
  disagreements: VaultDisagreement[];
}

/** Vault types samdrift writes; each has a reader below. */
const READERS: Readonly<Record<string, (r: OutputResource, stack: OutputStack, vault: HttpClient) => Promise<string[]>>> = {
  vault_mount: async (r, _s, vault) => {
    const path = str(r.body.path)!;
    const a = await vault.call("GET", `/v1/sys/mounts/${path}`);
    if (a.status !== 200) return [`mount ${path} not found (HTTP ${a.status})`];
    const live = (a.body as { data?: { type?: string; options?: Record<string, string> | null } }).data ?? (a.body as { type?: string; options?: Record<string, string> });
    const out: string[] = [];
    if (live.type !== str(r.body.type)) out.push(`mount ${path}: type ${live.type}, synthesized ${str(r.body.type)}`);
    const options = r.body.options as Record<string, string> | undefined;
    for (const [k, v] of Object.entries(options ?? {})) if (live.options?.[k] !== v) out.push(`mount ${path}: option ${k} is ${live.options?.[k]}, synthesized ${v}`);
    return out;
  },
  vault_auth_backend: async (r, _s, vault) => {
    const path = str(r.body.path)!;
    const a = (await vault.ok("GET", "/v1/sys/auth")) as { data?: Record<string, { type: string }> };
    const live = a.data?.[`${path}/`];
    return live?.type === str(r.body.type) ? [] : [`auth backend ${path}/ of type ${str(r.body.type)} not found`];
  },
  vault_kubernetes_auth_backend_config: async (r, _s, vault) => {
    const a = await vault.call("GET", `/v1/auth/${str(r.body.backend)}/config`);
    if (a.status !== 200) return [`auth/${str(r.body.backend)}/config not found (HTTP ${a.status})`];
    const host = (a.body as { data: { kubernetes_host: string } }).data.kubernetes_host;
    return host === str(r.body.kubernetes_host) ? [] : [`auth/${str(r.body.backend)}/config: kubernetes_host ${host}, synthesized ${str(r.body.kubernetes_host)}`];
  },
  vault_policy: async (r, _s, vault) => {
    const name = str(r.body.name)!;
    const a = await vault.call("GET", `/v1/sys/policies/acl/${name}`);
    if (a.status !== 200) return [`policy ${name} not found (HTTP ${a.status})`];
    return (a.body as { data: { policy: string } }).data.policy === str(r.body.policy) ? [] : [`policy ${name}: text differs from the synthesized one`];
  },
  vault_kv_secret_backend_v2: async (r, _s, vault) => {
    const a = await vault.call("GET", `/v1/${str(r.body.mount)}/config`);
    if (a.status !== 200) return [`${str(r.body.mount)}/config not found (HTTP ${a.status})`];
    const live = (a.body as { data: { max_versions: number } }).data.max_versions;
    return String(live) === str(r.body.max_versions) ? [] : [`${str(r.body.mount)}/config: max_versions ${live}, synthesized ${str(r.body.max_versions)}`];
  },
  vault_transit_secret_backend_key: async (r, _s, vault) => {
    const path = `${str(r.body.backend)}/keys/${str(r.body.name)}`;
    const a = await vault.call("GET", `/v1/${path}`);
    if (a.status !== 200) return [`transit key ${path} not found (HTTP ${a.status})`];
    const live = (a.body as { data: Record<string, unknown> }).data;
    const out: string[] = [];
    for (const k of ["type", "exportable", "deletion_allowed", "allow_plaintext_backup"] as const) {
      if (r.body[k] !== undefined && String(live[k]) !== str(r.body[k]) && String(live[k]) !== String(r.body[k])) out.push(`transit key ${path}: ${k} ${String(live[k])}, synthesized ${String(r.body[k])}`);
    }
    return out;
  },
  vault_pki_secret_backend_role: async (r, _s, vault) => {
    const path = `${str(r.body.backend)}/roles/${str(r.body.name)}`;
    const a = await vault.call("GET", `/v1/${path}`);
    if (a.status !== 200) return [`PKI role ${path} not found (HTTP ${a.status})`];
    const live = (a.body as { data: Record<string, unknown> }).data;
    const out: string[] = [];
    if (JSON.stringify([...(live.allowed_domains as string[])].sort()) !== JSON.stringify(strings(r.body.allowed_domains).sort())) out.push(`PKI role ${path}: allowed_domains differ`);
    for (const k of ["allow_subdomains", "allow_glob_domains", "allow_any_name", "allow_ip_sans", "allow_localhost", "allow_bare_domains", "enforce_hostnames", "server_flag", "client_flag"]) {
      if (r.body[k] !== undefined && live[k] !== r.body[k]) out.push(`PKI role ${path}: ${k} ${String(live[k])}, synthesized ${String(r.body[k])}`);
    }
    return out;
  },
  vault_kubernetes_auth_backend_role: async (r, _s, vault) => {
    const path = `auth/${str(r.body.backend)}/role/${str(r.body.role_name)}`;
    const a = await vault.call("GET", `/v1/${path}`);
    if (a.status !== 200) return [`${path} not found (HTTP ${a.status})`];
    const live = (a.body as { data: Record<string, unknown> }).data;
    const out: string[] = [];
    for (const k of ["bound_service_account_names", "bound_service_account_namespaces", "token_policies"]) {
      const l = [...((live[k] as string[] | null) ?? [])].sort();
      if (JSON.stringify(l) !== JSON.stringify(strings(r.body[k]).sort())) out.push(`${path}: ${k} is ${JSON.stringify(l)}, synthesized ${JSON.stringify(strings(r.body[k]))}`);
    }
    return out;
  },
  vault_identity_group: async (r, _s, vault) => {
    const name = str(r.body.name)!;
    const a = await vault.call("GET", `/v1/identity/group/name/${name}`);
    if (a.status !== 200) return [`identity group ${name} not found (HTTP ${a.status})`];
    const live = (a.body as { data: { policies: string[] | null; type: string } }).data;
    const out: string[] = [];
    if (live.type !== str(r.body.type)) out.push(`identity group ${name}: type ${live.type}, synthesized ${str(r.body.type)}`);
    if (JSON.stringify([...(live.policies ?? [])].sort()) !== JSON.stringify(strings(r.body.policies).sort())) out.push(`identity group ${name}: policies ${JSON.stringify(live.policies)}, synthesized ${JSON.stringify(strings(r.body.policies))}`);
    return out;
  },
  vault_identity_group_alias: async (r, stack, vault) => {
    const groupRef = resolveReference(stack, str(r.body.canonical_id) ?? "");
    const group = stack.resources.find((g) => g.type === "vault_identity_group" && groupRef.includes(`vault_identity_group.${g.name}.`));
    if (!group) return [`alias ${str(r.body.name)}: its group is not in the stack`];
    const a = await vault.call("GET", `/v1/identity/group/name/${str(group.body.name)}`);
    if (a.status !== 200) return [`alias ${str(r.body.name)}: group ${str(group.body.name)} not found`];
    const alias = (a.body as { data: { alias?: { name?: string; mount_accessor?: string } } }).data.alias;
    return alias?.name === str(r.body.name) && alias?.mount_accessor === str(r.body.mount_accessor) ? [] : [`group ${str(group.body.name)}: alias ${JSON.stringify(alias ?? null)}, synthesized ${str(r.body.name)} on ${str(r.body.mount_accessor)}`];
  },
};

export const CHECKED_VAULT_TYPES = Object.keys(READERS);

export function emptyVaultCheck(): VaultCheck {
  return { checks: 0, objects: 0, probes: 0, capabilityPairs: 0, missing: [], isolation: [], disagreements: [] };
}

export async function checkVaultObjects(stacks: readonly OutputStack[], vaultOf: (s: OutputStack) => HttpClient, into: VaultCheck): Promise<void> {
  for (const stack of stacks) {
    for (const r of stack.resources) {
      if (!r.type.startsWith("vault_")) continue;
      const reader = READERS[r.type];
      into.objects++;
      into.checks++;
      if (!reader) {
        into.missing.push(`${stack.id}: ${r.address}: the e2e does not know how to check ${r.type}; add it to e2e/vault-check.ts`);
        continue;
      }
      into.missing.push(...(await reader(r, stack, vaultOf(stack))).map((m) => `${stack.id}: ${r.address}: ${m}`));
    }
  }
}

const PROBE_SA = "samdrift-e2e-probe";

/**
 * Logs in as each tenant's workload on one site and probes its own and every other tenant's paths.
 * `stacks` are the site's stacks.
 */
export async function checkVaultIsolation(site: string, stacks: readonly OutputStack[], kube: HttpClient, vault: HttpClient, into: VaultCheck): Promise<void> {
  const tenants = stacks.filter((s) => s.tenantMeta).map((s) => ({ ...s.tenantMeta!, transitKeys: transitKeysOf(s), pkiDomains: pkiDomainsOf(s) }));
  for (const t of tenants) {
    if (!t.vault.authRole || t.namespaces.length === 0) continue;
    const ns = t.namespaces[0]!;
    const who = `${t.tenant} on ${site}`;
    await kube.ok("POST", `/api/v1/namespaces/${ns}/serviceaccounts`, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: PROBE_SA } }).catch(async (e: Error) => {
      if (!/HTTP 409/.test(e.message)) throw e;
    });
    const jwt = await serviceAccountToken(kube, ns, PROBE_SA, 600);
    into.checks++;
    into.probes++;
    const login = await vault.with({ "x-vault-token": "" }).call("POST", `/v1/auth/${t.vault.authBackend}/login`, { role: t.vault.authRole, jwt });
    if (login.status !== 200) {
      into.isolation.push(`${who}: login through auth/${t.vault.authBackend} role ${t.vault.authRole} failed: HTTP ${login.status}: ${errorText(login.body)}`);
      continue;
    }
    const token = (login.body as { auth: { client_token: string } }).auth.client_token;
    const as = vault.with({ "x-vault-token": token });
    /** `allowed`: 2xx; `false`: 403 (the ACL refuses); `"refused"`: 400 (the role itself refuses). */
    const expect = async (what: string, method: string, path: string, body: unknown, allowed: boolean | "refused") => {
      into.checks++;
      into.probes++;
      const a = await as.call(method, `/v1/${path}`, body);
      const ok = allowed === true ? a.status >= 200 && a.status < 300 : allowed === "refused" ? a.status === 400 : a.status === 403;
      const wanted = allowed === true ? "success" : allowed === "refused" ? "400 (refused by the role)" : "403 permission denied";
      if (!ok) into.isolation.push(`${who}: ${what} (${method} ${path}) answered HTTP ${a.status}, expected ${wanted}: ${errorText(a.body)}`);
    };
    if (t.vault.kvMount) {
      await expect("write its own KV", "POST", `${t.vault.kvMount}/data/e2e-probe`, { data: { probe: "own" } }, true);
      await expect("read its own KV", "GET", `${t.vault.kvMount}/data/e2e-probe`, undefined, true);
    }
    for (const { mount, key } of t.transitKeys) {
      await expect("encrypt with its own key", "POST", `${mount}/encrypt/${key}`, { plaintext: Buffer.from("probe").toString("base64") }, true);
    }
    if (t.vault.pkiMount && t.vault.pkiRole && t.pkiDomains[0]) {
      const issue = `${t.vault.pkiMount}/issue/${t.vault.pkiRole}`;
      await expect(`issue a certificate for its own domain ${t.pkiDomains[0]}`, "POST", issue, { common_name: t.pkiDomains[0], ttl: "1h" }, true);
      await expect("issue a certificate for a subdomain it did not declare", "POST", issue, { common_name: `e2e-sub.${t.pkiDomains[0]}`, ttl: "1h" }, "refused");
      await expect("issue a certificate for a domain it did not declare", "POST", issue, { common_name: "e2e-undeclared.example.org", ttl: "1h" }, "refused");
      await expect("issue a certificate for an IP address", "POST", issue, { common_name: t.pkiDomains[0], ip_sans: "127.0.0.1", ttl: "1h" }, "refused");
    }
    for (const other of tenants) {
      if (other.tenant === t.tenant) continue;
      if (other.vault.kvMount) {
        await expect(`read ${other.tenant}'s KV`, "GET", `${other.vault.kvMount}/data/e2e-probe`, undefined, false);
        await expect(`write ${other.tenant}'s KV`, "POST", `${other.vault.kvMount}/data/e2e-probe`, { data: { probe: "intruder" } }, false);
        await expect(`list ${other.tenant}'s KV`, "LIST", `${other.vault.kvMount}/metadata/`, undefined, false);
      }
      for (const { mount, key } of other.transitKeys) {
        await expect(`decrypt with ${other.tenant}'s key`, "POST", `${mount}/decrypt/${key}`, { ciphertext: "vault:v1:AAAA" }, false);
        await expect(`encrypt with ${other.tenant}'s key`, "POST", `${mount}/encrypt/${key}`, { plaintext: "cHJvYmU=" }, false);
      }
      if (other.vault.pkiMount && other.vault.pkiRole) {
        await expect(`issue a certificate on ${other.tenant}'s PKI role`, "POST", `${other.vault.pkiMount}/issue/${other.vault.pkiRole}`, { common_name: "probe.example.se" }, false);
      }
    }
    await expect("list the site's mounts", "GET", "sys/mounts", undefined, false);
    await expect("write a policy", "POST", "sys/policies/acl/e2e-intruder", { policy: 'path "*" { capabilities = ["sudo"] }' }, false);
  }
}

const transitKeysOf = (s: OutputStack): { mount: string; key: string }[] =>
  s.resources.filter((r) => r.type === "vault_transit_secret_backend_key").map((r) => ({ mount: str(r.body.backend)!, key: str(r.body.name)! }));

const pkiDomainsOf = (s: OutputStack): string[] => s.resources.filter((r) => r.type === "vault_pki_secret_backend_role").flatMap((r) => strings(r.body.allowed_domains));

/**
 * What a site's operators do once the site stack has mounted the PKI: install the site CA (here a root
 * made in Vault; on a real site an intermediate signed by the supplier's root). samdrift never handles key
 * material.
 */
export async function installSiteCa(site: string, stacks: readonly OutputStack[], vault: HttpClient): Promise<boolean> {
  const mount = stacks.flatMap((s) => (s.siteMeta ? s.resources : [])).find((r) => r.type === "vault_mount" && r.body.type === "pki");
  if (!mount) return false;
  await vault.ok("POST", `/v1/${str(mount.body.path)}/root/generate/internal`, { common_name: `samdrift e2e CA of ${site}`, ttl: "72h", key_type: "ec", key_bits: 256 });
  return true;
}

/** A literal segment no policy names, standing in for analysis/'s fresh segments. */
const FRESH_SEGMENT = "zz-e2e-fresh";
const PLATFORM_PATHS = ["sys/mounts", "sys/auth", "sys/policies/acl/default", "auth/token/create", "identity/group", "cubbyhole/x", "secret/data/x", "pki/root/generate/internal"];

/** Vault's `sys/capabilities` against `analysis/vault.ts`, for every policy of one site. */
export async function compareCapabilities(site: string, stacks: readonly OutputStack[], vault: HttpClient, into: VaultCheck): Promise<void> {
  const policies = stacks.flatMap((s) => s.resources.filter((r) => r.type === "vault_policy").map((r) => ({ name: str(r.body.name)!, text: str(r.body.policy)! })));
  const parsed = policies.map((p) => ({ ...p, rules: parsePolicyHcl(p.text) }));
  const patterns = parsed.flatMap((p) => p.rules.map((r) => r.path));
  const paths = new Set<string>(PLATFORM_PATHS);
  for (const pattern of patterns) {
    for (const w of witnessPaths(pattern, patterns)) if (w !== "") paths.add(w.split("\u0000x").join(FRESH_SEGMENT));
  }
  const pathList = [...paths].sort();
  for (const p of parsed) {
    const created = (await vault.ok("POST", "/v1/auth/token/create", { policies: [p.name], no_default_policy: true, ttl: "10m", renewable: false })) as { auth: { client_token: string } };
    const token = created.auth.client_token;
    const answer = (await vault.ok("POST", "/v1/sys/capabilities", { token, paths: pathList })) as Record<string, unknown> & { data?: Record<string, unknown> };
    const byPath = (answer.data ?? answer) as Record<string, unknown>;
    const acl = buildAcl([{ name: p.name, rules: p.rules }]);
    for (const path of pathList) {
      into.checks++;
      into.capabilityPairs++;
      const live = normalise(byPath[path]);
      const computed = [...effectiveCapabilities(acl, path)].sort();
      if (JSON.stringify(live) !== JSON.stringify(computed)) into.disagreements.push({ site, policy: p.name, path, vault: live, analysis: computed });
    }
    await vault.call("POST", "/v1/auth/token/revoke", { token });
  }
}

/** Vault says `["deny"]` where nothing is allowed; analysis/ says `[]`. */
function normalise(caps: unknown): string[] {
  const list = Array.isArray(caps) ? caps.map(String) : [];
  return list.includes("deny") ? [] : list.sort();
}
