/**
 * Field types shared by catalogue and tenant files: identifiers, quantities, CIDRs, dates.
 * Each refinement states what is allowed, so an error message can tell the engineer how to fix it.
 */
import { z } from "zod";
import { oreOf } from "./money.js";
import { bits, formatCidr, parseCidr, parseIp } from "../lib/cidr.js";
import { matchText } from "../lib/text.js";
import { describeFound } from "./errors.js";

export const SECURITY_LEVELS = ["low", "moderate", "high", "very-high"] as const;
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];
/** Orders levels so that `levelRank(a) > levelRank(b)` means `a` is more demanding. */
export const levelRank = (level: SecurityLevel): number => SECURITY_LEVELS.indexOf(level);
/**
 * {@link levelRank} of a level as written in synthesized output, which may hold any word: an unknown or
 * absent level ranks -1, below every level, so a change to it counts as lowered.
 */
export const writtenLevelRank = (level: string | undefined): number => (SECURITY_LEVELS as readonly string[]).indexOf(level ?? "");

export const PHASES = ["initiate", "plan", "build", "run", "decommission"] as const;
export type Phase = (typeof PHASES)[number];

export const TENANT_KINDS = ["state-agency", "municipality", "region", "municipal-federation", "other"] as const;
export type TenantKind = (typeof TENANT_KINDS)[number];

/** Lower-case DNS label (RFC 1123), the shape of every id that ends up in a Kubernetes or Vault name. */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
export const dnsLabel = (max: number) =>
  z
    .string()
    .max(max, { message: `at most ${max} characters (it is used to derive Kubernetes and Vault names)` })
    .regex(DNS_LABEL, {
      message: "lower-case letters, digits and '-', starting and ending with a letter or digit (a DNS label)",
    });

export const TENANT_ID_MAX = 30;
/** `<tenant>-<key>`: the Kubernetes name of a tenant's namespace. */
export const namespaceName = (tenant: string, key: string): string => `${tenant}-${key}`;
export const NAMESPACE_KEY_MAX = 40;
export const SITE_ID_MAX = 20;
export const KUBERNETES_NAME_MAX = 63;

/**
 * An id that becomes part of a stack id: stack ids join tenant and site ids with `--`
 * (`tenant--<tenant>--<site>`), so an id holding `--` could make two stacks' ids equal, or make
 * `cdktf deploy 'tenant--mfof--*'` reach another tenant's stacks.
 */
export const nameSegment = (max: number) =>
  dnsLabel(max).refine((s) => !s.includes("--"), {
    message: "may not contain '--': stack ids join tenant and site ids with '--' (tenant--<tenant>--<site>), so it would make them ambiguous",
  });

/**
 * Tenant ids that would take a name the platform owns. A tenant's Vault mounts are `<id>/kv` and
 * `<id>/transit`, and Vault reserves these first path segments (`protectedMounts` in Vault's
 * vault/mount.go). A tenant's namespaces are `<id>-<key>`, and Kubernetes and OpenShift own the names
 * starting `kube-` and `openshift-`; an id without these can never generate `default` either, as every
 * tenant namespace name holds a '-'. (Site-specific names are checked against sites.yaml in model.ts.)
 */
const RESERVED_TENANT_IDS: ReadonlyMap<string, string> = new Map([
  ["sys", "Vault reserves the path sys/ for itself"],
  ["auth", "Vault reserves the path auth/ for auth methods"],
  ["audit", "Vault reserves the path audit/ for audit devices"],
  ["identity", "Vault reserves the path identity/ for its identity store"],
  ["cubbyhole", "Vault reserves the path cubbyhole/ for per-token storage"],
  ["kube", "Kubernetes reserves namespace names starting with kube-"],
  ["openshift", "OpenShift reserves namespace names starting with openshift-"],
  ["default", "it would read as Kubernetes' default namespace"],
]);
/** Namespace name prefixes the platform owns: a tenant id `kube` or `kube-<x>` gives namespaces `kube-…`. */
const RESERVED_NAMESPACE_PREFIXES = ["kube", "openshift"];

