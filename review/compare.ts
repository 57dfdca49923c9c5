/**
 * What changes between two versions of one stack (review/facts.ts), structured for the risk flags
 * (review/flags/) and for the readable lines (review/explain.ts): namespaces, flows, quotas, bindings,
 * Vault capabilities granted and revoked, holders of policies, mounts, keys, PKI roles, metadata and
 * prevent_destroy.
 */
import type { TenantMeta } from "../output/schema.js";
import type { Flow } from "./flows.js";
import { pkiWidening, type MountFact, type RoleBindingFact, type StackFacts } from "./facts.js";
import { jsonEqual, type Json } from "../lib/json.js";
import { uniqueSorted } from "../lib/sort.js";
import { suspensionText } from "./values.js";

export interface ValueChange {
  readonly subject: string;
  readonly key: string;
  readonly before?: string;
  readonly after?: string;
}

export interface CapabilityChange {
  readonly policy: string;
  readonly path: string;
  readonly capabilities: readonly string[];
  /** The policy itself is new (created with this grant). */
  readonly newPolicy: boolean;
}

export interface MemberChange {
  /** `auth role tenant-mfof`, `group mfof-admins`. */
  readonly holder: string;
  readonly item: string;
  /** The holder (role or group) is created or deleted by this change, not just changed. */
  readonly newHolder: boolean;
}

/** What changes between two versions of one stack, structured for risk rules and for text. */
export interface FactChanges {
  readonly namespacesAdded: readonly string[];
  readonly namespacesRemoved: readonly string[];
  readonly flowsOpened: readonly Flow[];
  readonly flowsClosed: readonly Flow[];
  readonly quota: readonly ValueChange[];
  readonly limits: readonly ValueChange[];
  readonly bindingsAdded: readonly RoleBindingFact[];
  readonly bindingsRemoved: readonly RoleBindingFact[];
  readonly granted: readonly CapabilityChange[];
  readonly revoked: readonly CapabilityChange[];
  /** Policies whose text could not be read and changed. */
  readonly unreadablePolicies: readonly string[];
  readonly policiesAttached: readonly MemberChange[];
  readonly policiesDetached: readonly MemberChange[];
  readonly authNamespacesAdded: readonly MemberChange[];
  readonly authNamespacesRemoved: readonly MemberChange[];
  readonly mountsAdded: readonly MountFact[];
  readonly mountsRemoved: readonly MountFact[];
  readonly mountsChanged: readonly ValueChange[];
  readonly keysAdded: readonly string[];
  readonly keysRemoved: readonly string[];
  readonly keySettings: readonly ValueChange[];
  readonly pki: readonly ValueChange[];
  /** PKI roles created, with the names they allow: a reviewer must see every domain a tenant may get certificates for. */
  readonly pkiCreated: readonly { readonly role: string; readonly backend: string; readonly domains: readonly string[]; readonly widening: readonly string[] }[];
  /** KV mounts whose versions kept per secret change (`max versions`); fewer destroys the older versions. */
  readonly kvVersions: readonly ValueChange[];
  /** Samdrift metadata: `securityLevel`, `phase`, `placement`, `priority`, `personalData`, `agreementRef`. */
  readonly meta: readonly ValueChange[];
  /** Namespaces and mounts whose `prevent_destroy` changes (both versions exist). */
  readonly protection: readonly { readonly subject: string; readonly before: boolean; readonly after: boolean }[];
}

function setDiff<T>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>): { added: T[]; removed: T[] } {
  return {
    added: [...after].filter(([k]) => !before.has(k)).map(([, v]) => v),
    removed: [...before].filter(([k]) => !after.has(k)).map(([, v]) => v),
  };
}

