import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import type { Question } from '../../source/engine/questions.js';
import { FailureView } from '../../source/ui/FailureView.js';
import { Progress } from '../../source/ui/Progress.js';
import { QuestionForm } from '../../source/ui/QuestionForm.js';
import { ResumePrompt } from '../../source/ui/ResumePrompt.js';
import { SaveAnswers } from '../../source/ui/SaveAnswers.js';
import { Select } from '../../source/ui/Select.js';
import { StepList } from '../../source/ui/StepList.js';
import { Summary } from '../../source/ui/Summary.js';
import { TextInput } from '../../source/ui/TextInput.js';
import { colorWanted, themeFor } from '../../source/ui/theme.js';
import { toneProps } from '../../source/ui/tone.js';
import { installLibertyQuestions } from '../../steps/install-liberty/questions.js';
import { frameOf, KEY, renderPlain, send, typeText, waitFor, waitForText } from './ink-helpers.js';

const q = (path: string) => installLibertyQuestions.find((question) => question.path === path)!;

function form(question: Question, prefill?: unknown, extra: { problem?: string; baseDir?: string } = {}) {
  const onSubmit = vi.fn();
  const r = renderPlain(<QuestionForm question={question} stepTitle="Install Liberty" stepNumber={1} stepCount={3} prefill={prefill} remaining={2} baseDir={extra.baseDir ?? '/'} problem={extra.problem} onSubmit={onSubmit} />);
  return { r, onSubmit };
}

