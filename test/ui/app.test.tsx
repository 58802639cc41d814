import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runnerFor } from '../../source/commands/runner.js';
import { loadCheckpoint } from '../../source/engine/checkpoint.js';
import { StepFailure } from '../../source/engine/errors.js';
import { runSteps } from '../../source/engine/machine.js';
import { getAt, type PartialAnswers, type Question } from '../../source/engine/questions.js';
import type { Step } from '../../source/engine/step.js';
import { App } from '../../source/ui/App.js';
import type { WizardServices } from '../../source/ui/wizard-controller.js';
import { fileStep, questionStep, type FakeStepLog } from '../support/fake-steps.js';
import { frameOf, KEY, renderPlain, send, typeText, waitFor, waitForText, type Rendered } from './ink-helpers.js';

const SECRET = 'hunter2-secret';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ui-app-'));
}

/** The production services, on the test's steps and state dir: real runSteps. */
function services(steps: Step[], stateDir: string): WizardServices {
  return {
    run: (input) => runSteps({ steps, stateDir, runnerFor, ...input }),
    outputs: () => Object.fromEntries(Object.entries(loadCheckpoint(stateDir)?.steps ?? {}).map(([id, record]) => [id, record.outputs])),
    saveAnswers: (file, content) => fs.writeFileSync(file, content),
  };
}

interface Mount {
  r: Rendered;
  exitCode: () => number | undefined;
  waitForExit: () => Promise<number>;
}

function mount(steps: Step[], dir: string, options: { raw?: PartialAnswers; fromAnswersFile?: boolean; resume?: boolean; dryRun?: boolean; signal?: AbortSignal } = {}): Mount {
  const stateDir = path.join(dir, 'state');
  let code: number | undefined;
  const r = renderPlain(
    <App
      steps={steps}
      raw={options.raw ?? {}}
      fromAnswersFile={options.fromAnswersFile ?? false}
      baseDir={dir}
      cwd={dir}
      env={{}}
      stateDir={stateDir}
      resume={options.resume ?? false}
      dryRun={options.dryRun ?? false}
      resumeCommand={`pmf-wizard --state ${stateDir} --resume`}
      checkpoint={options.resume ? undefined : loadCheckpoint(stateDir)}
      services={services(steps, stateDir)}
      signal={options.signal}
      onExit={(c) => {
        code = c;
      }}
    />,
  );
  return {
    r,
    exitCode: () => code,
    waitForExit: async () => {
      await waitFor(() => code !== undefined, 'the wizard to exit', r, 10_000);
      return code!;
    },
  };
}

/** The questions of the fake question step, answered from nothing. */
async function answerQuestions(r: Rendered, dir: string) {
  await waitForText(r, '? Target');
  await typeText(r, 'out');
  await send(r, KEY.enter, '? Count');
  expect(frameOf(r)).toContain(`✔ Target: ${path.join(dir, 'out')}`);
  expect(frameOf(r)).toContain('❯ 2');
  await send(r, KEY.enter, '? Password');
  await send(r, SECRET, '••••••••••••••');
  await send(r, KEY.enter, '? Mode');
  expect(frameOf(r)).toContain('✔ Password: ••••••');
}

function modeStep(): Step {
  return {
    id: 'check-mode',
    title: 'Check the mode',
    questions: [],
    async isDone() {
      return { done: false, detail: 'always runs' };
    },
    async plan() {
      return [];
    },
    async run(ctx) {
      const mode = String(getAt(ctx.answers, 'target.mode'));
      const extra = getAt(ctx.answers, 'target.extra');
      if (mode !== 'b') throw new StepFailure('mode a cannot work here', 'Choose mode b.', { command: 'check --mode a', outputTail: 'line 1\nmode a refused' });
      ctx.report(`mode b with ${extra}`);
      return { table: { header: ['mode', 'extra'], rows: [[mode, String(extra ?? '')]] } };
    },
  };
}

