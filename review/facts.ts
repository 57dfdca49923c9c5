/**
 * What one version of one stack means, in the terms a reviewer thinks in: its namespaces and their quotas,
 * the network flows its policies open (review/flows.ts), its role bindings, the Vault capabilities each of
 * its policies grants, its mounts, keys and roles, and the tenant's metadata. `stackFacts` reads them from a
 * stack's resources, synthesized or planned; review/compare.ts compares two versions.
 *
 * A Vault policy is read as the isolation proof reads it (analysis/vault.ts: the HCL parser, the legacy
 * `policy = "..."` form, `deny` overriding the rest of its path), so a pull request comment never shows
 * capabilities the proof does not see, or misses ones it does.
 *
 * @see https://developer.hashicorp.com/vault/docs/concepts/policies
 */
import { buildAcl, parsePolicyHcl, VaultPolicySyntaxError } from "../analysis/vault.js";
import { PRIVATE_RANGES } from "../lib/address-scope.js";
import { vaultPolicyKey } from "../lib/names.js";
import type { ResourceEntry } from "./stacks.js";
import type { TenantMeta } from "../output/schema.js";
import { EMPTY_DIRECTORY, flowKey, labelsText, policyFlows, type Flow, type NamespaceDirectory } from "./flows.js";
import { many as blocks, one, str, stringMap, strings } from "../lib/json.js";
import { byString } from "../lib/sort.js";

// ----------------------------------------------------------------------------------------- Vault policy

/** Path → capabilities of a Vault policy document (HCL), `deny` alone where a path denies. */
export type PolicyRules = ReadonlyMap<string, readonly string[]>;

/**
 * The capabilities a Vault policy text grants per path pattern, as analysis/vault.ts reads it (the same
 * pattern twice: the union, `deny` overriding it); `undefined` when the proof cannot read the text
 * either, so the caller shows that the text changed.
 */
export function policyRules(text: string): PolicyRules | undefined {
  try {
    return new Map(buildAcl([{ name: "", rules: parsePolicyHcl(text) }]).map((e) => [e.path, e.capabilities]));
  } catch (e) {
    if (e instanceof VaultPolicySyntaxError) return undefined;
    throw e;
  }
}

// ----------------------------------------------------------------------------------------------- facts

export interface RoleBindingFact {
  readonly namespace: string;
  readonly name: string;
  /** `ClusterRole admin`. */
  readonly role: string;
  /** `Group mfof-admins`. */
  readonly subjects: readonly string[];
}

export interface MountFact {
  readonly path: string;
  readonly type: string;
  readonly options: string;
  readonly preventDestroy: boolean;
}

/** Everything review knows about one version of one stack. */
export interface StackFacts {
  readonly tenant?: string;
  readonly site?: string;
  readonly meta?: TenantMeta;
  /** Namespace name → its labels and whether it refuses destroy. */
  readonly namespaces: ReadonlyMap<string, { readonly labels: Readonly<Record<string, string>>; readonly preventDestroy: boolean }>;
  /** `namespace/quota-name` → hard limits. */
  readonly quotas: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** `namespace/limit-range-name` → `Container default.cpu` → value. */
  readonly limits: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly roleBindings: ReadonlyMap<string, RoleBindingFact>;
  readonly flows: ReadonlyMap<string, Flow>;
  /** Policy name (lower-cased, as Vault stores it) → rules, or `undefined` rules when the text could not be read. */
  readonly vaultPolicies: ReadonlyMap<string, PolicyRules | undefined>;
  readonly mounts: ReadonlyMap<string, MountFact>;
  /** `mount/key` → settings text (`deletion allowed`, `exportable`). */
  readonly transitKeys: ReadonlyMap<string, { readonly deletionAllowed: boolean; readonly exportable: boolean }>;
  /** Kubernetes auth role name → bound namespaces, service accounts and token policies. */
  readonly authRoles: ReadonlyMap<string, { readonly backend: string; readonly namespaces: readonly string[]; readonly serviceAccounts: readonly string[]; readonly policies: readonly string[] }>;
  /** Vault identity group name → policies. */
  readonly groups: ReadonlyMap<string, { readonly policies: readonly string[] }>;
  /** PKI role name → allowed domains and settings. */
  readonly pkiRoles: ReadonlyMap<string, { readonly backend: string; readonly domains: readonly string[]; readonly settings: Readonly<Record<string, string>> }>;
  /** KV v2 mount → versions kept per secret (`max_versions`; undefined when the output does not say). */
  readonly kvSettings: ReadonlyMap<string, { readonly maxVersions: number | undefined }>;
}

