/**
 * The shape of every file samdrift reads, as zod schemas. Objects are strict: an unknown field is an error,
 * so a typo never passes silently. The JSON Schema in `schema/` is generated from these (`npm run generate`).
 */
import { z } from "zod";
import {
  SECURITY_LEVELS, PHASES, TENANT_KINDS, SITE_ID_MAX, NAMESPACE_KEY_MAX,
  dnsLabel, nameSegment, tenantId, opaqueId, policySafe, hostname, quantity, port, protocol, cidr, isoDate, orgNumber, labelValue, sekAmount,
} from "./primitives.js";
import { cvrNumber } from "./primitives.js";
import { ARRANGEMENTS, DEFAULT_ARRANGEMENT } from "./arrangements.js";
import { APPROVAL_FORMS } from "./approvals.js";

/**
 * Caps on every list and map a file may hold, so that no file (hostile or careless) can make check, synth
 * or the isolation proof take minutes: each entry becomes resources, policy paths or proof work. A tenant
 * that needs more asks the supplier, who raises the constant in a reviewed change.
 */
/** Most ingress host names one tenant may declare. */
export const MAX_INGRESS_HOSTS = 50;
/** Most certificate domains one tenant's PKI role may allow. */
export const MAX_CERT_DOMAINS = 50;
/** Most transit keys one tenant may declare. */
export const MAX_TRANSIT_KEYS = 50;
/** Most exceptions, and most approvals, one tenant file may hold. */
export const MAX_EXCEPTIONS = 50;
export const MAX_APPROVALS = 50;
/** Most sites one tenant is placed on (mirroring needs two). */
export const MAX_TENANT_SITES = 8;
/** Most labels in one label selector of the catalogue. */
export const MAX_LABELS = 20;
/** Most entries in any list or map of the catalogue (suppliers, sites, services, excluded organisations, ranges, ...). */
export const MAX_CATALOGUE_ENTRIES = 1000;

/** A list of at most `max` entries; the message says what is limited and who can raise it. */
export function capped<T extends z.ZodType>(item: T, max: number, what: string) {
  return z.array(item).max(max, { message: `at most ${max} ${what}; ask the supplier to raise the limit (${what} are capped so that no file can make synthesis slow)` });
}
/** A map of at most `max` keys, refused with TOO_MANY_ENTRIES as a long list is. */
export function cappedRecord<K extends z.core.$ZodRecordKey, V extends z.ZodType>(key: K, value: V, max: number, what: string) {
  return z.record(key, value).refine((r) => Object.keys(r).length <= max, {
    message: `at most ${max} ${what}; ask the supplier to raise the limit`, params: { code: "TOO_MANY_ENTRIES" },
  });
}

/** Most namespaces one tenant may declare: synthesis and the isolation proof grow faster than linearly with them. */
export const MAX_NAMESPACES = 20;
/** Most egress rules one tenant may declare. */
export const MAX_EGRESS_RULES = 50;
/** Most connections one tenant may declare. */
export const MAX_CONNECTIONS = 50;
/** Most ports one egress rule or connection may list. */
export const MAX_PORTS = 20;

const level = z.enum(SECURITY_LEVELS);
const labels = cappedRecord(z.string().min(1).max(253), labelValue, MAX_LABELS, "labels");
const text = (max = 200) => z.string().trim().min(1).max(max);
/** A reference to a document (agreement, decision, ticket); it is placed in labels and annotations. */
const reference = z.string().min(1).max(63).regex(/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/, {
  message: "a document reference of letters, digits, '.', '_' and '-' (e.g. FK-2024-0113)",
});

// ---------------------------------------------------------------------------------------------- catalogue

/**
 * An organisation's identifier: a Swedish organisation number (`orgNumber`) or a Danish CVR number (`cvr`),
 * each in its own field and validated by its own refinement; the field names the scheme (model/organisation.ts).
 */
