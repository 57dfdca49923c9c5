/**
 * Gets the real pieces: builds each Go wrapper module of `pieces.ts` once into the cache, keyed by a hash of
 * its go.mod and go.sum (and the Go version), and lays out the Terraform providers as a `filesystem_mirror`.
 * A warm run only checks that the binaries are there.
 *
 * Cache layout (`$SAMDRIFT_E2E_CACHE`, default `~/.cache/samdrift-e2e`):
 *   <piece>-<version>-<hash>/bin/<binary>
 *   mirror/registry.terraform.io/hashicorp/<type>/<version>/linux_amd64/terraform-provider-<type>_v<version>
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, chmodSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { PIECES, type Piece } from "./pieces.js";
import { applyPatch } from "./patches.js";
import { run, capture, type Log } from "./sh.js";

export interface BuiltPiece {
  readonly piece: Piece;
  /** The version of `piece.versionOf` in the wrapper's go.mod. */
  readonly version: string;
  readonly bin: Readonly<Record<string, string>>;
  /** Built in this run (false: taken from the cache). */
  readonly built: boolean;
  readonly seconds: number;
}

export interface Pieces {
  readonly pieces: readonly BuiltPiece[];
  readonly terraform: { readonly path: string; readonly version: string };
  readonly go: string;
  /** Provider mirror folder for `provider_installation { filesystem_mirror { path = ... } }`. */
  readonly mirror: string;
  readonly bin: (name: string) => string;
}

const E2E_DIR = new URL(".", import.meta.url).pathname;
const BUILD_TIMEOUT_MS = 60 * 60 * 1000;

export function cacheRoot(env: NodeJS.ProcessEnv): string {
  return env.SAMDRIFT_E2E_CACHE ?? join(env.HOME ?? homedir(), ".cache", "samdrift-e2e");
}

/** The version of `module` required by a go.mod text. */
export function requiredVersion(goMod: string, module: string): string {
  const escaped = module.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, "m").exec(goMod);
  if (!m) throw new Error(`go.mod requires no version of ${module}`);
  return m[1]!;
}

export function ensurePieces(root: string, env: NodeJS.ProcessEnv, log: Log): Pieces {
  const go = capture("go", ["env", "GOVERSION"], { env }).trim();
  const onPath = findTerraform(env);
  if (!onPath) log("no terraform on PATH: OpenTofu is built to stand in for it");
  const pieces = PIECES.filter((p) => !p.onlyWithoutTerraform || !onPath).map((piece) => ensurePiece(piece, root, go, env, log));
  const mirror = join(root, "mirror");
  const byName = new Map<string, string>();
  for (const p of pieces) for (const [name, path] of Object.entries(p.bin)) byName.set(name, path);
  const bin = (name: string): string => {
    const path = byName.get(name);
    if (!path) throw new Error(`no piece builds ${name}`);
    return path;
  };
  const terraform = onPath ?? versionOf(bin("tofu"), env);
  installMirror(mirror, bin, log);
  return { pieces, terraform, go, mirror, bin };
}

/** Where a piece's binaries live in the cache, and the version its wrapper module pins. */
export function pieceLocation(piece: Piece, root: string, go: string): { dir: string; version: string; bin: Record<string, string> } {
  const moduleDir = join(E2E_DIR, "go", piece.module);
  const goMod = readFileSync(join(moduleDir, "go.mod"), "utf8");
  const goSum = readFileSync(join(moduleDir, "go.sum"), "utf8");
  const version = requiredVersion(goMod, piece.versionOf);
  const hash = createHash("sha256").update(go).update("\0").update(goMod).update("\0").update(goSum);
  if (piece.packages.includes(".")) hash.update(readFileSync(join(moduleDir, "main.go")));
  hash.update(JSON.stringify(piece.ldflags ?? []));
  for (const patch of piece.patches ?? []) hash.update(`${patch.module}@${patch.version} ${patch.sum} ${patch.edits.map((e) => e.edit.toString()).join("\0")}`);
  const dir = join(root, `${piece.name}-${version}-${hash.digest("hex").slice(0, 12)}`);
  const bin = Object.fromEntries(binaryNames(piece).map((n) => [n, join(dir, "bin", n)]));
  return { dir, version, bin };
}

const binaryNames = (piece: Piece): string[] => [...(piece.binaries ?? piece.packages.map((p) => p.split("/").pop()!))];

