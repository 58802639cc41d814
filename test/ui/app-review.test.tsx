import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { getAt, type Question } from '../../source/engine/questions.js';
import type { Step } from '../../source/engine/step.js';
import { questionStep } from '../support/fake-steps.js';
import { answerQuestions, mount, REVIEW, SECRET, tempDir, type DraftStore, type Mount } from './app-harness.js';
import { frameOf, KEY, send, typeText, waitForText } from './ink-helpers.js';

/** Esc goes back, the review comes before anything changes, and nothing typed is lost. */

const ESC = '\u001B';

/** "Start" at the review, then "Finish without saving" at the summary. */
async function startAndFinish(r: Mount['r']): Promise<void> {
  await send(r, KEY.enter, 'Save these answers');
  await send(r, KEY.down, '❯ 2. Finish');
  await send(r, KEY.enter);
}

function recordingStep(seen: unknown[], questions: Question[] = []): Step {
  return { id: 'record', title: 'Record the answers', questions, isDone: async () => ({ done: false, detail: '' }), plan: async () => [], run: async (ctx) => void seen.push(structuredClone(ctx.answers)) };
}

describe('back and review', () => {
  it('Esc goes back three questions with the answers kept (a secret asked empty), and forward again keeps each one', async () => {
    const dir = tempDir();
    const { r } = mount([questionStep()], dir);
    await waitForText(r, '? Target');
    await send(r, ESC, 'This is the first question: there is none before it.');
    await typeText(r, 'out');
    await send(r, KEY.enter, '? Count');
    await typeText(r, '5');
    await send(r, KEY.enter, '? Password');
    await send(r, SECRET, '••••');
    await send(r, KEY.enter, '? Mode');
    await send(r, ESC, '? Password');
    expect(frameOf(r)).toMatch(/^❯\s*$/m);
    await send(r, ESC, '? Count');
    expect(frameOf(r)).toContain('❯ 5');
    await send(r, ESC, '? Target');
    expect(frameOf(r)).toContain(`❯ ${path.join(dir, 'out')}`);
    await send(r, KEY.enter, '? Count');
    expect(frameOf(r)).toContain('❯ 5');
    await send(r, KEY.enter, '? Password');
    await send(r, 'other-secret', '••••');
    await send(r, KEY.enter, '? Mode');
    const frame = await send(r, KEY.enter, REVIEW);
    expect(frame).toContain(`  Target: ${path.join(dir, 'out')}`);
    expect(frame).toContain('  Count: 5');
    expect(frame).toContain('  Password: ••••••');
    await send(r, KEY.ctrlC);
  });

  it('the review shows every answer by step, one line each; "Change an answer" asks it, then a new follow-up question, then the review again', async () => {
    const dir = tempDir();
    const seen: unknown[] = [];
    const { r, waitForExit } = mount([questionStep(), recordingStep(seen)], dir);
    await answerQuestions(r, dir);
    let frame = await send(r, KEY.enter, REVIEW);
    expect(frame).toContain('Questions only');
    expect(frame).toContain(`  Target: ${path.join(dir, 'out')}`);
    expect(frame).toContain('  Count: 2');
    expect(frame).toContain('  Password: ••••••');
    expect(frame).not.toContain(SECRET);
    expect(frame).toContain('  Mode: a');
    expect(frame).not.toContain('Extra');
    for (const option of ['1. Start', '2. Change an answer', '3. Save as an answers file', '4. Quit']) expect(frame).toContain(option);
    await send(r, KEY.down, '❯ 2. Change an answer');
    await send(r, KEY.enter, 'Which answer do you change?');
    await send(r, '4', '❯ 4. Mode: a');
    await send(r, KEY.enter, '? Mode');
    await send(r, ESC, 'Which answer do you change?');
    await send(r, '4', '❯ 4. Mode: a');
    await send(r, KEY.enter, '? Mode');
    await send(r, KEY.down, '❯ 2. b');
    await send(r, KEY.enter, '? Extra');
    await send(r, 'x'.repeat(150), 'xxxxx');
    frame = await send(r, KEY.enter, REVIEW);
    expect(frame).toContain('  Mode: b');
    const extra = frame.split('\n').find((line) => line.startsWith('  Extra: '))!;
    expect(extra.endsWith('…')).toBe(true);
    expect(extra.length).toBeLessThanOrEqual(100);
    expect(seen).toEqual([]);
    await startAndFinish(r);
    expect(await waitForExit()).toBe(0);
    expect(getAt(seen[0], 'target.mode')).toBe('b');
  });

  it('an advanced question takes its default in a run from nothing; "Advanced settings" changes it before the run', async () => {
    const dir = tempDir();
    const seen: unknown[] = [];
    const port: Question = { path: 'target.port', kind: 'port', schema: z.int().check(z.minimum(1), z.maximum(65535)), prompt: 'Port of the target', help: 'h', default: 9080, advanced: true };
    const name: Question = { path: 'target.name', kind: 'text', schema: z.string().check(z.minLength(1)), prompt: 'Name of the target', help: 'h', advanced: true };
    const { r, waitForExit } = mount([recordingStep(seen, [port, name])], dir);
    // Required and without a default: asked even though advanced.
    await waitForText(r, '? Name of the target');
    await typeText(r, 'n1');
    let frame = await send(r, KEY.enter, REVIEW);
    expect(frame).not.toContain('? Port of the target');
    expect(frame).toContain('3. Advanced settings (2)');
    await send(r, '3', '❯ 3. Advanced settings (2)');
    frame = await send(r, KEY.enter, 'Advanced settings: which one do you change?');
    expect(frame).toContain('1. Port of the target: 9080');
    await send(r, KEY.enter, '? Port of the target');
    await typeText(r, '9090');
    await send(r, KEY.enter, REVIEW);
    await startAndFinish(r);
    expect(await waitForExit()).toBe(0);
    expect(getAt(seen[0], 'target.port')).toBe(9090);
  });
});

