/** The port-set algebra under the network analysis, and CIDR containment for declared egress. */
import { describe, expect, it } from "vitest";
import {
  ALL_PORTS, EMPTY_PORTS, formatPorts, intersectPorts, isSubsetPorts, parsePorts, PortSyntaxError, subtractPorts, unionPorts,
} from "../../lib/ports.js";
import { cidrWithin, parseCidr } from "../../lib/cidr.js";

const P = (...items: string[]) => parsePorts(items);
const show = (s: ReturnType<typeof parsePorts>) => formatPorts(s);

describe("port sets", () => {
  it.each([
    [["*"], ["*"]],
    [["TCP/443", "TCP/80", "TCP/81"], ["TCP/80-81", "TCP/443"]],
    [["TCP/1-65535"], ["TCP/*"]],
    [["TCP/*", "UDP/*", "SCTP/*"], ["*"]],
    [["UDP/53", "TCP/53", "SCTP/9"], ["SCTP/9", "TCP/53", "UDP/53"]],
    [["TCP/http", "TCP/443", "TCP/*"], ["TCP/*"]],
    [["TCP/web", "TCP/api"], ["TCP/api", "TCP/web"]],
  ] as const)("normalises %j to %j", (input, output) => {
    expect(show(P(...input))).toEqual(output);
  });

  it.each([
    ["union", unionPorts(P("TCP/80"), P("TCP/81-90"), P("UDP/53")), ["TCP/80-90", "UDP/53"]],
    ["intersection of ranges", intersectPorts(P("TCP/80-100"), P("TCP/90-200", "UDP/95")), ["TCP/90-100"]],
    ["intersection with everything", intersectPorts(P("TCP/443"), ALL_PORTS), ["TCP/443"]],
    ["a name meets every port: the name", intersectPorts(P("TCP/http"), P("TCP/*")), ["TCP/http"]],
    ["a name meets numbers: the numbers", intersectPorts(P("TCP/http"), P("TCP/8080")), ["TCP/8080"]],
    ["names meet names, also different ones (a pod may name one number twice)", intersectPorts(P("TCP/http", "TCP/web"), P("TCP/web")), ["TCP/http", "TCP/web"]],
    ["protocols never meet", intersectPorts(P("TCP/53"), P("UDP/53")), []],
    ["difference splits ranges", subtractPorts(P("TCP/1-100"), P("TCP/50")), ["TCP/1-49", "TCP/51-100"]],
    ["difference of everything", subtractPorts(ALL_PORTS, P("TCP/*", "UDP/*")), ["SCTP/*"]],
    ["numbers never remove a name", subtractPorts(P("TCP/http"), P("TCP/80")), ["TCP/http"]],
    ["a whole protocol removes a name", subtractPorts(P("TCP/http"), P("TCP/*")), []],
  ] as const)("%s", (_name, result, expected) => {
    expect(show(result)).toEqual(expected);
  });

  it("orders subsets", () => {
    expect(isSubsetPorts(P("TCP/443"), P("TCP/400-500"))).toBe(true);
    expect(isSubsetPorts(P("TCP/443", "UDP/443"), P("TCP/*"))).toBe(false);
    expect(isSubsetPorts(EMPTY_PORTS, P("TCP/1"))).toBe(true);
  });

  it.each(["443", "TCP", "ICMP/1", "TCP/0", "TCP/70000", "TCP/90-80", "TCP/Http", "TCP/"])("rejects %s", (item) => {
    expect(() => P(item)).toThrow(PortSyntaxError);
  });
});

describe("CIDR containment", () => {
  it.each([
    ["192.0.2.10/32", "192.0.2.0/24", true],
    ["192.0.2.0/24", "192.0.2.10/32", false],
    ["10.40.0.0/16", "10.0.0.0/8", true],
    ["10.40.0.0/16", "10.40.0.0/16", true],
    ["11.0.0.0/8", "10.0.0.0/8", false],
    ["0.0.0.0/0", "10.0.0.0/8", false],
    ["2001:db8:1::/48", "2001:db8::/32", true],
    ["2001:db9::/32", "2001:db8::/32", false],
    ["10.0.0.0/8", "::/0", false],
    ["not-a-cidr", "0.0.0.0/0", false],
  ] as const)("%s within %s: %s", (inner, outer, expected) => {
    expect(cidrWithin(inner, outer)).toBe(expected);
  });

  it("clears host bits and rejects malformed blocks", () => {
    expect(parseCidr("192.0.2.77/24")).toEqual({ version: 4, network: 0xc0000200n, prefix: 24 });
    expect(parseCidr("::1/128")?.network).toBe(1n);
    for (const bad of ["192.0.2.1", "192.0.2.256/24", "192.0.2.0/33", "1::2::3/64", "2001:db8/32"]) expect(parseCidr(bad)).toBeUndefined();
  });
});
