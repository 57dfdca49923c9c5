/**
 * Makes a `terraform show -json` plan reproducible for committing as a test fixture: the timestamp becomes
 * a fixed one, random ids (UUIDs) become numbered placeholders (the same id always gets the same
 * placeholder), Vault mount accessors become `auth_<type>_00000001`-style placeholders, and the temporary
 * working folder is replaced by `<work>`. Used by make.sh and by the end-to-end deploy (`--save-plans`).
 *
 *   npx tsx scripts/plan-fixtures/scrub.ts WORKDIR < plan.json > fixture.json
 */
import { readFileSync } from "node:fs";

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const ACCESSOR = /\bauth_([a-z]+)_[0-9a-f]{8}\b/g;

export function scrubPlan(text: string, workdir: string): string {
  const ids = new Map<string, string>();
  const placeholder = (id: string, make: (n: number) => string) => {
    if (!ids.has(id)) ids.set(id, make(ids.size + 1));
    return ids.get(id)!;
  };
  const scrub = (value: unknown): unknown => {
    if (typeof value === "string") {
      return value
        .split(workdir)
        .join("<work>")
        .replace(UUID, (id) => placeholder(id, (n) => `00000000-0000-0000-0000-${String(n).padStart(12, "0")}`))
        .replace(ACCESSOR, (id, type: string) => placeholder(id, (n) => `auth_${type}_${String(n).padStart(8, "0")}`));
    }
    if (Array.isArray(value)) return value.map(scrub);
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "timestamp" ? "2000-01-01T00:00:00Z" : scrub(v)]));
    }
    return value;
  };
  return `${JSON.stringify(scrub(JSON.parse(text)), null, 2)}\n`;
}

if (process.argv[1] !== undefined && /scrub\.ts$/.test(process.argv[1])) {
  const workdir = process.argv[2];
  if (workdir === undefined) {
    process.stderr.write("usage: scrub.ts WORKDIR < plan.json > fixture.json\n");
    process.exit(1);
  }
  process.stdout.write(scrubPlan(readFileSync(0, "utf8"), workdir));
}
