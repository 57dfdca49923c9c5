/**
 * The entry point's file reading: catalogue and tenant folders into file texts, then into the model.
 * This is the only place (with the synth writer) that touches the file system.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { buildModel, type InputFile, type Model, type Result } from "../model/model.js";
import type { Problem } from "../model/errors.js";
import { MAX_FILE_BYTES } from "../model/source.js";
import { byKey } from "../lib/sort.js";
import { DiskParsedStore } from "./parse-cache.js";

export interface InputDirs {
  /** @default "catalogue" */
  readonly catalogueDir?: string;
  /** @default "tenants" */
  readonly tenantsDir?: string;
  /**
   * The base branch's tenants folder: who held a name before the change, so that a collision is blamed on
   * the tenant whose claim is new. Its files are not judged. @default - no base: blame by phase and date
   */
  readonly baseTenantsDir?: string;
}

/** Path as shown in messages: relative to `cwd`, forward slashes. */
export const displayPath = (cwd: string, absolute: string): string => relative(cwd, absolute).split(sep).join("/");

function readInput(cwd: string, absolute: string, problems: Problem[]): InputFile | undefined {
  const path = displayPath(cwd, absolute);
  try {
    const size = statSync(absolute).size;
    if (size > MAX_FILE_BYTES) {
      // Do not even read a huge file; the parser reports the same code for in-memory input.
      problems.push({ code: "YAML_TOO_LARGE", file: path, line: 1, col: 1, field: "", message: `file is ${size} bytes; samdrift reads files up to ${MAX_FILE_BYTES} bytes` });
      return undefined;
    }
    return { path, text: readFileSync(absolute, "utf8") };
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : `cannot read file (${(e as NodeJS.ErrnoException).code ?? "error"})`;
    problems.push({ code: "FILE_UNREADABLE", file: path, line: 1, col: 1, field: "", message: reason });
    return undefined;
  }
}

const TENANT_FILES = { file: "tenant file", folder: "tenants folder", named: "<id>.yaml" };
const FEE_FILES = { file: "fee file", folder: "catalogue's fees folder", named: "<supplier>.yaml" };

/**
 * Tenant files (or fee files): every `*.yaml`/`*.yml` directly in the folder, sorted by name. An entry that looks like a
 * tenant file but is not one samdrift reads (a link, a folder, an upper-case extension) is a problem, never
 * skipped: a skipped tenant's stacks would vanish from the output, and the next deploy would destroy them.
 */
export function listTenantFiles(cwd: string, dir: string, problems: Problem[], kind: { readonly file: string; readonly folder: string; readonly named: string } = TENANT_FILES): string[] {
  const files: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort(byKey((e) => e.name));
  for (const entry of entries) {
    if (!/\.ya?ml$/i.test(entry.name)) continue;
    const path = join(dir, entry.name);
    const refuse = (code: Problem["code"], message: string) =>
      problems.push({ code, file: displayPath(cwd, path), line: 1, col: 1, field: "", message });
    if (!/\.ya?ml$/.test(entry.name)) {
      refuse("FILE_NAME_MISMATCH", `the extension must be lower case: rename it to ${entry.name.replace(/\.ya?ml$/i, (ext) => ext.toLowerCase())}`);
    } else if (entry.isSymbolicLink()) {
      refuse("FILE_UNREADABLE", `is a symbolic link; a ${kind.file} must be a regular file in the ${kind.folder} (copy it, do not link it)`);
    } else if (!entry.isFile()) {
      refuse("FILE_UNREADABLE", `is ${entry.isDirectory() ? "a folder" : "not a regular file"}; ${kind.file}s are regular files named ${kind.named}`);
    } else files.push(path);
  }
  return files;
}

/** The base branch's tenant files; what cannot be read there claims nothing (the base is not judged). */
function readBaseTenants(cwd: string, dir: string, problems: Problem[]): InputFile[] {
  let paths: string[];
  try {
    paths = listTenantFiles(cwd, dir, []);
  } catch {
    problems.push({ code: "FILE_UNREADABLE", file: displayPath(cwd, dir), line: 1, col: 1, field: "", message: "--base-tenants: folder not found" });
    return [];
  }
  return paths.map((p) => readInput(cwd, p, [])).filter((f): f is InputFile => f !== undefined);
}

/** The suppliers' fee files, `<catalogue>/fees/*.yaml`; no folder means no supplier has fees. */
function readFees(cwd: string, dir: string, problems: Problem[]): InputFile[] {
  if (!existsSync(dir)) return [];
  return listTenantFiles(cwd, dir, problems, FEE_FILES).map((p) => readInput(cwd, p, problems)).filter((f): f is InputFile => f !== undefined);
}

/** The absolute tenant and catalogue folders a run reads, from the `--tenants` and `--catalogue` flags. */
export function inputFolders(cwd: string, flags: { readonly tenants?: string | undefined; readonly catalogue?: string | undefined }): string[] {
  return [resolve(cwd, flags.tenants ?? "tenants"), resolve(cwd, flags.catalogue ?? "catalogue")];
}

/**
 * Reads the catalogue and every tenant file and builds the validated model. With `cache` (a folder from
 * cli/cache.ts), the YAML parser's results are kept there by file text (cli/parse-cache.ts).
 */
export function loadModel(cwd: string, dirs: InputDirs = {}, cache?: string): Result<Model> {
  const catalogueDir = resolve(cwd, dirs.catalogueDir ?? "catalogue");
  const tenantsDir = resolve(cwd, dirs.tenantsDir ?? "tenants");
  const problems: Problem[] = [];
  const read = (name: string) => readInput(cwd, join(catalogueDir, name), problems);
  const suppliers = read("suppliers.yaml");
  const sites = read("sites.yaml");
  const services = read("services.yaml");
  let tenantPaths: string[] = [];
  try {
    tenantPaths = listTenantFiles(cwd, tenantsDir, problems);
  } catch {
    problems.push({ code: "FILE_UNREADABLE", file: displayPath(cwd, tenantsDir), line: 1, col: 1, field: "", message: "tenants folder not found" });
  }
  const tenants = tenantPaths.map((p) => readInput(cwd, p, problems)).filter((f): f is InputFile => f !== undefined);
  const fees = readFees(cwd, join(catalogueDir, "fees"), problems);
  if (!suppliers || !sites || !services) return { ok: false, problems };
  const parsed = cache ? new DiskParsedStore(cache) : undefined;
  const result = buildModel({ suppliers, sites, services, fees }, tenants, {
    ...(dirs.baseTenantsDir === undefined ? {} : { baseTenantFiles: readBaseTenants(cwd, resolve(cwd, dirs.baseTenantsDir), problems) }),
    ...(parsed ? { parsed } : {}),
  });
  parsed?.prune();
  if (problems.length > 0) return { ok: false, problems: [...problems, ...result.problems] };
  return result;
}