export const tenantId = nameSegment(TENANT_ID_MAX).superRefine((id, ctx) => {
  const prefix = RESERVED_NAMESPACE_PREFIXES.find((p) => id.startsWith(`${p}-`));
  const reason = RESERVED_TENANT_IDS.get(id) ?? (prefix ? RESERVED_TENANT_IDS.get(prefix) : undefined);
  if (reason) ctx.addIssue({ code: "custom", message: `"${id}" is reserved: ${reason}; choose another tenant id`, params: { code: "RESERVED_NAME" } });
});

/** Opaque identifiers of sites, zones and suppliers: never addresses or place names. */
export const opaqueId = dnsLabel(40);

/** A string safe to place inside a generated Vault policy or HCL string: no quotes, braces, globs or newlines. */
const POLICY_SAFE = /^[A-Za-z0-9._-]+$/;
export const policySafe = (what: string) =>
  z.string().min(1).refine((s) => POLICY_SAFE.test(s), {
    message: `${what} may only hold letters, digits, '.', '_' and '-': quotes, braces, '*', '+', '/' or newlines could break out of the generated Vault policy`,
    params: { code: "POLICY_INJECTION" },
  });

/** A fully-qualified DNS host name (lower case, no wildcard, never an address), as used in ingress hosts and certificate domains. */
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
export const hostname = z.string().superRefine((s, ctx) => {
  if (/["{}*+\n\r\\/]/.test(s)) {
    ctx.addIssue({
      code: "custom",
      message: `"${s.replace(/[\n\r]/g, "\\n")}" holds characters that could break out of the generated Vault policy; a host name is lower-case labels separated by dots`,
      params: { code: "POLICY_INJECTION" },
    });
  } else if (!HOSTNAME.test(s)) {
    ctx.addIssue({ code: "custom", message: `"${s}" is not a lower-case fully-qualified host name such as app.example.se` });
  } else if (/^[0-9]+$/.test(s.slice(s.lastIndexOf(".") + 1))) {
    // 10.0.0.1 has the shape of a host name; a certificate for it is one for an address (no top-level
    // domain is all digits, RFC 3696 section 2), and Kubernetes refuses an IP as an Ingress host.
    ctx.addIssue({ code: "custom", message: `"${s}" is an address, not a host name: name a DNS host such as app.example.se` });
  }
});

/**
 * Text that Terraform or cdktf would interpret rather than write as it is: an interpolation (`${`), a
 * template directive (`%{`) or a cdktf token marker (`#{TfToken[`, `&{TfToken[`). Refused in every string
 * of every file, when the file is read.
 */
const TERRAFORM_SYNTAX = /\$\{|%\{|[#&]\{TfToken\[/;
export const terraformSyntaxIn = (text: string): string | undefined => TERRAFORM_SYNTAX.exec(text)?.[0];

/** Kubernetes resource quantity: a plain number or a number with a suffix (`500m`, `32Gi`, `1.5T`). */
const QUANTITY = /^([0-9]+(\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const SUFFIX: Record<string, number> = {
  "": 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
const QUANTITY_HELP = "write a number with an optional suffix: m, k, M, G, T, Ki, Mi, Gi, Ti (e.g. 500m, 32Gi)";
const QUANTITY_ZERO = "a quantity must be greater than zero";
export const quantity = z
  .union([z.number().positive({ message: QUANTITY_ZERO }), z.string()], {
    error: (issue) => `${describeFound(issue.input)} is not a Kubernetes quantity; ${QUANTITY_HELP}`,
  })
  .superRefine((q, ctx) => {
    if (typeof q !== "string") return;
    if (!QUANTITY.test(q)) ctx.addIssue({ code: "custom", message: `"${q}" is not a Kubernetes quantity; ${QUANTITY_HELP}` });
    else if (parseQuantity(q) === 0) ctx.addIssue({ code: "custom", message: `${QUANTITY_ZERO}, not "${q}"` });
  });
export type Quantity = z.infer<typeof quantity>;

/** The value of a quantity in base units (cores, bytes). */
export function parseQuantity(q: Quantity): number {
  if (typeof q === "number") return q;
  const m = QUANTITY.exec(q);
  if (!m) throw new Error(`not a quantity: ${q}`);
  return Number(m[1]) * (SUFFIX[m[3] ?? ""] ?? 1);
}
/**
 * The exact value of a quantity in base units (cores, bytes) as a fraction of whole numbers, for sums that
 * must not drift (fees: 0.1 + 0.2 + 0.7 cores is exactly one core, not 1.0000000000000002).
 */
export function exactQuantity(q: Quantity): { readonly num: bigint; readonly den: bigint } {
  const text = typeof q === "number" ? String(q) : q;
  const m = QUANTITY.exec(text);
  if (!m) throw new Error(`not a quantity: ${text}`);
  const [whole, fraction = ""] = m[1]!.split(".");
  let num = BigInt(whole! + fraction);
  let den = 10n ** BigInt(fraction.length);
  const suffix = m[3] ?? "";
  if (suffix === "m") den *= 1000n;
  else if (suffix.endsWith("i")) num *= 2n ** BigInt(10 * "KMGTPE".indexOf(suffix[0]!) + 10);
  else if (suffix !== "") num *= 10n ** BigInt(3 * "kMGTPE".indexOf(suffix) + 3);
  return { num, den };
}

/** The quantity as Kubernetes expects it in a manifest: always a string. */
export const quantityString = (q: Quantity): string => String(q);

/** An amount in SEK: text with at most two decimals ("350.00") or a whole number (350); never a YAML decimal (model/money.ts). */
export const sekAmount = z
  .union([z.string(), z.number()])
  .superRefine((v, ctx) => {
    if (oreOf(v) !== undefined) return;
    ctx.addIssue({
      code: "custom",
      message: `${describeFound(v)} is not an amount in SEK: write text with at most two decimals ("350.00") or a whole number (350); a YAML decimal like 350.5 would be a binary fraction, so quote it`,
    });
  })
  .describe('SEK, as "350.00" or 350');

export const port = z.number().int().min(1).max(65535);
export const PROTOCOLS = ["TCP", "UDP", "SCTP"] as const;
export const protocol = z.enum(PROTOCOLS);
export type Protocol = (typeof PROTOCOLS)[number];

/** An IPv4 or IPv6 CIDR with no host bits set (`192.0.2.10/32`, `2001:db8::/32`). */
export const cidr = z.string().superRefine((s, ctx) => {
  const problem = cidrProblem(s);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export function cidrProblem(s: string): string | undefined {
  const [addr, len, ...rest] = s.split("/");
  const ip = addr === undefined ? undefined : parseIp(addr);
  if (rest.length > 0 || len === undefined || !/^[0-9]{1,3}$/.test(len) || ip === undefined) {
    return `"${s}" is not a CIDR; write an address and a prefix length, e.g. 192.0.2.10/32 or 2001:db8::/48`;
  }
  const prefix = Number(len);
  if (prefix > bits(ip.version)) return `"${s}": the prefix length ${prefix} exceeds ${bits(ip.version)} for IPv${ip.version}`;
  const network = parseCidr(s)!;
  if (network.network !== ip.value) return `"${s}" has host bits set; did you mean ${formatCidr(network)}?`;
  return undefined;
}

/** Whether the text is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === text;
}

/** A calendar date written as YYYY-MM-DD (YAML 1.2 keeps it a string). */
export const isoDate = z.string().refine(isCalendarDate, { message: "a real calendar date written YYYY-MM-DD" });

/** What `new-tenant` writes until the agency's own values are known; refused from phase build on. */
export const PLACEHOLDER_ORG_NUMBER = "000000-0000";
export const PLACEHOLDER_NAME = "TODO: the agency's registered name";
/** A text still holding a placeholder: it starts with "TODO", however written (" todo -", "ＴＯＤＯ"). */
export const isPlaceholderText = (text: string): boolean => matchText(text).startsWith("todo");

/** The Luhn check digit of a string of digits: doubling from the first digit, as Swedish numbers do. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return sum % 10 === 0;
}

/** The organisation number `NNNNNN-NNNN` of nine digits and their Luhn check digit (for generated files). */
export function orgNumberOf(nine: string): string {
  if (!/^\d{9}$/.test(nine)) throw new Error(`orgNumberOf takes nine digits, not "${nine}"`);
  const check = [..."0123456789"].find((d) => luhnValid(nine + d))!;
  return `${nine.slice(0, 6)}-${nine.slice(6)}${check}`;
}

/**
 * Swedish organisation number, `NNNNNN-NNNN`: its last digit is the Luhn check digit of the other nine, and
 * its third and fourth digits are 20 or more (a lower pair is a month: a personal identity number, which no
 * connecting organisation has). {@link PLACEHOLDER_ORG_NUMBER} passes here; the model refuses it from phase
 * build on.
 */
export const orgNumber = z
  .string()
  .regex(/^\d{6}-\d{4}$/, { message: "a Swedish organisation number written NNNNNN-NNNN" })
  .refine((s) => s === PLACEHOLDER_ORG_NUMBER || Number(s.slice(2, 4)) >= 20, {
    message: "a Swedish organisation number: its third and fourth digits are 20 or more (a lower pair is a month, as in a personal identity number)",
    abort: true,
  })
  .refine((s) => luhnValid(s.replace("-", "")), {
    message: "a Swedish organisation number whose last digit is its check digit (Luhn); check for a mistyped digit",
  });

/** What `new-tenant` writes for a Danish tenant until its CVR number is known; refused from phase build on. */
export const PLACEHOLDER_CVR = "00000000";

/**
 * The modulus-11 check of a Danish CVR number (Erhvervsstyrelsen): the digits weighted 2, 7, 6, 5, 4, 3, 2
 * and 1 sum to a multiple of 11. (The eighth digit is 11 minus the remainder of the first seven; a
 * remainder of 1 would need a check digit of 10, so no such number is issued.)
 */
const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1] as const;
function cvrValid(digits: string): boolean {
  return [...digits].reduce((sum, d, i) => sum + Number(d) * CVR_WEIGHTS[i]!, 0) % 11 === 0;
}

/** The CVR number of seven digits and their check digit (for generated files and tests). */
export function cvrOf(seven: string): string {
  if (!/^\d{7}$/.test(seven)) throw new Error(`cvrOf takes seven digits, not "${seven}"`);
  const check = [..."0123456789"].find((d) => cvrValid(seven + d));
  if (check === undefined) throw new Error(`no CVR number starts ${seven}: its remainder needs a check digit of 10`);
  return seven + check;
}

/**
 * Danish CVR number (Det Centrale Virksomhedsregister), eight digits written together, `29189846`: the
 * digits pass the modulus-11 check. {@link PLACEHOLDER_CVR} passes here; the model refuses it from phase
 * build on.
 */
export const cvrNumber = z
  .string()
  .regex(/^\d{8}$/, { message: "a Danish CVR number written as eight digits, NNNNNNNN (no spaces, no DK prefix)", abort: true })
  .refine(cvrValid, {
    message: "a Danish CVR number whose digits pass the modulus-11 check (weights 2, 7, 6, 5, 4, 3, 2, 1); check for a mistyped digit",
  });

/** Kubernetes label value: at most 63 characters of [A-Za-z0-9._-], starting and ending alphanumeric. */
export const labelValue = z
  .string()
  .max(63)
  .regex(/^([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?$/, { message: "a Kubernetes label value" });
