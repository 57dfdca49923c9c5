/**
 * The `"//".samdrift` block of each stack (docs/output-format.md): the one schema every reader parses it
 * with, and the one type of each variant. The writer (output/metadata.ts) returns these types, and a test
 * parses the writer's output of the example with {@link samdriftBlockSchema}, so the writer and the readers
 * cannot disagree on which fields exist or are required.
 *
 * A field is required when the writer always writes it, optional when the writer leaves it out for some
 * tenants or sites (the comment on each says when). Unknown keys are dropped from the parsed value; ISO-007
 * compares the raw block, so an edited one is still caught.
 */
import { z } from "zod";
import { parsePorts, PortSyntaxError } from "../lib/ports.js";

/** Ports as the declared blocks write them (`TCP/443`), checked here so that a bad one names its field. */
const portList = z.array(z.string()).superRefine((items, ctx) => {
  try {
    parsePorts(items);
  } catch (e) {
    if (!(e instanceof PortSyntaxError)) throw e;
    ctx.addIssue({ code: "custom", message: e.message });
  }
});

const endpointSchema = z.object({
  namespace: z.string(),
  /** Absent when the catalogue leaves it out: every pod of the namespace. */
  podLabels: z.record(z.string(), z.string()).optional(),
  /** Absent when the catalogue leaves it out: every port. */
  ports: z.array(z.number().int()).optional(),
});
/** A platform component of a site (DNS, ingress controller, monitoring, backup agent) as the block records it. */
export type PlatformEndpointMeta = z.infer<typeof endpointSchema>;

export const siteMetaSchema = z.object({
  kind: z.literal("site"),
  site: z.string(),
  supplier: z.string(),
  zone: z.string(),
  maxSecurityLevel: z.string(),
  platform: z.object({
    dns: endpointSchema,
    ingress: endpointSchema,
    monitoring: endpointSchema,
    /** Absent when the site has no backup agent. */
    backup: endpointSchema.optional(),
  }),
  vault: z.object({ kubernetesAuthPath: z.string(), pkiPath: z.string() }),
  /** The kind of Terraform backend the site's stacks keep their state in (`local`, `s3`, ...). */
  stateBackend: z.string(),
  /** The site's supplier's policy settings, and every organisation it may not serve. */
  policy: z.object({
    disabledPacks: z.array(z.string()),
    thresholds: z.record(z.string(), z.number()),
    privateRanges: z.array(z.string()),
    excluded: z.array(z.object({ name: z.string(), orgNumber: z.string().optional(), cvr: z.string().optional() })),
  }),
});
/** The samdrift block of a site stack `site--<site>`. */
export type SiteMeta = z.infer<typeof siteMetaSchema>;

const approvalSchema = z.object({ change: z.string(), ref: z.string(), by: z.string() });
/** An approval marker of a tenant file, as the block records it. */
export type Approval = z.infer<typeof approvalSchema>;

export const tenantMetaSchema = z.object({
  kind: z.literal("tenant-site"),
  tenant: z.string(),
  site: z.string(),
  supplier: z.string(),
  /** The tenant file the stack was synthesized from. */
  file: z.string(),
  securityLevel: z.string(),
  personalData: z.string(),
  phase: z.string(),
  /** The connected organisation, as the coordinating agency's register names it. Absent in outputs of samdrift 0.1. */
  agency: z.object({ orgNumber: z.string(), scheme: z.literal("dk-cvr").optional(), name: z.string(), kind: z.string() }).optional(),
  /** Services the tenant uses, in the catalogue's order. Absent in outputs of samdrift 0.1. */
  services: z.array(z.string()).optional(),
  /** Absent when the tenant file has no `agreement.acceptedAt` (before run). */
  acceptedAt: z.string().optional(),
  /** Absent when the tenant file has no `agreement.ref` (before build). */
  agreementRef: z.string().optional(),
  /** Absent when the tenant file has no `agreement.exit`. */
  exit: z.object({ ref: z.string(), date: z.string() }).optional(),
  /**
   * Absent unless the tenant file has `agreement.suspended`. While present, the tenant declares nothing but
   * its backup flow: `declared` keeps what the file asks for, and readers judge it by `declaredOf`
   * (analysis/verdict.ts).
   */
  suspended: z.object({ ref: z.string(), since: z.string(), reason: z.string() }).optional(),
  priority: z.number(),
  placement: z.array(z.string()),
  namespaces: z.array(z.string()),
  declared: z.object({
    /** Namespaces the site's ingress controller may reach. */
    ingress: z.array(z.string()),
    egress: z.array(z.object({ from: z.string(), cidr: z.string(), ports: portList, reason: z.string() })),
    /** Flows realised on this site, in both directions, that involve this tenant's namespaces. */
    connections: z.array(z.object({ from: z.string(), to: z.string(), ports: portList, ref: z.string() })),
    monitoring: z.boolean(),
    backup: z.boolean(),
  }),
  vault: z.object({
    authBackend: z.string(),
    /** Absent when no Kubernetes auth role is created (no namespaces on the site, or no Vault service). */
    authRole: z.string().optional(),
    adminGroup: z.string(),
    /** Absent without `contacts.viewGroup`. */
    viewGroup: z.string().optional(),
    /** Absent without the `secrets` service. */
    kvMount: z.string().optional(),
    /** `transitMount` and `transitKeys` are absent without the `encryption` service. */
    transitMount: z.string().optional(),
    transitKeys: z.array(z.string()).optional(),
    /** `pkiMount` and `pkiRole` are absent without the `certificates` service. */
    pkiMount: z.string().optional(),
    pkiRole: z.string().optional(),
    policies: z.array(z.string()),
  }),
  approvals: z.array(approvalSchema),
});
/** The samdrift block of a tenant stack `tenant--<tenant>--<site>`. */
export type TenantMeta = z.infer<typeof tenantMetaSchema>;

/** What a tenant stack declares in effect: its `declared` block, and whether its own flows and DNS count. */
export type EffectiveDeclared = TenantMeta["declared"] & {
  /** Traffic among the tenant's own namespaces. */
  readonly sameTenant: boolean;
  /** Its namespaces to the site DNS. */
  readonly dns: boolean;
};

/**
 * What a tenant stack declares, as the isolation proof and the review judge it. A suspended tenant
 * declares its backup flow only (constructs/network-policies.ts keeps `allow-backup` and nothing else);
 * its file's other flows stay in `declared`, so that review can say what stopped.
 */
export function declaredOf(meta: TenantMeta): EffectiveDeclared {
  if (meta.suspended === undefined) return { ...meta.declared, sameTenant: true, dns: true };
  return { ingress: [], egress: [], connections: [], monitoring: false, backup: meta.declared.backup, sameTenant: false, dns: false };
}

/** The `"//".samdrift` block, either variant, told apart by `kind`. */
export const samdriftBlockSchema = z.discriminatedUnion("kind", [siteMetaSchema, tenantMetaSchema]);
export type SamdriftBlock = SiteMeta | TenantMeta;
