/** CON-001: a flow from a higher-level tenant to a lower-level tenant needs an exception (no write-down). */
import type { Rule } from "../types.js";
import { levelRank } from "../../model/primitives.js";
import { tenantFinding } from "../finding-at.js";

export const con001: Rule = {
  id: "CON-001",
  pack: "connections",
  severity: "error",
  title: "No flow from a higher-level tenant to a lower-level one without a decision",
  explanation:
    "A connection lets the sending tenant's data reach the receiver. When the receiver is protected at a lower level, " +
    "information can leave its classification (write-down). The sending agency must decide and document it; both " +
    "sides already declare the flow (the model refuses one-sided flows). The finding is on the sender's declaration.",
  exceptable: true,
  check: (ctx) => {
    const byId = new Map(ctx.model.tenants.map((e) => [e.tenant.id, e.tenant] as const));
    return ctx.model.tenants.flatMap((entry) => {
      const t = entry.tenant;
      return t.connections.flatMap((c, i) => {
        const [fromTenant] = c.from.split("/");
        const [toTenant] = c.to.split("/");
        const receiver = toTenant === undefined ? undefined : byId.get(toTenant);
        if (fromTenant !== t.id || !receiver || levelRank(t.security.level) <= levelRank(receiver.security.level)) return [];
        return [tenantFinding(con001, entry, ["connections", i],
          `flow ${c.from} -> ${c.to} goes from level ${t.security.level} to ${receiver.id}'s ${receiver.security.level} (write-down); add an exception for CON-001 naming the decision, or remove the flow`)];
      });
    });
  },
};