describe('QuestionForm: one input per kind, validated by the question itself', () => {
  it('text: prompt, help, prefilled default, and the schema message inline until the value is good', async () => {
    const { r, onSubmit } = form(q('liberty.packageId'), 'com.ibm.websphere.liberty.v85');
    let frame = await waitForText(r, '? Installation Manager package id');
    expect(frame).toContain('Install Liberty (step 1 of 3)');
    expect(frame).toContain('listAvailablePackages');
    expect(frame).toContain('❯ com.ibm.websphere.liberty.v85');
    expect(frame).toContain('1 more question');
    await typeText(r, 'bad id!');
    frame = await send(r, KEY.enter, '✖ must be an Installation Manager package id');
    expect(onSubmit).not.toHaveBeenCalled();
    // The message follows the typing once shown.
    await send(r, KEY.ctrlU, /^❯\s*$/m);
    await send(r, 'com.ibm.x', 'com.ibm.x');
    await waitFor(() => !frameOf(r).includes('✖'), 'the message to clear', r);
    await send(r, KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
    expect(onSubmit).toHaveBeenCalledWith('com.ibm.x');
    r.unmount();
  });

  it('password: masked, never prefilled', async () => {
    const password: Question = { path: 'pmf.adminPassword', kind: 'password', schema: z.string().check(z.minLength(6, 'must have at least 6 characters')), prompt: 'Admin password', help: 'h', secret: true };
    const { r, onSubmit } = form(password, 'ignored');
    await waitForText(r, '? Admin password');
    expect(frameOf(r)).not.toContain('ignored');
    await send(r, 'abc', '•••');
    await send(r, KEY.enter, '✖ must have at least 6 characters');
    await send(r, 'def', '••••••');
    expect(frameOf(r)).not.toContain('abcdef');
    await send(r, KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
    expect(onSubmit).toHaveBeenCalledWith('abcdef');
  });

  it('select: choices from the declaration, default focused, arrows move', async () => {
    const { r, onSubmit } = form(q('liberty.installMethod'), 'imcl');
    await waitForText(r, '❯ 1. With IBM Installation Manager');
    await send(r, KEY.down, '❯ 2. From a Liberty archive');
    await send(r, KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
    expect(onSubmit).toHaveBeenCalledWith('archive');
  });

  it('confirm: y/n; "no" to the license shows the answers-file message', async () => {
    const { r, onSubmit } = form(q('liberty.acceptLicense'));
    await waitForText(r, '(y/n)');
    await send(r, 'n', '✖ the Liberty license must be accepted before installing');
    expect(onSubmit).not.toHaveBeenCalled();
    await send(r, 'y');
    await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
    expect(onSubmit).toHaveBeenCalledWith(true);
  });

  it('path: resolved against the base dir and checked on disk with the question schema', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-path-'));
    fs.mkdirSync(path.join(dir, 'repo'));
    const { r, onSubmit } = form(q('liberty.repositoryDir'), undefined, { baseDir: dir });
    await waitForText(r, '? Directory of the extracted Liberty installer');
    await send(r, 'nowhere', 'nowhere');
    await send(r, KEY.enter, '✖ no such directory');
    await typeText(r, 'repo');
    await send(r, KEY.enter, '✖ holds no repository.config');
    fs.writeFileSync(path.join(dir, 'repo', 'repository.config'), 'x');
    await send(r, KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
    expect(onSubmit).toHaveBeenCalledWith(path.join(dir, 'repo'));
  });

  it('port and number: a non-number gets the schema message; a problem given by the caller shows at once', async () => {
    const port: Question = { path: 'database.port', kind: 'port', schema: z.int({ error: 'must be a port number' }).check(z.minimum(1), z.maximum(65535, 'must be between 1 and 65535')), prompt: 'Port', help: 'h' };
    const { r, onSubmit } = form(port, 3306, { problem: 'port 3306 is taken' });
    await waitForText(r, '✖ port 3306 is taken');
    await typeText(r, 'abc');
    await send(r, KEY.enter, '✖ must be a port number');
    await typeText(r, '70000');
    await waitForText(r, '✖ must be between 1 and 65535');
    await typeText(r, '3307');
    await send(r, KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
    expect(onSubmit).toHaveBeenCalledWith(3307);
  });

  it('optional: empty leaves it unset', async () => {
    const { r, onSubmit } = form(q('liberty.userDir'));
    await waitForText(r, 'empty leaves it unset');
    await send(r, KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
    expect(onSubmit).toHaveBeenCalledWith(undefined);
  });

  it('nodes: how many, then name/http/https of each with pmfN, 9080+i, 9443+i; a clash is refused', async () => {
    const { r, onSubmit } = form(q('nodes'), [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }]);
    await waitForText(r, 'How many nodes');
    // The proposed farms first: "other" goes on to the count and the fields.
    await send(r, '5', '❯ 5. Another number of nodes');
    await send(r, KEY.enter, 'How many nodes (1 to 50)?');
    await typeText(r, '2');
    await send(r, KEY.enter, 'Node 1 of 2: server name');
    expect(frameOf(r)).toContain('❯ pmf1');
    await send(r, KEY.enter, 'Node 1 of 2: HTTP port');
    await send(r, KEY.enter, 'Node 1 of 2: HTTPS port');
    expect(frameOf(r)).toContain('❯ 9443');
    await send(r, KEY.enter, 'Node 2 of 2: server name');
    expect(frameOf(r)).toContain('❯ pmf2');
    expect(frameOf(r)).toContain('so far: pmf1 (9080/9443)');
    await send(r, KEY.enter, 'Node 2 of 2: HTTP port');
    expect(frameOf(r)).toContain('❯ 9081');
    await typeText(r, '9080');
    await send(r, KEY.enter, "✖ pmf2's HTTP port: port 9080 is already pmf1's HTTP port");
    await typeText(r, '9081');
    await send(r, KEY.enter, 'Node 2 of 2: HTTPS port');
    expect(frameOf(r)).toContain('❯ 9444');
    await send(r, KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
    expect(onSubmit).toHaveBeenCalledWith([{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }, { name: 'pmf2', httpPort: 9081, httpsPort: 9444 }]);
  });
});

describe('inputs', () => {
  it('TextInput takes text and Enter delivered in one chunk (as a terminal may send them)', async () => {
    const onSubmit = vi.fn();
    const r = renderPlain(<TextInput initial="" onSubmit={onSubmit} />);
    await send(r, '/opt/wlp\r');
    await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
    expect(onSubmit).toHaveBeenCalledWith('/opt/wlp');
  });

  it('Select scrolls a long list in a window and jumps with a digit', async () => {
    const onSubmit = vi.fn();
    const options = Array.from({ length: 12 }, (_, i) => ({ value: `v${i}`, label: `Option ${i}` }));
    const r = renderPlain(<Select options={options} limit={4} onSubmit={onSubmit} />);
    await waitForText(r, '↓ 8 more');
    expect(frameOf(r)).not.toContain('Option 4');
    await send(r, KEY.up, '❯    Option 11');
    expect(frameOf(r)).toContain('↑ 8 more');
    await send(r, '3', '❯ 3. Option 2');
    await send(r, KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
    expect(onSubmit).toHaveBeenCalledWith('v2');
  });
});

describe('run views', () => {
  it('StepList shows each state in words, not only in colour', () => {
    const r = renderPlain(
      <StepList
        total={5}
        steps={[
          { id: 'a', title: 'Install Liberty', status: 'done', index: 1 },
          { id: 'b', title: 'Install PMF', status: 'skipped', index: 2 },
          { id: 'c', title: 'Create the database', status: 'running', index: 3 },
          { id: 'd', title: 'Deploy', status: 'failed', index: 4 },
          { id: 'e', title: 'Verify', status: 'pending', index: 5 },
        ]}
      />,
    );
    expect(frameOf(r).split('\n')).toEqual([
      '✔ 1/5 Install Liberty · done',
      '↷ 2/5 Install PMF · already done',
      '▶ 3/5 Create the database · running',
      '✖ 4/5 Deploy · failed',
      '○ 5/5 Verify',
    ]);
  });

  it('Progress: spinner, elapsed time, the last output lines, and a note when the command is quiet', async () => {
    let now = 10_000;
    const clock = () => now;
    const live = { id: 'a', title: 'Install Liberty', startedAt: 0, message: 'Installing', lines: ['one', 'two'], lastOutputAt: 9_000 };
    const r = renderPlain(<Progress live={live} now={clock} quietAfterMs={5_000} />);
    let frame = await waitForText(r, 'Install Liberty (10.0s)');
    expect(frame).toContain('  Installing');
    expect(frame).toContain('  │ one');
    expect(frame).toContain('  │ two');
    expect(frame).not.toContain('still running');
    now = 20_000;
    frame = await waitForText(r, 'Install Liberty (20.0s)');
    expect(frame).toContain('still running: no output for 11s');
    r.unmount();
  });

  it('FailureView: what failed, the command, the output tail, the fix, then retry / change / quit', async () => {
    const onChoice = vi.fn();
    const tail = Array.from({ length: 20 }, (_, i) => `out ${i}`).join('\n');
    const r = renderPlain(
      <FailureView
        failure={{ id: 'x', title: 'Install Liberty', error: { message: 'imcl install failed (exit 1)', fix: 'Set liberty.packageId.', command: 'imcl install x', outputTail: tail } }}
        resumeCommand="pmf-wizard --state /s --resume"
        logFile="/s/logs/1.log"
        onChoice={onChoice}
      />,
    );
    const frame = await waitForText(r, 'What now?');
    expect(frame).toContain('✖ Install Liberty failed');
    expect(frame).toContain('  error: imcl install failed (exit 1)');
    expect(frame).toContain('  command: imcl install x');
    expect(frame).toContain('    out 19');
    expect(frame).not.toContain('out 11\n');
    expect(frame).toContain('  fix: Set liberty.packageId.');
    expect(frame).toContain('To continue later: pmf-wizard --state /s --resume');
    await send(r, KEY.down, '❯ 2. Change an answer');
    await send(r, KEY.enter);
    await waitFor(() => onChoice.mock.calls.length === 1, 'choice', r);
    expect(onChoice).toHaveBeenCalledWith('change');
  });

  it('ResumePrompt: resume where it stopped, or start over only after a confirmation', async () => {
    const onChoice = vi.fn();
    const r = renderPlain(<ResumePrompt stateDir="/s" stoppedAt={{ title: 'Install PMF', number: 2, count: 4, status: 'failed', message: 'boom' }} onChoice={onChoice} />);
    let frame = await waitForText(r, 'A previous run left a checkpoint in /s.');
    expect(frame).toContain('It stopped at step 2 of 4: Install PMF (failed).');
    expect(frame).toContain('passwords are asked again');
    expect(frame).toContain('❯ 1. Resume at step 2: Install PMF');
    await send(r, KEY.down, '❯ 2. Start over');
    frame = await send(r, KEY.enter, 'Start over? The previous answers are forgotten');
    expect(frame).toContain('(y/N)');
    await send(r, KEY.enter, '❯ 1. Resume at step 2');
    expect(onChoice).not.toHaveBeenCalled();
    await send(r, KEY.down, '❯ 2. Start over');
    await send(r, KEY.enter, '(y/N)');
    await send(r, 'y');
    await waitFor(() => onChoice.mock.calls.length === 1, 'choice', r);
    expect(onChoice).toHaveBeenCalledWith('start-over');
  });

  it('Summary: time, the tables of the step outputs, each node console URL, the offer to save', async () => {
    const onChoice = vi.fn();
    const r = renderPlain(
      <Summary
        durationMs={75_000}
        exitCode={0}
        counts={{ done: 3, skipped: 1 }}
        nodes={[{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }, { name: 'pmf2', httpPort: 9081, httpsPort: 9444 }]}
        tables={[{ title: 'Verify the farm', table: { header: ['node', 'state'], rows: [['pmf1', 'running'], ['pmf2', 'running']] } }]}
        onChoice={onChoice}
      />,
    );
    const frame = await waitForText(r, 'Finish without saving');
    expect(frame).toContain('✔ Done in 1m 15s: 3 steps run, 1 already done.');
    expect(frame).toContain('Verify the farm');
    expect(frame).toContain('  node  state');
    expect(frame).toContain('  pmf2  running');
    expect(frame).toContain('  pmf1     http://localhost:9080/mfpconsole');
    expect(frame).toContain('  pmf2     http://localhost:9081/mfpconsole');
    await send(r, KEY.enter);
    await waitFor(() => onChoice.mock.calls.length === 1, 'choice', r);
    expect(onChoice).toHaveBeenCalledWith('save');
  });

  it('SaveAnswers names the environment variables the file refers to', async () => {
    const onSubmit = vi.fn();
    const r = renderPlain(<SaveAnswers proposal="/tmp/a.json" envVars={['PMF_ADMIN_PASSWORD']} onSubmit={onSubmit} />);
    const frame = await waitForText(r, '❯ /tmp/a.json');
    expect(frame).toContain('{"env": NAME} references: PMF_ADMIN_PASSWORD');
    await send(r, KEY.enter);
    await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
    expect(onSubmit).toHaveBeenCalledWith('/tmp/a.json');
  });

  it('NO_COLOR: the theme gives no colour and no dimming to any tone', () => {
    expect(colorWanted({ NO_COLOR: '1' })).toBe(false);
    expect(colorWanted({})).toBe(true);
    const off = themeFor(false);
    for (const tone of ['plain', 'ok', 'warn', 'error', 'info', 'dim', 'title'] as const) {
      const props = toneProps(off, tone);
      expect(props.color).toBeUndefined();
      expect(props.dimColor).toBeFalsy();
      expect(props.bold).toBeFalsy();
    }
    expect(toneProps(themeFor(true), 'error').color).toBe('red');
    const plain = renderPlain(<StepList steps={[{ id: 'a', title: 'A', status: 'done', index: 1 }]} />, false);
    expect(frameOf(plain)).not.toMatch(/\u001B\[/);
  });
});