/**
 * PKI role settings that let the role issue for more names than its `allowed_domains` as written: true on
 * each (false for `enforce_hostnames`) widens it. The review names every one that is on.
 */
export const PKI_WIDENING: Readonly<Record<string, string>> = {
  allow_subdomains: "true", allow_glob_domains: "true", allow_any_name: "true", allow_wildcard_certificates: "true",
  allow_ip_sans: "true", allow_localhost: "true", enforce_hostnames: "false",
};
/** The widening settings a PKI role has on (see {@link PKI_WIDENING}). */
export const pkiWidening = (settings: Readonly<Record<string, string>>): string[] =>
  Object.entries(PKI_WIDENING).filter(([k, on]) => settings[k] === on).map(([k, on]) => `${k} ${on}`);

export interface FactsInput {
  readonly tenant?: string;
  readonly site?: string;
  readonly tenantMeta?: TenantMeta;
  readonly resources: Iterable<ResourceEntry>;
}

/** Reads a stack's facts from its resources; unknown resource types are left to the attribute diff. */
export function stackFacts(stack: FactsInput, directory: NamespaceDirectory = EMPTY_DIRECTORY): StackFacts {
  const meta = stack.tenantMeta;
  const tenant = meta?.tenant ?? stack.tenant;
  const site = meta?.site ?? stack.site;
  const resources = [...stack.resources];
  const namespaces = new Map<string, { labels: Record<string, string>; preventDestroy: boolean }>();
  for (const r of resources) {
    if (r.type !== "kubernetes_namespace_v1") continue;
    const md = one(r.values.metadata);
    const name = str(md?.name);
    if (name !== undefined) namespaces.set(name, { labels: stringMap(md?.labels), preventDestroy: r.preventDestroy });
  }
  const tenantNamespaces = new Set([...(meta?.namespaces ?? []), ...namespaces.keys()]);
  const platform = (site !== undefined ? directory.platform.get(site) : undefined) ?? new Map<string, string>();
  const privateRanges = [...PRIVATE_RANGES, ...((site !== undefined ? directory.privateRanges.get(site) : undefined) ?? [])];
  const peerCtx = { ...(tenant !== undefined ? { tenant } : {}), tenantNamespaces, platform, directory, privateRanges };

  const quotas = new Map<string, Record<string, string>>();
  const limits = new Map<string, Record<string, string>>();
  const roleBindings = new Map<string, RoleBindingFact>();
  const flows = new Map<string, Flow>();
  const vaultPolicies = new Map<string, PolicyRules | undefined>();
  const mounts = new Map<string, MountFact>();
  const transitKeys = new Map<string, { deletionAllowed: boolean; exportable: boolean }>();
  const authRoles = new Map<string, { backend: string; namespaces: string[]; serviceAccounts: string[]; policies: string[] }>();
  const groups = new Map<string, { policies: string[] }>();
  const pkiRoles = new Map<string, { backend: string; domains: string[]; settings: Record<string, string> }>();
  const kvSettings = new Map<string, { maxVersions: number | undefined }>();

  for (const r of resources) {
    const v = r.values;
    const md = one(v.metadata);
    const nsKey = `${str(md?.namespace) ?? "default"}/${str(md?.name) ?? r.name}`;
    switch (r.type) {
      case "kubernetes_resource_quota_v1":
        quotas.set(nsKey, stringMap(one(v.spec)?.hard));
        break;
      case "kubernetes_limit_range_v1": {
        const out: Record<string, string> = {};
        for (const limit of blocks(one(v.spec)?.limit)) {
          const type = str(limit.type) ?? "?";
          for (const field of ["default", "default_request", "min", "max", "max_limit_request_ratio"]) {
            for (const [k, val] of Object.entries(stringMap(limit[field]))) out[`${type} ${field}.${k}`] = val;
          }
        }
        limits.set(nsKey, out);
        break;
      }
      case "kubernetes_role_binding_v1": {
        const ref = one(v.role_ref);
        roleBindings.set(nsKey, {
          namespace: str(md?.namespace) ?? "default",
          name: str(md?.name) ?? r.name,
          role: `${str(ref?.kind) ?? "?"} ${str(ref?.name) ?? "?"}`,
          subjects: blocks(v.subject).map((s) => `${str(s.kind) ?? "?"} ${str(s.name) ?? "?"}`).sort(byString),
        });
        break;
      }
      case "kubernetes_network_policy_v1":
        for (const f of policyFlows(v, peerCtx)) flows.set(flowKey(f), f);
        break;
      case "vault_policy": {
        // Vault lower-cases a policy's name, as the proof does (lib/names.ts): `AB-kv` and `ab-kv` are one policy.
        const name = vaultPolicyKey(str(v.name) ?? r.name);
        const text = str(v.policy);
        vaultPolicies.set(name, text === undefined ? undefined : policyRules(text));
        break;
      }
      case "vault_mount": {
        const path = str(v.path) ?? r.name;
        mounts.set(path, { path, type: str(v.type) ?? "?", options: labelsText(stringMap(v.options)), preventDestroy: r.preventDestroy });
        break;
      }
      case "vault_kv_secret_backend_v2":
        kvSettings.set(str(v.mount) ?? r.name, { maxVersions: typeof v.max_versions === "number" ? v.max_versions : undefined });
        break;
      case "vault_transit_secret_backend_key":
        transitKeys.set(`${str(v.backend) ?? "?"}/${str(v.name) ?? r.name}`, { deletionAllowed: v.deletion_allowed === true, exportable: v.exportable === true });
        break;
      case "vault_kubernetes_auth_backend_role":
        authRoles.set(str(v.role_name) ?? r.name, {
          backend: str(v.backend) ?? "?",
          namespaces: strings(v.bound_service_account_namespaces).sort(byString),
          serviceAccounts: strings(v.bound_service_account_names).sort(byString),
          policies: strings(v.token_policies).sort(byString),
        });
        break;
      case "vault_identity_group":
        groups.set(str(v.name) ?? r.name, { policies: strings(v.policies).sort(byString) });
        break;
      case "vault_pki_secret_backend_role": {
        const settings: Record<string, string> = {};
        for (const [k, val] of Object.entries(v)) {
          if (k !== "name" && k !== "backend" && k !== "allowed_domains" && (typeof val !== "object" || val === null)) settings[k] = String(val);
        }
        pkiRoles.set(str(v.name) ?? r.name, { backend: str(v.backend) ?? "?", domains: strings(v.allowed_domains).sort(byString), settings });
        break;
      }
      default:
        break;
    }
  }
  return {
    ...(tenant !== undefined ? { tenant } : {}),
    ...(site !== undefined ? { site } : {}),
    ...(meta ? { meta } : {}),
    namespaces, quotas, limits, roleBindings, flows, vaultPolicies, mounts, transitKeys, authRoles, groups, pkiRoles, kvSettings,
  };
}

/** Facts of a stack that does not exist (before an add, after a remove). */
export const NO_FACTS: StackFacts = {
  namespaces: new Map(), quotas: new Map(), limits: new Map(), roleBindings: new Map(), flows: new Map(),
  vaultPolicies: new Map(), mounts: new Map(), transitKeys: new Map(), authRoles: new Map(), groups: new Map(), pkiRoles: new Map(), kvSettings: new Map(),
};

/** Whether a Vault path lies under one of the tenant's own mounts or its own PKI role (from the samdrift block). */
export function isOwnVaultPath(path: string, meta: TenantMeta): boolean {
  const v = meta.vault;
  const own = [v.kvMount, v.transitMount].filter((m): m is string => m !== undefined);
  if (own.some((m) => path === m || path.startsWith(`${m}/`))) return true;
  if (v.pkiMount !== undefined && v.pkiRole !== undefined) {
    return new RegExp(`^${escapeRe(v.pkiMount)}/(issue|sign)/${escapeRe(v.pkiRole)}$`).test(path);
  }
  return false;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
