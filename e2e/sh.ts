/**
 * Processes for the end-to-end test: commands that must succeed, commands whose output is read, and
 * servers that run in the background with their output in a log file. Every server started is recorded,
 * so that `stopAll` ends them on every way out (the run also lives in its own PID namespace, where the
 * kernel ends whatever is left when it exits).
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncOptions } from "node:child_process";
import { openSync, closeSync, readFileSync, existsSync } from "node:fs";

export type Log = (line: string) => void;

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string;
  /** Milliseconds. @default 10 minutes */
  readonly timeout?: number;
}

export interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: Result,
  ) {
    super(`${command} exited ${result.code}:\n${tail(result.stderr || result.stdout, 40)}`);
  }
}

const tail = (text: string, lines: number): string => text.trimEnd().split("\n").slice(-lines).join("\n");

function spawnOptions(o: RunOptions): SpawnSyncOptions {
  return {
    cwd: o.cwd,
    env: o.env ?? process.env,
    input: o.input,
    timeout: o.timeout ?? 600_000,
    maxBuffer: 256 * 1024 * 1024,
    encoding: "utf8",
  };
}

/** Runs a command and returns how it ended, whatever the exit code. */
export function exec(command: string, args: readonly string[], o: RunOptions = {}): Result {
  const r = spawnSync(command, args, spawnOptions(o));
  if (r.error) throw new Error(`${command}: ${r.error.message}`);
  return { code: r.status ?? 128, stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? "") };
}

/** Runs a command with its output passed through; throws unless it exits 0. */
export function run(command: string, args: readonly string[], o: RunOptions = {}): void {
  const r = spawnSync(command, args, { ...spawnOptions(o), stdio: ["ignore", "inherit", "inherit"] });
  if (r.error) throw new Error(`${command}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.status ?? r.signal}`);
}

/** Runs a command and returns its standard output; throws unless it exits 0. */
export function capture(command: string, args: readonly string[], o: RunOptions = {}): string {
  const r = exec(command, args, o);
  if (r.code !== 0) throw new CommandError(`${command} ${args.join(" ")}`, r);
  return r.stdout;
}

export interface Server {
  readonly name: string;
  readonly log: string;
  readonly process: ChildProcess;
  exited(): boolean;
}

const servers: Server[] = [];

/** Starts a server in the background, its output appended to `log`. */
export function startServer(name: string, command: string, args: readonly string[], log: string, o: RunOptions = {}): Server {
  const fd = openSync(log, "a");
  const child = spawn(command, args, { cwd: o.cwd, env: o.env ?? process.env, stdio: ["ignore", fd, fd], detached: false });
  closeSync(fd);
  let done = false;
  child.on("exit", () => {
    done = true;
  });
  child.on("error", () => {
    done = true;
  });
  const server: Server = { name, log, process: child, exited: () => done };
  servers.push(server);
  return server;
}

/** Ends every server started, newest first: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopAll(graceMs = 5000): Promise<void> {
  const running = servers.splice(0).reverse().filter((s) => !s.exited());
  for (const s of running) s.process.kill("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (running.some((s) => !s.exited()) && Date.now() < deadline) await sleep(100);
  for (const s of running) if (!s.exited()) s.process.kill("SIGKILL");
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `ready()` is true; fails with the server's log tail if it exits or time runs out. */
export async function waitFor(server: Server | undefined, what: string, ready: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server?.exited()) throw new Error(`${server.name} exited while waiting for ${what}:\n${logTail(server.log)}`);
    try {
      if (await ready()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${server ? `:\n${logTail(server.log)}` : ""}`);
    await sleep(250);
  }
}

export function logTail(file: string, lines = 30): string {
  return existsSync(file) ? tail(readFileSync(file, "utf8"), lines) : "(no log)";
}