function ensurePiece(piece: Piece, root: string, go: string, env: NodeJS.ProcessEnv, log: Log): BuiltPiece {
  const moduleDir = join(E2E_DIR, "go", piece.module);
  const { dir, version, bin } = pieceLocation(piece, root, go);
  const names = binaryNames(piece);
  if (names.every((n) => existsSync(bin[n]!))) return { piece, version, bin, built: false, seconds: 0 };

  const started = Date.now();
  log(`building ${piece.name} ${version} (${piece.packages.length} program${piece.packages.length === 1 ? "" : "s"}); the first build takes minutes`);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, "bin"), { recursive: true });
  // -mod=readonly: go.sum must already hold every hash, so a build never resolves anything new.
  const buildEnv = { ...env, GOFLAGS: "-mod=readonly -buildvcs=false", CGO_ENABLED: "0", GOTOOLCHAIN: "local" };
  for (const patch of piece.patches ?? []) applyPatch(patch, moduleDir, buildEnv);
  const ldflags = ["-s", "-w", ...(piece.ldflags ?? []).map((x) => `-X ${x.replace("{version}", version)}`)].join(" ");
  piece.packages.forEach((pkg, i) => {
    // A cold build of Vault or kube-apiserver takes more than ten minutes on two cores.
    run("go", ["build", "-trimpath", `-ldflags=${ldflags}`, "-o", join(tmp, "bin", names[i]!), pkg], { cwd: moduleDir, env: buildEnv, timeout: BUILD_TIMEOUT_MS });
  });
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  const seconds = (Date.now() - started) / 1000;
  log(`built ${piece.name} in ${seconds.toFixed(0)} s`);
  return { piece, version, bin, built: true, seconds };
}

/** Terraform from PATH (usually /usr/local/bin), or `SAMDRIFT_E2E_TERRAFORM`; undefined when there is none. */
function findTerraform(env: NodeJS.ProcessEnv): { path: string; version: string } | undefined {
  try {
    return versionOf(env.SAMDRIFT_E2E_TERRAFORM ?? "terraform", env);
  } catch {
    return undefined;
  }
}

/** `version -json` of Terraform or OpenTofu (both write `terraform_version`). */
function versionOf(path: string, env: NodeJS.ProcessEnv): { path: string; version: string } {
  const out = capture(path, ["version", "-json"], { env: { ...env, TF_CLI_CONFIG_FILE: "/dev/null" } });
  const version = (JSON.parse(out) as { terraform_version: string }).terraform_version;
  return { path, version: `${/tofu$/.test(path) ? "OpenTofu" : "Terraform"} ${version}` };
}

/**
 * The providers as the synthesized output pins them (`required_providers`), in Terraform's unpacked mirror
 * layout. The binaries are the stand-ins of `pieces.ts`, installed under the pinned versions so that the
 * output deploys byte for byte as synthesized; the report names what really ran.
 */
export const PROVIDERS = [
  { type: "kubernetes", piece: "terraform-provider-kubernetes", version: "2.38.0" },
  { type: "vault", piece: "terraform-provider-vault", version: "5.6.0" },
] as const;

/** Terraform resolves `hashicorp/vault` on registry.terraform.io, OpenTofu on registry.opentofu.org. */
export const REGISTRIES = ["registry.terraform.io", "registry.opentofu.org"] as const;

function installMirror(mirror: string, bin: (name: string) => string, log: Log): void {
  for (const p of PROVIDERS) for (const registry of REGISTRIES) installProvider(mirror, registry, p, bin, log);
}

function installProvider(mirror: string, registry: string, p: (typeof PROVIDERS)[number], bin: (name: string) => string, log: Log): void {
  const dir = join(mirror, registry, "hashicorp", p.type, p.version, "linux_amd64");
  const target = join(dir, `terraform-provider-${p.type}_v${p.version}`);
  const source = bin(p.piece);
  // The cache folder of the source is keyed by its inputs, so naming it is naming its content.
  const stamp = join(mirror, `.${registry}-${p.type}-${p.version}.source`);
  if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, "utf8") === source) return;
  mkdirSync(dir, { recursive: true });
  copyFileSync(source, `${target}.tmp`);
  chmodSync(`${target}.tmp`, 0o755);
  renameSync(`${target}.tmp`, target);
  writeFileSync(stamp, source);
  log(`provider mirror: ${registry}/hashicorp/${p.type} ${p.version}`);
}
