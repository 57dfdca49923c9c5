/**
 * tenant-suspended: a tenant is cut off (`agreement.suspended` appears). Urgent and needing no decision: an
 * incident must not wait for one. Each connected peer is named with the flows it loses.
 */
import { namespaceDirectory } from "../flows.js";
import { byString, uniqueSorted } from "../../lib/sort.js";
import { listText, suspensionText } from "../values.js";
import type { Draft, FlagContext, FlagDef } from "./types.js";


/** What a suspension stops (docs/incidents.md). */
const STOPS = "no new pod starts (quota pods 0), every network flow but backup stops (ingress, egress, DNS, monitoring, same-tenant and connections), and its Vault auth role and groups lose their policies; namespaces, volumes, mounts and secrets are kept";

/** Per peer tenant, the connections with the suspended tenant that stop, read from the base output. */
function peerFlows(ctx: FlagContext, tenant: string): Map<string, Set<string>> {
  const stacks = [...ctx.input.base.stacks.values()];
  const owner = namespaceDirectory(stacks).owner;
  const byPeer = new Map<string, Set<string>>();
  for (const s of stacks) {
    if (s.tenant !== tenant || !s.tenantMeta) continue;
    for (const c of s.tenantMeta.declared.connections) {
      const peer = [owner.get(c.from), owner.get(c.to)].find((t) => t !== undefined && t !== tenant);
      if (peer === undefined) continue;
      const text = `${c.from} → ${c.to} on ${c.ports.join(", ")} (${c.ref})`;
      byPeer.set(peer, (byPeer.get(peer) ?? new Set()).add(text));
    }
  }
  return byPeer;
}

export const tenantSuspended: FlagDef = {
  kind: "tenant-suspended",
  level: "attention",
  urgent: true,
  approvalNote: "nothing: an incident must not wait for a decision (resuming needs one: `tenant-resumed`)",
  title: "a tenant is suspended (`agreement.suspended` added): it is cut off, its data kept",
  explanation:
    "Shown first, with what stops and a line per connected peer whose flows to or from the tenant stop (read from the base's connections), so the peers can be told. " +
    "Needs no decision: a compromised workload or an unpaid agreement is acted on at once; the suspension itself loses no data (docs/incidents.md).",
  drafts: (ctx) =>
    [...ctx.headTenants].flatMap(([tenant, head]): Draft[] => {
      const base = ctx.baseTenants.get(tenant)?.meta;
      const suspended = head.meta?.suspended;
      if (!base || base.suspended !== undefined || suspended === undefined) return [];
      const flows = peerFlows(ctx, tenant);
      const peers = [...flows.keys()].sort(byString);
      const details = peers.map((peer) => `peer ${peer}: its flows with ${tenant} stop: ${listText(uniqueSorted([...flows.get(peer)!]))}`);
      return [{
        kind: "tenant-suspended", level: "attention", tenant, subject: "", sites: head.sites,
        message: `SUSPENDED: tenant ${tenant} is cut off under ${suspensionText(suspended)}: ${STOPS}; ${peers.length === 0 ? "no connected peer loses a flow" : `connected peers lose their flows with it: ${listText(peers)}`}`,
        ...(details.length > 0 ? { details } : {}),
      }];
    }),
};