const orgIdFields = {
  orgNumber: orgNumber.optional().describe("Swedish organisation number, NNNNNN-NNNN (Luhn check digit)"),
  cvr: cvrNumber.optional().describe("Danish CVR number, eight digits (modulus-11 check)"),
};
/** At most one identifier: an organisation is written in one scheme. */
const oneIdAtMost = (o: { orgNumber?: string | undefined; cvr?: string | undefined }, ctx: z.RefinementCtx) => {
  if (o.orgNumber !== undefined && o.cvr !== undefined) {
    ctx.addIssue({ code: "custom", path: ["cvr"], message: "give one identifier, orgNumber (Swedish) or cvr (Danish), not both" });
  }
};

export const organisationRef = z.strictObject({ name: text(), ...orgIdFields }).superRefine(oneIdAtMost);

export const supplierSchema = z.strictObject({
  id: opaqueId,
  name: text(),
  /**
   * The legal arrangement the supplier works under; it chooses the arrangement pack that judges its tenants
   * and the identifier scheme they are written in (model/arrangements.ts, docs/policies.md).
   */
  arrangement: z
    .enum(ARRANGEMENTS)
    .default(DEFAULT_ARRANGEMENT)
    .describe(`${ARRANGEMENTS.join(", ")}; default ${DEFAULT_ARRANGEMENT}`),
  /**
   * A municipal federation's members (its municipalities, and its own joint bodies), by identifier: it may
   * serve these only (FED-001). Other arrangements name none (FED-002).
   */
  members: capped(organisationRef, MAX_CATALOGUE_ENTRIES, "members").default([]),
  serves: capped(z.enum(TENANT_KINDS), TENANT_KINDS.length, "kinds served").min(1),
  /** Organisations this supplier may never serve, in addition to the catalogue-wide list. */
  excluded: capped(organisationRef, MAX_CATALOGUE_ENTRIES, "excluded organisations").default([]),
  /** Rule packs this supplier turns off, and thresholds it tunes (see policies/). */
  policy: z
    .strictObject({
      disabledPacks: capped(z.string(), MAX_CATALOGUE_ENTRIES, "disabled packs").default([]),
      thresholds: cappedRecord(z.string(), z.number(), MAX_CATALOGUE_ENTRIES, "thresholds").default({}),
      /**
       * Address ranges this supplier counts as private besides RFC 1918, RFC 6598 and fc00::/7 (e.g. the
       * government network's blocks): very-high tenants may send traffic to them (EXP-002).
       */
      privateRanges: capped(cidr, MAX_CATALOGUE_ENTRIES, "private ranges").default([]),
    })
    .default({ disabledPacks: [], thresholds: {}, privateRanges: [] }),
});

export const suppliersFileSchema = z.strictObject({
  /** Organisations outside the ordinance altogether; no supplier may serve them. */
  excludedOrganisations: capped(organisationRef, MAX_CATALOGUE_ENTRIES, "excluded organisations").default([]),
  suppliers: capped(supplierSchema, MAX_CATALOGUE_ENTRIES, "suppliers").min(1),
});

const platformEndpoint = z.strictObject({
  namespace: dnsLabel(63),
  /** Labels of the platform pods in that namespace. @default - every pod of the namespace */
  podLabels: labels.optional(),
  /** Ports the platform pods use towards tenant pods. @default - every port */
  ports: capped(port, MAX_PORTS, "ports").optional(),
});

