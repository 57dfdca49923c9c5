// The bare-cdktf floor: a plain cdktf program that emits the same stacks as a samdrift output folder
// (argv[2]) through generic resources, into argv[3]. Reading the folder is not timed; building the
// constructs and `app.synth()` are, and so is the process, as for samdrift. Prints the same JSON line as
// bench/measure.mjs. It is what any cdktf program producing this JSON must at least pay.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App, TerraformStack, TerraformResource } from "cdktf";

const [from, outdir] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(from, "manifest.json"), "utf8"));
const stacks = Object.keys(manifest.stacks).map((id) => ({ id, json: JSON.parse(readFileSync(join(from, "stacks", id, "cdk.tf.json"), "utf8")) }));

const started = process.hrtime.bigint();
const app = new App({ outdir, stackTraces: false, skipValidation: true });
for (const { id, json } of stacks) {
  const stack = new TerraformStack(app, id);
  // Backend, providers and the comment block, as plain overrides: samdrift writes them too.
  stack.addOverride("terraform", json.terraform);
  stack.addOverride("provider", json.provider);
  stack.addOverride("//", json["//"]);
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, attributes] of Object.entries(byName)) {
      const r = new TerraformResource(stack, name, { terraformResourceType: type });
      r.overrideLogicalId(name);
      for (const [key, value] of Object.entries(attributes)) if (key !== "//") r.addOverride(key, value);
    }
  }
}
app.synth();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stderr.write(`${JSON.stringify({ code: 0, seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
