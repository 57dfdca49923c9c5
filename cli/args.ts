/** Flag parsing shared by the commands, with errors a user can act on. */
import { parseArgs } from "node:util";
import { SamdriftError } from "../model/errors.js";
import type { Model } from "../model/model.js";
import { isCalendarDate } from "../model/primitives.js";

/**
 * One flag of a command: its type, what its value is called in the usage (`DIR`), and one line of help
 * that ends with the default. The help text is the only place the flag is described.
 */
export interface Flag {
  readonly type: "string" | "boolean";
  /** The value's name in the usage, e.g. `DIR`. @default - none (a boolean flag) */
  readonly value?: string;
  /** One line: what the flag does, and its default. */
  readonly help: string;
}

export type Flags = Readonly<Record<string, Flag>>;

/** A command's flags and how it is called, for parsing and for `samdrift <command> --help`. */
export interface CommandSpec<F extends Flags> {
  readonly name: string;
  /** What follows `samdrift <name>`, e.g. `<id> --supplier S [flags]`. @default "[flags]" */
  readonly usage?: string;
  readonly flags: F;
  /** Whether the command takes arguments besides flags. @default false */
  readonly positionals?: boolean;
}

/** Flags of every command that reads tenant and catalogue files. */
export const INPUT_FLAGS = {
  tenants: { type: "string", value: "DIR", help: "folder of tenant files (default: tenants)" },
  catalogue: { type: "string", value: "DIR", help: "folder of the catalogue: suppliers, sites, services (default: catalogue)" },
  only: { type: "string", value: "T1,T2", help: "only these tenants (default: every tenant)" },
  "base-tenants": {
    type: "string",
    value: "DIR",
    help: "the base branch's tenants folder: a name claimed twice is blamed on the newcomer (default: none)",
  },
} as const satisfies Flags;

/** `--today`, the date exceptions are judged against. */
export const TODAY_FLAG = {
  today: { type: "string", value: "YYYY-MM-DD", help: "date exceptions are judged against (default: today, in UTC)" },
} as const satisfies Flags;

/** `--no-cache`, for the commands that synthesize (cli/synth-cache.ts). */
export const CACHE_FLAG = {
  "no-cache": { type: "boolean", help: "build every stack, and keep none in the stack cache (default: copy unchanged stacks from $SAMDRIFT_CACHE, else ~/.cache/samdrift)" },
} as const satisfies Flags;

/** Thrown by {@link parse} for `--help` or `-h`: the entry point prints the text and exits 0. */
export class HelpRequested extends Error {
  constructor(readonly text: string) {
    super("help requested");
    this.name = "HelpRequested";
  }
}

/** The usage of a command: its call, then its flags one a line with their defaults. */
export function helpText<F extends Flags>(spec: CommandSpec<F>): string {
  const rows = [
    ...Object.entries(spec.flags).map(([name, f]) => [`--${name}${f.value ? ` ${f.value}` : ""}`, f.help] as const),
    ["-h, --help", "print this help"] as const,
  ];
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `Usage: samdrift ${spec.name} ${spec.usage ?? "[flags]"}`,
    "",
    "Flags:",
    ...rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`),
    "",
  ].join("\n");
}

type ParseArgsOptions<F extends Flags> = { [K in keyof F]: { type: F[K]["type"] } };
type ParseConfig<F extends Flags> = { args: string[]; options: ParseArgsOptions<F>; allowPositionals: boolean; strict: true };
/** The flags' values (typed by the spec) and the positional arguments. */
export type Parsed<F extends Flags> = ReturnType<typeof parseArgs<ParseConfig<F>>>;

/** Parses a command's arguments; `--help` anywhere before `--` asks for its usage instead. */
export function parse<F extends Flags>(spec: CommandSpec<F>, args: readonly string[]): Parsed<F> {
  const beforeDashes = args.includes("--") ? args.slice(0, args.indexOf("--")) : args;
  if (beforeDashes.some((a) => a === "--help" || a === "-h")) throw new HelpRequested(helpText(spec));
  const options = Object.fromEntries(Object.entries(spec.flags).map(([k, f]) => [k, { type: f.type }])) as ParseArgsOptions<F>;
  try {
    const config: ParseConfig<F> = { args: [...args], options, allowPositionals: spec.positionals ?? false, strict: true };
    return parseArgs(config);
  } catch (e) {
    throw usage(`${spec.name}: ${parseErrorText(spec, e)}; samdrift ${spec.name} --help lists its flags`);
  }
}

/** node:util's parse errors, in our words. */
function parseErrorText<F extends Flags>(spec: CommandSpec<F>, e: unknown): string {
  const { code, message } = e as { code?: string; message: string };
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? "";
  const flag = quoted.split(" ")[0] ?? quoted;
  const name = flag.replace(/^-+/, "");
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const near = Object.keys(spec.flags).filter((k) => k.startsWith(name) || name.startsWith(k));
      const flags = Object.keys(spec.flags).map((k) => `--${k}`).join(", ");
      return `unknown flag ${flag}${near.length > 0 ? ` (did you mean ${near.map((k) => `--${k}`).join(" or ")}?)` : ""}; flags are: ${flags || "none"}`;
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return spec.flags[name]?.type === "boolean" ? `${flag} takes no value` : `${flag} needs a value${spec.flags[name]?.value ? ` (${spec.flags[name].value})` : ""}`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument "${quoted}": this command takes flags only`;
    default:
      throw e;
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
