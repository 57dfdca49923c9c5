/**
 * Makes a `terraform show -json` plan reproducible for committing as a test fixture: the timestamp becomes
 * a fixed one, the random ids of terraform_data resources become numbered placeholders (the same id
 * always gets the same placeholder), and the temporary working folder is replaced by `<work>`.
 *
 *   npx tsx scripts/plan-fixtures/scrub.ts WORKDIR < plan.json > fixture.json
 */
import { readFileSync } from "node:fs";

const workdir = process.argv[2];
if (workdir === undefined) {
  process.stderr.write("usage: scrub.ts WORKDIR < plan.json > fixture.json\n");
  process.exit(1);
}
const ids = new Map<string, string>();
const uuid = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const scrub = (value: unknown): unknown => {
  if (typeof value === "string") {
    return value
      .split(workdir)
      .join("<work>")
      .replace(uuid, (id) => {
        if (!ids.has(id)) ids.set(id, `00000000-0000-0000-0000-${String(ids.size + 1).padStart(12, "0")}`);
        return ids.get(id)!;
      });
  }
  if (Array.isArray(value)) return value.map(scrub);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "timestamp" ? "2000-01-01T00:00:00Z" : scrub(v)]));
  }
  return value;
};
process.stdout.write(`${JSON.stringify(scrub(JSON.parse(readFileSync(0, "utf8"))), null, 2)}\n`);
