/** Reading the tenants folder: every entry that looks like a tenant file is read, or refused by name. */
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../cli/inputs.js";
import { formatProblem } from "../model/errors.js";
import { copyExample, run } from "./helpers/repo.js";

const problemsOf = (dir: string): string[] => loadModel(dir).problems.map(formatProblem);

describe("the tenants folder", () => {
  it("ignores files that are not YAML, such as README.md", () => {
    const dir = copyExample();
    writeFileSync(join(dir, "tenants", "notes.txt"), "not a tenant\n");
    expect(loadModel(dir)).toMatchObject({ ok: true, problems: [] });
  });

  it("refuses a symbolic link instead of skipping it, so the tenant's stacks never vanish", async () => {
    const dir = copyExample();
    renameSync(join(dir, "tenants", "isof.yaml"), join(dir, "isof.yaml"));
    symlinkSync(join(dir, "isof.yaml"), join(dir, "tenants", "isof.yaml"));
    expect(problemsOf(dir)).toEqual([
      "tenants/isof.yaml:1:1: is a symbolic link; a tenant file must be a regular file in the tenants folder (copy it, do not link it) [FILE_UNREADABLE]",
    ]);
    expect((await run(dir, "synth")).code).toBe(1);
  });

  it("refuses an upper-case extension and a folder named like a tenant file", () => {
    const dir = copyExample();
    renameSync(join(dir, "tenants", "isof.yaml"), join(dir, "tenants", "isof.YAML"));
    mkdirSync(join(dir, "tenants", "old.yml"));
    expect(problemsOf(dir)).toEqual([
      "tenants/isof.YAML:1:1: the extension must be lower case: rename it to isof.yaml [FILE_NAME_MISMATCH]",
      "tenants/old.yml:1:1: is a folder; tenant files are regular files named <id>.yaml [FILE_UNREADABLE]",
    ]);
  });
});
