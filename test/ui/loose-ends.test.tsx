import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { questionsOf } from '../../source/engine/answers.js';
import type { PartialAnswers, Question } from '../../source/engine/questions.js';
import type { Step } from '../../source/engine/step.js';
import { QuestionForm } from '../../source/ui/QuestionForm.js';
import { SaveAnswers } from '../../source/ui/SaveAnswers.js';
import { steps } from '../../steps/index.js';
import { questionStep } from '../support/fake-steps.js';
import { answerQuestions, mount, REVIEW, tempDir } from './app-harness.js';
import { frameOf, KEY, renderPlain, send, typeText, waitFor, waitForText } from './ink-helpers.js';

/** The nodes in one answer, lists that follow the answers so far, help in a terminal's words, saving. */

const ESC = '\u001B';
const question = (path: string) => questionsOf(steps).find((q) => q.path === path)!;

function form(q: Question, prefill?: unknown, answers?: PartialAnswers) {
  const onSubmit = vi.fn();
  const onBack = vi.fn();
  const r = renderPlain(<QuestionForm question={q} stepTitle="S" prefill={prefill} answers={answers} baseDir="/" onSubmit={onSubmit} onBack={onBack} />);
  return { r, onSubmit, onBack };
}

const submitted = async (r: ReturnType<typeof renderPlain>, onSubmit: ReturnType<typeof vi.fn>) => {
  await waitFor(() => onSubmit.mock.calls.length === 1, 'submit', r);
  return onSubmit.mock.calls[0][0];
};