const stateBackend = z.discriminatedUnion("backend", [
  z.strictObject({
    backend: z.literal("local"),
    /**
     * Folder for state files: relative to the folder that holds the output folder (`state` lies beside
     * `cdktf.out`, for a deploy by hand from that output), or absolute (written as it is; what a CI deploy
     * needs). @default "state"
     */
    dir: z.string().default("state"),
  }),
  z.strictObject({
    backend: z.literal("s3"),
    bucket: z.string().min(3),
    region: z.string().min(1),
    /** Each stack's state goes to `<keyPrefix>/<stack>.tfstate`. */
    keyPrefix: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^/](.*[^/])?$/, { message: "may not start or end with '/': Terraform refuses a state key that does" })
      .refine((k) => !k.includes("//"), { message: "may not contain '//': Terraform refuses a state key that does" })
      .default("samdrift"),
    endpoint: z.url().optional(),
    dynamodbTable: z.string().optional(),
    encrypt: z.boolean().default(true),
  }),
  z.strictObject({
    backend: z.literal("pg"),
    /** Each stack's state goes to schema `<schemaPrefix>_<stack>`; the connection string comes from `PG_CONN_STR`. */
    schemaPrefix: z.string().max(20).regex(/^[a-z][a-z0-9_]*$/, { message: "lower-case letters, digits and _, starting with a letter" }).default("samdrift"),
  }),
  z.strictObject({
    backend: z.literal("kubernetes"),
    namespace: dnsLabel(63),
    /** kubeconfig context holding the state Secrets. @default - the site's own context */
    context: z.string().optional(),
  }),
]);

const containerDefaults = z.strictObject({
  defaultCpu: quantity.optional(),
  defaultMemory: quantity.optional(),
  defaultRequestCpu: quantity.optional(),
  defaultRequestMemory: quantity.optional(),
});

export const siteSchema = z.strictObject({
  /** At most 20 characters, so that `tenant--<tenant>--<site>` stays a valid 63-character name; no `--`. */
  id: nameSegment(SITE_ID_MAX),
  supplier: opaqueId,
  /** Opaque failure/geography zone; mirrored tenants need sites in two distinct zones. */
  zone: opaqueId,
  maxSecurityLevel: level,
  capacity: z.strictObject({ cpu: quantity, memory: quantity, storage: quantity }),
  kubernetes: z.strictObject({
    /** kubeconfig context of the site's cluster; the kubeconfig itself comes from `KUBE_CONFIG_PATH`. */
    context: z.string().min(1),
    dns: platformEndpoint,
    ingress: platformEndpoint,
    monitoring: platformEndpoint,
    backup: platformEndpoint.optional(),
    /** LimitRange defaults for tenant containers on this site (framework < site < tenant). */
    containerDefaults: containerDefaults.optional(),
  }),
  vault: z.strictObject({
    address: z.url(),
    /** Path of the Kubernetes auth backend that samdrift mounts on this site's Vault. */
    kubernetesAuthPath: dnsLabel(63).default("kubernetes"),
    /** API server URL that Vault uses to review service-account tokens. */
    kubernetesHost: z.url(),
    /** Path of the site PKI mount, created when a tenant on the site asks for certificates. */
    pkiPath: dnsLabel(63).default("pki"),
    /** Accessor of the auth mount (OIDC, LDAP) whose groups map onto tenant admin groups. @default - groups get no alias */
    groupAliasMountAccessor: z.string().regex(/^auth_[a-z0-9_]+$/).optional(),
  }),
  state: stateBackend.default({ backend: "local", dir: "state" }),
});

export const sitesFileSchema = z.strictObject({ sites: capped(siteSchema, MAX_CATALOGUE_ENTRIES, "sites").min(1) });

export const serviceIds = [
  "container-hosting", "secrets", "encryption", "certificates", "backup", "monitoring",
] as const;
export type ServiceId = (typeof serviceIds)[number];

export const serviceSchema = z.strictObject({
  id: z.enum(serviceIds),
  name: text(),
  description: text(1000),
  offeredBy: capped(opaqueId, MAX_CATALOGUE_ENTRIES, "suppliers").min(1),
  securityLevels: capped(level, SECURITY_LEVELS.length, "security levels").min(1),
});

export const servicesFileSchema = z.strictObject({ services: capped(serviceSchema, serviceIds.length, "services").min(1) });

// ------------------------------------------------------------------------------------------------ tenant

/** Destination ports of an egress rule or a connection. */
const ports = z
  .array(port)
  .min(1)
  .max(MAX_PORTS, { message: `at most ${MAX_PORTS} ports per egress rule or connection; split it in two, or ask the supplier to raise the limit` })
  .describe(`Destination ports; at most ${MAX_PORTS}`);

