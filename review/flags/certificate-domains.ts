/** certificate-domains: a tenant may get certificates for new names. */
import { PKI_WIDENING } from "../facts.js";
import { listText } from "../values.js";
import type { Draft, FlagDef } from "./types.js";
import { tenantStacks } from "./stacks.js";

export const certificateDomains: FlagDef = {
  kind: "certificate-domains",
  level: "attention",
  title:
    "a new PKI role (every domain it allows is listed, with any setting that widens it: `allow_subdomains`, `allow_glob_domains`, `allow_any_name`, " +
    "`allow_ip_sans`, ...), a new allowed domain, or a widening setting turned on",
  explanation: "The site CA vouches for every name a tenant may get a certificate for, to everyone who trusts it.",
  drafts: (ctx) =>
    tenantStacks(ctx).flatMap(({ review, tenant, siteField }): Draft[] => [
      ...review.changes.pkiCreated.map((p): Draft => {
        const widening = p.widening.length > 0 ? `, with ${p.widening.join(", ")}` : "";
        return { kind: "certificate-domains", level: "attention", tenant, ...siteField, subject: `${p.role} ${p.domains.join(",")}${widening}`, message: `${tenant}: PKI role ${p.role} on ${p.backend} may issue certificates for ${p.domains.length > 0 ? listText([...p.domains]) : "(no domain)"}${widening}` };
      }),
      ...review.changes.pki.flatMap((p): Draft[] => {
        const widened = p.key === "allowed domain" ? p.after !== undefined : PKI_WIDENING[p.key] !== undefined && p.after === PKI_WIDENING[p.key];
        if (!widened) return [];
        const what = p.key === "allowed domain" ? `now allows ${p.after}` : `now has ${p.key} ${p.after}`;
        return [{ kind: "certificate-domains", level: "attention", tenant, ...siteField, subject: `${p.subject} ${what}`, message: `${tenant}: ${p.subject} ${what}` }];
      }),
    ]),
};
