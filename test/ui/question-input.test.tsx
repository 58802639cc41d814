import { useLayoutEffect, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import type { Question } from '../../source/engine/questions.js';
import { ConfirmInput } from '../../source/ui/ConfirmInput.js';
import { QuestionForm } from '../../source/ui/QuestionForm.js';
import { Select } from '../../source/ui/Select.js';
import { installLibertyQuestions } from '../../steps/install-liberty/questions.js';
import { frameOf, KEY, renderPlain, send, waitFor, waitForText, type Rendered } from './ink-helpers.js';

/** The keyboard at a question as at a shell prompt: a proposal typing replaces, bursts applied key by key, Esc back. */

const DEFAULT = '/opt/IBM/WebSphere/Liberty';
const installDir: Question = { path: 'liberty.installDir', kind: 'path', schema: z.string().check(z.minLength(1, 'must not be empty')), prompt: 'Liberty installation directory', help: 'Where Liberty goes.', default: DEFAULT };
const note: Question = { path: 'target.note', kind: 'text', schema: z.string(), prompt: 'Note', help: 'May stay empty.', optional: true };
const fromSteps = (path: string) => installLibertyQuestions.find((question) => question.path === path)!;

function form(question: Question, prefill?: unknown, onBack?: () => void) {
  const onSubmit = vi.fn();
  const r = renderPlain(<QuestionForm question={question} stepTitle="Install Liberty" prefill={prefill} baseDir="/" onSubmit={onSubmit} onBack={onBack} />);
  return { r, onSubmit };
}

/** One write, as one terminal read, without the rewrite `send` does when a frame does not change. */
async function burst(r: Rendered, input: string): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  r.stdin.write(input);
}

async function submitted(r: Rendered, onSubmit: ReturnType<typeof vi.fn>): Promise<unknown> {
  await waitFor(() => onSubmit.mock.calls.length > 0, 'submit', r);
  expect(onSubmit).toHaveBeenCalledTimes(1);
  return onSubmit.mock.calls[0]![0];
}

describe('a proposed value (a default or an earlier answer)', () => {
  it('is shown as a proposal the first printable key replaces: typing /srv/wlp gives /srv/wlp', async () => {
    const { r, onSubmit } = form(installDir, DEFAULT);
    const frame = await waitForText(r, `❯ ${DEFAULT}`);
    // Told apart in a plain frame: the footer says what a key does to it.
    expect(frame).toContain('Enter keeps it · typing replaces it · Tab edits it');
    await send(r, '/srv/wlp', '❯ /srv/wlp');
    expect(frameOf(r)).not.toContain('/opt/IBM');
    await waitForText(r, 'Enter accepts · Ctrl+U clears');
    await send(r, KEY.enter);
    expect(await submitted(r, onSubmit)).toBe('/srv/wlp');
  });

  it('Enter on the untouched proposal submits it', async () => {
    const { r, onSubmit } = form(installDir, DEFAULT);
    await waitForText(r, 'Enter keeps it');
    await burst(r, KEY.enter);
    expect(await submitted(r, onSubmit)).toBe(DEFAULT);
  });

  it('a paste with its Enter in one read submits the pasted text alone', async () => {
    const { r, onSubmit } = form(installDir, DEFAULT);
    await waitForText(r, 'Enter keeps it');
    await burst(r, '/srv/wlp\r');
    expect(await submitted(r, onSubmit)).toBe('/srv/wlp');
  });

  it('Tab takes it for editing; a Backspace and a letter in one read both apply', async () => {
    const { r, onSubmit } = form(installDir, '/opt/wlp');
    await waitForText(r, 'typing replaces it');
    await send(r, '\t', 'Enter accepts · Ctrl+U clears');
    expect(frameOf(r)).toContain('❯ /opt/wlp');
    await send(r, '\u007FX', '❯ /opt/wlX');
    await send(r, KEY.enter);
    expect(await submitted(r, onSubmit)).toBe('/opt/wlX');
  });

  it('→ takes it too, the cursor at its end', async () => {
    const { r, onSubmit } = form(installDir, '/opt/wlp');
    await waitForText(r, 'typing replaces it');
    await send(r, '\u001B[C', 'Enter accepts');
    await send(r, '2', '❯ /opt/wlp2');
    await send(r, KEY.enter);
    expect(await submitted(r, onSubmit)).toBe('/opt/wlp2');
  });

  it('a burst of 10 Backspaces in one read after Tab deletes 10 characters', async () => {
    const { r, onSubmit } = form(installDir, DEFAULT);
    await waitForText(r, 'typing replaces it');
    await send(r, '\t', 'Enter accepts');
    await send(r, KEY.backspace.repeat(10), /^❯ \/opt\/IBM\/WebSphe\s*$/m);
    await send(r, KEY.enter);
    expect(await submitted(r, onSubmit)).toBe('/opt/IBM/WebSphe');
  });

  it('Backspace or Ctrl+U on the untouched proposal empties the input: Enter then submits empty', async () => {
    const optional = form(note, 'earlier note');
    await waitForText(optional.r, '❯ earlier note');
    await send(optional.r, KEY.backspace, /^❯\s*$/m);
    await send(optional.r, KEY.enter);
    expect(await submitted(optional.r, optional.onSubmit)).toBeUndefined();
    const required = form(installDir, DEFAULT);
    await waitForText(required.r, `❯ ${DEFAULT}`);
    await send(required.r, KEY.ctrlU, /^❯\s*$/m);
    await send(required.r, KEY.enter, '✖ must not be empty');
    expect(required.onSubmit).not.toHaveBeenCalled();
  });

  it('text then Ctrl+U in one read clears what was typed', async () => {
    const { r, onSubmit } = form(installDir, DEFAULT);
    await waitForText(r, 'typing replaces it');
    await burst(r, 'abc\u0015');
    await waitForText(r, /^❯\s*$/m);
    await send(r, 'x\r');
    expect(await submitted(r, onSubmit)).toBe('/x');
  });
});

