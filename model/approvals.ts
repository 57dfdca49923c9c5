/**
 * The changes an approval marker (`approvals: [{ change, ref, by }]` in a tenant file) can approve: one
 * vocabulary, as a type the compiler checks. The plan (drop-site lifts prevent_destroy on one site), the
 * review (which flag each marker approves) and HYG-007 (which refuses a marker no one reads) all use it;
 * docs/review.md lists it for people.
 */

/** Each kind, whether it takes an argument after `:`, and what that argument names. */
export const APPROVAL_KINDS = {
  "lower-security-level": { argument: undefined },
  "lower-max-versions": { argument: undefined },
  "drop-site": { argument: "site" },
  "destroy-namespace": { argument: "namespace" },
  "destroy-mount": { argument: "mount" },
  "remove-tenant": { argument: undefined },
  "resume-tenant": { argument: "suspension" },
  "change-suspended": { argument: "suspension" },
  "fee-increase": { argument: undefined },
  "fee-short-notice": { argument: undefined },
} as const satisfies Record<string, { readonly argument: "site" | "namespace" | "mount" | "suspension" | undefined }>;

export type ApprovalKind = keyof typeof APPROVAL_KINDS;

/** The mounts `destroy-mount:<mount>` may name. */
export const APPROVABLE_MOUNTS = ["kv", "transit"] as const;

/** The marker strings, built in one place. */
export const APPROVAL_CHANGES = {
  lowerSecurityLevel: "lower-security-level",
  lowerMaxVersions: "lower-max-versions",
  dropSite: (site: string) => `drop-site:${site}`,
  destroyNamespace: (keyOrName: string) => `destroy-namespace:${keyOrName}`,
  destroyMount: (kind: string) => `destroy-mount:${kind}`,
  removeTenant: "remove-tenant",
  /** Lifting the suspension whose `ref` is given (compared without regard to case: markers are lower case). */
  resumeTenant: (suspensionRef: string) => `resume-tenant:${suspensionRef.toLowerCase()}`,
  /** Any other change to a tenant while it is suspended under that ref. */
  changeSuspended: (suspensionRef: string) => `change-suspended:${suspensionRef.toLowerCase()}`,
  feeIncrease: "fee-increase",
  feeShortNotice: "fee-short-notice",
} as const satisfies Record<string, string | ((arg: string) => `${ApprovalKind}:${string}`)>;

/** A marker's kind and argument, or why it is not one review understands. */
export function parseApproval(change: string): { readonly kind: ApprovalKind; readonly argument?: string } | { readonly problem: string } {
  const colon = change.indexOf(":");
  const name = colon < 0 ? change : change.slice(0, colon);
  const argument = colon < 0 ? undefined : change.slice(colon + 1);
  if (!Object.hasOwn(APPROVAL_KINDS, name)) return { problem: `"${name}" is not an approval kind` };
  const kind = name as ApprovalKind;
  const wants = APPROVAL_KINDS[kind].argument;
  if (wants === undefined && argument !== undefined) return { problem: `${kind} takes no argument; write "${kind}"` };
  if (wants !== undefined && (argument === undefined || argument === "")) return { problem: `${kind} names a ${wants}; write "${kind}:<${wants}>"` };
  if (kind === "destroy-mount" && !(APPROVABLE_MOUNTS as readonly string[]).includes(argument!)) {
    return { problem: `destroy-mount names ${APPROVABLE_MOUNTS.join(" or ")}, not "${argument}"` };
  }
  return argument === undefined ? { kind } : { kind, argument };
}

/** Every kind as written in a marker, for messages and the schema's description. */
export const APPROVAL_FORMS: readonly string[] = Object.entries(APPROVAL_KINDS).map(([k, v]) => (v.argument ? `${k}:<${v.argument}>` : k));