function mapChanges(subject: string, before: Readonly<Record<string, string>> | undefined, after: Readonly<Record<string, string>> | undefined): ValueChange[] {
  const keys = uniqueSorted([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return keys
    .filter((k) => before?.[k] !== after?.[k])
    .map((k) => ({ subject, key: k, ...(before?.[k] !== undefined ? { before: before[k] } : {}), ...(after?.[k] !== undefined ? { after: after[k] } : {}) }));
}

function listChanges(holder: string, before: readonly string[] | undefined, after: readonly string[] | undefined) {
  const b = new Set(before ?? []);
  const a = new Set(after ?? []);
  const newHolder = before === undefined || after === undefined;
  return {
    added: [...a].filter((x) => !b.has(x)).map((item) => ({ holder, item, newHolder })),
    removed: [...b].filter((x) => !a.has(x)).map((item) => ({ holder, item, newHolder })),
  };
}

/**
 * The tenant's samdrift metadata as comparable strings; without a samdrift block (a Terraform plan), the
 * security level and phase labels of its namespaces stand in.
 */
const metaValues = (m: TenantMeta | undefined, facts: StackFacts): Record<string, string> => {
  if (m === undefined) {
    const labels = [...facts.namespaces.values()][0]?.labels ?? {};
    const level = labels["samdrift.io/security-level"];
    const phase = labels["samdrift.io/phase"];
    return { ...(level !== undefined ? { securityLevel: level } : {}), ...(phase !== undefined ? { phase } : {}) };
  }
  return tenantMetaValues(m);
};

const tenantMetaValues = (m: TenantMeta): Record<string, string> => ({
  securityLevel: m.securityLevel,
  phase: m.phase,
  placement: m.placement.join(", "),
  ...(m.priority !== undefined ? { priority: String(m.priority) } : {}),
  ...(m.personalData !== undefined ? { personalData: m.personalData } : {}),
  ...(m.agreementRef !== undefined ? { agreementRef: m.agreementRef } : {}),
  ...(m.exit !== undefined ? { exit: `${m.exit.ref} on ${m.exit.date}` } : {}),
  ...(m.suspended !== undefined ? { suspended: suspensionText(m.suspended) } : {}),
  // Services that change labels and platform access rather than resources of their own.
  backup: m.declared.backup ? "chosen" : "not chosen",
  monitoring: m.declared.monitoring ? "chosen" : "not chosen",
});

/** What changes from `before` to `after` (use `NO_FACTS` for a side that does not exist). */
export function compareFacts(before: StackFacts, after: StackFacts): FactChanges {
  const nsNames = { added: [...after.namespaces.keys()].filter((n) => !before.namespaces.has(n)), removed: [...before.namespaces.keys()].filter((n) => !after.namespaces.has(n)) };
  const flows = setDiff(before.flows, after.flows);
  const bindings = { added: [] as RoleBindingFact[], removed: [] as RoleBindingFact[] };
  for (const key of uniqueSorted([...before.roleBindings.keys(), ...after.roleBindings.keys()])) {
    const b = before.roleBindings.get(key);
    const a = after.roleBindings.get(key);
    if (b && a && jsonEqual(b as unknown as Json, a as unknown as Json)) continue;
    if (b) bindings.removed.push(b);
    if (a) bindings.added.push(a);
  }

  const granted: CapabilityChange[] = [];
  const revoked: CapabilityChange[] = [];
  const unreadable: string[] = [];
  for (const name of uniqueSorted([...before.vaultPolicies.keys(), ...after.vaultPolicies.keys()])) {
    const b = before.vaultPolicies.get(name);
    const a = after.vaultPolicies.get(name);
    const hadBefore = before.vaultPolicies.has(name);
    const hasAfter = after.vaultPolicies.has(name);
    if ((hadBefore && b === undefined) || (hasAfter && a === undefined)) {
      unreadable.push(name);
      continue;
    }
    for (const path of uniqueSorted([...(b?.keys() ?? []), ...(a?.keys() ?? [])])) {
      const capsB = new Set(b?.get(path) ?? []);
      const capsA = new Set(a?.get(path) ?? []);
      const plus = [...capsA].filter((c) => !capsB.has(c));
      const minus = [...capsB].filter((c) => !capsA.has(c));
      if (plus.length > 0) granted.push({ policy: name, path, capabilities: plus, newPolicy: !hadBefore });
      if (minus.length > 0) revoked.push({ policy: name, path, capabilities: minus, newPolicy: false });
    }
  }

  const attached: MemberChange[] = [];
  const detached: MemberChange[] = [];
  const authAdded: MemberChange[] = [];
  const authRemoved: MemberChange[] = [];
  for (const role of uniqueSorted([...before.authRoles.keys(), ...after.authRoles.keys()])) {
    const b = before.authRoles.get(role);
    const a = after.authRoles.get(role);
    const p = listChanges(`auth role ${role}`, b?.policies, a?.policies);
    attached.push(...p.added);
    detached.push(...p.removed);
    const accepted = (r: typeof b) => (r ? [...r.namespaces.map((n) => `namespace ${n}`), ...r.serviceAccounts.map((x) => `service account ${x}`)] : undefined);
    const n = listChanges(`auth role ${role}`, accepted(b), accepted(a));
    authAdded.push(...n.added);
    authRemoved.push(...n.removed);
  }
  for (const group of uniqueSorted([...before.groups.keys(), ...after.groups.keys()])) {
    const p = listChanges(`group ${group}`, before.groups.get(group)?.policies, after.groups.get(group)?.policies);
    attached.push(...p.added);
    detached.push(...p.removed);
  }

  const mounts = setDiff(before.mounts, after.mounts);
  const mountsChanged: ValueChange[] = [];
  for (const [path, a] of after.mounts) {
    const b = before.mounts.get(path);
    if (!b) continue;
    if (b.type !== a.type) mountsChanged.push({ subject: `mount ${path}`, key: "type", before: b.type, after: a.type });
    if (b.options !== a.options) mountsChanged.push({ subject: `mount ${path}`, key: "options", before: b.options, after: a.options });
  }
  const keySettings: ValueChange[] = [];
  for (const [key, a] of after.transitKeys) {
    const b = before.transitKeys.get(key);
    if (!b) continue;
    if (b.deletionAllowed !== a.deletionAllowed) keySettings.push({ subject: `key ${key}`, key: "deletion allowed", before: String(b.deletionAllowed), after: String(a.deletionAllowed) });
    if (b.exportable !== a.exportable) keySettings.push({ subject: `key ${key}`, key: "exportable", before: String(b.exportable), after: String(a.exportable) });
  }
  const pki: ValueChange[] = [];
  const pkiCreated: FactChanges["pkiCreated"][number][] = [];
  const kvVersions: ValueChange[] = [];
  for (const [mount, a] of after.kvSettings) {
    const b = before.kvSettings.get(mount);
    if (b && b.maxVersions !== a.maxVersions) kvVersions.push({ subject: `KV ${mount}`, key: "max versions", ...(b.maxVersions !== undefined ? { before: String(b.maxVersions) } : {}), ...(a.maxVersions !== undefined ? { after: String(a.maxVersions) } : {}) });
  }
  for (const role of uniqueSorted([...before.pkiRoles.keys(), ...after.pkiRoles.keys()])) {
    const b = before.pkiRoles.get(role);
    const a = after.pkiRoles.get(role);
    if (a && !b) pkiCreated.push({ role, backend: a.backend, domains: a.domains, widening: pkiWidening(a.settings) });
    if (!b || !a) continue;
    pki.push(...listChanges(`PKI role ${role}`, b.domains, a.domains).added.map((m) => ({ subject: m.holder, key: "allowed domain", after: m.item })));
    pki.push(...listChanges(`PKI role ${role}`, b.domains, a.domains).removed.map((m) => ({ subject: m.holder, key: "allowed domain", before: m.item })));
    pki.push(...mapChanges(`PKI role ${role}`, b.settings, a.settings));
  }

  const protection: { subject: string; before: boolean; after: boolean }[] = [];
  for (const [name, a] of after.namespaces) {
    const b = before.namespaces.get(name);
    if (b && b.preventDestroy !== a.preventDestroy) protection.push({ subject: `namespace ${name}`, before: b.preventDestroy, after: a.preventDestroy });
  }
  for (const [path, a] of after.mounts) {
    const b = before.mounts.get(path);
    if (b && b.preventDestroy !== a.preventDestroy) protection.push({ subject: `mount ${path}`, before: b.preventDestroy, after: a.preventDestroy });
  }

  const keyNames = { added: [...after.transitKeys.keys()].filter((k) => !before.transitKeys.has(k)), removed: [...before.transitKeys.keys()].filter((k) => !after.transitKeys.has(k)) };
  const quota = uniqueSorted([...before.quotas.keys(), ...after.quotas.keys()]).flatMap((k) =>
    before.quotas.has(k) && after.quotas.has(k) ? mapChanges(k.split("/")[0]!, before.quotas.get(k), after.quotas.get(k)) : [],
  );
  const limits = uniqueSorted([...before.limits.keys(), ...after.limits.keys()]).flatMap((k) =>
    before.limits.has(k) && after.limits.has(k) ? mapChanges(k.split("/")[0]!, before.limits.get(k), after.limits.get(k)) : [],
  );
  const bothSides = (before.meta !== undefined || before.namespaces.size > 0) && (after.meta !== undefined || after.namespaces.size > 0);
  return {
    namespacesAdded: nsNames.added,
    namespacesRemoved: nsNames.removed,
    flowsOpened: flows.added,
    flowsClosed: flows.removed,
    quota,
    limits,
    bindingsAdded: bindings.added,
    bindingsRemoved: bindings.removed,
    granted,
    revoked,
    unreadablePolicies: unreadable,
    policiesAttached: attached,
    policiesDetached: detached,
    authNamespacesAdded: authAdded,
    authNamespacesRemoved: authRemoved,
    mountsAdded: mounts.added,
    mountsRemoved: mounts.removed,
    mountsChanged,
    keysAdded: keyNames.added,
    keysRemoved: keyNames.removed,
    keySettings,
    pki,
    pkiCreated,
    kvVersions,
    meta: bothSides ? mapChanges("tenant", metaValues(before.meta, before), metaValues(after.meta, after)) : [],
    protection,
  };
}

