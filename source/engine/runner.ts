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
  /** Its output is data for the wizard to read (a certificate in PEM), not progress: logged, on screen only with --verbose. */
  outputIsData?: boolean;
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

/** A process a run started, as the lock file records it. */
export interface ChildRecord {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: with the pid, it names one process even after the pid is reused. */
  startTime: string;
  /** Started in a process group of its own (pgid = pid): stopping it stops the whole group. */
  group: boolean;
  /** For the notice that says what was stopped: the command, redacted. */
  command: string;
}

/** Where a runner tells the children it starts and ends: the lock file of the run. */
export interface ChildRegistry {
  started(child: ChildRecord): void;
  ended(pid: number): void;
}

/** What the lock needs to know of other processes; the adapter reads /proc and sends the signals. */
export interface ProcessControl {
  /** The start time of a running process, undefined when there is none with that pid. */
  startTime(pid: number): string | undefined;
  /** Whether the process's command line is a pmf-wizard's. */
  isWizard(pid: number): boolean;
  /** Stops a recorded child if it is still that very process (same pid and start time); false when it was not running. */
  stop(child: ChildRecord): Promise<boolean>;
}

/** What a runner needs from the run it belongs to. */
export interface RunnerOptions {
  log: RunLog;
  redactor: Redactor;
  signal?: AbortSignal;
  /** Each output line, redacted, as it comes. */
  onLine?: (line: string) => void;
  /** Told of every process started, so that a run taking over a dead run's lock can stop them. */
  children?: ChildRegistry;
}

/** Makes runners; `processes` (when the factory runs real processes) lets the lock check and stop them. */
export type RunnerFactory = ((options: RunnerOptions) => Runner) & { processes?: ProcessControl };
