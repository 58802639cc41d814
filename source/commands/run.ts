import path from 'node:path';
import { thisInvocation } from '../adapters/invocation.js';
import { shellWord } from '../adapters/process.js';
import { missingProblems, readAnswersFile, resolveAnswers, type Resolution } from '../engine/answers.js';
import { checkpointToResume, loadCheckpoint, nothingToResumeNotice } from '../engine/checkpoint.js';
import { ExitCode, InputError, UsageError } from '../engine/errors.js';
import { runSteps, type RunResult } from '../engine/machine.js';
import { checkStateDir } from '../engine/state-dir.js';
import type { PartialAnswers } from '../engine/questions.js';
import type { Step } from '../engine/step.js';
import { nextStepsOf } from '../farm/next-steps.js';
import { nextStepsLines } from '../ui/next-steps-lines.js';
import { ndjsonReporter, plainColumns, plainReporter } from '../ui/plain.js';
import { steps as productSteps } from '../../steps/index.js';
import { asKnownError } from '../engine/system-cause.js';
import { reportError, type Io } from './output.js';
import { runnerFor } from './runner.js';

export interface RunFlags {
  answers?: string;
  resume: boolean;
  dryRun: boolean;
  state: string;
  json: boolean;
  yes: boolean;
  /** Every command's output on the screen, not only in the log file. */
  verbose?: boolean;
}

/** The command a person types to pick up where this run stops; `invocation` is how pmf-wizard was started. */
export function resumeCommand(flags: RunFlags, invocation: string): string {
  const parts = [invocation];
  if (flags.answers) parts.push('--answers', shellWord(flags.answers));
  parts.push('--state', shellWord(flags.state), '--resume');
  return parts.join(' ');
}

interface Ending {
  result: RunResult;
  resolution: Resolution;
  stateDir: string;
  answersFile?: string;
  invocation: string;
  json: boolean;
}

/** A run that built the farm (exit 0, or 3: built but not verified) ends with what to do next; so does one with nothing to do. */
function printNextSteps({ result, resolution, stateDir, answersFile, invocation, json }: Ending, io: Io): void {
  if (result.status !== 'done' && result.exitCode !== ExitCode.verifyFailed) return;
  const next = nextStepsOf(resolution, { stateDir, logFile: result.logFile, answersFile, invocation });
  if (!next) return;
  if (json) io.stdout(JSON.stringify({ time: new Date().toISOString(), type: 'next-steps', ...next }));
  else for (const line of nextStepsLines(next)) io.stdout(line);
}

export async function runCommand(given: RunFlags, steps: Step[], io: Io, signal: AbortSignal): Promise<number> {
  let flags = given;
  const invocation = thisInvocation(io.env);
  const stateDir = path.resolve(io.cwd, flags.state);
  checkStateDir(stateDir);
  const interactiveTerminal = io.isTTY && !flags.json && !io.env.CI;
  if (!flags.answers && !flags.resume && !interactiveTerminal) {
    throw new UsageError(
      'No answers: this is not an interactive terminal, so pmf-wizard cannot ask its questions',
      `Pass --answers FILE for an unattended run (\`${invocation} schema\` describes it; fixtures/answers/ has examples), or run it in a terminal.`,
    );
  }
  let raw: PartialAnswers = {};
  let baseDir = io.cwd;
  if (flags.answers) {
    raw = readAnswersFile(path.resolve(io.cwd, flags.answers)) as PartialAnswers;
    baseDir = path.dirname(path.resolve(io.cwd, flags.answers));
  } else if (flags.resume && (loadCheckpoint(stateDir) || !interactiveTerminal)) {
    raw = checkpointToResume(stateDir).answers;
  } else if (flags.resume) {
    // A crash before the first checkpoint left nothing to resume: in a terminal, a fresh run asks everything.
    io.stdout(`notice: ${nothingToResumeNotice(stateDir)}`);
    flags = { ...flags, resume: false };
  }

  const resolution = resolveAnswers(raw, steps, { baseDir, env: io.env });
  const canAsk = interactiveTerminal;
  // In a terminal without an answers file the form asks again for every bad value (a default
  // that does not fit this machine, say); an answers file that is wrong is an input error.
  const formFixesProblems = canAsk && !flags.answers;
  if ((resolution.problems.length && !formFixesProblems) || (resolution.missing.length && !canAsk)) {
    const problems = [...resolution.problems, ...(canAsk ? [] : missingProblems(resolution.missing))];
    // As validate says it: a problem of the whole file (not an object) is named by the file.
    throw new InputError(problems, flags.answers ? `${flags.answers} is not valid` : undefined);
  }
  if (canAsk && (!flags.answers || resolution.missing.length)) {
    const { runInteractive } = await import('./interactive.js');
    io.status?.(undefined);
    return runInteractive({ steps, raw, baseDir, stateDir, flags, env: io.env, resumeCommand: resumeCommand(flags, invocation), signal, resumeAsked: given.resume });
  }
  const emit = flags.json ? ndjsonReporter(io.stdout) : plainReporter(io.stdout, { resumeCommand: resumeCommand(flags, invocation), verbose: flags.verbose, columns: plainColumns(io.env) });
  const result = await runSteps({ steps, resolution, stateDir, dryRun: flags.dryRun, resume: flags.resume, emit, signal, runnerFor });
  const answersFile = flags.answers ? path.resolve(io.cwd, flags.answers) : undefined;
  printNextSteps({ result, resolution, stateDir, answersFile, invocation, json: flags.json }, io);
  return result.exitCode;
}

/**
 * runCommand as cli.tsx runs it, errors reported here: this module is bundled apart from cli.tsx
 * (scripts/build.mjs), with its own copy of the error classes, which cli.tsx would not know.
 */
export async function runMain(flags: RunFlags, io: Io, signal: AbortSignal, steps: Step[] = productSteps): Promise<number> {
  try {
    return await runCommand(flags, steps, io, signal);
  } catch (error) {
    return reportError(asKnownError(error), io, flags.json);
  }
}