describe('nothing typed is thrown away', () => {
  it('Quit at the review: exit 0, nothing changed, the typed answers kept without the secret', async () => {
    const dir = tempDir();
    const drafts: DraftStore = { removed: 0 };
    const { r, waitForExit } = mount([questionStep()], dir, { drafts });
    await answerQuestions(r, dir);
    await send(r, KEY.enter, REVIEW);
    await send(r, KEY.up, '❯ 4. Quit');
    await send(r, KEY.enter);
    expect(await waitForExit()).toBe(0);
    expect(frameOf(r)).toContain('Nothing was changed.');
    expect(frameOf(r).replace(/\s+/g, ' ')).toContain(`kept in ${path.join(dir, 'state', 'draft-answers.json')}`);
    expect(drafts.draft?.answers).toEqual({ target: { dir: path.join(dir, 'out'), count: 2, mode: 'a' } });
    expect(JSON.stringify(drafts.draft)).not.toContain(SECRET);
    expect(fs.existsSync(path.join(dir, 'state', 'checkpoint.json'))).toBe(false);
  });

  it('Ctrl+C at a question keeps the typed answers; the next start offers them, asks the rest, and the run forgets the draft', async () => {
    const dir = tempDir();
    const drafts: DraftStore = { removed: 0 };
    const first = mount([questionStep()], dir, { drafts });
    await waitForText(first.r, '? Target');
    await typeText(first.r, 'out');
    await send(first.r, KEY.enter, '? Count');
    await typeText(first.r, '4');
    await send(first.r, KEY.enter, '? Password');
    await send(first.r, KEY.ctrlC);
    expect(await first.waitForExit()).toBe(130);
    expect(frameOf(first.r)).toContain('Interrupted: nothing was changed.');
    expect(drafts.draft?.answers).toEqual({ target: { dir: path.join(dir, 'out'), count: 4 } });
    first.r.unmount();

    const second = mount([questionStep()], dir, { drafts });
    let frame = await waitForText(second.r, 'Continue with the answers you typed on');
    expect(frame).toMatch(/typed on \d{4}-\d\d-\d\d \d\d:\d\d \(2 answers\)/);
    expect(frame).toContain('Start fresh');
    frame = await send(second.r, KEY.enter, '? Password');
    expect(frame).toContain('  ✔ Count: 4');
    await send(second.r, SECRET, '••••');
    await send(second.r, KEY.enter, '? Mode');
    frame = await send(second.r, KEY.enter, REVIEW);
    expect(frame).toContain('  Count: 4');
    await startAndFinish(second.r);
    expect(await second.waitForExit()).toBe(0);
    expect(drafts.draft).toBeUndefined();
    expect(drafts.removed).toBe(1);
  });

  it('--resume with a draft newer than the checkpoint says so and offers the draft; an older draft is not offered', async () => {
    const dir = tempDir();
    const old = { target: { dir: path.join(dir, 'old'), count: 5, mode: 'a' } };
    fs.mkdirSync(path.join(dir, 'state'), { recursive: true });
    const checkpoint = (updatedAt: string) =>
      fs.writeFileSync(path.join(dir, 'state', 'checkpoint.json'), JSON.stringify({ schemaVersion: 1, createdAt: updatedAt, updatedAt, runs: 1, answers: old, steps: { questions: { status: 'done' } } }));
    checkpoint('2020-01-01T00:00:00.000Z');
    const drafts: DraftStore = { removed: 0, draft: { savedAt: new Date().toISOString(), answers: { target: { dir: path.join(dir, 'new'), count: 7 } } } };
    const { r } = mount([questionStep()], dir, { raw: old, resume: true, drafts });
    let frame = await waitForText(r, 'A previous run left a checkpoint');
    expect(frame).toMatch(/Answers typed on .*, after that run, were never used/);
    expect(frame).toContain('2. Continue with the answers you typed on');
    await send(r, KEY.down, '❯ 2. Continue');
    frame = await send(r, KEY.enter, '? Password');
    expect(frame).toContain(`  ✔ Target: ${path.join(dir, 'new')}`);
    expect(frame).toContain('  ✔ Count: 7');
    await send(r, KEY.ctrlC);
    r.unmount();

    checkpoint(new Date(Date.now() + 60_000).toISOString());
    const later = mount([questionStep()], dir, { raw: old, resume: true, drafts });
    frame = await waitForText(later.r, '? Password');
    expect(frame).toContain('  ✔ Count: 5');
    expect(frame).not.toContain('typed on');
    await send(later.r, KEY.ctrlC);
  });
});
