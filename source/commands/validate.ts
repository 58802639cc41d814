import path from 'node:path';
import { declarations } from '../../steps/declarations.js';
import { missingProblems, readAnswersFile, resolveAnswers } from '../engine/answers.js';
import { ExitCode, InputError } from '../engine/errors.js';
import type { StepDeclaration } from '../engine/lazy-step.js';
import { asKnownError } from '../engine/system-cause.js';
import { reportError, type Io } from './output.js';

/** `pmf-wizard validate FILE`: the offline check of an answers file; changes nothing. */
export function validateCommand(file: string, steps: StepDeclaration[], io: Io, json: boolean): number {
  const raw = readAnswersFile(file);
  const resolution = resolveAnswers(raw, steps, { baseDir: path.dirname(path.resolve(io.cwd, file)), env: io.env });
  const problems = [...resolution.problems, ...missingProblems(resolution.missing)];
  if (problems.length) throw new InputError(problems, `${file} is not valid`);
  if (json) io.stdout(JSON.stringify({ type: 'valid', file, warnings: resolution.warnings }));
  else {
    for (const warning of resolution.warnings) io.stderr(`warning: ${warning}`);
    io.stdout(`${file} is valid.`);
  }
  return ExitCode.ok;
}

/**
 * validateCommand as cli.tsx runs it, errors reported here: this module is bundled on its own
 * (scripts/build.mjs) with its own copy of the error classes, which cli.tsx would not know.
 */
export function validateMain(file: string, io: Io, json: boolean, steps: StepDeclaration[] = declarations): number {
  try {
    return validateCommand(file, steps, io, json);
  } catch (error) {
    return reportError(asKnownError(error), io, json);
  }
}
