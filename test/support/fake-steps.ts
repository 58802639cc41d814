import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { StepFailure } from '../../source/engine/errors.js';
import { getAt, type PartialAnswers, type Question } from '../../source/engine/questions.js';
import type { Step } from '../../source/engine/step.js';

/** Small steps that do real file work in a directory, for engine tests without the stand-ins. */
export const fakeQuestions: Question[] = [
  { path: 'target.dir', kind: 'path', schema: z.string().check(z.minLength(1)), prompt: 'Target', help: 'Where files go.' },
  { path: 'target.count', kind: 'number', schema: z.int().check(z.minimum(1, 'must be at least 1')), prompt: 'Count', help: 'How many files.', default: 2 },
  { path: 'target.password', kind: 'password', schema: z.string().check(z.minLength(6, 'must have at least 6 characters')), prompt: 'Password', help: 'A secret.', secret: true },
  { path: 'target.mode', kind: 'select', schema: z.enum(['a', 'b']), prompt: 'Mode', help: 'a or b', default: 'a' },
  { path: 'target.extra', kind: 'text', schema: z.string(), prompt: 'Extra', help: 'Only in mode b.', when: (a) => (a.target as { mode?: string })?.mode === 'b' },
];

/** The fake steps' one answer they read. */
function targetDir(answers: PartialAnswers): string {
  return String(getAt(answers, 'target.dir'));
}

export interface FakeStepLog {
  runs: string[];
}

export function fileStep(id: string, file: string, log: FakeStepLog, options: { failOnce?: { flag: string } } = {}): Step {
  return {
    id,
    title: `Write ${file}`,
    questions: [],
    async isDone(ctx) {
      const target = path.join(targetDir(ctx.answers), file);
      return { done: fs.existsSync(target), detail: fs.existsSync(target) ? `${file} exists` : `${file} missing` };
    },
    async plan() {
      return [{ summary: `write ${file}`, file }];
    },
    async run(ctx) {
      log.runs.push(id);
      const dir = targetDir(ctx.answers);
      if (options.failOnce && !fs.existsSync(options.failOnce.flag)) {
        fs.writeFileSync(options.failOnce.flag, '');
        throw new StepFailure(`${id} failed on purpose`, 'Run again.', { command: 'fake --fail', outputTail: 'boom' });
      }
      ctx.report(`writing ${file}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, file), id);
      return { file };
    },
  };
}

export function questionStep(): Step {
  return {
    id: 'questions',
    title: 'Questions only',
    questions: fakeQuestions,
    async isDone() {
      return { done: true, detail: 'nothing to do' };
    },
    async plan() {
      return [];
    },
    async run() {},
  };
}
