/**
 * Source patches a piece needs before it builds, applied at build time to a module the Go module proxy
 * serves (verified against its pinned hash), into a folder the wrapper module's go.mod replaces the module
 * with. Nothing of the upstream source is committed; the patch itself is this file.
 *
 * Vault 1.21.4 builds against its own `./sdk` folder, which its module archive does not hold. No published
 * `github.com/hashicorp/vault/sdk` matches that folder: v0.20.0 lacks what 1.21.4 uses (observations,
 * `RestorePolicy`'s key name), v0.21.0 changed `ActivationFunc`'s signature, and later ones add billing
 * interfaces 1.21.4 does not implement. v0.21.0 with two edits that restore the 1.21.4 forms builds.
 */
import { cpSync, chmodSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { capture } from "./sh.js";

export interface SourcePatch {
  readonly module: string;
  readonly version: string;
  /** `go mod download`'s h1: hash of the module archive. */
  readonly sum: string;
  /** Folder (relative to the wrapper module) its go.mod replaces the module with. */
  readonly dir: string;
  readonly edits: readonly { readonly file: string; readonly why: string; readonly edit: (text: string) => string }[];
}

/** Rewrites the body of one top-level Go function with `edit`; throws if the function is not there. */
function inFunction(text: string, signature: string, edit: (body: string) => string): string {
  const start = text.indexOf(signature);
  if (start < 0) throw new Error(`patch: ${signature} not found`);
  const end = text.indexOf("\n}\n", start) + 3;
  return text.slice(0, start) + edit(text.slice(start, end)) + text.slice(end);
}

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`patch: ${JSON.stringify(from.slice(0, 80))} not found`);
  return text.replace(from, to);
}

export const VAULT_SDK_PATCH: SourcePatch = {
  module: "github.com/hashicorp/vault/sdk",
  version: "v0.21.0",
  sum: "h1:3gDqdKLhHY2ekmCEE9EeesoNpgsReq2bo/SpMqvBYdw=",
  dir: "sdk-patched",
  edits: [
    {
      file: "framework/backend.go",
      why: "Vault 1.21.4 calls ActivationFunc(ctx, req); v0.21.0 added a third argument",
      edit: (t) => replaceOnce(t, "ActivationFunc func(context.Context, *logical.Request, string) error", "ActivationFunc func(context.Context, *logical.Request) error"),
    },
    {
      file: "helper/keysutil/lock_manager.go",
      why: "Vault 1.21.4's transit restore takes the restored key's name from RestorePolicy",
      edit: (t) =>
        inFunction(t, "func (lm *LockManager) RestorePolicy(", (body) =>
          replaceOnce(body, "force bool) error {", "force bool) (string, error) {")
            .replace(/\breturn nil\n/g, "return name, nil\n")
            .replace(/\breturn (?!name, nil|"", )/g, 'return "", '),
        ),
    },
  ],
};

/** Makes `<moduleDir>/<patch.dir>`: the verified module source with the edits applied. Idempotent. */
export function applyPatch(patch: SourcePatch, moduleDir: string, env: NodeJS.ProcessEnv): void {
  const target = join(moduleDir, patch.dir);
  const stamp = join(target, ".samdrift-patch");
  const id = `${patch.module}@${patch.version} ${patch.sum} ${patch.edits.map((e) => e.why).join("; ")}`;
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === id) return;
  // Outside any module, so that the download touches no go.mod or go.sum of ours.
  const info = JSON.parse(capture("go", ["mod", "download", "-json", `${patch.module}@${patch.version}`], { cwd: "/", env: { ...env, GOFLAGS: "-mod=mod" } })) as { Dir?: string; Sum?: string; Error?: string };
  if (info.Error || !info.Dir) throw new Error(`go mod download ${patch.module}@${patch.version}: ${info.Error ?? "no folder"}`);
  if (info.Sum !== patch.sum) throw new Error(`${patch.module}@${patch.version} has hash ${info.Sum}, pinned ${patch.sum}: refusing to build from it`);
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  cpSync(info.Dir, tmp, { recursive: true });
  makeWritable(tmp);
  for (const e of patch.edits) {
    const file = join(tmp, e.file);
    writeFileSync(file, e.edit(readFileSync(file, "utf8")));
  }
  writeFileSync(join(tmp, ".samdrift-patch"), id);
  rmSync(target, { recursive: true, force: true });
  renameSync(tmp, target);
}

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) makeWritable(p);
    else chmodSync(p, 0o644);
  }
}
