import path from 'node:path';
import { missingProblems, readAnswersFile, resolveAnswers } from '../engine/answers.js';
import { ExitCode, InputError } from '../engine/errors.js';
import type { Step } from '../engine/step.js';
import type { Io } from './output.js';

/** `pmf-wizard validate FILE`: the offline check of an answers file; changes nothing. */
export function validateCommand(file: string, steps: Step[], io: Io, json: boolean): number {
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