describe('the nodes question costs one answer', () => {
  it('lists the proposed farms, the earlier count focused; Enter on one submits its nodes', async () => {
    const { r, onSubmit } = form(question('nodes'), [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }]);
    const frame = await waitForText(r, '❯ 1. 1 node: pmf1 (9080/9443)');
    expect(frame).toContain('2. 2 nodes: pmf1 (9080/9443), pmf2 (9081/9444)');
    expect(frame).toContain('5. Another number of nodes, or other names or ports');
    expect(frame).toContain('↑↓ to move, Enter to choose');
    await send(r, KEY.down, '❯ 2. 2 nodes');
    await send(r, KEY.enter);
    expect(await submitted(r, onSubmit)).toEqual([
      { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
      { name: 'pmf2', httpPort: 9081, httpsPort: 9444 },
    ]);
  });

  it('"other" goes on to the typed count and fields, whose keys the footer then tells; Esc comes back to the list, then to the question before', async () => {
    const { r, onSubmit, onBack } = form(question('nodes'));
    await waitForText(r, '❯ 1. 1 node');
    await send(r, '5', '❯ 5. Another number');
    await send(r, KEY.enter, 'How many nodes (1 to 50)?');
    await waitFor(() => frameOf(r).replace(/\s+/g, ' ').includes('Enter keeps each proposed value, typing replaces it'), 'the keys of typed fields', r);
    await send(r, '1\r', 'Node 1 of 1: server name');
    await send(r, ESC, 'How many nodes (1 to 50)?');
    await send(r, ESC, '❯ 1. 1 node');
    expect(onBack).not.toHaveBeenCalled();
    await new Promise((resolve) => setImmediate(resolve));
    r.stdin.write(ESC);
    await waitFor(() => onBack.mock.calls.length === 1, 'onBack', r);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('the farms proposed skip a port something on this machine listens on', async () => {
    const busy = { ...question('nodes'), portsInUse: () => new Set([9081]) };
    const { r } = form(busy, [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }]);
    await waitForText(r, '2. 2 nodes: pmf1 (9080/9443), pmf2 (9082/9444)');
  });

  it('the header gives no number of steps while the number of nodes is open, and follows the nodes typed', async () => {
    const onSubmit = vi.fn();
    const countWith = (nodes: unknown) => (Array.isArray(nodes) && nodes.length > 1 ? 7 : 4);
    const r = renderPlain(<QuestionForm question={question('nodes')} stepTitle="Install Liberty" stepNumber={1} stepCount={4} stepCountWith={countWith} prefill={undefined} baseDir="/" onSubmit={onSubmit} />);
    const listing = await waitForText(r, '❯ 1. 1 node');
    expect(listing).toContain('Install Liberty (step 1)');
    expect(listing).not.toContain('of 4');
    await send(r, '5', '❯ 5. Another number');
    await send(r, KEY.enter, 'How many nodes (1 to 50)?');
    expect(frameOf(r)).toContain('Install Liberty (step 1)');
    await send(r, '2\r', 'Node 1 of 2: server name');
    await waitForText(r, 'Install Liberty (step 1 of 7)');
    await send(r, ESC, 'How many nodes (1 to 50)?');
    await send(r, '1\r', 'Node 1 of 1: server name');
    await waitForText(r, 'Install Liberty (step 1 of 4)');
  });

  it('a proposed farm that clashes with an earlier answer is refused and opens the fields of the node at fault', async () => {
    const earlier = [
      { name: 'a', httpPort: 9080, httpsPort: 9443 },
      { name: 'b', httpPort: 9080, httpsPort: 9444 },
    ];
    const { r, onSubmit } = form(question('nodes'), earlier);
    await waitForText(r, '❯ 2. 2 nodes');
    await send(r, KEY.enter, 'Node 2 of 2: server name');
    expect(frameOf(r)).toContain('✖');
    expect(onSubmit).not.toHaveBeenCalled();
  });
});

describe('a list offers what fits the answers so far', () => {
  it('no Derby for a farm of two; Derby for one node', async () => {
    const two = [
      { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
      { name: 'pmf2', httpPort: 9081, httpsPort: 9444 },
    ];
    const farm = form(question('database.type'), undefined, { nodes: two });
    let frame = await waitForText(farm.r, 'MySQL / MariaDB');
    expect(frame).not.toMatch(/\d\. Derby/);
    const single = form(question('database.type'), undefined, { nodes: two.slice(0, 1) });
    frame = await waitForText(single.r, 'MySQL / MariaDB');
    expect(frame).toContain('Derby (embedded, single node only)');
  });

  it('in the app, the nodes answered decide what the database list offers', async () => {
    const dir = tempDir();
    const step = (id: string, questions: Question[]): Step => ({ id, title: id, questions, isDone: async () => ({ done: true, detail: '' }), plan: async () => [], run: async () => {} });
    const { r } = mount([step('nodes', [question('nodes')]), step('database', [question('database.type')])], dir);
    await waitForText(r, '❯ 1. 1 node');
    await send(r, '2', '❯ 2. 2 nodes');
    await send(r, KEY.enter, '? Which database management system');
    expect(frameOf(r)).toContain('✔ Farm nodes (Liberty servers): pmf1 (9080/9443), pmf2 (9081/9444)');
    expect(frameOf(r)).toContain('Oracle');
    expect(frameOf(r)).not.toMatch(/\d\. Derby/);
    await send(r, KEY.ctrlC);
  });
});

describe('help in the words of a terminal', () => {
  it('a password typed at the terminal is not told to be written as {"env": …}', async () => {
    const { r } = form(question('database.password'));
    const frame = await waitForText(r, 'Typed here, it stays in memory for this run: never written to the state directory or the logs.');
    expect(frame).not.toContain('{"env"');
    expect(question('database.admin.password').terminalHelp).toBe('Used only to create the database and its user in this step; kept in memory, never stored.');
    expect(question('pmf.adminPassword').terminalHelp).toBe('The password you log in to the Operations Console with (at least 8 characters); kept in memory, never written to disk.');
  });

  it('no question shows a person at a terminal an answers-file reference or key', () => {
    const all = questionsOf(steps);
    for (const q of all) {
      const shown = q.terminalHelp ?? q.help;
      expect(shown, q.path).not.toMatch(/\{"|answers file/);
      for (const other of all) expect(shown, `${q.path} names ${other.path}`).not.toContain(other.path);
      if (q.kind === 'select') for (const choice of q.choices && typeof q.choices !== 'function' ? q.choices : []) expect(shown, q.path).not.toContain(`${choice.value}:`);
    }
  });

  it('an optional list does not say "empty leaves it unset"; an optional text does', async () => {
    const mode = form(question('database.mode'));
    await waitForText(mode.r, 'The wizard (I have the DBMS admin credentials)');
    expect(frameOf(mode.r)).not.toContain('empty leaves it unset');
    const userDir = form(question('liberty.userDir'));
    await waitForText(userDir.r, 'empty leaves it unset');
  });
});

describe('saving the answers', () => {
  it('typing replaces the proposed file name', async () => {
    const onSubmit = vi.fn();
    const r = renderPlain(<SaveAnswers proposal="/tmp/a.json" envVars={[]} onSubmit={onSubmit} />);
    await waitForText(r, '❯ /tmp/a.json');
    await send(r, 'b.json', '❯ b.json');
    await send(r, KEY.enter);
    expect(await submitted(r, onSubmit)).toBe('b.json');
  });

  it('the rebuild command is named as the wizard was started, the file quoted for the shell', async () => {
    const dir = tempDir();
    const { r } = mount([questionStep()], dir, { invocation: 'npx pmf-wizard' });
    await answerQuestions(r, dir);
    await send(r, KEY.enter, REVIEW);
    await send(r, '3', '❯ 3. Save as an answers file');
    await send(r, KEY.enter, 'Answers file to write');
    await typeText(r, 'my answers.json');
    const file = path.join(dir, 'my answers.json');
    const frame = await send(r, KEY.enter, 'To rebuild unattended');
    expect(frame.replace(/\s*\n\s*/g, ' ')).toContain(`npx pmf-wizard --answers '${file}'`);
    expect(fs.existsSync(file)).toBe(true);
    await send(r, KEY.ctrlC);
  });
});
