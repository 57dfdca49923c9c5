/**
 * Where traffic to an address block goes, in one place: the isolation rules (policies/), the review's
 * reading of network policies (review/) and the network-policy construct all ask this module, so the pull
 * request comment and the policy gate can never disagree on what is private.
 */
import { cidrWithin } from "./cidr.js";

/**
 * Ranges that never route on the internet: RFC 1918 private IPv4, RFC 6598 shared address space (carrier
 * and government networks use it internally) and RFC 4193 unique local IPv6 addresses. A supplier adds
 * its own in the catalogue (`policy.privateRanges`).
 */
export const PRIVATE_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"];

/**
 * Ranges a pod's egress never legitimately goes to, because what answers there is the node's or the
 * platform's, not a network's: "this network" (RFC 791, RFC 4291 unspecified), loopback, and link-local,
 * where the node's own services answer, among them the cloud metadata service at 169.254.169.254 that
 * hands out the node's credentials. Also the local-use NAT64 prefix (RFC 8215): how it embeds IPv4 is the
 * operator's choice, so what it reaches cannot be judged from the address.
 */
export const LOCAL_RANGES: readonly { readonly cidr: string; readonly what: string }[] = [
  { cidr: "0.0.0.0/8", what: `"this network" (RFC 791), never a destination` },
  { cidr: "127.0.0.0/8", what: "loopback: the node itself" },
  { cidr: "169.254.0.0/16", what: "link-local: the node's own services, among them the cloud metadata service at 169.254.169.254" },
  { cidr: "::/128", what: "the unspecified IPv6 address, never a destination" },
  { cidr: "::1/128", what: "IPv6 loopback: the node itself" },
  { cidr: "fe80::/10", what: "IPv6 link-local: the node's own link" },
  { cidr: "64:ff9b:1::/48", what: "the local-use NAT64 prefix (RFC 8215), whose mapping to IPv4 is the operator's and cannot be judged" },
];

/** Whether the CIDR lies entirely within one of `ranges`. */
export const isPrivateCidr = (cidr: string, ranges: readonly string[] = PRIVATE_RANGES): boolean => ranges.some((r) => cidrWithin(cidr, r));

/** The local range `cidr` lies in, if any: egress to it is refused (EXP-005). */
export const localRangeOf = (cidr: string): (typeof LOCAL_RANGES)[number] | undefined => LOCAL_RANGES.find((l) => cidrWithin(cidr, l.cidr));

/**
 * The local ranges strictly inside `cidr`: a broader egress block (up to `0.0.0.0/0`) would reach them, so
 * the network policy lists them as the ipBlock's `except`.
 */
export function localRangesInside(cidr: string): string[] {
  return LOCAL_RANGES.filter((l) => l.cidr !== cidr && cidrWithin(l.cidr, cidr)).map((l) => l.cidr);
}

/**
 * `local` for a block inside a {@link LOCAL_RANGES} range, `private` for one inside the private ranges (the
 * built-in ones and the supplier's), `internet` for anything else, including a block that is only partly
 * private.
 */
export type AddressScope = "private" | "local" | "internet";
export function addressScope(cidr: string, privateRanges: readonly string[] = PRIVATE_RANGES): AddressScope {
  if (localRangeOf(cidr)) return "local";
  return isPrivateCidr(cidr, privateRanges) ? "private" : "internet";
}
