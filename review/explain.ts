/**
 * Readable lines about what changes in one stack (review/compare.ts), by topic: the tenant's metadata,
 * namespaces, network flows, quotas, access, Vault and prevent_destroy. A new namespace's standard flows
 * are one line; what goes with a created or destroyed namespace is part of that namespace's line.
 */
import { groupBy } from "../lib/group-by.js";
import { flowLines, type Flow } from "./flows.js";
import { NO_FACTS, type RoleBindingFact, type StackFacts } from "./facts.js";
import type { FactChanges, MemberChange, ValueChange } from "./compare.js";
import { byString } from "../lib/sort.js";
import { listText } from "./values.js";

export type Topic = "tenant" | "namespace" | "network" | "quota" | "access" | "vault" | "protection";

/** One readable line about a change. */
export interface Explanation {
  readonly topic: Topic;
  readonly text: string;
}

const quotaSummary = (hard: Readonly<Record<string, string>>): string => {
  const pick = (k: string) => hard[k];
  const cpu = pick("limits.cpu") ?? pick("requests.cpu");
  const mem = pick("limits.memory") ?? pick("requests.memory");
  const parts = [cpu && `cpu ${cpu}`, mem && `memory ${mem}`, pick("requests.storage") && `storage ${pick("requests.storage")}`, pick("pods") && `pods ${pick("pods")}`];
  return parts.filter((p): p is string => typeof p === "string").join(", ");
};

const change = (c: ValueChange): string =>
  c.before === undefined ? `${c.key} set to ${c.after}` : c.after === undefined ? `${c.key} ${c.before} removed` : `${c.key} ${c.before} → ${c.after}`;

const META_NAMES: Record<string, string> = {
  securityLevel: "security level",
  phase: "agreement phase",
  placement: "placement",
  priority: "outage priority",
  personalData: "personal data",
  agreementRef: "agreement",
  exit: "exit",
  suspended: "suspension",
  backup: "backup service",
  monitoring: "monitoring service",
};

/**
 * Readable lines for the changes of one stack. `after` gives context for created things (quotas of new
 * namespaces, policies of new Vault policies); `meta` gives the declared reasons of flows.
 */
