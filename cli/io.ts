/** What a command may touch of the outside world, passed in so tests can run commands in-process. */
export interface CliIo {
  /** Folder that relative paths in flags and messages are relative to. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  out(text: string): void;
  err(text: string): void;
}

/** A sub-command: takes its arguments (after the command name) and returns the exit code. */
export type Command = (args: readonly string[], io: CliIo) => Promise<number>;

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, error: 1, decisionNeeded: 2 } as const;
