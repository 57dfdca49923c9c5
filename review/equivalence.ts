/**
 * Mirrored tenants: are their sites still equivalent? A tenant placed on several sites should have the
 * same namespaces, quotas, role bindings, flows, Vault policies, mounts, keys and roles on each, apart
 * from values that are the site's own: the platform namespaces a flow reaches (compared by role: DNS,
 * ingress controller, monitoring, backup), the site's PKI mount path, its Kubernetes auth mount, its
 * group-alias accessor and its container defaults (LimitRange, which follows the site's catalogue entry).
 */
import type { StackFacts } from "./facts.js";
import { peerText, type Flow } from "./flows.js";
import { byEntryKey, byString, uniqueSorted } from "../lib/sort.js";

export interface MirrorCheck {
  readonly tenant: string;
  /** Sites compared (the tenant's stacks in the head output). */
  readonly sites: readonly string[];
  readonly equivalent: boolean;
  /** One readable line per difference, e.g. `network: egress … on TCP/443 — only on fk-a`. */
  readonly differences: readonly string[];
}

type Items = Map<string, string>;

function flowItem(f: Flow): [string, string] {
  const peer = f.peerRole === "platform" ? `platform:${f.platform ?? "?"}` : `${f.peerRole}:${f.peer}:${f.peerPods ?? ""}`;
  const text = f.peerRole === "platform"
    ? `${f.direction} ${f.direction === "egress" ? "from" : "to"} ${f.namespace} ${f.direction === "egress" ? "to" : "from"} site ${f.platform ?? "platform"} on ${f.port}`
    : `${f.direction} ${f.direction === "egress" ? "from" : "to"} ${f.namespace} ${f.direction === "egress" ? "to" : "from"} ${peerText(f)} on ${f.port}`;
  return [`${f.namespace}|${f.direction}|${peer}|${f.port}`, text];
}

/** Comparable items of one site's facts, by aspect, with site-specific values abstracted. */
function comparable(facts: StackFacts): Record<string, Items> {
  const pki = facts.meta?.vault.pkiMount;
  const abstractPki = (path: string) => (pki !== undefined && path.startsWith(`${pki}/`) ? `<site PKI>/${path.slice(pki.length + 1)}` : path);
  const items = (entries: Iterable<string>): Items => new Map([...entries].map((e) => [e, e] as const));
  const meta = facts.meta;
  return {
    tenant: items(meta ? [`security level ${meta.securityLevel}`, `phase ${meta.phase}`, `priority ${meta.priority ?? "-"}`, `placement ${meta.placement.join(", ")}`] : []),
    namespaces: items(facts.namespaces.keys()),
    quotas: items([...facts.quotas].map(([k, hard]) => `${k}: ${Object.entries(hard).sort(byEntryKey).map(([x, v]) => `${x}=${v}`).join(", ")}`)),
    "role bindings": items([...facts.roleBindings.values()].map((b) => `${b.namespace}/${b.name}: ${b.subjects.join(", ")} as ${b.role}`)),
    network: new Map([...facts.flows.values()].map(flowItem)),
    "Vault policies": items(
      [...facts.vaultPolicies].flatMap(([name, rules]) =>
        rules === undefined ? [`${name}: (unreadable text)`] : [...rules].map(([path, caps]) => `${name}: ${abstractPki(path)} (${caps.join(", ")})`),
      ),
    ),
    "Vault mounts": items([...facts.mounts.values()].map((m) => `${m.path} (${m.type}${m.options ? `, ${m.options}` : ""})`)),
    "transit keys": items([...facts.transitKeys].map(([k, s]) => `${k}${s.exportable ? " (exportable)" : ""}`)),
    "auth roles": items([...facts.authRoles].map(([r, a]) => `${r}: namespaces ${a.namespaces.join(", ")}; policies ${a.policies.join(", ")}`)),
    "identity groups": items([...facts.groups].map(([g, a]) => `${g}: policies ${a.policies.join(", ")}`)),
    "PKI roles": items([...facts.pkiRoles].map(([r, a]) => `${r}: domains ${a.domains.join(", ")}; ${Object.entries(a.settings).sort(byEntryKey).map(([k, v]) => `${k}=${v}`).join(", ")}`)),
  };
}

/**
 * Compares a mirrored tenant's sites. `sites` are its stacks' facts in the head output; fewer than two
 * sites is trivially equivalent.
 */
export function checkMirror(tenant: string, sites: readonly { readonly site: string; readonly facts: StackFacts }[]): MirrorCheck {
  const names = sites.map((s) => s.site).sort(byString);
  const views = sites.map((s) => ({ site: s.site, view: comparable(s.facts) }));
  const differences: string[] = [];
  const aspects = uniqueSorted(views.flatMap((v) => Object.keys(v.view)));
  for (const aspect of aspects) {
    const keys = uniqueSorted(views.flatMap((v) => [...(v.view[aspect]?.keys() ?? [])]));
    for (const key of keys) {
      const on = views.filter((v) => v.view[aspect]?.has(key)).map((v) => v.site).sort(byString);
      if (on.length === views.length) continue;
      const text = views.map((v) => v.view[aspect]?.get(key)).find((t) => t !== undefined) ?? key;
      differences.push(`${aspect}: ${text} — only on ${on.join(", ")}`);
    }
  }
  return { tenant, sites: names, equivalent: differences.length === 0, differences };
}
