/**
 * "The same name", as each system that uses a name compares names. Two names with one key are one object
 * in that system: the second writer does not get an error, it updates the first writer's object. Every
 * claim check (model/model.ts) and the isolation proof (analysis/) compare names through these keys, never
 * with `===` on the text as written.
 *
 * - Vault identity groups and entities: case-insensitive by default ("Vault uses case-insensitive matching
 *   for names and considers bob and BOB to be the same name").
 *   @see https://developer.hashicorp.com/vault/docs/upgrading/deduplication/entity-group
 * - Vault ACL policy names: Vault lower-cases a policy's name when it is written.
 *   @see https://developer.hashicorp.com/vault/docs/concepts/policies
 * - DNS names (ingress hosts, certificate domains, platform hosts): case-insensitive (RFC 4343), and a
 *   trailing dot writes the same, absolute, name.
 * - Kubernetes object names and RBAC subjects: exact, byte for byte.
 */

/** Vault identity group (and entity) names. */
export const vaultIdentityKey = (name: string): string => name.toLowerCase();

/** Vault ACL policy names. */
export const vaultPolicyKey = (name: string): string => name.toLowerCase();

/** DNS names: ASCII case folded, one trailing dot dropped. */
export const dnsKey = (name: string): string => name.toLowerCase().replace(/\.$/, "");

/** Kubernetes object names and RBAC subjects. */
export const kubernetesKey = (name: string): string => name;

/** The host of a URL, as a DNS key; undefined when the text is not a URL with a host. */
export function urlHostKey(url: string): string | undefined {
  try {
    const host = new URL(url).hostname;
    return host === "" ? undefined : dnsKey(host.replace(/^\[(.*)\]$/, "$1"));
  } catch {
    return undefined;
  }
}

/**
 * What a Vault PKI role lets a token request, from its `allowed_domains` and flags: the names its
 * certificates may carry. Mirrors Vault's pki role semantics.
 * @see https://developer.hashicorp.com/vault/api-docs/secret/pki#create-update-role
 */
export interface PkiRoleScope {
  readonly allowedDomains: readonly string[];
  /** `allow_bare_domains`: the allowed domain itself. */
  readonly bareDomains: boolean;
  /** `allow_subdomains`: any name below an allowed domain, wildcards included. */
  readonly subdomains: boolean;
  /** `allow_glob_domains`: `*` in an allowed domain matches any text. */
  readonly globs: boolean;
  /** `allow_any_name`: every name. */
  readonly anyName: boolean;
}

/** Whether a certificate issued through the role may name `name` (compared as DNS names). */
export function pkiRoleCovers(scope: PkiRoleScope, name: string): boolean {
  if (scope.anyName) return true;
  const n = dnsKey(name);
  return scope.allowedDomains.some((raw) => {
    const d = dnsKey(raw);
    if (scope.globs && d.includes("*")) return globMatches(d, n) || (scope.subdomains && globMatches(`*.${d}`, n));
    return (scope.bareDomains && n === d) || (scope.subdomains && n.endsWith(`.${d}`));
  });
}

function globMatches(glob: string, name: string): boolean {
  const parts = glob.split("*");
  if (!name.startsWith(parts[0]!)) return false;
  let at = parts[0]!.length;
  for (const part of parts.slice(1, -1)) {
    const i = name.indexOf(part, at);
    if (i < 0) return false;
    at = i + part.length;
  }
  const last = parts[parts.length - 1]!;
  return parts.length === 1 ? name === glob : name.length - last.length >= at && name.endsWith(last);
}
