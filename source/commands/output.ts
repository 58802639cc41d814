import { exitCodeOf, InputError, WizardError } from '../engine/errors.js';
import { formatProblems } from '../ui/plain.js';

export interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** A line that stays only until the next output (undefined clears it): the terminal is not blank while the wizard loads. */
  status?: (text: string | undefined) => void;
}

/** Prints an expected error (no stack) and returns its exit code; anything else is a bug. */
export function reportError(error: unknown, io: Io, json: boolean): number {
  const exitCode = exitCodeOf(error);
  if (error instanceof InputError) {
    if (json) io.stdout(JSON.stringify({ type: 'input-error', message: error.message, problems: error.problems, exitCode }));
    else {
      io.stderr(`${error.message}:`);
      for (const line of formatProblems(error.problems)) io.stderr(line);
      io.stderr(error.fix);
    }
  } else if (error instanceof WizardError) {
    if (json) io.stdout(JSON.stringify({ type: 'error', message: error.message, fix: error.fix, exitCode }));
    else io.stderr(`${error.message}\n  fix: ${error.fix}`);
  } else {
    io.stderr(`pmf-wizard hit a bug: ${(error as Error).stack ?? String(error)}`);
  }
  return exitCode;
}
