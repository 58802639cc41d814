import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { loadCheckpoint } from '../../source/engine/checkpoint.js';
import type { Question } from '../../source/engine/questions.js';
import type { Step } from '../../source/engine/step.js';
import { fileStep, questionStep, type FakeStepLog } from '../support/fake-steps.js';
import { enterThenStart, mount, REVIEW, SECRET, tempDir } from './app-harness.js';
import { frameOf, KEY, send, typeText, waitForText } from './ink-helpers.js';

describe('the whole interactive flow, interrupted and resumed', () => {
  it('Ctrl+C while a step runs: the step is stopped through the signal, the checkpoint says interrupted, exit 130', async () => {
    const dir = tempDir();
    let aborted = false;
    const waiting: Step = {
      id: 'wait',
      title: 'Wait for ever',
      questions: [],
      isDone: async () => ({ done: false, detail: 'never done' }),
      plan: async () => [],
      run: (ctx) =>
        new Promise((_, reject) => {
          ctx.report('waiting');
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          });
        }),
    };
    const steps = [questionStep(), waiting];
    const { r, waitForExit } = mount(steps, dir, { raw: { target: { dir: path.join(dir, 'out'), password: { env: 'NONE' } } }, fromAnswersFile: true });
    // The env reference cannot resolve here (env is empty): the secret is asked.
    await waitForText(r, '? Password');
    expect(frameOf(r)).toContain('✖ environment variable NONE is not set');
    await send(r, SECRET, '••••');
    await enterThenStart(r, 'Ctrl+C stops');
    await waitForText(r, '· waiting');
    expect(frameOf(r)).toMatch(/Wait for ever \(\d+\.\ds\)/);
    await send(r, KEY.ctrlC);
    expect(await waitForExit()).toBe(130);
    expect(aborted).toBe(true);
    expect(frameOf(r).replace(/\s+/g, ' ')).toContain(`Interrupted. The checkpoint is kept; to continue run: pmf-wizard --state ${path.join(dir, 'state')} --resume`);
    expect(loadCheckpoint(path.join(dir, 'state'))!.steps.wait.status).toBe('interrupted');
  });

  it('Ctrl+C at a question, or the CLI signal, ends at once with 130 and nothing changed', async () => {
    const dir = tempDir();
    const steps = [questionStep()];
    const a = mount(steps, dir);
    await waitForText(a.r, '? Target');
    await send(a.r, KEY.ctrlC);
    expect(await a.waitForExit()).toBe(130);
    expect(frameOf(a.r)).toContain('Interrupted: nothing was changed.');
    a.r.unmount();
    const controller = new AbortController();
    const b = mount(steps, dir, { signal: controller.signal });
    await waitForText(b.r, '? Target');
    controller.abort();
    expect(await b.waitForExit()).toBe(130);
    expect(fs.existsSync(path.join(dir, 'state'))).toBe(false);
  });

  it('a question declared by any step is rendered from its declaration (a port question of a new step)', async () => {
    const dir = tempDir();
    const port: Question = { path: 'database.port', kind: 'port', schema: z.int({ error: 'must be a port number' }).check(z.minimum(1), z.maximum(65535)), prompt: 'Database port', help: 'The port MariaDB listens on.', default: 3306 };
    const step: Step = { id: 'db', title: 'Create the database', questions: [port], isDone: async () => ({ done: true, detail: 'ok' }), plan: async () => [], run: async () => {} };
    const { r, waitForExit } = mount([step], dir);
    const frame = await waitForText(r, '? Database port');
    expect(frame).toContain('Create the database (step 1 of 1)');
    expect(frame).toContain('The port MariaDB listens on.');
    expect(frame).toContain('❯ 3306');
    await enterThenStart(r, 'Save these answers');
    expect(frameOf(r)).toContain('✔ Database port: 3306');
    await send(r, KEY.down, '❯ 2. Finish');
    await send(r, KEY.enter);
    expect(await waitForExit()).toBe(0);
  });

  it('--dry-run: the questions, then the plan of each step, nothing changed, exit 0', async () => {
    const dir = tempDir();
    const log: FakeStepLog = { runs: [] };
    const steps = [questionStep(), fileStep('one', 'a.txt', log)];
    const { r, waitForExit } = mount(steps, dir, { raw: { target: { dir: path.join(dir, 'out'), password: { env: 'NONE' } } }, fromAnswersFile: true, dryRun: true });
    await waitForText(r, '? Password');
    await send(r, SECRET, '••••');
    await send(r, KEY.enter, REVIEW);
    await send(r, KEY.enter);
    expect(await waitForExit()).toBe(0);
    const frame = await waitForText(r, 'Dry run: nothing was changed.');
    expect(frame).toContain('Dry run: nothing will change: 2 steps');
    expect(frame).toContain('• Write a.txt: would do');
    expect(frame).toContain('  - write a.txt');
    expect(log.runs).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'state'))).toBe(false);
  });

  it('--resume: the checkpoint answers are used as they are, only the secret is asked again', async () => {
    const dir = tempDir();
    const log: FakeStepLog = { runs: [] };
    const optional: Question = { path: 'target.note', kind: 'text', schema: z.string(), prompt: 'Note', help: 'May stay empty.', optional: true };
    const steps = [questionStep(), { ...fileStep('one', 'a.txt', log), questions: [optional] }];
    const answers = { target: { dir: path.join(dir, 'out'), count: 3, mode: 'a' } };
    fs.mkdirSync(path.join(dir, 'state'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'state', 'checkpoint.json'), JSON.stringify({ schemaVersion: 1, createdAt: '', updatedAt: '', runs: 1, answers, steps: { questions: { status: 'done' }, one: { status: 'failed' } } }));
    // As the CLI does on --resume: the checkpoint's answers are the raw answers.
    const { r, waitForExit } = mount(steps, dir, { raw: answers, resume: true });
    const frame = await waitForText(r, '? Password');
    expect(frame).toContain('Answers from the previous run:');
    await send(r, SECRET, '••••');
    await enterThenStart(r, 'Save these answers');
    expect(frameOf(r)).not.toContain('? Note');
    expect(frameOf(r)).toMatch(/Resuming: 2 steps/);
    await send(r, KEY.down, '❯ 2. Finish');
    await send(r, KEY.enter);
    expect(await waitForExit()).toBe(0);
    expect(log.runs).toEqual(['one']);
  });

  it('resolves the answers on a choice, never while drawing: typing redraws without resolving again', async () => {
    const dir = tempDir();
    let resolved = 0;
    const counted: Question = { path: 'note', kind: 'text', schema: z.string().check(z.minLength(1)), prompt: 'Note', help: 'Anything.', when: () => (resolved += 1) > 0 };
    const step: Step = { id: 'note', title: 'Take a note', questions: [counted], isDone: async () => ({ done: true, detail: 'ok' }), plan: async () => [], run: async () => {} };
    const { r } = mount([step], dir);
    await waitForText(r, '? Note');
    const atMount = resolved;
    expect(atMount).toBeGreaterThan(0);
    await typeText(r, 'abcdef');
    await send(r, KEY.backspace, /abcde\s*$/m);
    expect(resolved).toBe(atMount);
    await enterThenStart(r, 'Save these answers');
    expect(resolved).toBeGreaterThan(atMount);
    await send(r, KEY.ctrlC);
  });
});
