/**
 * ISO-005: no Vault policy of a tenant stack reaches another tenant's paths: its mounts (`<tenant>/...`),
 * its PKI role (`<pki>/issue/tenant-<tenant>` and the like) or its auth role. A `+` or `*` where a tenant name goes counts
 * as reaching every tenant. Judged on the synthesized output.
 */
import type { Rule } from "../types.js";
import { stackFinding } from "../finding-at.js";
import { tenantStacks } from "../baseline.js";
import { str } from "../../lib/json.js";
import { resourcesOf } from "../../output/read.js";
import { couldMatch, policyPaths, type Segment } from "../vault-paths.js";

export const iso005: Rule = {
  id: "ISO-005",
  pack: "isolation-baseline",
  severity: "error",
  title: "Tenant Vault policies touch only the tenant's own paths",
  explanation:
    "Secrets and keys of all tenants on a site live in one Vault. A policy path that reaches another tenant's mount, " +
    "PKI role or login role lets one tenant read, forge or impersonate another: the data would no longer be held " +
    "only for technical storage on the owner's behalf.",
  exceptable: false,
  check: (ctx) => {
    const stacks = tenantStacks(ctx);
    const known = new Set([...ctx.model.tenants.map((e) => e.tenant.id), ...stacks.map((s) => s.meta.tenant)]);
    return stacks.flatMap(({ stack, meta }) => {
      const own = meta.tenant;
      const siteMeta = ctx.output?.stacks.find((s) => s.siteMeta?.site === meta.site)?.siteMeta;
      const pki = meta.vault.pkiMount ?? siteMeta?.vault.pkiPath ?? "pki";
      const otherMount: Segment = { kind: "other", literal: (v) => v !== own && known.has(v), prefix: () => true };
      const otherRole: Segment = {
        kind: "other",
        literal: (v) => v.startsWith("tenant-") && v !== `tenant-${own}`,
        prefix: (p) => "tenant-".startsWith(p) || p.startsWith("tenant-"),
      };
      const lit = (value: string): Segment => ({ kind: "literal", value });
      const templates: [string, readonly Segment[]][] = [
        ["another tenant's mounts", [otherMount]],
        ["another tenant's PKI role", [lit(pki), { kind: "any" }, otherRole]],
        ["another tenant's login role", [lit("auth"), lit(meta.vault.authBackend), lit("role"), otherRole]],
      ];
      return resourcesOf(stack, "vault_policy").flatMap((r) =>
        policyPaths(str(r.body.policy) ?? "").flatMap((path) => {
          const hit = templates.find(([, template]) => couldMatch(path, template));
          return hit ? [stackFinding(iso005, stack, r, `policy ${str(r.body.name) ?? r.name} has path "${path}", which can reach ${hit[0]}; write paths under ${own}/ and roles tenant-${own} only`)] : [];
        }),
      );
    });
  },
};
