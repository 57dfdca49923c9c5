/**
 * The file reading behind output/read.ts: every command that judges a synthesized output folder (check,
 * synth's policy gate, isolation, review) reads it here, once, and hands the parsed stacks to every
 * analysis that needs them.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SamdriftError } from "../model/errors.js";
import { readOutput, type SynthOutput } from "../output/read.js";
import { FEES_RECORD_FILE, parseFeesRecord, type FeesRecord } from "../output/fees.js";

export interface ReadOutputOptions {
  /** The path shown in messages and findings for an absolute path. */
  readonly shown: (absolute: string) => string;
  /** Added to the message when manifest.json cannot be read. @default - no hint */
  readonly manifestHint?: string;
  /** Files already in memory, by path in `dir`, as written there: used instead of reading them. @default - none */
  readonly texts?: ReadonlyMap<string, string>;
  /** Give each stack the digest a kept proof is keyed by (output/read.ts). @default false */
  readonly digests?: boolean;
}

/**
 * Reads `dir/manifest.json` and every stack it lists. Throws {@link SamdriftError} (FILE_UNREADABLE, or
 * INVALID_FIELD from output/read.ts) naming the file when something is missing or is not what
 * `samdrift synth` writes.
 */
export function readOutputFolder(dir: string, options: ReadOutputOptions): SynthOutput {
  const absolute = (path: string) => join(dir, path);
  return readOutput(
    {
      shown: (path) => options.shown(absolute(path)),
      read: (path) => {
        const known = options.texts?.get(path);
        if (known !== undefined) return known;
        try {
          return readFileSync(absolute(path), "utf8");
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          const hint = path === "manifest.json" ? (options.manifestHint ?? "") : "";
          const message = `${code === "ENOENT" ? "file not found" : `cannot read file (${code ?? "error"})`}${hint}`;
          throw new SamdriftError([{ code: "FILE_UNREADABLE", file: options.shown(absolute(path)), line: 1, col: 1, field: "", message }]);
        }
      },
    },
    { digests: options.digests === true },
  );
}

/** `dir/samdrift-fees.json`, or undefined for an output synthesized before samdrift wrote one. */
export function readFeesRecordFile(dir: string, shown: (absolute: string) => string): FeesRecord | undefined {
  const path = join(dir, FEES_RECORD_FILE);
  return existsSync(path) ? parseFeesRecord(readFileSync(path, "utf8"), shown(path)) : undefined;
}