/** Runs once the tree it is in is committed, before React's passive effects: a key that arrives then. */
function AtCommit({ run }: { run: () => void }) {
  useLayoutEffect(run, [run]);
  return null;
}

/** A list question, then a text question with a proposal, as the wizard asks them one after the other. */
function ChooseThenType({ onSubmit, atCommit }: { onSubmit: (value: unknown) => void; atCommit: () => void }) {
  const [chosen, setChosen] = useState(false);
  if (!chosen) return <QuestionForm key="method" question={fromSteps('liberty.installMethod')} stepTitle="S" prefill="imcl" baseDir="/" onSubmit={() => setChosen(true)} />;
  return (
    <>
      <QuestionForm key="note" question={note} stepTitle="S" prefill="proposed note" baseDir="/" onSubmit={onSubmit} />
      <AtCommit run={atCommit} />
    </>
  );
}

describe('keys typed right after an answer', () => {
  it('Ctrl+U right after choosing a list option reaches the next question', async () => {
    const onSubmit = vi.fn();
    // The Ctrl+U arrives as soon as the next question is committed (it may already be on the screen).
    const r: Rendered = renderPlain(<ChooseThenType onSubmit={onSubmit} atCommit={() => r.stdin.write(KEY.ctrlU)} />);
    await waitForText(r, '❯ 1. With IBM Installation Manager');
    await burst(r, KEY.enter);
    await waitForText(r, /^❯\s*$/m);
    expect(frameOf(r)).toContain('? Note');
    await burst(r, KEY.enter);
    expect(await submitted(r, onSubmit)).toBeUndefined();
  });

  it('a confirm takes "y\\r" in one read once', async () => {
    const onSubmit = vi.fn();
    const r = renderPlain(<ConfirmInput onSubmit={onSubmit} />);
    await waitForText(r, '(y/n)');
    await burst(r, '\u0015y\r');
    expect(await submitted(r, onSubmit)).toBe(true);
  });

  it('a list takes digits, j/k and Enter in one read', async () => {
    const options = Array.from({ length: 5 }, (_, i) => ({ value: `v${i + 1}`, label: `Option ${i + 1}` }));
    const digits = vi.fn();
    const a = renderPlain(<Select options={options} onSubmit={digits} />);
    await waitForText(a, '❯ 1. Option 1');
    await burst(a, '12\r');
    expect(await submitted(a, digits)).toBe('v2');
    const moves = vi.fn();
    const b = renderPlain(<Select options={options} onSubmit={moves} />);
    await waitForText(b, '❯ 1. Option 1');
    await burst(b, 'jjjk\r');
    expect(await submitted(b, moves)).toBe('v3');
  });
});
