/**
 * A change that signs a tenant's agreement (moves it into build) lists the notifications due to the
 * coordinating agency and the government, with the tenant's register entry; other changes list none.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { replaceIn, reviewOf, synthExample } from "./helpers.js";
import { renderJson, renderMarkdown } from "../../review/render.js";
import { registerTenantSchema } from "../../register/schema.js";

let base: string;
beforeAll(() => {
  base = synthExample();
});

describe("notifications in the review", () => {
  it("lists both notifications, with the register entry, when a tenant moves from plan into build", () => {
    const r = reviewOf(base, synthExample(replaceIn("bolagsverket", "agreement: { phase: plan }", "agreement: { phase: build, ref: FK-2026-0310 }")));
    expect(r.notifications!.map((n) => [n.tenant, n.recipient])).toEqual([["bolagsverket", "coordinator"], ["bolagsverket", "government"]]);
    const entry = r.notifications![0]!.entry;
    expect(registerTenantSchema.parse(entry)).toEqual({
      orgNumber: "202100-5489", name: "Bolagsverket", kind: "state-agency", supplier: "forsakringskassan", tenant: "bolagsverket",
      phase: "build", services: ["container-hosting", "secrets", "monitoring"], securityLevel: "moderate", personalData: "ordinary",
      zones: ["fk-z1", "fk-z2"], mirrored: true, outagePriority: 3, agreement: { ref: "FK-2026-0310" },
    });
    expect(r.notifications![0]!.text).toContain("forsakringskassan notifies that it has signed agreement FK-2026-0310 with Bolagsverket (202100-5489, state-agency)");
    // A to-do, not a decision.
    expect(r.decisionNeeded).toBe(false);
    const md = renderMarkdown(r);
    expect(md).toContain("### Notifications due (§12: the agreement is signed)");
    expect(md).toContain("<details><summary>bolagsverket: 2 notifications due, to the coordinating agency (Myndigheten för digital förvaltning, DIGG) and to the government (Regeringskansliet, Finansdepartementet)</summary>");
    expect(md).toContain("**Signed agreement: Bolagsverket (202100-5489) connected to forsakringskassan**");
    expect(md).toContain('  "orgNumber": "202100-5489",');
    expect((JSON.parse(renderJson(r)) as { notifications: unknown[] }).notifications).toHaveLength(2);
  });

  it("lists none for a change that signs nothing", () => {
    const r = reviewOf(base, synthExample(replaceIn("mfof", "  phase: run\n", "  phase: decommission\n  exit: { ref: FK-EXIT-3, date: 2026-12-31 }\n")));
    expect(r.notifications).toEqual([]);
    expect(renderMarkdown(r)).not.toContain("Notifications due");
  });
});