describe('the whole interactive flow', () => {
  it('from nothing: every question, a failure, retry, done, the answers saved with secrets as env references', async () => {
    const dir = tempDir();
    const log: FakeStepLog = { runs: [] };
    const steps = [questionStep(), fileStep('one', 'a.txt', log), fileStep('two', 'b.txt', log, { failOnce: { flag: path.join(dir, 'failed-once') } })];
    const { r, waitForExit } = mount(steps, dir);
    await answerQuestions(r, dir);
    await send(r, KEY.enter, 'What now?');
    let frame = frameOf(r);
    expect(frame).toContain('✔ Write a.txt');
    expect(frame).toContain('✖ Write b.txt failed');
    expect(frame).toContain('  error: two failed on purpose');
    expect(frame).toContain('  command: fake --fail');
    expect(frame).toContain('    boom');
    expect(frame).toContain('  fix: Run again.');
    expect(frame).toContain(`To continue later: pmf-wizard --state ${path.join(dir, 'state')} --resume`);
    frame = await send(r, KEY.enter, 'Save these answers');
    expect(frame).toContain('↻ Retrying Write b.txt');
    expect(frame).toMatch(/↷ Write a.txt: already done/);
    expect(frame).toMatch(/✔ Done in .*: 1 step run, 2 already done\./);
    await send(r, KEY.enter, 'Answers file to write');
    expect(frameOf(r)).toContain('TARGET_PASSWORD');
    await send(r, KEY.enter);
    expect(await waitForExit()).toBe(0);
    const file = path.join(dir, 'pmf-wizard-answers.json');
    await waitForText(r, `✔ Saved the answers to ${file}`);
    expect(frameOf(r)).toContain('export TARGET_PASSWORD');
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(saved).toEqual({ target: { dir: path.join(dir, 'out'), count: 2, password: { env: 'TARGET_PASSWORD' }, mode: 'a' } });
    expect(log.runs).toEqual(['one', 'two', 'two']);
    const stateText = fs.readdirSync(path.join(dir, 'state', 'logs')).map((f) => fs.readFileSync(path.join(dir, 'state', 'logs', f), 'utf8')).join('') + fs.readFileSync(path.join(dir, 'state', 'checkpoint.json'), 'utf8');
    expect(stateText).not.toContain(SECRET);
    expect(frameOf(r)).not.toContain(SECRET);
  });

  it('a partial answers file: the given answers are shown as prefilled, only the missing one is asked', async () => {
    const dir = tempDir();
    const log: FakeStepLog = { runs: [] };
    const steps = [questionStep(), fileStep('one', 'a.txt', log)];
    const { r, waitForExit } = mount(steps, dir, { raw: { target: { dir: path.join(dir, 'out') } }, fromAnswersFile: true });
    const frame = await waitForText(r, '? Password');
    expect(frame).toContain('Answers from the answers file:');
    expect(frame).toContain(`  ✔ Target: ${path.join(dir, 'out')}`);
    expect(frame).not.toContain('? Count');
    await send(r, SECRET, '••••');
    await send(r, KEY.enter, 'Save these answers');
    await send(r, KEY.down, '❯ 2. Finish without saving');
    await send(r, KEY.enter);
    expect(await waitForExit()).toBe(0);
    expect(log.runs).toEqual(['one']);
  });

  it('change an answer after a failure: the new answer brings its own follow-up question, then it runs to the table', async () => {
    const dir = tempDir();
    const steps = [questionStep(), modeStep()];
    const { r, waitForExit } = mount(steps, dir);
    await answerQuestions(r, dir);
    await send(r, KEY.enter, 'What now?');
    expect(frameOf(r)).toContain('  fix: Choose mode b.');
    await send(r, KEY.down, '❯ 2. Change an answer');
    await send(r, KEY.enter, 'Which answer do you change?');
    await send(r, '4', '❯ 4. Mode: a');
    await send(r, KEY.enter, '? Mode');
    await send(r, KEY.down, '❯ 2. b');
    await send(r, KEY.enter, '? Extra');
    expect(frameOf(r)).toContain('✎ Mode: b');
    await send(r, 'more', 'more');
    const frame = await send(r, KEY.enter, 'Save these answers');
    expect(frame).toContain('· mode b with more');
    expect(frame).toContain('Check the mode');
    expect(frame).toMatch(/mode\s+extra/);
    await send(r, KEY.down, '❯ 2. Finish');
    await send(r, KEY.enter);
    expect(await waitForExit()).toBe(0);
  });

  it('quit after a failure keeps the checkpoint; the next start offers to resume and asks the secret again', async () => {
    const dir = tempDir();
    const log: FakeStepLog = { runs: [] };
    const steps = [questionStep(), fileStep('one', 'a.txt', log), fileStep('two', 'b.txt', log, { failOnce: { flag: path.join(dir, 'failed-once') } })];
    const first = mount(steps, dir);
    await answerQuestions(first.r, dir);
    await send(first.r, KEY.enter, 'What now?');
    await send(first.r, KEY.up, '❯ 3. Quit');
    await send(first.r, KEY.enter);
    expect(await first.waitForExit()).toBe(1);
    expect(frameOf(first.r).replace(/\s+/g, ' ')).toContain(`The checkpoint is kept. After the fix, run: pmf-wizard --state ${path.join(dir, 'state')} --resume`);
    first.r.unmount();
    expect(loadCheckpoint(path.join(dir, 'state'))!.steps.two.status).toBe('failed');

    const second = mount(steps, dir);
    let frame = await waitForText(second.r, 'A previous run left a checkpoint');
    expect(frame).toContain('It stopped at step 3 of 3: Write b.txt (failed).');
    frame = await send(second.r, KEY.enter, '? Password');
    expect(frame).toContain('Answers from the previous run:');
    expect(frame).toContain('  ✔ Count: 2');
    expect(frame).not.toContain('? Target');
    await send(second.r, SECRET, '••••');
    frame = await send(second.r, KEY.enter, 'Save these answers');
    expect(frame).toMatch(/Resuming: 3 steps/);
    await send(second.r, KEY.down, '❯ 2. Finish');
    await send(second.r, KEY.enter);
    expect(await second.waitForExit()).toBe(0);
    expect(log.runs).toEqual(['one', 'two', 'two']);
  });

  it('start over (confirmed) asks every question again', async () => {
    const dir = tempDir();
    const log: FakeStepLog = { runs: [] };
    const steps = [questionStep(), fileStep('one', 'a.txt', log)];
    fs.mkdirSync(path.join(dir, 'state'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'state', 'checkpoint.json'),
      JSON.stringify({ schemaVersion: 1, createdAt: '', updatedAt: '', runs: 1, answers: { target: { dir: '/old', count: 5, mode: 'a' } }, steps: { questions: { status: 'done' } } }),
    );
    const { r } = mount(steps, dir);
    await waitForText(r, 'It stopped at step 2 of 2: Write a.txt.');
    await send(r, KEY.down, '❯ 2. Start over');
    await send(r, KEY.enter, '(y/N)');
    await send(r, 'y', '? Target');
    expect(frameOf(r)).toContain('Starting over: every question is asked again.');
    expect(frameOf(r)).not.toContain('/old');
    await send(r, KEY.ctrlC);
  });

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
    await send(r, KEY.enter, 'Ctrl+C stops');
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
    const port: Question = { path: 'database.port', kind: 'port', schema: z.number({ error: 'must be a port number' }).int().min(1).max(65535), prompt: 'Database port', help: 'The port MariaDB listens on.', default: 3306 };
    const step: Step = { id: 'db', title: 'Create the database', questions: [port], isDone: async () => ({ done: true, detail: 'ok' }), plan: async () => [], run: async () => {} };
    const { r, waitForExit } = mount([step], dir);
    const frame = await waitForText(r, '? Database port');
    expect(frame).toContain('Create the database (step 1 of 1)');
    expect(frame).toContain('The port MariaDB listens on.');
    expect(frame).toContain('❯ 3306');
    await send(r, KEY.enter, 'Save these answers');
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
    await send(r, KEY.enter, 'Save these answers');
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
    const counted: Question = { path: 'note', kind: 'text', schema: z.string().min(1), prompt: 'Note', help: 'Anything.', when: () => (resolved += 1) > 0 };
    const step: Step = { id: 'note', title: 'Take a note', questions: [counted], isDone: async () => ({ done: true, detail: 'ok' }), plan: async () => [], run: async () => {} };
    const { r } = mount([step], dir);
    await waitForText(r, '? Note');
    const atMount = resolved;
    expect(atMount).toBeGreaterThan(0);
    await typeText(r, 'abcdef');
    await send(r, KEY.backspace, /abcde\s*$/m);
    expect(resolved).toBe(atMount);
    await send(r, KEY.enter, 'Save these answers');
    expect(resolved).toBeGreaterThan(atMount);
    await send(r, KEY.ctrlC);
  });
});
