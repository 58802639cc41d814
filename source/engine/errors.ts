import type { SystemCauseKind } from './system-cause.js';

/** Exit codes, exactly as the design fixes them. */
export const ExitCode = {
  ok: 0,
  stepFailed: 1,
  badInput: 2,
  verifyFailed: 3,
  locked: 4,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the user can act on: it carries the fix and never shows a stack.
 * Anything that is not a WizardError is a bug and is shown with its stack.
 */
export class WizardError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly fix: string;
  constructor(message: string, fix: string, exitCode: ExitCodeValue) {
    super(message);
    this.name = new.target.name;
    this.fix = fix;
    this.exitCode = exitCode;
  }
}

/**
 * The one mapping of an error to an exit code: an error the user can act on carries its own;
 * anything else is a failed run (1): a bug in pmf-wizard, or a file error of its own that
 * `asKnownError` (system-cause.ts) turns into a sentence before it is shown.
 */
export function exitCodeOf(error: unknown): ExitCodeValue {
  return error instanceof WizardError ? error.exitCode : ExitCode.stepFailed;
}

/** One bad or missing field of the answers, with its JSON path and the fix. */
export interface FieldProblem {
  path: string;
  message: string;
  fix: string;
  /** The prompt of the question the path belongs to (questions.ts `namingQuestions`): how the person was asked. */
  question?: string;
  /** The problem and its fix as the question says them (no answers-file keys): what a person at the terminal reads. */
  atTheQuestion?: string;
}

/** Bad input: every problem at once, exit 2, nothing changed. */
export class InputError extends WizardError {
  readonly problems: FieldProblem[];
  constructor(problems: FieldProblem[], heading = 'The answers are not valid') {
    super(
      `${heading}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
      'Correct the fields listed above and run the same command again; nothing was changed.',
      ExitCode.badInput,
    );
    this.problems = problems;
  }
}

export class UsageError extends WizardError {
  constructor(message: string, fix: string) {
    super(message, fix, ExitCode.badInput);
  }
}

/** A step failed: names the command, the tail of its output and the fix. */
export class StepFailure extends WizardError {
  readonly command?: string;
  readonly outputTail?: string;
  constructor(message: string, fix: string, details: { command?: string; outputTail?: string } = {}) {
    super(message, fix, ExitCode.stepFailed);
    this.command = details.command;
    this.outputTail = details.outputTail;
  }
}

/**
 * What an adapter raises when a command, socket or file does not do what was asked: the command,
 * its output tail, and a kind a step can act on. Its fix speaks of commands and files only; the
 * step that knows which answer led there turns it into the fix in the user's words (`fixedBy`).
 * `systemCause` marks a full disk, a read-only file system or a missing permission (system-cause.ts).
 */
export class ExternalError<K extends string = string> extends StepFailure {
  readonly kind: K;
  readonly systemCause?: SystemCauseKind;
  constructor(kind: K, message: string, details: { command?: string; outputTail?: string; fix?: string; systemCause?: SystemCauseKind } = {}) {
    super(message, details.fix ?? 'Read the command output above, correct the cause, then run again.', details);
    this.kind = kind;
    this.systemCause = details.systemCause;
  }
}

export type FixTable<K extends string = string> = Partial<Record<K, (error: ExternalError<K>) => string>>;

/**
 * The same failure with the step's fix for its kind; any other error passes unchanged, and so
 * does a full disk, a read-only file system or a missing permission: its fix is on the machine,
 * whatever the step would say of the kind.
 */
export function withFix<K extends string>(error: unknown, fixes: FixTable<K>): unknown {
  if (!(error instanceof ExternalError) || error.systemCause) return error;
  const fix = fixes[error.kind as K]?.(error as ExternalError<K>);
  return fix === undefined ? error : new StepFailure(error.message, fix, { command: error.command, outputTail: error.outputTail });
}

/** Runs adapter work and rethrows its ExternalError with the step's fix for that kind. */
export async function fixedBy<T, K extends string>(work: Promise<T>, fixes: FixTable<K>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw withFix(error, fixes);
  }
}

export class LockHeldError extends WizardError {
  readonly pid: number;
  constructor(pid: number, lockPath: string) {
    super(
      `Another pmf-wizard run (pid ${pid}) holds the lock ${lockPath}`,
      `Wait for pid ${pid} to finish, or stop it, then run again.`,
      ExitCode.locked,
    );
    this.pid = pid;
  }
}

export class InterruptedError extends WizardError {
  constructor() {
    super('Interrupted', 'Run again with --resume to continue where it stopped.', ExitCode.interrupted);
  }
}

/**
 * Not a failure: the run waits for someone else (a DBA) and stops with exit 0.
 * The message says what to do and how to resume.
 */
export class PauseRun extends Error {
  readonly instructions: string;
  constructor(message: string, instructions: string) {
    super(message);
    this.name = 'PauseRun';
    this.instructions = instructions;
  }
}