/** A namespace key: `<tenant>-<key>` is the namespace's name. */
const namespaceKey = nameSegment(NAMESPACE_KEY_MAX);

// Descriptions below are published in schema/tenant.schema.json, so editors show them while typing.
const namespaceSchema = z.strictObject({
  cpu: quantity.describe("CPU quota of the namespace (requests and limits), e.g. 8 or 500m"),
  memory: quantity.describe("Memory quota (requests and limits), e.g. 32Gi"),
  storage: quantity.describe("Persistent-volume storage quota, e.g. 200Gi"),
  pods: z.number().int().positive().max(10_000).describe("Most pods the namespace may run"),
  containerDefaults: containerDefaults
    .optional()
    .describe("Container defaults in this namespace's LimitRange; default: the site's, else samdrift's (500m/512Mi limits, 100m/128Mi requests)"),
});

const egressRule = z.strictObject({
  cidr: cidr.describe("Destination outside the cluster, e.g. 192.0.2.10/32; no host bits set"),
  ports,
  protocol: protocol.default("TCP").describe("TCP (default), UDP or SCTP"),
  reason: text().describe("Why the tenant needs this destination; shown in review"),
  namespaces: capped(namespaceKey, MAX_NAMESPACES, "namespace keys").optional().describe("Namespace keys that get this egress; default: every namespace"),
});

const containerHosting = z
  .strictObject({
    namespaces: z
      .record(namespaceKey, namespaceSchema)
      .refine((r) => Object.keys(r).length > 0, { message: "declare at least one namespace" })
      .refine((r) => Object.keys(r).length <= MAX_NAMESPACES, { message: `at most ${MAX_NAMESPACES} namespaces per tenant; ask the supplier to split the tenant or to raise the limit`, params: { code: "TOO_MANY_ENTRIES" } })
      .describe(`Namespaces by key; each becomes <tenant>-<key> on every site of the tenant; at most ${MAX_NAMESPACES}`),
    ingress: z
      .strictObject({
        hosts: capped(hostname, MAX_INGRESS_HOSTS, "ingress hosts").min(1).describe(`Host names served through the site's ingress controller; at most ${MAX_INGRESS_HOSTS}`),
        namespaces: capped(namespaceKey, MAX_NAMESPACES, "namespace keys").optional().describe("Namespace keys the ingress controller may reach; default: every namespace"),
      })
      .optional()
      .describe("Traffic from the site's ingress controller; without it, none reaches the tenant"),
    egress: z
      .array(egressRule)
      .max(MAX_EGRESS_RULES, { message: `at most ${MAX_EGRESS_RULES} egress rules per tenant; list several ports in one rule, or ask the supplier to raise the limit` })
      .default([])
      .describe("Destinations outside the cluster the tenant may reach; nothing else is reachable"),
  })
  .describe("Isolated Kubernetes namespaces with quotas, restricted Pod Security and default-deny networking");

const namespaceRef = z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, { message: "written <tenant>/<namespace>, e.g. mfof/apps" });

export const connectionSchema = z
  .strictObject({
    from: namespaceRef.describe("Source, written <tenant>/<namespace key>"),
    to: namespaceRef.describe("Destination, written <tenant>/<namespace key>"),
    ports,
    protocol: protocol.default("TCP").describe("TCP (default), UDP or SCTP"),
    ref: reference.describe("Interconnection agreement or decision that allows the flow"),
  })
  .describe("A flow between two tenants' namespaces; both tenants write it identically, or it does not exist");

