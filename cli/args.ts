/** Flag parsing shared by the commands, with errors a user can act on. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { SamdriftError } from "../model/errors.js";
import type { Model } from "../model/model.js";
import { isCalendarDate } from "../model/primitives.js";

export type Options = NonNullable<ParseArgsConfig["options"]>;

/** Flags of every command that reads tenant and catalogue files. */
export const INPUT_OPTIONS = {
  tenants: { type: "string" },
  catalogue: { type: "string" },
  only: { type: "string" },
  /** The base branch's tenants folder (a pull request's check): a name claimed twice is blamed on the newcomer. */
  "base-tenants": { type: "string" },
} as const satisfies Options;

export function parse<O extends Options>(command: string, args: readonly string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (e) {
    const allowed = Object.keys(options).map((k) => `--${k}`).join(", ");
    throw usage(`${command}: ${(e as Error).message.split("\n")[0]} (flags: ${allowed || "none"})`);
  }
}

export function usage(message: string): SamdriftError {
  return new SamdriftError([{ code: "USAGE", file: "<command line>", line: 1, col: 1, field: "", message }]);
}

/** `--only a,b` as a list of tenant ids. */
export const onlyList = (value: string | undefined): string[] | undefined =>
  value === undefined ? undefined : value.split(",").map((s) => s.trim()).filter((s) => s !== "");

/** `--today YYYY-MM-DD` (for reproducible runs and tests), else today's date in UTC. */
export function todayOf(command: string, value: string | undefined): string {
  const today = value ?? new Date().toISOString().slice(0, 10);
  if (!isCalendarDate(today)) throw usage(`${command}: --today must be a date written YYYY-MM-DD, not "${today}"`);
  return today;
}

/** Every id in `--only` must be a tenant; a typo must not process nothing and report success. */
export function checkOnly(command: string, model: Model, only: string[] | undefined): string[] | undefined {
  if (!only) return undefined;
  const known = model.tenants.map((e) => e.tenant.id);
  const unknown = only.filter((id) => !known.includes(id));
  if (only.length === 0) throw usage(`${command}: --only needs at least one tenant id`);
  if (unknown.length > 0) throw usage(`${command}: --only names unknown tenant(s): ${unknown.join(", ")}; tenants are: ${known.join(", ")}`);
  return only;
}
