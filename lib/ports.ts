/**
 * Port sets: the ports a NetworkPolicy rule allows, with union, intersection and difference.
 *
 * A set holds, per protocol (`SCTP`, `TCP`, `UDP`), numeric ranges within 1–65535 and named ports. A named
 * port (`TCP/http`) stands for "the port the destination pod calls `http`", which can be any number: see
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-range-of-ports and
 * the `port` field of NetworkPolicyPort in the API reference. Because pods can name any port anything, the
 * algebra is existential ("some pod could make this traffic possible"):
 *
 * - a named port intersected with numbers keeps the numbers (the pod may give that number that name),
 *   unless the numbers are the whole protocol, in which case the name is kept;
 * - two names intersect even when they differ: port names are unique within a pod, numbers are not (the
 *   API server only warns about a duplicate port definition), so one pod may call the same number both
 *   `http` and `web`. The intersection keeps both names, a superset of "the numbers named both";
 * - numbers never remove a name in a difference (nobody can promise which number a name gets).
 *
 * Sets are plain immutable values, normalised so that equal sets render equally.
 */

import { uniqueSorted } from "./sort.js";

export const PROTOCOLS = ["SCTP", "TCP", "UDP"] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Inclusive range `[from, to]`. */
export type PortRange = readonly [number, number];

export interface ProtocolPorts {
  /** Sorted, non-overlapping, non-adjacent ranges. */
  readonly ranges: readonly PortRange[];
  /** Sorted named ports; always empty when `ranges` is the whole protocol. */
  readonly names: readonly string[];
}

export interface PortSet {
  readonly protocols: Readonly<Record<Protocol, ProtocolPorts>>;
}

const NONE: ProtocolPorts = { ranges: [], names: [] };
const FULL: ProtocolPorts = { ranges: [[MIN_PORT, MAX_PORT]], names: [] };

const make = (f: (p: Protocol) => ProtocolPorts): PortSet => ({
  protocols: { SCTP: f("SCTP"), TCP: f("TCP"), UDP: f("UDP") },
});

/** No port at all. */
export const EMPTY_PORTS: PortSet = make(() => NONE);
/** Every port of every protocol: a rule without `ports`. */
export const ALL_PORTS: PortSet = make(() => FULL);

export function isProtocol(s: string): s is Protocol {
  return (PROTOCOLS as readonly string[]).includes(s);
}

function normaliseRanges(ranges: readonly PortRange[]): PortRange[] {
  const sorted = ranges
    .map(([a, b]) => [Math.max(a, MIN_PORT), Math.min(b, MAX_PORT)] as const)
    .filter(([a, b]) => a <= b)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const isFull = (p: ProtocolPorts): boolean => p.ranges.length === 1 && p.ranges[0]![0] === MIN_PORT && p.ranges[0]![1] === MAX_PORT;

function normalise(ranges: readonly PortRange[], names: Iterable<string>): ProtocolPorts {
  const r = normaliseRanges(ranges);
  const full = r.length === 1 && r[0]![0] === MIN_PORT && r[0]![1] === MAX_PORT;
  return { ranges: r, names: full ? [] : uniqueSorted(names) };
}

/** The ports `from`–`to` (inclusive) of one protocol. */
export function portRange(protocol: Protocol, from: number, to: number = from): PortSet {
  return make((p) => (p === protocol ? normalise([[from, to]], []) : NONE));
}

/** Every port of one protocol. */
export function protocolPorts(protocol: Protocol): PortSet {
  return make((p) => (p === protocol ? FULL : NONE));
}

/** A named port of one protocol. */
export function namedPort(protocol: Protocol, name: string): PortSet {
  return make((p) => (p === protocol ? { ranges: [], names: [name] } : NONE));
}

export function unionPorts(...sets: readonly PortSet[]): PortSet {
  return make((p) =>
    normalise(
      sets.flatMap((s) => s.protocols[p].ranges),
      sets.flatMap((s) => s.protocols[p].names),
    ),
  );
}

function intersectRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  for (const [a1, a2] of a) for (const [b1, b2] of b) if (Math.max(a1, b1) <= Math.min(a2, b2)) out.push([Math.max(a1, b1), Math.min(a2, b2)]);
  return out;
}

function subtractRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  let rest: PortRange[] = [...a];
  for (const [b1, b2] of b) {
    rest = rest.flatMap(([a1, a2]): PortRange[] => {
      if (b2 < a1 || b1 > a2) return [[a1, a2]];
      const parts: PortRange[] = [];
      if (a1 < b1) parts.push([a1, b1 - 1]);
      if (b2 < a2) parts.push([b2 + 1, a2]);
      return parts;
    });
  }
  return rest;
}

function intersectProtocol(a: ProtocolPorts, b: ProtocolPorts): ProtocolPorts {
  const ranges = intersectRanges(a.ranges, b.ranges);
  // Names meet names: the same name, or two names one pod gives the same number. Both are kept.
  const names = a.names.length > 0 && b.names.length > 0 ? [...a.names, ...b.names] : [];
  // A name meets numbers: the whole protocol keeps the name; fewer numbers stay numbers.
  if (a.names.length > 0) {
    if (isFull(b)) names.push(...a.names);
    else ranges.push(...b.ranges);
  }
  if (b.names.length > 0) {
    if (isFull(a)) names.push(...b.names);
    else ranges.push(...a.ranges);
  }
  return normalise(ranges, names);
}

export function intersectPorts(a: PortSet, b: PortSet): PortSet {
  return make((p) => intersectProtocol(a.protocols[p], b.protocols[p]));
}

/** `a` without `b`; names survive unless `b` holds the same name or the whole protocol. */
export function subtractPorts(a: PortSet, b: PortSet): PortSet {
  return make((p) => {
    const pa = a.protocols[p];
    const pb = b.protocols[p];
    const names = isFull(pb) ? [] : pa.names.filter((n) => !pb.names.includes(n));
    return normalise(subtractRanges(pa.ranges, pb.ranges), names);
  });
}

export function isEmptyPorts(s: PortSet): boolean {
  return PROTOCOLS.every((p) => s.protocols[p].ranges.length === 0 && s.protocols[p].names.length === 0);
}

export function isSubsetPorts(a: PortSet, b: PortSet): boolean {
  return isEmptyPorts(subtractPorts(a, b));
}

/**
 * Renders a set as sorted strings: `["*"]` for every port of every protocol; otherwise, by protocol
 * (alphabetical), `TCP/*` for a whole protocol, `TCP/443`, `TCP/8000-8080`, then named ports `TCP/http`.
 */
export function formatPorts(s: PortSet): string[] {
  if (PROTOCOLS.every((p) => isFull(s.protocols[p]))) return ["*"];
  const out: string[] = [];
  for (const p of PROTOCOLS) {
    const pp = s.protocols[p];
    if (isFull(pp)) {
      out.push(`${p}/*`);
      continue;
    }
    for (const [a, b] of pp.ranges) out.push(a === b ? `${p}/${a}` : `${p}/${a}-${b}`);
    for (const n of pp.names) out.push(`${p}/${n}`);
  }
  return out;
}

/** Thrown for a port string that is not in the form `formatPorts` writes. */
export class PortSyntaxError extends Error {
  override readonly name = "PortSyntaxError";
}

/** Parses what `formatPorts` writes (and the `"TCP/443"` strings of the declared blocks). */
export function parsePorts(items: readonly string[]): PortSet {
  return unionPorts(...items.map(parsePort));
}

function parsePort(item: string): PortSet {
  if (item === "*") return ALL_PORTS;
  const m = /^([A-Z]+)\/(.+)$/.exec(item);
  const protocol = m?.[1];
  const rest = m?.[2];
  if (!protocol || !rest || !isProtocol(protocol)) {
    throw new PortSyntaxError(`"${item}" is not a port; write PROTOCOL/PORT, PROTOCOL/FROM-TO, PROTOCOL/* or * (protocols: ${PROTOCOLS.join(", ")})`);
  }
  if (rest === "*") return protocolPorts(protocol);
  const range = /^([0-9]+)(?:-([0-9]+))?$/.exec(rest);
  if (range) {
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (from < MIN_PORT || to > MAX_PORT || from > to) throw new PortSyntaxError(`"${item}" is outside ${MIN_PORT}-${MAX_PORT} or backwards`);
    return portRange(protocol, from, to);
  }
  if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(rest)) return namedPort(protocol, rest);
  throw new PortSyntaxError(`"${item}" is not a port number, range or port name`);
}
