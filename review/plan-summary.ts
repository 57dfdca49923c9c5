/**
 * Summaries of real Terraform plans (`terraform show -json PLANFILE`) in the same shape as a review:
 * resource changes grouped by tenant and site, readable changes, risk flags and a headline.
 *
 * Terraform writes sensitive values into plan JSON in clear text and marks them in `before_sensitive` and
 * `after_sensitive`. Every value is masked with those marks before anything else sees it: a sensitive
 * value is never printed, only "(sensitive)"; a value Terraform cannot know yet is "(known after apply)".
 * Copies of a sensitive value that Terraform left unmarked are masked too (see `collectSecrets`).
 *
 * Each plan's stack is found from its path (a folder or file named `tenant--<t>--<s>` or `site--<s>`, as in
 * `cdktf.out/stacks/<id>/`), else per resource from its address (a module or name holding such an id) or
 * from the `samdrift.io/tenant` and `samdrift.io/site` labels in its values.
 *
 * @see https://developer.hashicorp.com/terraform/internals/json-format#plan-representation
 */
import { SamdriftError } from "../model/errors.js";
import { outputFolder, type ResourceEntry } from "./stacks.js";
import { parseStackId, type StackKind } from "../output/read.js";
import type { Action, AttributeChange, ResourceChange, StackDiff } from "./diff.js";
import { forcesNew } from "./diff.js";
import type { Explanation } from "./explain.js";
import { compareFacts } from "./compare.js";
import { NO_FACTS, stackFacts } from "./facts.js";
import { EMPTY_DIRECTORY } from "./flows.js";
import { assembleReport, siteSection, type Report } from "./report.js";
import { assessRisks, sortFlags, type RiskFlag, type StackReview } from "./risk.js";
import { planIncompleteFlag } from "./flags/plan-incomplete.js";
import { canonical, isArray, isObject, jsonEqual, str, type Json, type JsonObject } from "../lib/json.js";
import { pathIndex, pathKey } from "./values.js";
import { byEntryKey, byKey, uniqueSorted } from "../lib/sort.js";

/** One plan file: its path as given (used to find the stack) and its parsed JSON. */
export interface PlanInput {
  readonly name: string;
  readonly json: unknown;
}

export const SENSITIVE = "(sensitive)";
export const UNKNOWN = "(known after apply)";

/** Shortest sensitive value that also masks longer strings containing it (shorter ones mask equal strings only). */
const MIN_CONTAINED = 4;

/**
 * Every value a plan marks sensitive anywhere: in resource changes, outputs, prior state, planned values,
 * and sensitive root variables. Terraform does not carry the mark through every attribute (the `output`
 * of a `terraform_data` whose `input` is sensitive comes back unmarked, and `terraform plan` prints it),
 * so a summary also masks any value equal to, or containing, one of these.
 */
export function collectSecrets(plan: JsonObject): Set<string> {
  const secrets = new Set<string>();
  const take = (value: Json | undefined, mask: Json | undefined): void => {
    if (mask === true) {
      leaves(value, (leaf) => secrets.add(leaf));
      return;
    }
    if (isArray(value) && isArray(mask)) value.forEach((v, i) => take(v, mask[i]));
    else if (isObject(value) && isObject(mask)) for (const k of Object.keys(value)) take(value[k], mask[k]);
  };
  for (const rc of isArray(plan.resource_changes) ? plan.resource_changes : []) {
    const change = isObject(rc) ? rc.change : undefined;
    if (!isObject(change)) continue;
    take(change.before, change.before_sensitive);
    take(change.after, change.after_sensitive);
  }
  if (isObject(plan.output_changes)) {
    for (const oc of Object.values(plan.output_changes)) {
      if (!isObject(oc)) continue;
      take(oc.before, oc.before_sensitive);
      take(oc.after, oc.after_sensitive);
    }
  }
  const modules = (m: Json | undefined): void => {
    if (!isObject(m)) return;
    for (const r of isArray(m.resources) ? m.resources : []) if (isObject(r)) take(r.values, r.sensitive_values);
    for (const c of isArray(m.child_modules) ? m.child_modules : []) modules(c);
  };
  for (const side of [plan.prior_state, plan.planned_values]) {
    const values = isObject(side) ? (isObject(side.values) ? side.values : side) : undefined;
    modules(isObject(values) ? values.root_module : undefined);
  }
  if (isObject(plan.outputs)) for (const o of Object.values(plan.outputs)) if (isObject(o) && o.sensitive === true) take(o.value, true);
  const config = isObject(plan.configuration) && isObject(plan.configuration.root_module) ? plan.configuration.root_module : undefined;
  const declared = config && isObject(config.variables) ? config.variables : {};
  if (isObject(plan.variables)) {
    for (const [name, v] of Object.entries(plan.variables)) {
      const d = declared[name];
      if (isObject(d) && d.sensitive === true && isObject(v)) take(v.value, true);
    }
  }
  secrets.delete("");
  return secrets;
}

