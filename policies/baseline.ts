/** Shared by the isolation-baseline rules: the tenant stacks of an output and their namespaces. */
import type { RuleContext } from "./types.js";
import { block, namespaceOf, resourcesOf, str, type ResourceOutput, type StackOutput, type TenantStackMeta } from "./output.js";

export interface TenantStack {
  readonly stack: StackOutput;
  readonly meta: TenantStackMeta;
}

/** Tenant stacks whose samdrift block could be read (ISO-001 reports the others). */
export const tenantStacks = (ctx: RuleContext): TenantStack[] =>
  (ctx.output?.stacks ?? []).flatMap((stack) => (stack.tenant ? [{ stack, meta: stack.tenant }] : []));

export const NAMESPACE_TYPES = ["kubernetes_namespace_v1", "kubernetes_namespace"];

/** The namespace resource named `name` in the stack. */
export const namespaceResource = (stack: StackOutput, name: string): ResourceOutput | undefined =>
  resourcesOf(stack, ...NAMESPACE_TYPES).find((r) => str(block(r.body.metadata)?.name) === name);

/** Resources of the given types that live in namespace `name`. */
export const inNamespace = (stack: StackOutput, name: string, ...types: string[]): ResourceOutput[] =>
  resourcesOf(stack, ...types).filter((r) => namespaceOf(stack, r) === name);
