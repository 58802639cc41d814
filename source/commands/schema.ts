import { declarations } from '../../steps/declarations.js';
import { ExitCode } from '../engine/errors.js';
import type { StepDeclaration } from '../engine/lazy-step.js';
import { answersJsonSchema } from '../engine/schema.js';
import { asKnownError } from '../engine/system-cause.js';
import { reportError, type Io } from './output.js';

/**
 * `pmf-wizard schema`: the JSON Schema of the answers file on stdout. Errors are reported here,
 * as in validateMain: this module is bundled on its own too (scripts/build.mjs).
 */
export function schemaMain(io: Io, json: boolean, steps: StepDeclaration[] = declarations): number {
  try {
    io.stdout(JSON.stringify(answersJsonSchema(steps), null, 2));
    return ExitCode.ok;
  } catch (error) {
    return reportError(asKnownError(error), io, json);
  }
}
