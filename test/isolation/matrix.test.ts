/** Rendering the isolation matrix, and the diff `review` shows between a base and a head output. */
import { describe, expect, it } from "vitest";
import {
  diffMatrices, isEmptyDiff, renderDiffMarkdown, renderFlowGrid, renderMatrixJson, renderMatrixMarkdown, type IsolationMatrix, type SiteMatrix,
} from "../../analysis/matrix.js";
import { analyseOutput, toMatrix } from "../../analysis/isolation.js";
import { LAB, loadOutput, setAt } from "./helpers.js";

const site = (m: Partial<SiteMatrix>): SiteMatrix => ({ flows: [], egress: [], ipIngress: [], vault: [], rbac: [], ...m });

describe("matrix rendering", () => {
  const matrix = toMatrix(analyseOutput(loadOutput(LAB)));

  it("writes JSON in the documented shape and key order, sorted", () => {
    const json = renderMatrixJson(matrix);
    const parsed = JSON.parse(json) as IsolationMatrix;
    expect(Object.keys(parsed)).toEqual(["sites"]);
    expect(Object.keys(parsed.sites.lab!)).toEqual(["flows", "egress", "ipIngress", "vault", "rbac"]);
    expect(Object.keys(parsed.sites.lab!.flows[0]!)).toEqual(["from", "to", "ports"]);
    expect(Object.keys(parsed.sites.lab!.vault[0]!)).toEqual(["subject", "path", "capabilities"]);
    expect(json.endsWith("}\n")).toBe(true);
    const flows = parsed.sites.lab!.flows.map((f) => `${f.from}>${f.to}`);
    expect(flows).toEqual([...flows].sort());
  });

  it("is deterministic", () => {
    expect(renderMatrixJson(toMatrix(analyseOutput(loadOutput(LAB))))).toBe(renderMatrixJson(matrix));
  });

  it("draws flows as a grid: sources as rows, destinations as columns", () => {
    expect(renderFlowGrid([
      { from: "a", to: "b", ports: ["TCP/443"] },
      { from: "c", to: "b", ports: ["*"] },
      { from: "c", to: "*other*", ports: ["UDP/53", "TCP/53"] },
    ])).toBe(
      [
        "| from \\ to | `*other*` | `b` |",
        "|---|---|---|",
        "| `a` |  | `TCP/443` |",
        "| `c` | `UDP/53`, `TCP/53` | `*` |",
        "",
      ].join("\n"),
    );
  });

  it("writes one Markdown section per site with flows, IP blocks, Vault and RBAC", () => {
    const md = renderMatrixMarkdown(matrix);
    expect(md.split("\n").filter((l) => l.startsWith("#"))).toEqual([
      "# Isolation matrix",
      "## Site `lab`",
      "### Network flows",
      "### Egress to IP blocks",
      "### Vault",
      "### RBAC",
    ]);
    expect(md).toContain("| `alpha-web` | `*` |  | `TCP/8443` | `TCP/53`, `UDP/53` |");
    expect(md).toContain("| `alpha-db` | `198.51.100.0/24` | `198.51.100.128/25` | `TCP/5432` |");
    expect(renderMatrixMarkdown({ sites: {} })).toContain("No site in the output.");
  });

  it("shows ingress from IP blocks only when there is some", () => {
    expect(renderMatrixMarkdown({ sites: { s: site({ ipIngress: [{ to: "x", cidr: "0.0.0.0/0", ports: ["*"] }] }) } })).toContain("### Ingress from IP blocks");
  });
});

describe("matrix diff", () => {
  const base: IsolationMatrix = {
    sites: {
      s1: site({
        flows: [{ from: "a", to: "b", ports: ["TCP/443"] }, { from: "a", to: "c", ports: ["*"] }],
        vault: [{ subject: "kubernetes:t", path: "t/kv/*", capabilities: ["read"] }],
        rbac: [{ subject: "group:g", namespace: "a", role: "admin" }],
      }),
      gone: site({ egress: [{ from: "x", cidr: "10.0.0.0/8", ports: ["TCP/443"] }] }),
    },
  };

  it("is empty for equal matrices", () => {
    expect(isEmptyDiff(diffMatrices(base, base))).toBe(true);
    expect(renderDiffMarkdown(diffMatrices(base, base))).toBe("No change to what tenants can reach or read.\n");
  });

  it("reports added, removed and changed entries, and whole sites", () => {
    const head: IsolationMatrix = {
      sites: {
        new: site({ rbac: [{ subject: "group:n", namespace: "n", role: "view" }] }),
        s1: site({
          flows: [{ from: "a", to: "b", ports: ["TCP/443", "TCP/8080"] }, { from: "d", to: "a", ports: ["UDP/53"] }],
          vault: [{ subject: "kubernetes:t", path: "t/kv/*", capabilities: ["deny"] }],
          rbac: [{ subject: "group:g", namespace: "a", role: "edit" }],
        }),
      },
    };
    const d = diffMatrices(base, head);
    expect(d.sites.map((s) => s.site)).toEqual(["gone", "new", "s1"]);
    expect(d.sites[0]!.egress).toEqual([{ kind: "removed", before: { from: "x", cidr: "10.0.0.0/8", ports: ["TCP/443"] } }]);
    expect(d.sites[1]!.rbac).toEqual([{ kind: "added", after: { subject: "group:n", namespace: "n", role: "view" } }]);
    const s1 = d.sites[2]!;
    expect(s1.flows).toEqual([
      { kind: "changed", before: { from: "a", to: "b", ports: ["TCP/443"] }, after: { from: "a", to: "b", ports: ["TCP/443", "TCP/8080"] } },
      { kind: "removed", before: { from: "a", to: "c", ports: ["*"] } },
      { kind: "added", after: { from: "d", to: "a", ports: ["UDP/53"] } },
    ]);
    expect(s1.vault).toEqual([{ kind: "changed", before: base.sites.s1!.vault[0], after: head.sites.s1!.vault[0] }]);
    expect(s1.rbac.map((c) => c.kind)).toEqual(["removed", "added"]);
    const md = renderDiffMarkdown(d);
    expect(md).toContain("#### Isolation changes on `s1`");
    expect(md).toContain("| changed | flow | `a` → `b` | `TCP/443` → `TCP/443`, `TCP/8080` |");
    expect(md).toContain("| added | flow | `d` → `a` | `UDP/53` |");
    expect(md).toContain("| removed | egress | `x` → `10.0.0.0/8` | `TCP/443` |");
  });

  it("shows a mutated policy as a matrix change", () => {
    const head = toMatrix(analyseOutput(loadOutput(LAB, (s) => {
      setAt(s["tenant--alpha--lab"], ["resource", "kubernetes_network_policy_v1", "web_connections-out", "spec", "egress", 0, "ports"], undefined);
      setAt(s["tenant--beta--lab"], ["resource", "kubernetes_network_policy_v1", "api_connections-in", "spec", "ingress", 0, "ports"], undefined);
    })));
    const d = diffMatrices(toMatrix(analyseOutput(loadOutput(LAB))), head);
    expect(d.sites).toHaveLength(1);
    expect(d.sites[0]!.flows).toEqual([
      { kind: "changed", before: { from: "alpha-web", to: "beta-api", ports: ["TCP/8443"] }, after: { from: "alpha-web", to: "beta-api", ports: ["*"] } },
    ]);
  });
});
