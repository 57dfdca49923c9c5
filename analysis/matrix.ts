/**
 * The isolation matrix: what `samdrift isolation` prints and `review` compares between base and head.
 * A stable, sorted, documented shape (docs/isolation.md):
 *
 * ```json
 * { "sites": { "fk-a": {
 *   "flows":     [ { "from": "mfof-apps", "to": "digg-api", "ports": ["TCP/443"] } ],
 *   "egress":    [ { "from": "mfof-apps", "cidr": "192.0.2.10/32", "ports": ["TCP/443"] } ],
 *   "ipIngress": [ { "to": "x-web", "cidr": "0.0.0.0/0", "ports": ["*"] } ],
 *   "vault":     [ { "subject": "kubernetes:tenant-mfof", "path": "mfof/kv/data/*", "capabilities": ["read"] } ],
 *   "rbac":      [ { "subject": "group:mfof-admins", "namespace": "mfof-apps", "role": "admin" } ] } } }
 * ```
 *
 * Pure: rendering and diffing only.
 */
import { code as codeSpan, codeList } from "../lib/markdown.js";
import { uniqueSorted } from "../lib/sort.js";

export interface FlowEntry {
  readonly from: string;
  readonly to: string;
  /** `PROTOCOL/PORT`, `PROTOCOL/FROM-TO`, `PROTOCOL/*`, `PROTOCOL/<port name>`, or `["*"]`. */
  readonly ports: readonly string[];
}

export interface EgressEntry {
  readonly from: string;
  readonly cidr: string;
  /** Present only when the ipBlock has `except` blocks. */
  readonly except?: readonly string[];
  readonly ports: readonly string[];
}

export interface IpIngressEntry {
  readonly to: string;
  readonly cidr: string;
  readonly except?: readonly string[];
  readonly ports: readonly string[];
}

export interface VaultEntry {
  /** `kubernetes:<auth role>`, `group:<identity group>`, or `<auth method>:<role>` for other auth roles. */
  readonly subject: string;
  /** A policy path pattern as written (`mfof/kv/data/*`). */
  readonly path: string;
  /** Effective capabilities where this pattern decides, sorted; `["deny"]` for a denied pattern. */
  readonly capabilities: readonly string[];
}

export interface RbacEntry {
  readonly subject: string;
  readonly namespace: string;
  readonly role: string;
}

export interface SiteMatrix {
  readonly flows: readonly FlowEntry[];
  readonly egress: readonly EgressEntry[];
  readonly ipIngress: readonly IpIngressEntry[];
  readonly vault: readonly VaultEntry[];
  readonly rbac: readonly RbacEntry[];
}

export interface IsolationMatrix {
  /** Keyed by site id, in sorted order. */
  readonly sites: Readonly<Record<string, SiteMatrix>>;
}

/** The JSON form: two-space indented, keys in the documented order, trailing newline. */
export function renderMatrixJson(matrix: IsolationMatrix): string {
  return `${JSON.stringify(matrix, null, 2)}\n`;
}

const code = (s: string): string => codeSpan(s, 500);
const cell = codeList;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return "None.\n";
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n") + "\n";
}

/** Sources as rows, destinations as columns; a cell lists the ports, empty when nothing connects. */
export function renderFlowGrid(flows: readonly FlowEntry[]): string {
  if (flows.length === 0) return "None.\n";
  const from = uniqueSorted(flows.map((f) => f.from));
  const to = uniqueSorted(flows.map((f) => f.to));
  const at = new Map(flows.map((f) => [`${f.from}\u0000${f.to}`, f.ports] as const));
  return table(
    ["from \\ to", ...to.map(code)],
    from.map((a) => [code(a), ...to.map((b) => cell(at.get(`${a}\u0000${b}`) ?? []))]),
  );
}

/** The Markdown report: per site, the flow grid, IP blocks, Vault access and RBAC grants. */
export function renderMatrixMarkdown(matrix: IsolationMatrix): string {
  const parts: string[] = ["# Isolation matrix\n"];
  const sites = Object.entries(matrix.sites);
  if (sites.length === 0) parts.push("No site in the output.\n");
  for (const [site, m] of sites) {
    parts.push(`## Site ${code(site)}\n`);
    parts.push("### Network flows\n");
    parts.push("Rows are sources, columns destinations: some pod in the row's namespace can open a connection to some pod in the column's namespace on the ports listed (`*`: every port).\n");
    parts.push(renderFlowGrid(m.flows));
    parts.push("### Egress to IP blocks\n");
    parts.push(table(["from", "cidr", "except", "ports"], m.egress.map((e) => [code(e.from), code(e.cidr), cell(e.except ?? []), cell(e.ports)])));
    if (m.ipIngress.length > 0) {
      parts.push("### Ingress from IP blocks\n");
      parts.push(table(["to", "cidr", "except", "ports"], m.ipIngress.map((e) => [code(e.to), code(e.cidr), cell(e.except ?? []), cell(e.ports)])));
    }
    parts.push("### Vault\n");
    parts.push(table(["subject", "path", "capabilities"], m.vault.map((v) => [code(v.subject), code(v.path), cell(v.capabilities)])));
    parts.push("### RBAC\n");
    parts.push(table(["subject", "namespace", "role"], m.rbac.map((r) => [code(r.subject), code(r.namespace), code(r.role)])));
  }
  return parts.join("\n");
}