export function explain(changes: FactChanges, after: StackFacts, before: StackFacts = NO_FACTS): Explanation[] {
  const out: Explanation[] = [];
  const meta = after.meta ?? before.meta;
  for (const c of changes.meta) out.push({ topic: "tenant", text: `${META_NAMES[c.key] ?? c.key}: ${c.before ?? "(none)"} → ${c.after ?? "(none)"}` });
  for (const p of changes.protection) {
    out.push({ topic: "protection", text: p.after ? `${p.subject}: prevent_destroy restored` : `${p.subject}: prevent_destroy lifted (it can now be destroyed)` });
  }
  for (const name of changes.namespacesAdded) {
    const quota = [...after.quotas].find(([k]) => k.startsWith(`${name}/`))?.[1];
    out.push({ topic: "namespace", text: `namespace ${name} created${quota ? `: quota ${quotaSummary(quota)}` : ""}` });
  }
  for (const name of changes.namespacesRemoved) out.push({ topic: "namespace", text: `namespace ${name} destroyed, with everything in it` });

  // Flows: a new namespace's standard flows (DNS, same tenant, platform) are one line.
  const created = new Set(changes.namespacesAdded);
  const removed = new Set(changes.namespacesRemoved);
  const standard = (f: Flow) => f.peerRole === "same-tenant" || (f.peerRole === "platform" && f.platform !== "ingress");
  const standardOf = (flows: readonly Flow[], set: Set<string>) => {
    const byNs = new Map<string, Set<string>>();
    for (const f of flows) {
      const ns = f.namespace.split(" ")[0]!;
      if (!set.has(ns) || !standard(f)) continue;
      const what = f.peerRole === "same-tenant" ? "same tenant" : f.platform === "dns" ? "DNS" : (f.platform ?? "platform");
      byNs.set(ns, (byNs.get(ns) ?? new Set()).add(what));
    }
    return byNs;
  };
  for (const [ns, what] of standardOf(changes.flowsOpened, created)) out.push({ topic: "network", text: `${ns} gets the standard flows: ${[...what].sort(byString).join(", ")}` });
  // Same-tenant flows to or from a namespace that comes or goes are part of that namespace's line.
  const opened = changes.flowsOpened.filter((f) => !(created.has(f.namespace.split(" ")[0]!) && standard(f)) && !(f.peerRole === "same-tenant" && created.has(f.peer)));
  const closed = changes.flowsClosed.filter((f) => !removed.has(f.namespace.split(" ")[0]!) && !(f.peerRole === "same-tenant" && removed.has(f.peer)));
  for (const line of flowLines(opened, "opens", meta)) out.push({ topic: "network", text: line });
  for (const line of flowLines(closed, "closes", before.meta ?? meta)) out.push({ topic: "network", text: line });

  for (const [subject, items] of groupBy(changes.quota, (c) => c.subject)) out.push({ topic: "quota", text: `quota of ${subject}: ${items.map(change).join(", ")}` });
  for (const [subject, items] of groupBy(changes.limits, (c) => c.subject)) out.push({ topic: "quota", text: `container defaults of ${subject}: ${items.map(change).join(", ")}` });

  const bindingText = (b: RoleBindingFact) => `${listText(b.subjects)} ${b.role} in ${b.namespace}`;
  for (const b of changes.bindingsAdded.filter((b) => !created.has(b.namespace))) out.push({ topic: "access", text: `role binding ${b.name}: grants ${bindingText(b)}` });
  for (const b of changes.bindingsRemoved.filter((b) => !removed.has(b.namespace))) out.push({ topic: "access", text: `role binding ${b.name}: revokes ${bindingText(b)}` });
  const newNsBindings = changes.bindingsAdded.filter((b) => created.has(b.namespace));
  const byNs = new Map<string, string[]>();
  for (const b of newNsBindings) byNs.set(b.namespace, [...(byNs.get(b.namespace) ?? []), `${listText(b.subjects)} as ${b.role.replace(/^ClusterRole /, "")}`]);
  for (const [ns, items] of byNs) out.push({ topic: "access", text: `${ns} role bindings: ${items.join("; ")}` });

  for (const m of changes.mountsAdded) out.push({ topic: "vault", text: `Vault mount ${m.path} (${m.type}${m.options ? `, ${m.options}` : ""}) created` });
  for (const m of changes.mountsRemoved) out.push({ topic: "vault", text: `Vault mount ${m.path} (${m.type}) destroyed, with every secret or key in it` });
  for (const c of changes.mountsChanged) out.push({ topic: "vault", text: `Vault ${c.subject}: ${change(c)}` });
  for (const k of changes.keysAdded) out.push({ topic: "vault", text: `transit key ${k} created` });
  for (const k of changes.keysRemoved) out.push({ topic: "vault", text: `transit key ${k} destroyed: data encrypted with it can no longer be decrypted` });
  for (const c of changes.keySettings) out.push({ topic: "vault", text: `transit ${c.subject}: ${change(c)}` });

  const newPolicies = new Map<string, string[]>();
  for (const g of changes.granted) {
    if (g.newPolicy) newPolicies.set(g.policy, [...(newPolicies.get(g.policy) ?? []), `${g.path} (${g.capabilities.join(", ")})`]);
    else out.push({ topic: "vault", text: `Vault policy ${g.policy} adds ${g.capabilities.join(", ")} on ${g.path}` });
  }
  for (const [policy, rules] of newPolicies) out.push({ topic: "vault", text: `Vault policy ${policy} created: ${rules.join("; ")}` });
  const gone = new Set([...before.vaultPolicies.keys()].filter((p) => !after.vaultPolicies.has(p)));
  for (const p of gone) out.push({ topic: "vault", text: `Vault policy ${p} deleted` });
  for (const r of changes.revoked.filter((r) => !gone.has(r.policy))) out.push({ topic: "vault", text: `Vault policy ${r.policy} revokes ${r.capabilities.join(", ")} on ${r.path}` });
  for (const p of changes.unreadablePolicies) out.push({ topic: "vault", text: `Vault policy ${p} changed (its text is not plain path blocks; read the attribute diff)` });
  const holderLine = (facts: StackFacts, verb: string) => {
    for (const [role, r] of facts.authRoles) {
      if ((verb === "created" ? before : after).authRoles.has(role)) continue;
      out.push({ topic: "vault", text: verb === "created"
        ? `Kubernetes auth role ${role} created: ${r.serviceAccounts.includes("*") ? "any service account" : `service accounts ${r.serviceAccounts.join(", ")}`} in ${listText(r.namespaces)} gets policies ${r.policies.join(", ") || "(none)"}`
        : `Kubernetes auth role ${role} deleted` });
    }
    for (const [group, g] of facts.groups) {
      if ((verb === "created" ? before : after).groups.has(group)) continue;
      out.push({ topic: "vault", text: verb === "created" ? `identity group ${group} created with policies ${g.policies.join(", ") || "(none)"}` : `identity group ${group} deleted` });
    }
  };
  holderLine(after, "created");
  holderLine(before, "deleted");
  const existing = (m: MemberChange) => !m.newHolder;
  for (const m of changes.policiesAttached.filter(existing)) out.push({ topic: "vault", text: `${m.holder} gets policy ${m.item}` });
  for (const m of changes.policiesDetached.filter(existing)) out.push({ topic: "vault", text: `${m.holder} loses policy ${m.item}` });
  for (const m of changes.authNamespacesAdded.filter(existing)) out.push({ topic: "vault", text: `${m.holder} accepts ${m.item}` });
  for (const m of changes.authNamespacesRemoved.filter(existing)) out.push({ topic: "vault", text: `${m.holder} no longer accepts ${m.item}` });
  for (const c of changes.pki) out.push({ topic: "vault", text: `${c.subject}: ${change(c)}` });
  for (const p of changes.pkiCreated) {
    out.push({ topic: "vault", text: `PKI role ${p.role} created on ${p.backend}: certificates for ${p.domains.length > 0 ? listText([...p.domains]) : "(no domain)"}${p.widening.length > 0 ? ` (${p.widening.join(", ")})` : ""}` });
  }
  for (const c of changes.kvVersions) {
    const fewer = c.before !== undefined && c.after !== undefined && Number(c.after) < Number(c.before);
    out.push({ topic: "vault", text: `${c.subject} keeps ${c.after ?? "Vault's default number of"} versions per secret (was ${c.before ?? "Vault's default"})${fewer ? `: versions beyond the newest ${c.after} of each secret are destroyed` : ""}` });
  }
  return out;
}
