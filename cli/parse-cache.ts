/**
 * The parsed-file cache on disk (model/source.ts `ParsedStore`): what the YAML parser made of a file's
 * text (its data, where each field was written and, for a valid file, the value its schema made of it),
 * in `<cache>/parsed-v1/<key>`, keyed by the text and the code that parses and judges it. Parsing and
 * judging a thousand unchanged tenant files is most of the time it takes to load them.
 */
import { join } from "node:path";
import type { KeptParse, ParsedStore } from "../model/source.js";
import { isObject } from "../lib/json.js";
import { JsonEntries, codeIdentity } from "./cache.js";

/** Folders of the parsing and judging code: every module model/source.ts and model/model.ts import lies in them (test/parse-cache.test.ts). */
export const PARSE_CODE_DIRS = ["model", "lib"] as const;

/** Kept parses beyond this many are removed, oldest use first (a few generations of 1,000 tenant files). */
export const MAX_PARSED = 10_000;

/** The kept parses in `<dir>/parsed-v1`. */
export class DiskParsedStore extends JsonEntries<KeptParse> implements ParsedStore {
  readonly code = codeIdentity(PARSE_CODE_DIRS, ["yaml"]);

  constructor(dir: string) {
    super(join(dir, "parsed-v1"), (p) => isObject(p.data) && isObject(p.positions) && typeof p.contentsAt === "number" && Array.isArray(p.lineStarts));
  }

  override prune(max = MAX_PARSED): void {
    super.prune(max);
  }
}