// ------------------------------------------------------------------------------------------------ diff

export type Change<T> =
  | { readonly kind: "added"; readonly after: T }
  | { readonly kind: "removed"; readonly before: T }
  | { readonly kind: "changed"; readonly before: T; readonly after: T };

export interface SiteMatrixDiff {
  readonly site: string;
  readonly flows: readonly Change<FlowEntry>[];
  readonly egress: readonly Change<EgressEntry>[];
  readonly ipIngress: readonly Change<IpIngressEntry>[];
  readonly vault: readonly Change<VaultEntry>[];
  readonly rbac: readonly Change<RbacEntry>[];
}

export interface MatrixDiff {
  /** Only sites with a change, sorted. */
  readonly sites: readonly SiteMatrixDiff[];
}

const EMPTY_SITE: SiteMatrix = { flows: [], egress: [], ipIngress: [], vault: [], rbac: [] };
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function diffList<T>(base: readonly T[], head: readonly T[], key: (t: T) => string): Change<T>[] {
  const b = new Map(base.map((t) => [key(t), t] as const));
  const h = new Map(head.map((t) => [key(t), t] as const));
  const keys = uniqueSorted([...b.keys(), ...h.keys()]);
  const out: Change<T>[] = [];
  for (const k of keys) {
    const before = b.get(k);
    const after = h.get(k);
    if (before === undefined && after !== undefined) out.push({ kind: "added", after });
    else if (before !== undefined && after === undefined) out.push({ kind: "removed", before });
    else if (before !== undefined && after !== undefined && !same(before, after)) out.push({ kind: "changed", before, after });
  }
  return out;
}

const K = "\u0000";

/**
 * What changed between the matrices of a base and a head output: entries added, removed, or (same key,
 * other ports or capabilities) changed. Keys: flows by from/to, IP entries by namespace/cidr/except,
 * Vault by subject/path, RBAC by subject/namespace/role. A site missing on one side counts as empty.
 */
export function diffMatrices(base: IsolationMatrix, head: IsolationMatrix): MatrixDiff {
  const sites = uniqueSorted([...Object.keys(base.sites), ...Object.keys(head.sites)]);
  const out: SiteMatrixDiff[] = [];
  for (const site of sites) {
    const b = base.sites[site] ?? EMPTY_SITE;
    const h = head.sites[site] ?? EMPTY_SITE;
    const d: SiteMatrixDiff = {
      site,
      flows: diffList(b.flows, h.flows, (f) => [f.from, f.to].join(K)),
      egress: diffList(b.egress, h.egress, (e) => [e.from, e.cidr, ...(e.except ?? [])].join(K)),
      ipIngress: diffList(b.ipIngress, h.ipIngress, (e) => [e.to, e.cidr, ...(e.except ?? [])].join(K)),
      vault: diffList(b.vault, h.vault, (v) => [v.subject, v.path].join(K)),
      rbac: diffList(b.rbac, h.rbac, (r) => [r.subject, r.namespace, r.role].join(K)),
    };
    if (d.flows.length + d.egress.length + d.ipIngress.length + d.vault.length + d.rbac.length > 0) out.push(d);
  }
  return { sites: out };
}

export const isEmptyDiff = (d: MatrixDiff): boolean => d.sites.length === 0;

function changeRows<T>(changes: readonly Change<T>[], describe: (t: T) => string[], detail: (t: T) => string): string[][] {
  return changes.map((c) => {
    if (c.kind === "added") return ["added", ...describe(c.after), detail(c.after)];
    if (c.kind === "removed") return ["removed", ...describe(c.before), detail(c.before)];
    return ["changed", ...describe(c.after), `${detail(c.before)} → ${detail(c.after)}`];
  });
}

/** The diff as Markdown, for review comments; "No change." when empty. */
export function renderDiffMarkdown(diff: MatrixDiff): string {
  if (isEmptyDiff(diff)) return "No change to what tenants can reach or read.\n";
  const parts: string[] = [];
  for (const s of diff.sites) {
    parts.push(`#### Isolation changes on ${code(s.site)}\n`);
    const rows = [
      ...changeRows(s.flows, (f) => ["flow", `${code(f.from)} → ${code(f.to)}`], (f) => cell(f.ports)),
      ...changeRows(s.egress, (e) => ["egress", `${code(e.from)} → ${code(e.cidr)}${e.except ? ` except ${cell(e.except)}` : ""}`], (e) => cell(e.ports)),
      ...changeRows(s.ipIngress, (e) => ["ip ingress", `${code(e.cidr)}${e.except ? ` except ${cell(e.except)}` : ""} → ${code(e.to)}`], (e) => cell(e.ports)),
      ...changeRows(s.vault, (v) => ["vault", `${code(v.subject)} on ${code(v.path)}`], (v) => cell(v.capabilities)),
      ...changeRows(s.rbac, (r) => ["rbac", `${code(r.subject)} in ${code(r.namespace)}`], (r) => code(r.role)),
    ];
    parts.push(table(["change", "kind", "what", "ports / capabilities / role"], rows));
  }
  return parts.join("\n");
}