function leaves(value: Json | undefined, visit: (leaf: string) => void): void {
  if (typeof value === "string") visit(value);
  else if (typeof value === "number") visit(String(value));
  else if (isArray(value)) value.forEach((v) => leaves(v, visit));
  else if (isObject(value)) Object.values(value).forEach((v) => leaves(v, visit));
}

/** Whether a scalar equals or contains a secret. */
function isSecret(value: Json, secrets: ReadonlySet<string>): boolean {
  if (typeof value !== "string" && typeof value !== "number") return false;
  const text = String(value);
  if (secrets.has(text)) return true;
  for (const s of secrets) if (s.length >= MIN_CONTAINED && text.includes(s)) return true;
  return false;
}

/**
 * A value with sensitive parts replaced by "(sensitive)" and unknown parts by "(known after apply)".
 * `secrets` (from `collectSecrets`) masks unmarked copies of sensitive values too.
 */
export function maskValue(value: Json | undefined, sensitive: Json | undefined, unknown?: Json, secrets: ReadonlySet<string> = new Set()): Json | undefined {
  if (sensitive === true) return SENSITIVE;
  if (unknown === true) return UNKNOWN;
  if (isArray(value)) {
    return value.map((v, i) => maskValue(v, isArray(sensitive) ? sensitive[i] : undefined, isArray(unknown) ? unknown[i] : undefined, secrets) ?? null);
  }
  if (isObject(value) || isObject(unknown)) {
    const out: Record<string, Json> = {};
    const keys = new Set([...Object.keys(isObject(value) ? value : {}), ...Object.keys(isObject(unknown) ? unknown : {})]);
    for (const k of keys) {
      const v = maskValue(isObject(value) ? value[k] : undefined, isObject(sensitive) ? sensitive[k] : undefined, isObject(unknown) ? unknown[k] : undefined, secrets);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (value !== undefined && isSecret(value, secrets)) return SENSITIVE;
  return value;
}

const child = (mask: Json | undefined, key: string | number): Json | undefined =>
  mask === true ? true : typeof key === "number" ? (isArray(mask) ? mask[key] : undefined) : isObject(mask) ? mask[key] : undefined;

interface Marks {
  readonly beforeSensitive: Json | undefined;
  readonly afterSensitive: Json | undefined;
  readonly afterUnknown: Json | undefined;
  /** Values marked sensitive anywhere in the plan (see `collectSecrets`). */
  readonly secrets?: ReadonlySet<string>;
}

/**
 * Attribute changes of a planned resource, with sensitive values hidden and paths in canonical form
 * (a one-item block list is not indexed, as in review). `isForceNew` receives the raw path (with indices)
 * and the canonical one.
 */
export function planAttributeChanges(
  before: Json | undefined,
  after: Json | undefined,
  marks: Marks,
  isForceNew: (raw: readonly (string | number)[], path: string) => boolean,
  raw: readonly (string | number)[] = [],
  path = "",
): AttributeChange[] {
  const { beforeSensitive: bs, afterSensitive: as, afterUnknown: au } = marks;
  const secrets = marks.secrets ?? new Set<string>();
  const forced = () => isForceNew(raw, path);
  if (bs === true || as === true) {
    return jsonEqual(before, after) && au !== true ? [] : [{ path, forcesNew: forced(), sensitive: true }];
  }
  if (au === true) {
    const shown = maskValue(before, bs, undefined, secrets);
    return [{ path, ...(shown !== undefined && shown !== null ? { before: shown } : {}), after: UNKNOWN, forcesNew: forced() }];
  }
  if (jsonEqual(before, after) && !isObject(au) && !isArray(au)) return [];
  const next = (b: Json | undefined, a: Json | undefined, key: string | number, p: string) =>
    planAttributeChanges(b, a, { beforeSensitive: child(bs, key), afterSensitive: child(as, key), afterUnknown: child(au, key), secrets }, isForceNew, [...raw, key], p);
  if ((isObject(before) || before == null) && (isObject(after) || after == null) && (isObject(before) || isObject(after) || isObject(au))) {
    const b = isObject(before) ? before : {};
    const a = isObject(after) ? after : {};
    const keys = uniqueSorted([...Object.keys(b), ...Object.keys(a), ...Object.keys(isObject(au) ? au : {})]);
    return keys.flatMap((k) => next(b[k], a[k], k, pathKey(path, k)));
  }
  if (isArray(before) && isArray(after) && [...before, ...after].some((v) => isObject(v) || isArray(v))) {
    const single = before.length === 1 && after.length === 1 && isObject(before[0]) && isObject(after[0]);
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => next(before[i], after[i], i, single ? path : pathIndex(path, i))).flat();
  }
  if (jsonEqual(before, after)) return [];
  const b = maskValue(before, bs, undefined, secrets);
  const a = maskValue(after, as, undefined, secrets);
  if (b === SENSITIVE || a === SENSITIVE) return [{ path, forcesNew: forced(), sensitive: true }];
  return [{ path, ...(b !== undefined && b !== null ? { before: b } : {}), ...(a !== undefined && a !== null ? { after: a } : {}), forcesNew: forced() }];
}

const ACTION_OF: Readonly<Record<string, Action>> = {
  create: "create",
  update: "update",
  delete: "destroy",
  "delete,create": "replace",
  "create,delete": "replace",
};

function invalid(file: string, field: string, message: string): SamdriftError {
  return new SamdriftError([{ code: "INVALID_FIELD", file, line: 1, col: 1, field, message }]);
}

const STACK_ID = /(tenant--[a-z0-9-]+?--[a-z0-9][a-z0-9-]*|site--[a-z0-9][a-z0-9-]*)/;

/** The stack id a plan's path names, if any: the last folder or file name that is one. */
export function stackIdFromPath(path: string): string | undefined {
  const segments = path.split(/[\\/]/).map((s) => s.replace(/(\.plan)?\.json$/, "").replace(/\.tfplan$/, ""));
  for (const s of segments.reverse()) if (/^(tenant--.+--.+|site--.+)$/.test(s)) return s;
  return undefined;
}

/** Tenant and site from `samdrift.io/tenant` / `samdrift.io/site` labels anywhere in a value. */
function labelsIn(value: Json | undefined, depth = 0): { tenant?: string; site?: string } {
  if (depth > 8) return {};
  if (isObject(value)) {
    const tenant = str(value["samdrift.io/tenant"]);
    const site = str(value["samdrift.io/site"]);
    if (tenant !== undefined || site !== undefined) return { ...(tenant !== undefined ? { tenant } : {}), ...(site !== undefined ? { site } : {}) };
    for (const v of Object.values(value)) {
      const found = labelsIn(v, depth + 1);
      if (found.tenant !== undefined || found.site !== undefined) return found;
    }
  } else if (isArray(value)) {
    for (const v of value) {
      const found = labelsIn(v, depth + 1);
      if (found.tenant !== undefined || found.site !== undefined) return found;
    }
  }
  return {};
}

interface PlannedResource {
  readonly group: string;
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** Masked, canonical values; absent when the resource does not exist on that side. */
  readonly before?: JsonObject;
  readonly after?: JsonObject;
  readonly change?: ResourceChange;
}

interface Group {
  readonly id: string;
  readonly kind: StackKind;
  readonly tenant?: string;
  readonly site?: string;
  readonly resources: PlannedResource[];
  readonly outputs: Explanation[];
  readonly plans: Set<string>;
}

function groupFor(groups: Map<string, Group>, id: string, plan: string): Group {
  let g = groups.get(id);
  if (!g) {
    const parsed = parseStackId(id);
    g = {
      id,
      kind: parsed.kind,
      ...(parsed.tenant !== undefined ? { tenant: parsed.tenant } : {}),
      ...(parsed.site !== undefined ? { site: parsed.site } : {}),
      resources: [],
      outputs: [],
      plans: new Set(),
    };
    groups.set(id, g);
  }
  g.plans.add(plan);
  return g;
}

function readPlan(plan: PlanInput, groups: Map<string, Group>, flags: RiskFlag[]): void {
  const json = plan.json;
  if (!isObject(json) || typeof json.format_version !== "string") {
    throw invalid(plan.name, "format_version", "expected `terraform show -json PLANFILE` output (an object with format_version)");
  }
  if (json.resource_changes !== undefined && !isArray(json.resource_changes)) throw invalid(plan.name, "resource_changes", "expected a list");
  if (json.errored === true || json.complete === false) {
    flags.push(planIncompleteFlag(plan.name, json.errored === true));
  }
  const secrets = collectSecrets(json);
  const fromPath = stackIdFromPath(plan.name);
  const fallback = fromPath ?? `${UNATTRIBUTED} (${plan.name.split(/[\\/]/).pop() ?? plan.name})`;
  for (const [i, rc] of (json.resource_changes ?? []).entries()) {
    if (!isObject(rc) || !isObject(rc.change)) throw invalid(plan.name, `resource_changes.${i}`, "expected an object with a `change`");
    if (rc.mode === "data") continue;
    const change = rc.change;
    const address = str(rc.address) ?? `resource_changes[${i}]`;
    const type = str(rc.type) ?? "?";
    const name = str(rc.name) ?? address;
    const actions = isArray(change.actions) ? change.actions.map(String) : [];
    const marks: Marks = { beforeSensitive: change.before_sensitive, afterSensitive: change.after_sensitive, afterUnknown: change.after_unknown, secrets };
    const before = change.before == null ? undefined : (canonical(maskValue(change.before, marks.beforeSensitive, undefined, secrets)) as JsonObject);
    const after = change.after == null && !isObject(marks.afterUnknown) ? undefined : (canonical(maskValue(change.after ?? {}, marks.afterSensitive, marks.afterUnknown, secrets)) as JsonObject);
    const hint = STACK_ID.exec(`${str(rc.module_address) ?? ""} ${address}`)?.[1];
    const labels = labelsIn(after ?? before);
    const id = fromPath ?? hint ?? (labels.tenant !== undefined ? `tenant--${labels.tenant}--${labels.site ?? "unknown-site"}` : labels.site !== undefined ? `site--${labels.site}` : fallback);
    const group = groupFor(groups, id, plan.name);
    const action = ACTION_OF[actions.join(",")];
    let resourceChange: ResourceChange | undefined;
    if (action !== undefined) {
      const replacePaths = isArray(change.replace_paths) ? change.replace_paths.filter(isArray).map((p) => p.map((s) => (typeof s === "number" ? s : String(s)))) : [];
      const isForceNew = (raw: readonly (string | number)[], path: string) =>
        replacePaths.length > 0 ? replacePaths.some((rp) => rp.every((seg, j) => raw[j] === seg)) : action === "replace" && forcesNew(type, path);
      const attributes = action === "update" || action === "replace" ? planAttributeChanges(change.before ?? undefined, change.after ?? undefined, marks, isForceNew) : [];
      const reason = str(rc.action_reason);
      resourceChange = {
        address, type, name, action,
        ...(before ? { before } : {}),
        ...(after && action !== "destroy" ? { after } : {}),
        attributes,
        ...(reason !== undefined ? { reason } : {}),
      };
    }
    group.resources.push({ group: id, address, type, name, ...(before ? { before } : {}), ...(after && action !== "destroy" ? { after } : {}), ...(resourceChange ? { change: resourceChange } : {}) });
  }
  if (isObject(json.output_changes)) {
    const group = groupFor(groups, fallback, plan.name);
    for (const [output, oc] of Object.entries(json.output_changes).sort(byEntryKey)) {
      if (!isObject(oc) || !isArray(oc.actions)) continue;
      const actions = oc.actions.map(String).join(",");
      if (actions === "no-op") continue;
      const hidden = oc.before_sensitive !== undefined && oc.before_sensitive !== false || oc.after_sensitive !== undefined && oc.after_sensitive !== false;
      const show = (v: Json | undefined, unknown?: boolean) => {
        if (unknown) return UNKNOWN;
        const masked = maskValue(v, undefined, undefined, secrets);
        return masked === undefined || masked === null ? "(none)" : typeof masked === "string" ? masked : JSON.stringify(masked);
      };
      group.outputs.push({
        topic: "tenant",
        text: hidden ? `output ${output}: ${actions} (sensitive)` : `output ${output}: ${actions}: ${show(oc.before)} → ${show(oc.after, oc.after_unknown === true)}`,
      });
    }
  }
}

const entries = (resources: readonly PlannedResource[], side: "before" | "after"): ResourceEntry[] =>
  resources.flatMap((r) => {
    const values = r[side];
    return values ? [{ address: r.address, type: r.type, name: r.name, values, preventDestroy: false }] : [];
  });

/** Group id prefix of plans whose stack id is not in their path. */
const UNATTRIBUTED = "unattributed";

/**
 * Summarizes one or more plans. Throws a `SamdriftError` naming the plan when one is not plan JSON.
 */
export function summarizePlans(plans: readonly PlanInput[]): Report {
  const groups = new Map<string, Group>();
  const extraFlags: RiskFlag[] = [];
  for (const plan of plans) readPlan(plan, groups, extraFlags);

  const stacks: StackReview[] = [];
  const outputs = new Map<string, Explanation[]>();
  for (const g of [...groups.values()].sort(byKey((g) => g.id))) {
    const changes = g.resources.map((r) => r.change).filter((c): c is ResourceChange => c !== undefined);
    if (changes.length === 0 && g.outputs.length === 0) continue;
    const status = changes.length > 0 && changes.every((c) => c.action === "create") && g.resources.every((r) => r.before === undefined)
      ? "added"
      : changes.length > 0 && g.resources.every((r) => r.after === undefined)
        ? "removed"
        : "changed";
    const diff: StackDiff = {
      id: g.id,
      kind: g.kind,
      ...(g.tenant !== undefined ? { tenant: g.tenant } : {}),
      ...(g.site !== undefined ? { site: g.site } : {}),
      status,
      resources: changes.sort(byKey((c) => c.address)),
      // A plan whose stack id is unknown is summarized, but has no id to deploy.
      deploy: !g.id.startsWith(UNATTRIBUTED),
      configChanged: false,
    };
    const factsInput = (side: "before" | "after") => ({ ...(g.tenant !== undefined ? { tenant: g.tenant } : {}), ...(g.site !== undefined ? { site: g.site } : {}), resources: entries(g.resources, side) });
    const before = status === "added" ? NO_FACTS : stackFacts(factsInput("before"), EMPTY_DIRECTORY);
    const after = status === "removed" ? NO_FACTS : stackFacts(factsInput("after"), EMPTY_DIRECTORY);
    stacks.push({ diff, before, after, changes: compareFacts(before, after) });
    outputs.set(g.id, g.outputs);
  }
  const empty = outputFolder([]);
  const risk = assessRisks({ base: empty, head: empty, stacks });
  return assembleReport({
    kind: "plan-summary",
    stacks,
    flags: sortFlags([...risk.flags, ...extraFlags]),
    section: (s) => siteSection(s, outputs.get(s.diff.id) ?? []),
  });
}
