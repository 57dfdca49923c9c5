/**
 * The entry point's file reading: catalogue and tenant folders into file texts, then into the model.
 * This is the only place (with the synth writer) that touches the file system.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { buildModel, type InputFile, type Model, type Result } from "../model/model.js";
import type { Problem } from "../model/errors.js";
import { MAX_FILE_BYTES } from "../model/source.js";

export interface InputDirs {
  /** @default "catalogue" */
  readonly catalogueDir?: string;
  /** @default "tenants" */
  readonly tenantsDir?: string;
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

/** Tenant files: every `*.yaml`/`*.yml` directly in the folder, sorted by name. */
export function listTenantFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && /\.ya?ml$/.test(d.name))
    .map((d) => d.name)
    .sort()
    .map((name) => join(dir, name));
}

/** Reads the catalogue and every tenant file and builds the validated model. */
export function loadModel(cwd: string, dirs: InputDirs = {}): Result<Model> {
  const catalogueDir = resolve(cwd, dirs.catalogueDir ?? "catalogue");
  const tenantsDir = resolve(cwd, dirs.tenantsDir ?? "tenants");
  const problems: Problem[] = [];
  const read = (name: string) => readInput(cwd, join(catalogueDir, name), problems);
  const suppliers = read("suppliers.yaml");
  const sites = read("sites.yaml");
  const services = read("services.yaml");
  let tenantPaths: string[] = [];
  try {
    tenantPaths = listTenantFiles(tenantsDir);
  } catch {
    problems.push({ code: "FILE_UNREADABLE", file: displayPath(cwd, tenantsDir), line: 1, col: 1, field: "", message: "tenants folder not found" });
  }
  const tenants = tenantPaths.map((p) => readInput(cwd, p, problems)).filter((f): f is InputFile => f !== undefined);
  if (!suppliers || !sites || !services) return { ok: false, problems };
  const result = buildModel({ suppliers, sites, services }, tenants);
  if (problems.length > 0) return { ok: false, problems: [...problems, ...result.problems] };
  return result;
}
