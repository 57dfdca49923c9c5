/**
 * Vault policy documents for tenants, as HCL text. Every interpolated name has been validated by the model
 * to hold only `[A-Za-z0-9._-]` (and `/` between samdrift's own path segments), so nothing can close the
 * quoted path or the block.
 *
 * @see https://developer.hashicorp.com/vault/docs/concepts/policies
 */
export type Capability = "create" | "read" | "update" | "patch" | "delete" | "list" | "sudo" | "deny";

export interface PolicyRule {
  readonly path: string;
  readonly capabilities: readonly Capability[];
}

const SAFE_PATH = /^[A-Za-z0-9._/-]+\*?$/;

/** Renders rules as a Vault policy; throws if a path could escape its quotes (the model prevents it). */
export function renderPolicy(comment: string, rules: readonly PolicyRule[]): string {
  const lines = [`# ${comment.replace(/[\r\n]/g, " ")}`];
  for (const rule of rules) {
    if (!SAFE_PATH.test(rule.path)) throw new Error(`unsafe Vault policy path: ${JSON.stringify(rule.path)}`);
    lines.push(`path "${rule.path}" {`, `  capabilities = [${rule.capabilities.map((c) => `"${c}"`).join(", ")}]`, `}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Read and write secrets of the tenant's KV v2 mount, and manage their versions; nothing else. */
export const kvRules = (mount: string): PolicyRule[] => [
  { path: `${mount}/data/*`, capabilities: ["create", "read", "update", "patch", "delete"] },
  { path: `${mount}/metadata/*`, capabilities: ["read", "list", "delete"] },
  { path: `${mount}/delete/*`, capabilities: ["update"] },
  { path: `${mount}/undelete/*`, capabilities: ["update"] },
  { path: `${mount}/destroy/*`, capabilities: ["update"] },
];

/** List and read secret metadata (names, versions), never values: for the tenant's auditors. */
export const kvViewRules = (mount: string): PolicyRule[] => [{ path: `${mount}/metadata/*`, capabilities: ["read", "list"] }];

/** Encrypt and decrypt with the named keys only; no export, no key management. */
export const transitRules = (mount: string, keys: readonly string[]): PolicyRule[] =>
  keys.flatMap((key) => [
    { path: `${mount}/encrypt/${key}`, capabilities: ["update"] },
    { path: `${mount}/decrypt/${key}`, capabilities: ["update"] },
  ]);

/** Issue certificates through the tenant's own role on the site PKI. */
export const pkiRules = (mount: string, role: string): PolicyRule[] => [
  { path: `${mount}/issue/${role}`, capabilities: ["create", "update"] },
];
