/**
 * When an exception in a tenant file counts. One definition, used by the hygiene rules (which report why
 * an exception does not count) and by the runner (which lets only counting exceptions excuse findings).
 */
import type { z } from "zod";
import type { exceptionSchema } from "../model/schema.js";
import type { RuleInfo } from "./types.js";
import { visibleLength } from "../lib/text.js";

export type TenantException = z.infer<typeof exceptionSchema>;

/** A reason shorter than this says nothing a reviewer can check ("temporary", "approved by CAB"). */
export const MIN_REASON_LENGTH = 20;

export type ExceptionStatus = "active" | "unknown-rule" | "not-exceptable" | "missing-peer" | "needless-peer" | "short-reason" | "expired";

/**
 * `active` when the exception names an exceptable rule (and the peer it excuses, for a rule about flows), gives a reason of at least (in characters a reader sees)
 * {@link MIN_REASON_LENGTH} characters and has not expired (it is valid through its `expires` day).
 */
export function exceptionStatus(ex: TenantException, today: string, rules: readonly RuleInfo[]): ExceptionStatus {
  const rule = rules.find((r) => r.id === ex.rule);
  if (!rule) return "unknown-rule";
  if (!rule.exceptable) return "not-exceptable";
  if (rule.exceptionNames === "peer" && ex.peer === undefined) return "missing-peer";
  if (rule.exceptionNames !== "peer" && ex.peer !== undefined) return "needless-peer";
  if (visibleLength(ex.reason) < MIN_REASON_LENGTH) return "short-reason";
  if (ex.expires < today) return "expired";
  return "active";
}
