/** mirror-diverged: a changed tenant's mirrored sites are no longer equivalent. */
import { listText, plural } from "../values.js";
import type { FlagDef } from "./types.js";

export const mirrorDiverged: FlagDef = {
  kind: "mirror-diverged",
  level: "attention",
  title: "a changed tenant's sites are no longer equivalent",
  explanation: "A mirror is only a fallback when it offers the same flows, access and settings as the site it stands in for.",
  drafts: (ctx) =>
    (ctx.input.mirrors ?? []).filter((m) => !m.equivalent).map((m) => ({
      kind: "mirror-diverged" as const, level: "attention" as const, tenant: m.tenant, subject: "",
      message: `${m.tenant}: mirrored sites ${listText([...m.sites])} are not equivalent (${plural(m.differences.length, "difference")})`,
    })),
};
