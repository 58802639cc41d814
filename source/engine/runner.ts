import type { RunLog } from './log.js';
import type { Redactor } from './redact.js';

export interface CommandSpec {
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Written to the child's stdin: the way to hand it a secret without argv. */
  input?: string;
  timeoutMs?: number;
}

export interface CommandResult {
  exitCode: number;
  /** stdout and stderr interleaved, as a person would have seen them. */
  output: string;
  stdout: string;
  stderr: string;
}

/**
 * What steps and adapters run commands through. The engine names it; an adapter implements
 * it and the command that starts a run hands one to the machine, so the engine runs nothing.
 */
export interface Runner {
  /** A non-zero exit is a result, not an exception: the caller decides what it means. */
  run(spec: CommandSpec): Promise<CommandResult>;
}

/** What a runner needs from the run it belongs to. */
export interface RunnerOptions {
  log: RunLog;
  redactor: Redactor;
  signal?: AbortSignal;
  /** Each output line, redacted, as it comes. */
  onLine?: (line: string) => void;
}

export type RunnerFactory = (options: RunnerOptions) => Runner;
