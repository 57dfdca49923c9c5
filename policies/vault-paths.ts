/**
 * Whether a Vault policy path pattern could reach another tenant's paths. Vault patterns are literal
 * segments, `+` (exactly one segment) and a trailing `*` (any suffix, across `/`).
 * @see https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax
 */

/** One segment of the paths a pattern is tested against. */
export type Segment =
  /** Exactly this text. */
  | { readonly kind: "literal"; readonly value: string }
  /** Any text: a segment the test does not care about. */
  | { readonly kind: "any" }
  /**
   * A segment that names another tenant: `literal` says whether a written segment does, `prefix` whether
   * some such segment starts with the text before a trailing `*`.
   */
  | { readonly kind: "other"; literal(value: string): boolean; prefix(text: string): boolean };

/** The `path "…"` patterns of an HCL policy text. */
export const policyPaths = (hcl: string): string[] => [...hcl.matchAll(/\bpath\s+"([^"]*)"/g)].map((m) => m[1]!);

/**
 * Whether some path that starts with `template`'s segments (and may continue below them) is matched by
 * `pattern`. Used with templates such as `[<other tenant>]` (its mounts) or `[pki, *, tenant-<other>]`.
 */
export function couldMatch(pattern: string, template: readonly Segment[]): boolean {
  const glob = pattern.endsWith("*");
  const segments = (glob ? pattern.slice(0, -1) : pattern).split("/");
  for (let i = 0; i < segments.length; i++) {
    const written = segments[i]!;
    const wanted = template[i];
    if (glob && i === segments.length - 1) {
      // The rest of the path is "anything starting with `written`".
      if (wanted === undefined || wanted.kind === "any") return true;
      return wanted.kind === "literal" ? wanted.value.startsWith(written) : wanted.prefix(written);
    }
    if (wanted === undefined || written === "+" || wanted.kind === "any") continue;
    if (wanted.kind === "literal" ? wanted.value !== written : !wanted.literal(written)) return false;
  }
  // Without a glob the pattern matches paths of exactly its length: it must reach the whole template.
  return segments.length >= template.length;
}
