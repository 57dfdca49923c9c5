/**
 * `samdrift register [--format json|csv|markdown] [--date YYYY-MM-DD]`: the supplier's register for the
 * coordinating agency; `samdrift register merge A.json B.json ...`: several suppliers' registers as the
 * national view. Each register read is validated against the register schema first, and a problem names
 * the file, line and field. See docs/commands.md.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "./io.js";
import { EXIT } from "./io.js";
import { INPUT_FLAGS, parse, usage, type CommandSpec, type Flags } from "./args.js";
import { reportProblems } from "./report.js";
import { displayPath, loadModel } from "./inputs.js";
import type { Problem } from "../model/errors.js";
import { parseYaml } from "../model/source.js";
import { isCalendarDate } from "../model/primitives.js";
import { feeBooks } from "../fees/price.js";
import { buildRegister } from "../register/build.js";
import { mergeRegisters, type NamedRegister } from "../register/merge.js";
import { REGISTER_FORMATS, renderNationalView, renderRegister, type RegisterFormat } from "../register/render.js";
import { registerSchema } from "../register/schema.js";

const { tenants, catalogue } = INPUT_FLAGS;

const SPEC = {
  name: "register",
  usage: "[flags]  |  samdrift register merge A.json B.json ... [--format F]",
  positionals: true,
  flags: {
    tenants,
    catalogue,
    date: { type: "string", value: "YYYY-MM-DD", help: "the day the register describes; prices in force that day (default: today, in UTC)" },
    format: { type: "string", value: "FORMAT", help: `${REGISTER_FORMATS.join(", ")} (default: json)` },
  },
} as const satisfies CommandSpec<Flags>;

export const register: Command = async (args, io) => {
  const { values, positionals } = parse(SPEC, args);
  const format = values.format ?? "json";
  if (!(REGISTER_FORMATS as readonly string[]).includes(format)) throw usage(`register: --format must be one of ${REGISTER_FORMATS.join(", ")}, not "${format}"`);
  const [sub, ...files] = positionals;
  if (sub === "merge") {
    if (values.date !== undefined || values.tenants !== undefined || values.catalogue !== undefined) {
      throw usage("register merge: reads registers only; --date, --tenants and --catalogue belong to samdrift register");
    }
    if (files.length === 0) throw usage("register merge: name the registers to merge, e.g. samdrift register merge fk.json skv.json");
    const problems: Problem[] = [];
    const registers = files.flatMap((f) => readRegister(io.cwd, f, problems));
    if (problems.length > 0) return reportProblems(io, problems, "register merge", "registers are merged once every one is valid (see schema/register.schema.json).");
    io.out(renderNationalView(mergeRegisters(registers), format as RegisterFormat));
    return EXIT.ok;
  }
  if (sub !== undefined) throw usage(`register: unexpected argument "${sub}"; the only sub-command is merge`);
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  if (!isCalendarDate(date)) throw usage(`register: --date must be a date written YYYY-MM-DD, not "${date}"`);
  const loaded = loadModel(io.cwd, { catalogueDir: values.catalogue, tenantsDir: values.tenants });
  if (!loaded.ok) return reportProblems(io, loaded.problems, "register", "the register is written once the files are valid.");
  io.out(renderRegister(buildRegister(loaded.value, feeBooks(loaded.value.catalogue.fees), date), format as RegisterFormat));
  return EXIT.ok;
};

/** One register file, parsed and validated against the register schema; problems carry file, line and field. */
function readRegister(cwd: string, file: string, problems: Problem[]): NamedRegister[] {
  const path = displayPath(cwd, resolve(cwd, file));
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problems.push({ code: "FILE_UNREADABLE", file: path, line: 1, col: 1, field: "", message: code === "ENOENT" ? "register file not found" : `cannot read the register (${code ?? "error"})` });
    return [];
  }
  // JSON is YAML: the model's parser gives every problem its line and field, in the model's words.
  const parsed = parseYaml(path, text, registerSchema);
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return [];
  }
  return [{ source: path, register: parsed.parsed.value }];
}