export const exceptionSchema = z
  .strictObject({
    rule: z.string().regex(/^[A-Z]+-[0-9]{3}$/, { message: "a rule id such as SEC-001" }).describe("Id of the rule excepted, e.g. EXP-002"),
    reason: text(1000).describe("Why the rule is bent; at least 20 characters"),
    expires: isoDate.describe("Last day the exception holds (YYYY-MM-DD)"),
    ref: reference.describe("The decision that grants the exception"),
    peer: tenantId.optional().describe("For rules about a flow between two tenants (CON-001): the peer tenant whose flows it excuses; required there, refused elsewhere"),
  })
  .describe("A documented exception to a policy rule");

export const approvalSchema = z
  .strictObject({
    change: z
      .string()
      .regex(/^[a-z-]+(:[a-z0-9._-]+)?$/)
      .describe(`The change approved: ${APPROVAL_FORMS.join(", ")} (HYG-007 refuses any other)`),
    ref: reference.describe("The decision (change request) that approves it"),
    by: text().describe("Who approved it"),
  })
  .describe("An explicit approval of a risky change, which the review asks for");

export const tenantSchema = z
  .strictObject({
    id: tenantId.describe("The tenant's id; equals the file name; a DNS label of at most 30 characters, without '--'"),
    agency: z.strictObject({
      name: text().describe("The agency's registered name"),
      ...orgIdFields,
      kind: z.enum(TENANT_KINDS).describe("Kind of organisation; the supplier must serve it"),
      sector: dnsLabel(40).optional().describe("Sector (e.g. social-insurance), for aggregation-risk warnings"),
    })
      .superRefine((a, ctx) => {
        oneIdAtMost(a, ctx);
        if (a.orgNumber === undefined && a.cvr === undefined) {
          ctx.addIssue({ code: "custom", path: ["orgNumber"], message: "the agency's identifier is missing: write orgNumber (Swedish organisation number, NNNNNN-NNNN) or cvr (Danish CVR number, eight digits), as the supplier's arrangement asks" });
        }
      })
      // JSON Schema cannot see the refinement; it states the same: exactly one identifier.
      .meta({ oneOf: [{ required: ["orgNumber"] }, { required: ["cvr"] }] })
      .describe("The connecting organisation, identified by orgNumber (Swedish) or cvr (Danish)"),
    supplier: opaqueId.describe("Id of the supplier in catalogue/suppliers.yaml"),
    agreement: z.strictObject({
      phase: z.enum(PHASES).describe("initiate and plan create nothing; build and run create everything; decommission lifts prevent_destroy"),
      ref: reference.optional().describe("Collaboration agreement reference; needed from build on"),
      acceptedAt: isoDate.optional().describe("Date both sides accepted the delivery; needed in run"),
      costCentre: labelValue
        .min(1)
        .optional()
        .describe("The agency's cost centre, a Kubernetes label value: every namespace carries it as samdrift.io/cost-centre, for cost tools such as OpenCost (default: the tenant id)"),
      notified: z
        .strictObject({
          coordinator: isoDate.optional().describe("Date the coordinating agency (DIGG) was notified of the signed agreement"),
          government: isoDate.optional().describe("Date the government was notified of the signed agreement"),
        })
        .optional()
        .describe("When the signed agreement was notified (§12); both dates needed from run on (ORD-003)"),
      costEstimate: z
        .strictObject({
          onboarding: sekAmount.describe("The onboarding fee communicated, SEK"),
          monthly: sekAmount.describe("The monthly fee communicated, SEK"),
          communicatedAt: isoDate.describe("When the estimate was given to the agency; before build (FIN-001)"),
          ref: reference.describe("The letter or decision that carried it"),
        })
        .optional()
        .describe("The cost estimate the agency got before it committed (samdrift fees gives it); needed from build on"),
      exit: z
        .strictObject({ ref: reference.describe("Retention or export decision"), date: isoDate.describe("Exit date") })
        .optional()
        .describe("Exit terms, needed in decommission"),
      suspended: z
        .strictObject({
          ref: reference.describe("The decision (incident, security finding, unpaid agreement) that suspends the tenant"),
          since: isoDate.describe("Date the suspension began (YYYY-MM-DD)"),
          reason: text(500).describe("Why the tenant is cut off; shown in review"),
        })
        .optional()
        .describe("The tenant is cut off: its namespaces, mounts and secrets stay, but no pod starts, no flow but backup is allowed and no Vault role or group holds a policy (docs/incidents.md); samdrift suspend and resume write it"),
    }),
    security: z.strictObject({
      level: level.describe("low, moderate, high or very-high; must fit every service and site"),
      classifiedInformation: z.boolean().describe("Must be false: security-classified information never goes on shared platforms"),
      personalData: z.enum(["none", "ordinary", "sensitive"]).describe("Personal data processed; anything but none needs dpaRef"),
      dpaRef: reference.optional().describe("Processor agreement (GDPR Art. 28) reference"),
    }),
    resilience: z.strictObject({
      sites: capped(opaqueId, MAX_TENANT_SITES, "sites per tenant").min(1).describe("Sites the tenant runs on; two in distinct zones = mirrored. Never changed by samdrift itself"),
      priority: z.number().int().min(1).max(5).describe("Outage priority from the agreement; 1 is restored first"),
    }),
    contacts: z.strictObject({
      adminGroup: policySafe("contacts.adminGroup").describe("Group bound to admin in the tenant's namespaces and to its Vault policies"),
      viewGroup: policySafe("contacts.viewGroup").optional().describe("Group bound to view, and to secret metadata in Vault"),
    }),
    services: z
      .strictObject({
        "container-hosting": containerHosting.optional(),
        secrets: z
          .strictObject({ maxVersions: z.number().int().min(1).max(100).default(10).describe("Versions kept per secret; default 10") })
          .optional()
          .describe("A Vault KV v2 engine <tenant>/kv on every site"),
        encryption: z
          .strictObject({ keys: capped(dnsLabel(40), MAX_TRANSIT_KEYS, "transit keys").min(1).describe(`Key names; at most ${MAX_TRANSIT_KEYS}`) })
          .optional()
          .describe("Vault transit keys; workloads may encrypt and decrypt, never export"),
        certificates: z
          .strictObject({
            domains: capped(hostname, MAX_CERT_DOMAINS, "certificate domains").min(1).describe(`Exact host names certificates may be issued for; at most ${MAX_CERT_DOMAINS}`),
            maxTtl: z.string().regex(/^[0-9]+h$/).default("720h").describe("Longest certificate lifetime; default 720h"),
          })
          .optional()
          .describe("A PKI role on the site CA limited to the declared domains"),
        backup: z
          .strictObject({ retentionDays: z.number().int().min(1).max(3650).describe("Days backups are kept") })
          .optional()
          .describe("Platform backup of the tenant's namespaces"),
        monitoring: z.strictObject({}).optional().describe("Scraping by the site's platform monitoring"),
      })
      .describe("The services the tenant chose; each must be offered by its supplier"),
    connections: z
      .array(connectionSchema)
      .max(MAX_CONNECTIONS, { message: `at most ${MAX_CONNECTIONS} connections per tenant; list several ports in one connection, or ask the supplier to raise the limit` })
      .default([]),
    exceptions: capped(exceptionSchema, MAX_EXCEPTIONS, "exceptions").default([]),
    approvals: capped(approvalSchema, MAX_APPROVALS, "approvals").default([]),
  })
  .describe("A connecting organisation (tenant) of a supplier: one file, tenants/<id>.yaml");

export type Supplier = z.infer<typeof supplierSchema>;
export type Site = z.infer<typeof siteSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type Tenant = z.infer<typeof tenantSchema>;
export type Connection = z.infer<typeof connectionSchema>;
/** `agreement.suspended` of a tenant file. */
export type Suspension = NonNullable<Tenant["agreement"]["suspended"]>;
export type StateBackendConfig = z.infer<typeof stateBackend>;
export type PlatformEndpoint = z.infer<typeof platformEndpoint>;
export type ContainerDefaults = z.infer<typeof containerDefaults>;
export type OrganisationRef = z.infer<typeof organisationRef>;
