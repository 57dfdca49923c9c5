/** Flag parsing shared by the commands, with errors a user can act on. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { SamdriftError } from "../model/errors.js";

export type Options = NonNullable<ParseArgsConfig["options"]>;

/** Flags of every command that reads tenant and catalogue files. */
export const INPUT_OPTIONS = {
  tenants: { type: "string" },
  catalogue: { type: "string" },
  only: { type: "string" },
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
