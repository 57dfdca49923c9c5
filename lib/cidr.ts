/**
 * IPv4 and IPv6 addresses and CIDR blocks: one parser for the model (validating declared CIDRs), the
 * policy packs (private and broad ranges) and the isolation proof (comparing synthesized `ipBlock`s with
 * declared CIDRs). Dependency-free. IPv6 text may end in a dotted IPv4 address (`::ffff:192.0.2.1`).
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

export const bits = (v: 4 | 6): number => (v === 4 ? 32 : 128);

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    // No leading zeros: "010" is 8 to some parsers and 10 to others.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
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

/** An address as a number with its family, or `undefined` when the text is not an IPv4 or IPv6 address. */
export function parseIp(addr: string): { readonly version: 4 | 6; readonly value: bigint } | undefined {
  const version: 4 | 6 = addr.includes(":") ? 6 : 4;
  const value = version === 4 ? parseIpv4(addr) : parseIpv6(addr);
  return value === undefined ? undefined : { version, value };
}

/** An address in its usual text form: dotted IPv4, or IPv6 with the longest run of zero groups as `::`. */
export function formatIp(value: bigint, version: 4 | 6): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join(".");
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(":");
  return best.at < 0 ? hex(groups) : `${hex(groups.slice(0, best.at))}::${hex(groups.slice(best.at + best.length))}`;
}

/** Parses `a.b.c.d/n` or `x:y::z/n`; host bits are cleared. Returns `undefined` when it is not a CIDR. */
export function parseCidr(s: string): Cidr | undefined {
  // The same few blocks (private ranges, a supplier's ranges, each tenant's egress) are parsed by many
  // rules and by the proof: each text once. Cidr values are never mutated.
  const known = PARSED.get(s);
  if (known !== undefined) return known ?? undefined;
  const cidr = parseCidrText(s);
  PARSED.set(s, cidr ?? null);
  return cidr;
}

const PARSED = new Map<string, Cidr | null>();

function parseCidrText(s: string): Cidr | undefined {
  const [addr, len, ...rest] = s.split("/");
  if (addr === undefined || len === undefined || rest.length > 0 || !/^[0-9]{1,3}$/.test(len)) return undefined;
  const ip = parseIp(addr);
  const prefix = Number(len);
  if (ip === undefined || prefix > bits(ip.version)) return undefined;
  const host = bits(ip.version) - prefix;
  return { version: ip.version, network: (ip.value >> BigInt(host)) << BigInt(host), prefix };
}

/** The CIDR in canonical text: host bits cleared, IPv6 compressed. */
export const formatCidr = (c: Cidr): string => `${formatIp(c.network, c.version)}/${c.prefix}`;

/** Whether every address of `inner` lies in `outer`. Unparseable blocks are contained in nothing. */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  if (!a || !b || a.version !== b.version || a.prefix < b.prefix) return false;
  const host = BigInt(bits(b.version) - b.prefix);
  return a.network >> host === b.network >> host;
}
