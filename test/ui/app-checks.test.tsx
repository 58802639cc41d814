import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { FieldProblem } from '../../source/engine/errors.js';
import { getAt, type PartialAnswers, type Question } from '../../source/engine/questions.js';
import type { Step } from '../../source/engine/step.js';
import { mount, REVIEW, tempDir } from './app-harness.js';
import { frameOf, KEY, send, typeText, waitForText } from './ink-helpers.js';

/** The machine checks of an answer, where it is given; and the run's, which open "Change an answer". */

const ESC_FREE_SECRET = 'first-secret-1';

/** A check whose answers are recorded and whose verdict the test gives when it wants. */
function scriptedCheck() {
  const seen: PartialAnswers[] = [];
  const pending: Array<(verdict: string | undefined | Error) => void> = [];
  const check = (answers: PartialAnswers) =>
    new Promise<string | undefined>((resolve, reject) => {
      seen.push(structuredClone(answers));
      pending.push((verdict) => (verdict instanceof Error ? reject(verdict) : resolve(verdict)));
    });
  return { seen, check, answer: (verdict: string | undefined | Error) => pending.shift()!(verdict) };
}

function boxStep(questions: Question[], ran: PartialAnswers[], preflight?: (answers: PartialAnswers) => FieldProblem[]): Step {
  return {
    id: 'box',
    title: 'Set up the box',
    questions,
    preflight: async (ctx) => preflight?.(ctx.answers) ?? [],
    isDone: async () => ({ done: false, detail: '' }),
    plan: async () => [],
    run: async (ctx) => void ran.push(structuredClone(ctx.answers)),
  };
}

const nameQuestion: Question = { path: 'box.name', kind: 'text', schema: z.string(), prompt: 'Box name', help: 'Its name.', default: 'alpha' };
const portQuestion = (check?: Question['check']): Question => ({ path: 'box.port', kind: 'port', schema: z.int(), prompt: 'Box port', help: 'Where it listens.', default: 8080, check });

describe('checks where the answer is given', () => {
  it('"Checking…" while the check runs; its problem under the question, asked again with the value typed as the proposal', async () => {
    const dir = tempDir();
    const port = scriptedCheck();
    const ran: PartialAnswers[] = [];
    const { r } = mount([boxStep([nameQuestion, portQuestion(port.check)], ran)], dir);
    await waitForText(r, '? Box name');
    await typeText(r, 'beta');
    await send(r, KEY.enter, '? Box port');
    await typeText(r, '9090');
    await send(r, KEY.enter, 'Checking…');
    expect(frameOf(r)).toContain('? Box port');
    expect(port.seen[0]).toMatchObject({ box: { name: 'beta', port: 9090 } });
    port.answer('port 9090 is in use by another process: use 9091.');
    const again = await waitForText(r, '✖ port 9090 is in use by another process: use 9091.');
    expect(again).toContain('? Box port');
    expect(again).toContain('❯ 9090');
    expect(again).not.toContain('Checking…');
    expect(again).not.toContain('✔ Box port');
    await typeText(r, '9091');
    await send(r, KEY.enter, 'Checking…');
    port.answer(undefined);
    const review = await waitForText(r, REVIEW);
    expect(review).toContain('✔ Box port: 9091');
    expect(port.seen[1]).toMatchObject({ box: { port: 9091 } });
    await send(r, KEY.ctrlC);
  });

  it('a secret is asked again empty; a check that throws is a problem, not a crash, and the same answer again is taken', async () => {
    const dir = tempDir();
    const secret = scriptedCheck();
    const ran: PartialAnswers[] = [];
    const secretQuestion: Question = { path: 'box.secret', kind: 'password', schema: z.string(), prompt: 'Box secret', help: 'A secret.', secret: true, check: secret.check };
    const { r } = mount([boxStep([secretQuestion], ran)], dir);
    await waitForText(r, '? Box secret');
    await send(r, ESC_FREE_SECRET, '••••');
    await send(r, KEY.enter, 'Checking…');
    expect(secret.seen[0]).toMatchObject({ box: { secret: ESC_FREE_SECRET } });
    secret.answer(new Error('socket hang up'));
    const again = await waitForText(r, '✖ This answer could not be checked (socket hang up)');
    expect(again).toMatch(/^❯\s*$/m);
    await send(r, ESC_FREE_SECRET, '••••');
    await send(r, KEY.enter, REVIEW);
    expect(secret.seen).toHaveLength(1);
    await send(r, KEY.ctrlC);
  });

  it('the run’s machine check refuses an answer: "Change an answer" opens on it, and the run starts again once it is changed', async () => {
    const dir = tempDir();
    const ran: PartialAnswers[] = [];
    const preflight = (answers: PartialAnswers): FieldProblem[] =>
      getAt(answers, 'box.port') === 8080
        ? [
            { path: 'box.port', message: 'port 8080 is already in use by another process', fix: 'Set box.port to a free port, then run again with --resume.' },
            { path: 'box.name', message: 'alpha is taken', fix: 'Set box.name to another name.', atTheQuestion: 'a box named alpha exists: give another name.' },
          ]
        : [];
    const { r, waitForExit, exitCode } = mount([boxStep([nameQuestion, portQuestion()], ran, preflight)], dir);
    await waitForText(r, '? Box name');
    await send(r, KEY.enter, '? Box port');
    await send(r, KEY.enter, REVIEW);
    const list = await send(r, KEY.enter, 'Which answer do you change?');
    // As the person was asked: the prompt, no answers-file key, no --resume.
    expect(list).toContain('Box port: port 8080 is already in use by another process. Set “Box port” to a free port.');
    expect(list).toContain('Box name: a box named alpha exists: give another name.');
    expect(list).not.toContain('box.');
    expect(list).toMatch(/❯ 2\. Box port: 8080/);
    expect(exitCode()).toBeUndefined();
    expect(ran).toHaveLength(0);
    await send(r, KEY.enter, '? Box port');
    await typeText(r, '9090');
    await send(r, KEY.enter, 'Save these answers');
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatchObject({ box: { name: 'alpha', port: 9090 } });
    await send(r, KEY.down);
    await send(r, KEY.enter);
    expect(await waitForExit()).toBe(0);
  });
});
