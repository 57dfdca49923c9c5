// Runs one samdrift command in this process, from the compiled build in dist/ (as `samdrift` runs), and
// prints, as JSON on the last line of stderr, its exit code, wall seconds and peak resident memory. Used by
// bench/synth.bench.ts so that the figure is the command's own.
import { main } from "../dist/cli/main.js";

const started = process.hrtime.bigint();
let out = "";
const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  out: (s) => void (out += s),
  err: (s) => void process.stderr.write(s),
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stderr.write(`${JSON.stringify({ code, seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), out: out.trim().slice(0, 2000) })}\n`);
process.exitCode = code;
