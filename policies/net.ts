/**
 * Address ranges the exposure rules reason about. Input CIDRs are already validated by the model
 * (model/primitives.ts `cidr`): an address, a prefix length, no host bits.
 */
import { isIP } from "node:net";
import { ipToBigInt } from "../model/primitives.js";

/**
 * Ranges that never route on the internet: RFC 1918 private IPv4, RFC 6598 shared address space (carrier
 * and government networks use it internally) and RFC 4193 unique local IPv6 addresses.
 */
export const PRIVATE_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"];

interface Range {
  readonly version: 4 | 6;
  readonly first: bigint;
  readonly prefix: number;
}

function range(cidr: string): Range | undefined {
  const [addr, len] = cidr.split("/");
  const version = addr === undefined ? 0 : isIP(addr);
  // IPv4-mapped or -embedded IPv6 (a '.' in an IPv6 address) is not parsed here: such a CIDR is never
  // treated as private, which errs on the safe side.
  if ((version !== 4 && version !== 6) || len === undefined || (version === 6 && addr!.includes("."))) return undefined;
  return { version, first: ipToBigInt(addr!, version), prefix: Number(len) };
}

/** Whether every address of `inner` lies in `outer`. */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = range(inner);
  const b = range(outer);
  if (!a || !b || a.version !== b.version || a.prefix < b.prefix) return false;
  const bits = a.version === 4 ? 32 : 128;
  const shift = BigInt(bits - b.prefix);
  return a.first >> shift === b.first >> shift;
}

/** Whether the CIDR lies entirely within one of {@link PRIVATE_RANGES}. */
export const isPrivateCidr = (cidr: string): boolean => PRIVATE_RANGES.some((r) => cidrWithin(cidr, r));

/** Whether the CIDR is the whole address space of its family: `0.0.0.0/0` or `::/0`. */
export const isWholeInternet = (cidr: string): boolean => range(cidr)?.prefix === 0;
