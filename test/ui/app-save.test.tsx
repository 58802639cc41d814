import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { Question } from '../../source/engine/questions.js';
import type { Step } from '../../source/engine/step.js';
import { questionStep } from '../support/fake-steps.js';
import { answerQuestions, mount, REVIEW, tempDir } from './app-harness.js';
import { frameOf, KEY, send, typeText, waitForText } from './ink-helpers.js';

describe('saving from the review, and the header', () => {
  it('an existing answers file is never overwritten without asking: another name, or Overwrite', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'pmf-wizard-answers.json');
    fs.writeFileSync(file, 'old');
    const { r, waitForExit } = mount([questionStep()], dir);
    await answerQuestions(r, dir);
    await send(r, KEY.enter, REVIEW);
    await send(r, '3', '❯ 3. Save as an answers file');
    await send(r, KEY.enter, 'Answers file to write');
    await send(r, KEY.enter, `${file} exists:`);
    expect(frameOf(r)).toContain('❯ 2. Choose another name');
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    await send(r, KEY.enter, 'Answers file to write');
    await send(r, KEY.ctrlU, /^❯\s*$/m);
    await typeText(r, 'other.json');
    await send(r, KEY.enter, REVIEW);
    expect(frameOf(r)).toContain(`✔ Saved the answers to ${path.join(dir, 'other.json')}`);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'other.json'), 'utf8')).target.count).toBe(2);
    await send(r, '3', '❯ 3. Save as an answers file');
    await send(r, KEY.enter, 'Answers file to write');
    await send(r, KEY.enter, `${file} exists:`);
    await send(r, KEY.up, '❯ 1. Overwrite');
    await send(r, KEY.enter, `✔ Saved the answers to ${file}`);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).target.mode).toBe('a');
    await waitForText(r, REVIEW);
    await send(r, KEY.up, '❯ 4. Quit');
    await send(r, KEY.enter);
    expect(await waitForExit()).toBe(0);
  });

  it('the header numbers the steps that take part: "step 2 of 2" when a step of three does not apply', async () => {
    const dir = tempDir();
    const note: Question = { path: 'note', kind: 'text', schema: z.string(), prompt: 'Note', help: 'h', default: 'n' };
    const skipped: Step = { id: 'never', title: 'Never applies', questions: [], applies: () => false, isDone: async () => ({ done: true, detail: '' }), plan: async () => [], run: async () => {} };
    const last: Step = { id: 'last', title: 'Take a note', questions: [note], isDone: async () => ({ done: true, detail: '' }), plan: async () => [], run: async () => {} };
    const { r } = mount([questionStep(), skipped, last], dir);
    await answerQuestions(r, dir);
    const frame = await send(r, KEY.enter, '? Note');
    expect(frame).toContain('Take a note (step 2 of 2)');
    await send(r, KEY.ctrlC);
  });
});
