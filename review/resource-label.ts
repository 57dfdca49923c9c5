/**
 * Readable names of the resources a review shows: `namespace mfof-apps`, `network policy
 * mfof-apps/allow-dns`, `Vault mount mfof-kv`, and the namespace a resource lives in.
 */
import { one, str, type JsonObject } from "../lib/json.js";

/** The Kubernetes namespace a resource lives in (a namespace's own name for a namespace). */
export function resourceNamespace(values: JsonObject): string | undefined {
  const md = one(values.metadata);
  return str(md?.namespace) ?? (md !== undefined && values.spec === undefined ? str(md.name) : undefined);
}

/** A short readable name of a resource: `namespace mfof-apps`, `network policy mfof-apps/allow-dns`. */
export function resourceLabel(type: string, values: JsonObject | undefined, name: string): string {
  const v = values ?? {};
  const md = one(v.metadata);
  const mdName = str(md?.name);
  const mdNs = str(md?.namespace);
  const kind = RESOURCE_KIND[type];
  if (kind && mdName !== undefined) return `${kind} ${mdNs !== undefined ? `${mdNs}/` : ""}${mdName}`;
  const vaultName = str(v.path) ?? str(v.role_name) ?? str(v.mount) ?? (str(v.backend) !== undefined && str(v.name) !== undefined ? `${str(v.backend)}/${str(v.name)}` : str(v.name));
  if (kind && vaultName !== undefined) return `${kind} ${vaultName}`;
  return `${type}.${name}`;
}

const RESOURCE_KIND: Record<string, string> = {
  kubernetes_namespace_v1: "namespace",
  kubernetes_resource_quota_v1: "resource quota",
  kubernetes_limit_range_v1: "limit range",
  kubernetes_role_binding_v1: "role binding",
  kubernetes_network_policy_v1: "network policy",
  vault_mount: "Vault mount",
  vault_kv_secret_backend_v2: "KV settings of",
  vault_policy: "Vault policy",
  vault_transit_secret_backend_key: "transit key",
  vault_pki_secret_backend_role: "PKI role",
  vault_kubernetes_auth_backend_role: "Kubernetes auth role",
  vault_identity_group: "identity group",
  vault_identity_group_alias: "identity group alias",
  vault_auth_backend: "auth backend",
  vault_kubernetes_auth_backend_config: "Kubernetes auth config",
};
