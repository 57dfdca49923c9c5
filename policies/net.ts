/**
 * Address ranges the exposure rules reason about. Input CIDRs are already validated by the model
 * (model/primitives.ts `cidr`): an address, a prefix length, no host bits.
 */
import { bits, cidrWithin, formatCidr, parseCidr, type Cidr } from "../lib/cidr.js";
import type { Supplier } from "../model/schema.js";
import { PRIVATE_RANGES, isPrivateCidr } from "../lib/address-scope.js";

export { cidrWithin };
export { PRIVATE_RANGES, isPrivateCidr } from "../lib/address-scope.js";

/** The ranges a supplier counts as private: the built-in ones and its own `policy.privateRanges`. */
export const privateRangesOf = (supplier: Supplier | undefined): readonly string[] => [...PRIVATE_RANGES, ...(supplier?.policy.privateRanges ?? [])];


/**
 * IPv6 prefixes that carry an IPv4 address in their last 32 bits and reach it: IPv4-mapped addresses
 * (RFC 4291) and the well-known NAT64 prefix (RFC 6052). Egress to `64:ff9b::/96` is egress to every
 * IPv4 address through the site's NAT64 gateway. Local-use NAT64 prefixes (RFC 8215, `64:ff9b:1::/48`)
 * depend on how the operator's translator embeds addresses, so they are not decoded: egress into one is
 * refused outright (EXP-005, lib/address-scope.ts).
 */
const IPV4_TRANSLATION_PREFIXES: readonly Cidr[] = ["::ffff:0:0/96", "64:ff9b::/96"].map((c) => parseCidr(c)!);

/**
 * The IPv4 block an IPv6 CIDR reaches through a translation prefix, or `undefined` when it does not reach
 * IPv4. A CIDR wider than the /96 prefix that contains it reaches all of IPv4.
 */
export function translatedIpv4(cidr: Cidr): Cidr | undefined {
  if (cidr.version !== 6) return undefined;
  for (const t of IPV4_TRANSLATION_PREFIXES) {
    if (cidrWithin(formatCidr(t), formatCidr(cidr))) return { version: 4, network: 0n, prefix: 0 };
    if (cidrWithin(formatCidr(cidr), formatCidr(t))) return { version: 4, network: cidr.network & 0xffffffffn, prefix: cidr.prefix - 96 };
  }
  return undefined;
}

/** Broadest egress prefix lengths, per family, that need no exception (EXP-004). */
export interface BroadLimits {
  readonly v4: number;
  readonly v6: number;
}

/**
 * Why egress to `cidr` counts as "egress anywhere", or `undefined` when it does not: the whole address
 * space, or a public block broader than the supplier's limit (so `0.0.0.0/1` + `128.0.0.0/1` cannot stand in
 * for `0.0.0.0/0`), also when it is reached as IPv4 through an IPv6 translation prefix.
 */
export function broadEgress(text: string, limits: BroadLimits, privateRanges: readonly string[] = PRIVATE_RANGES): string | undefined {
  const cidr = parseCidr(text);
  if (!cidr) return undefined;
  const v4 = translatedIpv4(cidr);
  return broadBlock(text, cidr, "", limits, privateRanges) ?? (v4 && broadBlock(text, v4, ` (IPv4 ${formatCidr(v4)} through an IPv4-mapped or NAT64 prefix)`, limits, privateRanges));
}

function broadBlock(text: string, block: Cidr, through: string, limits: BroadLimits, privateRanges: readonly string[]): string | undefined {
  if (block.prefix === 0) return `egress to ${text}${through} allows every destination`;
  if (isPrivateCidr(formatCidr(block), privateRanges)) return undefined;
  const limit = block.version === 4 ? limits.v4 : limits.v6;
  if (block.prefix >= limit) return undefined;
  const share = block.prefix <= 3 ? ` (1/${2 ** block.prefix} of all IPv${block.version} addresses)` : "";
  return `egress to ${text}${through} is a public block of 2^${bits(block.version) - block.prefix} addresses${share}, broader than /${limit}`;
}

/**
 * Why the public blocks of `cidrs` together count as egress anywhere, or `undefined`: their union (each
 * address once, IPv4 reached through a translation prefix included) holds more addresses than the broadest
 * block allowed alone, so 50 blocks of a /9 cannot stand in for a /3. Blocks broad enough to be refused
 * alone are left to {@link broadEgress}.
 */
export function publicEgressBeyond(cidrs: readonly string[], limits: BroadLimits, privateRanges: readonly string[] = PRIVATE_RANGES): string | undefined {
  const blocks: Record<4 | 6, Cidr[]> = { 4: [], 6: [] };
  for (const text of cidrs) {
    if (broadEgress(text, limits, privateRanges)) continue;
    const cidr = parseCidr(text);
    if (!cidr) continue;
    const v4 = translatedIpv4(cidr);
    for (const block of v4 ? [v4] : [cidr]) if (!isPrivateCidr(formatCidr(block), privateRanges)) blocks[block.version].push(block);
  }
  for (const version of [4, 6] as const) {
    const limit = version === 4 ? limits.v4 : limits.v6;
    const total = unionSize(blocks[version]);
    const most = 1n << BigInt(bits(version) - limit);
    if (total > most) {
      return `the public egress blocks together reach ${total} IPv${version} addresses, more than one /${limit} holds (${most})`;
    }
  }
  return undefined;
}

/** Addresses in the union of same-family blocks: sorted by start, overlapping blocks counted once. */
function unionSize(blocks: readonly Cidr[]): bigint {
  const spans = blocks.map((b) => [b.network, b.network + (1n << BigInt(bits(b.version) - b.prefix))] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let total = 0n;
  let end = -1n;
  for (const [start, stop] of spans) {
    if (stop <= end) continue;
    total += stop - (start > end ? start : end);
    end = stop;
  }
  return total;
}
