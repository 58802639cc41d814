import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import type { Question } from '../../source/engine/questions.js';
import { ENTRIES_DIFFER, QuestionForm, TYPE_AGAIN } from '../../source/ui/QuestionForm.js';
import { Select } from '../../source/ui/Select.js';
import { antPropertiesQuestions } from '../../steps/ant-properties/questions.js';
import { installLibertyQuestions } from '../../steps/install-liberty/questions.js';
import { frameOf, KEY, renderPlain, send, waitFor, waitForText, type Rendered } from './ink-helpers.js';

/** Esc (and ← in a list or a yes/no) goes back; a new password is typed twice; long options fold. */

const ESC = '\u001B';
const liberty = (path: string) => installLibertyQuestions.find((question) => question.path === path)!;
const text: Question = { path: 'target.name', kind: 'text', schema: z.string(), prompt: 'Name', help: 'h', default: 'abc' };
const password: Question = { path: 'target.password', kind: 'password', schema: z.string().check(z.minLength(6, 'must have at least 6 characters')), prompt: 'Password', help: 'h', secret: true };

function form(question: Question, prefill?: unknown) {
  const onSubmit = vi.fn();
  const onBack = vi.fn();
  const r = renderPlain(<QuestionForm question={question} stepTitle="S" prefill={prefill} baseDir="/" onSubmit={onSubmit} onBack={onBack} />);
  return { r, onSubmit, onBack };
}

/** A key whose effect is not a new frame: written once, after the input has had a turn to listen. */
async function press(r: Rendered, input: string): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  r.stdin.write(input);
}

describe('Esc goes back, from every kind of input', () => {
  const kinds: Array<[string, Question, unknown, string]> = [
    ['text', text, 'abc', '❯ abc'],
    ['password', password, undefined, '? Password'],
    ['select', liberty('liberty.installMethod'), 'imcl', '❯ 1.'],
    ['confirm', liberty('liberty.acceptLicense'), undefined, '(y/n)'],
    ['nodes', liberty('nodes'), undefined, 'How many nodes'],
  ];
  for (const [kind, question, prefill, shown] of kinds) {
    it(`${kind}: a lone Esc (held by Ink as a pending escape, then flushed) calls onBack; the footer says so`, async () => {
      const { r, onSubmit, onBack } = form(question, prefill);
      const frame = await waitForText(r, shown);
      expect(frame).toContain('Esc back');
      await press(r, ESC);
      await waitFor(() => onBack.mock.calls.length === 1, 'onBack', r);
      expect(onSubmit).not.toHaveBeenCalled();
    });
  }

  it('← goes back in a list and a yes/no, but moves the cursor in a text', async () => {
    for (const [question, shown] of [[liberty('liberty.installMethod'), '❯ 1.'], [liberty('liberty.acceptLicense'), '(y/n)']] as const) {
      const { r, onBack } = form(question);
      await waitForText(r, shown);
      await press(r, KEY.left);
      await waitFor(() => onBack.mock.calls.length === 1, 'onBack', r);
    }
    const { r, onBack, onSubmit } = form(text, 'abc');
    await waitForText(r, '❯ abc');
    await press(r, '\t' + KEY.left);
    await send(r, 'X', '❯ abXc');
    await send(r, KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
    expect(onSubmit).toHaveBeenCalledWith('abXc');
    expect(onBack).not.toHaveBeenCalled();
  });

  it('without onBack, Esc does nothing and the footer does not offer it', async () => {
    const onSubmit = vi.fn();
    const r = renderPlain(<QuestionForm question={text} stepTitle="S" prefill="abc" baseDir="/" onSubmit={onSubmit} />);
    await waitForText(r, '❯ abc');
    expect(frameOf(r)).not.toContain('Esc back');
    await press(r, ESC);
    await send(r, 'z', '❯ z');
  });

  it('nodes: Esc goes back one field with its value kept, and from the count to the question before', async () => {
    const { r, onBack } = form(liberty('nodes'));
    await waitForText(r, 'How many nodes');
    await send(r, '5\r', 'How many nodes (1 to 50)?');
    await send(r, '2\r', 'Node 1 of 2: server name');
    await send(r, 'alpha\r', 'Node 1 of 2: HTTP port');
    await send(r, ESC, 'Node 1 of 2: server name');
    expect(frameOf(r)).toContain('❯ alpha');
    await send(r, ESC, 'How many nodes (1 to 50)?');
    expect(frameOf(r)).toContain('❯ 2');
    // From the typed count, Esc goes back to the proposed farms.
    await send(r, ESC, '❯ 1. 1 node: pmf1 (9080/9443)');
    expect(onBack).not.toHaveBeenCalled();
    await press(r, ESC);
    await waitFor(() => onBack.mock.calls.length === 1, 'onBack', r);
  });
});

describe('a new password is typed twice', () => {
  const admin = antPropertiesQuestions.find((question) => question.path === 'pmf.adminPassword')!;

  it('is declared so for the PMF administrator', () => {
    expect(admin.confirm).toBe(true);
  });

  it('the same twice submits it', async () => {
    const { r, onSubmit } = form({ ...password, confirm: true });
    await waitForText(r, '? Password');
    expect(frameOf(r)).not.toContain(TYPE_AGAIN);
    await send(r, 'abc', '•••');
    await send(r, KEY.enter, '✖ must have at least 6 characters');
    expect(frameOf(r)).not.toContain(TYPE_AGAIN);
    await send(r, 'def', '••••••');
    await send(r, KEY.enter, TYPE_AGAIN);
    expect(frameOf(r)).not.toContain('•');
    expect(onSubmit).not.toHaveBeenCalled();
    await send(r, 'abcdef\r');
    await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
    expect(onSubmit).toHaveBeenCalledWith('abcdef');
  });

  it('two different entries start over with both empty; only a match submits', async () => {
    const { r, onSubmit } = form({ ...password, confirm: true });
    await waitForText(r, '? Password');
    await send(r, 'secret-1\r', TYPE_AGAIN);
    await send(r, 'secret-2\r', `✖ ${ENTRIES_DIFFER}`);
    let frame = frameOf(r);
    expect(frame).not.toContain(TYPE_AGAIN);
    expect(frame).not.toContain('•');
    expect(onSubmit).not.toHaveBeenCalled();
    await send(r, 'secret-2\r', TYPE_AGAIN);
    frame = await send(r, 'secret-2\r');
    await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
    expect(onSubmit).toHaveBeenCalledWith('secret-2');
    expect(frame).not.toContain('secret');
  });
});

describe('a long option', () => {
  it('folds under itself instead of being cut', async () => {
    const label = 'An option whose label is long enough to need a second and even a third line on a terminal of one hundred columns, every word kept';
    const r = renderPlain(<Select options={[{ value: 'a', label }, { value: 'b', label: 'Short' }]} onSubmit={() => {}} />);
    const frame = await waitForText(r, 'Short');
    const lines = frame.split('\n');
    expect(lines[0]).toMatch(/^❯ 1\. An option/);
    expect(lines[1]).toMatch(/^ {5}\S/);
    expect(frame.replace(/\s+/g, ' ')).toContain(label);
    expect(frame).not.toContain('…');
  });
});
