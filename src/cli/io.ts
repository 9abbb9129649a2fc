// What a CLI command may touch, passed in so tests can run commands in-process and capture output.
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The whole of standard input (only read when a command needs it). */
  readStdin(): Promise<string>;
  /** Whether standard input is a terminal (then a command that would read it prints usage instead). */
  stdinIsTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Exit codes shared by every command (ARCHITECTURE.md). */
export const exitCode = { ok: 0, problems: 1, usage: 2 } as const;

/** A usage error: the message is printed on one line and the process exits with code 2. */
export class UsageError extends Error {}
