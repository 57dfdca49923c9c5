/** Loading the hand-written isolation fixtures (and mutated copies of them) as parsed output. */
import { readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseManifest, parseStack, type SynthOutput } from "../../output/read.js";
import { analyseOutput } from "../../analysis/isolation.js";
import { isolationFindings } from "../../analysis/verdict.js";
import type { Finding } from "../../policies/finding.js";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
/** A clean site `lab`: tenants alpha (alpha-web, alpha-db) and beta (beta-api), one declared connection. */
export const LAB = join(REPO, "test", "fixtures", "isolation", "lab");

export type Path = readonly (string | number)[];
type Container = Record<string | number, unknown>;

const isContainer = (v: unknown): v is Container => typeof v === "object" && v !== null;

/** The value at `path`; throws when the path does not exist, so a mutation never silently misses. */
export function getAt(root: unknown, path: Path): unknown {
  let cur = root;
  for (const step of path) {
    if (!isContainer(cur) || !(step in cur)) throw new Error(`no ${String(step)} at ${path.join(".")}`);
    cur = cur[step];
  }
  return cur;
}

/** Sets (or, with `undefined`, deletes) the value at `path`; the parent must exist. */
export function setAt(root: unknown, path: Path, value: unknown): void {
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (!isContainer(parent)) throw new Error(`cannot set ${path.join(".")}`);
  if (value === undefined) delete parent[key];
  else parent[key] = value;
}

/** Appends to the list at `path`. */
export function pushAt(root: unknown, path: Path, value: unknown): void {
  const list = getAt(root, path);
  if (!Array.isArray(list)) throw new Error(`${path.join(".")} is not a list`);
  list.push(value);
}

const shown = (p: string): string => relative(REPO, p).split(sep).join("/");

/** Reads an output folder, lets `mutate` edit the stacks' JSON (keyed by stack name), and parses the result. */
export function loadOutput(dir: string, mutate?: (stacks: Record<string, unknown>) => void): SynthOutput {
  const manifest = parseManifest(shown(join(dir, "manifest.json")), readFileSync(join(dir, "manifest.json"), "utf8"));
  const json: Record<string, unknown> = Object.fromEntries(manifest.map((s) => [s.id, JSON.parse(readFileSync(join(dir, s.path), "utf8")) as unknown]));
  mutate?.(json);
  return { stacks: manifest.map((s) => parseStack(s.id, shown(join(dir, s.path)), JSON.stringify(json[s.id], null, 2))) };
}

export function findingsOf(output: SynthOutput): Finding[] {
  return isolationFindings(analyseOutput(output));
}

/** `RULE tenant field` per finding, for compact assertions on where findings point. */
export const where = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.rule} ${f.tenant} ${f.field}`);
