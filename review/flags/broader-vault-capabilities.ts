/** broader-vault-capabilities: existing Vault access widens, or any `sudo` grant. */
import type { Draft, FlagDef } from "./types.js";
import { tenantStacks } from "./stacks.js";

export const broaderVaultCapabilities: FlagDef = {
  kind: "broader-vault-capabilities",
  level: "attention",
  title: "an existing policy gains capabilities, an existing auth role or group gets a policy or accepts more namespaces, a key becomes exportable, or any `sudo` grant",
  explanation: "Access that widens on something that already exists is easy to miss in an attribute diff.",
  drafts: (ctx) =>
    tenantStacks(ctx).flatMap(({ review, tenant, siteField }): Draft[] => {
      const c = review.changes;
      const broader = review.diff.base === undefined ? [] : [
        ...c.granted.filter((g) => !g.newPolicy).map((g) => `policy ${g.policy} adds ${g.capabilities.join(", ")} on ${g.path}`),
        ...c.policiesAttached.filter((m) => !m.newHolder).map((m) => `${m.holder} gets policy ${m.item}`),
        ...c.authNamespacesAdded.filter((m) => !m.newHolder).map((m) => `${m.holder} accepts ${m.item}`),
        ...c.keySettings.filter((k) => k.key === "exportable" && k.after === "true").map((k) => `${k.subject} becomes exportable`),
      ];
      return [
        ...broader.map((b): Draft => ({ kind: "broader-vault-capabilities", level: "attention", tenant, ...siteField, subject: b, message: `${tenant}: ${b}` })),
        ...c.granted.filter((g) => g.capabilities.includes("sudo")).map((g): Draft => ({
          kind: "broader-vault-capabilities", level: "attention", tenant, ...siteField, subject: `sudo ${g.policy} ${g.path}`, message: `${tenant}: Vault policy ${g.policy} grants sudo on ${g.path}`,
        })),
      ];
    }),
};
