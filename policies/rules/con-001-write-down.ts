/**
 * CON-001: a connection between a higher-level and a lower-level tenant, in either direction, needs the
 * higher-level tenant's exception (no write-down: replies carry data too).
 */
import type { Rule } from "../types.js";
import { levelRank } from "../../model/primitives.js";
import { tenantFinding } from "../finding-at.js";

export const con001: Rule = {
  id: "CON-001",
  pack: "connections",
  severity: "error",
  title: "No connection between a higher-level tenant and a lower-level one without a decision",
  explanation:
    "A connection lets data of the higher-level tenant reach a tenant protected at a lower level: what it sends, and " +
    "what it answers when the lower-level tenant calls it (replies carry data too). Either way information can leave " +
    "its classification (write-down). The higher-level agency must decide and document it; both sides already " +
    "declare the flow (the model refuses one-sided flows). The finding is on the higher-level tenant's declaration, and " +
    "an exception names the peer it accepts: one decision never covers a flow to another tenant.",
  exceptable: true,
  exceptionNames: "peer",
  check: (ctx) => {
    const byId = new Map(ctx.model.tenants.map((e) => [e.tenant.id, e.tenant] as const));
    return ctx.model.tenants.flatMap((entry) => {
      const t = entry.tenant;
      return t.connections.flatMap((c, i) => {
        const [fromTenant] = c.from.split("/");
        const [toTenant] = c.to.split("/");
        const sending = fromTenant === t.id;
        const other = byId.get((sending ? toTenant : fromTenant) ?? "");
        if (!other || other.id === t.id || levelRank(t.security.level) <= levelRank(other.security.level)) return [];
        const how = sending ? "sends data" : "answers calls, and its replies carry data,";
        return [tenantFinding(con001, entry, ["connections", i],
          `flow ${c.from} -> ${c.to}: ${t.id} (${t.security.level}) ${how} to ${other.id}'s lower level ${other.security.level} (write-down); ` +
          `add an exception for CON-001 with peer: ${other.id} naming the decision, or remove the flow`, other.id)];
      });
    });
  },
};
