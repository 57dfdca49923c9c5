/** Printing model problems the same way from every command. */
import type { CliIo } from "./io.js";
import { EXIT } from "./io.js";
import { formatProblem, sortProblems, type Problem } from "../model/errors.js";

/** Prints every problem, one per line, then a summary; returns the error exit code. */
export function reportProblems(io: CliIo, problems: readonly Problem[], command: string, consequence = "nothing was written."): number {
  for (const p of sortProblems(problems)) io.err(`${formatProblem(p)}\n`);
  const files = new Set(problems.map((p) => p.file)).size;
  io.err(`samdrift ${command}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}; ${consequence}\n`);
  return EXIT.error;
}
