/** Shared by the isolation-baseline rules: the tenant stacks of an output and their namespaces. */
import type { RuleContext } from "./types.js";
import { one, str } from "../lib/json.js";
import { namespaceOf, resourcesOf, type OutputResource, type OutputStack } from "../output/read.js";
import type { TenantMeta } from "../output/schema.js";

export interface TenantStack {
  readonly stack: OutputStack;
  readonly meta: TenantMeta;
}

/** Tenant stacks whose samdrift block could be read (ISO-001 reports the others). */
export const tenantStacks = (ctx: RuleContext): TenantStack[] =>
  (ctx.output?.stacks ?? []).flatMap((stack) => (stack.tenantMeta ? [{ stack, meta: stack.tenantMeta }] : []));

export const NAMESPACE_TYPES = ["kubernetes_namespace_v1", "kubernetes_namespace"];

/** The namespace resource named `name` in the stack. */
export const namespaceResource = (stack: OutputStack, name: string): OutputResource | undefined =>
  resourcesOf(stack, ...NAMESPACE_TYPES).find((r) => str(one(r.body.metadata)?.name) === name);

/** Resources of the given types that live in namespace `name`. */
export const inNamespace = (stack: OutputStack, name: string, ...types: string[]): OutputResource[] =>
  resourcesOf(stack, ...types).filter((r) => namespaceOf(stack, r) === name);
