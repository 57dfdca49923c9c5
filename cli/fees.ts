/**
 * `samdrift fees [--month YYYY-MM] [--forecast N] [--format text|markdown|json|csv]`: what every tenant
 * pays its supplier in a month, line by line, from the fee files in `<catalogue>/fees/` and the tenant
 * files; with `--forecast N`, each tenant's yearly fees for N calendar years. See docs/fees.md.
 */
import type { Command } from "./io.js";
import { EXIT } from "./io.js";
import { INPUT_FLAGS, checkOnly, onlyList, parse, usage, type CommandSpec, type Flags } from "./args.js";
import { reportProblems } from "./report.js";
import { loadModel } from "./inputs.js";
import { feeBooks } from "../fees/price.js";
import { feeForecast, feeStatement } from "../fees/statement.js";
import { FEE_FORMATS, renderFees, renderForecast, type FeeFormat } from "../fees/render.js";
import { MONTH } from "../fees/months.js";

const SPEC = {
  name: "fees",
  flags: {
    ...INPUT_FLAGS,
    month: { type: "string", value: "YYYY-MM", help: "the month to price (default: this month, in UTC)" },
    forecast: { type: "string", value: "N", help: "yearly fees for N calendar years from the month's year, 1 to 10, instead of the month (default: none)" },
    format: { type: "string", value: "FORMAT", help: `${FEE_FORMATS.join(", ")} (default: text)` },
  },
} as const satisfies CommandSpec<Flags>;

export const fees: Command = async (args, io) => {
  const { values } = parse(SPEC, args);
  const month = values.month ?? new Date().toISOString().slice(0, 7);
  if (!MONTH.test(month)) throw usage(`fees: --month must be a month written YYYY-MM, not "${month}"`);
  const format = values.format ?? "text";
  if (!(FEE_FORMATS as readonly string[]).includes(format)) throw usage(`fees: --format must be one of ${FEE_FORMATS.join(", ")}, not "${format}"`);
  const years = values.forecast === undefined ? undefined : Number(values.forecast);
  if (years !== undefined && !(Number.isInteger(years) && years >= 1 && years <= 10)) throw usage(`fees: --forecast must be a whole number of years from 1 to 10, not "${values.forecast}"`);

  const loaded = loadModel(io.cwd, { catalogueDir: values.catalogue, tenantsDir: values.tenants, baseTenantsDir: values["base-tenants"] });
  if (!loaded.ok) return reportProblems(io, loaded.problems, "fees", "fees are priced once the files are valid.");
  const model = loaded.value;
  const only = checkOnly("fees", model, onlyList(values.only));
  const tenants = model.tenants.map((e) => e.tenant).filter((t) => !only || only.includes(t.id));
  const books = feeBooks(model.catalogue.fees);
  if (years !== undefined) {
    io.out(renderForecast(feeForecast(tenants, books, month, years), format as FeeFormat));
    return EXIT.ok;
  }
  const statement = feeStatement(tenants, books, month);
  io.out(renderFees(statement, format as FeeFormat));
  for (const t of statement.tenants) {
    if (t.unpriced.length > 0) io.err(`samdrift fees: tenant ${t.id} uses ${t.unpriced.join(", ")}, which ${t.supplier}'s schedule in force in ${month} does not price (FIN-003)\n`);
  }
  if (statement.withoutFees.length > 0) io.err(`samdrift fees: no fee file for the supplier of ${statement.withoutFees.join(", ")}; add catalogue/fees/<supplier>.yaml\n`);
  return EXIT.ok;
};
