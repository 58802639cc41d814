import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../source/engine/checkpoint.js';
import { fileStep, questionStep, type FakeStepLog } from '../support/fake-steps.js';
import { answerQuestions, enterThenStart, modeStep, mount, SECRET, tempDir } from './app-harness.js';
import { frameOf, KEY, send, waitForText } from './ink-helpers.js';

describe('the whole interactive flow', () => {
  it('from nothing: every question, a failure, retry, done, the answers saved with secrets as env references', async () => {
    const dir = tempDir();
    const log: FakeStepLog = { runs: [] };
    const steps = [questionStep(), fileStep('one', 'a.txt', log), fileStep('two', 'b.txt', log, { failOnce: { flag: path.join(dir, 'failed-once') } })];
    const { r, waitForExit } = mount(steps, dir);
    await answerQuestions(r, dir);
    await enterThenStart(r, 'What now?');
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
    await enterThenStart(r, 'Save these answers');
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
    await enterThenStart(r, 'What now?');
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
    await enterThenStart(first.r, 'What now?');
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
    frame = await enterThenStart(second.r, 'Save these answers');
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

});
