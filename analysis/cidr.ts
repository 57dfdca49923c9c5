/**
 * IPv4 and IPv6 CIDR blocks, for comparing the `ipBlock`s of synthesized NetworkPolicies with the CIDRs
 * tenants declared. See https://kubernetes.io/docs/concepts/services-networking/network-policies/ (ipBlock).
 */

export interface Cidr {
  readonly version: 4 | 6;
  /** Network address with host bits cleared. */
  readonly network: bigint;
  readonly prefix: number;
}

/** Every IPv4 address and every IPv6 address: what "any destination" means for egress to IPs. */
export const ANY_IPV4 = "0.0.0.0/0";
export const ANY_IPV6 = "::/0";

const bits = (v: 4 | 6): number => (v === 4 ? 32 : 128);

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

/** IPv6 text, also with an embedded dotted IPv4 tail (`::ffff:192.0.2.1`), as Go's `net.ParseIP` reads it. */
function parseIpv6(text: string): bigint | undefined {
  let s = text;
  const dotted = /^(.*:)([0-9.]+)$/.exec(text);
  if (dotted && dotted[2]!.includes(".")) {
    const v4 = parseIpv4(dotted[2]!);
    if (v4 === undefined) return undefined;
    s = `${dotted[1]!}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  if ((s.match(/::/g) ?? []).length > 1) return undefined;
  const [head, tail] = s.includes("::") ? (s.split("::") as [string, string]) : [s, undefined];
  const group = (g: string): number | undefined => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : undefined);
  const split = (x: string): string[] => (x === "" ? [] : x.split(":"));
  const h = split(head);
  const t = tail === undefined ? [] : split(tail);
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? h.length !== 8 : missing < 1) return undefined;
  const groups = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...t].map(group);
  let n = 0n;
  for (const g of groups) {
    if (g === undefined) return undefined;
    n = (n << 16n) | BigInt(g);
  }
  return n;
}

/** Parses `a.b.c.d/n` or `x:y::z/n`; host bits are cleared. Returns `undefined` when it is not a CIDR. */
export function parseCidr(s: string): Cidr | undefined {
  const [addr, len, ...rest] = s.split("/");
  if (addr === undefined || len === undefined || rest.length > 0 || !/^[0-9]{1,3}$/.test(len)) return undefined;
  const version: 4 | 6 = addr.includes(":") ? 6 : 4;
  const value = version === 4 ? parseIpv4(addr) : parseIpv6(addr);
  const prefix = Number(len);
  if (value === undefined || prefix > bits(version)) return undefined;
  const host = bits(version) - prefix;
  return { version, network: (value >> BigInt(host)) << BigInt(host), prefix };
}

/** Whether every address of `inner` lies in `outer`. Unparseable blocks are contained in nothing. */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  if (!a || !b || a.version !== b.version || a.prefix < b.prefix) return false;
  const host = BigInt(bits(b.version) - b.prefix);
  return a.network >> host === b.network >> host;
}
