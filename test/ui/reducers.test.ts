import { describe, expect, it } from 'vitest';
import { nodesInit, nodesPrefill, nodesPrompt, nodesReducer } from '../../source/ui/nodes-state.js';
import { selectInit, selectReducer } from '../../source/ui/select-state.js';
import { initialState, LIVE_LINES, wizardReducer, type WizardAction, type WizardState } from '../../source/ui/state.js';
import { isCtrlC, splitKeys } from '../../source/ui/keys.js';
import { textInputInit, textInputReducer, textInputValue, type TextInputAction } from '../../source/ui/text-input-state.js';

function play(actions: WizardAction[], state: WizardState = initialState()): WizardState {
  return actions.reduce(wizardReducer, state);
}

const steps = [
  { id: 'one', title: 'Step one' },
  { id: 'two', title: 'Step two' },
  { id: 'three', title: 'Step three' },
];

describe('the wizard reducer (no terminal)', () => {
  it('follows a run: pending, running, done, skipped, failed; finished lines only ever append', () => {
    let state = play([{ type: 'engine', at: 1000, event: { type: 'run-start', runId: 'r', steps, dryRun: false, resume: false, logFile: '/s/logs/r.log' } }]);
    expect(state.steps.map((s) => [s.id, s.status, s.index])).toEqual([['one', 'pending', 1], ['two', 'pending', 2], ['three', 'pending', 3]]);
    expect(state.firstStartAt).toBe(1000);
    expect(state.logFile).toBe('/s/logs/r.log');
    const logBefore = state.log.length;
    state = play(
      [
        { type: 'engine', at: 1100, event: { type: 'step-skip', id: 'one', title: 'Step one', reason: 'already there' } },
        { type: 'engine', at: 1200, event: { type: 'step-start', id: 'two', title: 'Step two' } },
        { type: 'engine', at: 1300, event: { type: 'step-progress', id: 'two', message: 'doing it' } },
      ],
      state,
    );
    expect(state.steps.map((s) => s.status)).toEqual(['skipped', 'running', 'pending']);
    expect(state.live).toMatchObject({ id: 'two', startedAt: 1200, message: 'doing it', lastOutputAt: 1300 });
    for (let i = 0; i < 12; i++) state = wizardReducer(state, { type: 'engine', at: 1400 + i, event: { type: 'step-output', id: 'two', line: `line ${i}` } });
    expect(state.live!.lines).toHaveLength(LIVE_LINES);
    expect(state.live!.lines.at(-1)).toBe('line 11');
    expect(state.live!.lastOutputAt).toBe(1411);
    state = play(
      [
        { type: 'engine', at: 2000, event: { type: 'step-done', id: 'two', title: 'Step two', durationMs: 800 } },
        { type: 'engine', at: 2100, event: { type: 'step-start', id: 'three', title: 'Step three' } },
        { type: 'engine', at: 2500, event: { type: 'step-failed', id: 'three', title: 'Step three', durationMs: 400, error: { message: 'boom', fix: 'do X', command: 'cmd --x', outputTail: 'a\nb' } } },
        { type: 'engine', at: 2600, event: { type: 'run-done', status: 'failed', durationMs: 1600, exitCode: 1 } },
      ],
      state,
    );
    expect(state.steps.map((s) => s.status)).toEqual(['skipped', 'done', 'failed']);
    expect(state.live).toBeUndefined();
    expect(state.failure).toEqual({ id: 'three', title: 'Step three', error: { message: 'boom', fix: 'do X', command: 'cmd --x', outputTail: 'a\nb' } });
    expect(state.result).toEqual({ status: 'failed', exitCode: 1, at: 2600 });
    const texts = state.log.map((l) => l.text);
    expect(texts).toContain('↷ Step one: already done');
    expect(texts).toContain('  · doing it');
    expect(texts).toContain('✔ Step two (0.8s)');
    expect(texts).toContain('✖ Step three: failed after 0.4s');
    expect(state.log.map((l) => l.id)).toEqual(state.log.map((_, i) => i));
    expect(state.log.length).toBeGreaterThan(logBefore);
  });

  it('a new run (retry) resets the step list and the failure but keeps every finished line', () => {
    let state = play([
      { type: 'engine', at: 1, event: { type: 'run-start', runId: 'r', steps, dryRun: false, resume: false } },
      { type: 'engine', at: 2, event: { type: 'step-start', id: 'one', title: 'Step one' } },
      { type: 'engine', at: 3, event: { type: 'step-failed', id: 'one', title: 'Step one', durationMs: 1, error: { message: 'x', fix: 'y' } } },
    ]);
    const lines = state.log.length;
    state = play([{ type: 'engine', at: 10, event: { type: 'run-start', runId: 'r2', steps, dryRun: false, resume: true } }], state);
    expect(state.failure).toBeUndefined();
    expect(state.firstStartAt).toBe(1);
    expect(state.steps.every((s) => s.status === 'pending')).toBe(true);
    expect(state.log.length).toBe(lines + 1);
    expect(state.log.at(-1)!.text).toMatch(/^Resuming: 3 steps/);
  });

  it('records plans, notices, warnings and a pause as lines', () => {
    const state = play([
      { type: 'engine', at: 1, event: { type: 'run-start', runId: 'r', steps, dryRun: true, resume: false } },
      { type: 'engine', at: 1, event: { type: 'notice', message: 'took the lock' } },
      { type: 'engine', at: 1, event: { type: 'warning', message: 'in clear' } },
      { type: 'engine', at: 2, event: { type: 'step-plan', id: 'one', title: 'Step one', done: false, actions: [{ summary: 'run it', command: ['a', 'b'], file: '/f', detail: 'x=1' }] } },
      { type: 'engine', at: 2, event: { type: 'step-plan', id: 'two', title: 'Step two', done: true, actions: [] } },
      { type: 'engine', at: 3, event: { type: 'paused', id: 'three', message: 'wait for the DBA', instructions: 'run a.sql\nthen resume' } },
      { type: 'phase', phase: { name: 'summary' } },
      { type: 'log', lines: ['hello', { text: 'bad', tone: 'error' }], tone: 'ok' },
    ]);
    const texts = state.log.map((l) => `${l.tone}:${l.text}`);
    expect(texts[0]).toMatch(/^title:Dry run: nothing will change: 3 steps/);
    expect(texts).toEqual(
      expect.arrayContaining([
        'info:notice: took the lock',
        'warn:warning: in clear',
        'title:• Step one: would do',
        'dim:      $ a b',
        'dim:      file: /f',
        'dim:      x=1',
        'ok:↷ Step two: already done, nothing to do',
        'warn:⏸ Paused at three: wait for the DBA',
        'plain:  then resume',
        'ok:hello',
        'error:bad',
      ]),
    );
    expect(state.steps.map((s) => s.status)).toEqual(['planned', 'skipped', 'pending']);
    expect(state.phase).toEqual({ name: 'summary' });
  });
});

describe('input reducers', () => {
  it('edits a line: insert at the cursor, delete, move, clear; strips line breaks from a paste', () => {
    let s = textInputInit('abc');
    s = textInputReducer(s, { type: 'left' });
    s = textInputReducer(s, { type: 'insert', text: 'X\r\n' });
    expect(s).toEqual({ value: 'abXc', cursor: 3 });
    s = textInputReducer(s, { type: 'delete-left' });
    expect(s).toEqual({ value: 'abc', cursor: 2 });
    s = textInputReducer(s, { type: 'home' });
    s = textInputReducer(s, { type: 'delete-left' });
    expect(s.value).toBe('abc');
    s = textInputReducer(s, { type: 'delete-right' });
    expect(s).toEqual({ value: 'bc', cursor: 0 });
    s = textInputReducer(s, { type: 'end' });
    expect(s.cursor).toBe(2);
    expect(textInputReducer(s, { type: 'clear' })).toEqual({ value: '', cursor: 0 });
  });

  it('moves the focus of a list around, wrapping, and scrolls a window of it', () => {
    let s = selectInit({ count: 5, focused: 4, limit: 3 });
    expect(s).toMatchObject({ focused: 4, offset: 2, limit: 3 });
    s = selectReducer(s, { type: 'down' });
    expect(s).toMatchObject({ focused: 0, offset: 0 });
    s = selectReducer(s, { type: 'up' });
    expect(s).toMatchObject({ focused: 4, offset: 2 });
    s = selectReducer(s, { type: 'focus', index: 1 });
    expect(s).toMatchObject({ focused: 1, offset: 1 });
    expect(selectReducer(s, { type: 'focus', index: 9 })).toBe(s);
  });

  it('asks the nodes one field at a time with pmfN, 9080+i, 9443+i proposed', () => {
    let s = nodesInit(undefined);
    expect(nodesPrefill(s)).toBe('1');
    s = nodesReducer(s, { type: 'count', count: 2 });
    expect(nodesPrompt(s)).toBe('Node 1 of 2: server name');
    expect(nodesPrefill(s)).toBe('pmf1');
    s = nodesReducer(s, { type: 'field', value: 'alpha' });
    expect(nodesPrefill(s)).toBe('9080');
    s = nodesReducer(s, { type: 'field', value: 9080 });
    s = nodesReducer(s, { type: 'field', value: 9443 });
    expect(nodesPrompt(s)).toBe('Node 2 of 2: server name');
    expect(nodesPrefill(s)).toBe('pmf2');
    s = nodesReducer(s, { type: 'field', value: 'pmf2' });
    expect(nodesPrefill(s)).toBe('9081');
    s = nodesReducer(s, { type: 'field', value: 9081 });
    expect(nodesPrefill(s)).toBe('9444');
    s = nodesReducer(s, { type: 'field', value: 9444 });
    expect(s.stage).toBe('complete');
    expect(s.nodes).toEqual([{ name: 'alpha', httpPort: 9080, httpsPort: 9443 }, { name: 'pmf2', httpPort: 9081, httpsPort: 9444 }]);
    // An earlier answer is proposed again.
    const again = nodesReducer(nodesInit(s.nodes), { type: 'count', count: 3 });
    expect(again.nodes.map((n) => n.name)).toEqual(['alpha', 'pmf2', 'pmf3']);
    expect(nodesReducer(again, { type: 'restart-at', index: 1 })).toMatchObject({ index: 1, stage: 'name' });
  });
});

describe('keys and the proposal of a text input', () => {
  it('splits one read into key presses: printable runs, Enter, Backspace, Ctrl+A/E/U/C, Tab; other control bytes dropped', () => {
    expect(splitKeys('\u007F'.repeat(3))).toEqual(Array(3).fill({ key: 'backspace' }));
    expect(splitKeys('ab\u0015c\r')).toEqual([{ text: 'a' }, { text: 'b' }, { key: 'ctrl-u' }, { text: 'c' }, { key: 'return' }]);
    expect(splitKeys('x\r\ny\n\b\t\u0001\u0005\u0000\u001C')).toEqual([
      { text: 'x' }, { key: 'return' }, { text: 'y' }, { key: 'return' }, { key: 'backspace' }, { key: 'tab' }, { key: 'ctrl-a' }, { key: 'ctrl-e' },
    ]);
    expect(splitKeys('é€😀')).toEqual([{ text: 'é' }, { text: '€' }, { text: '😀' }]);
    // Escape sequences come one per event from Ink's parser; unknown ones and Alt+key are ignored.
    expect(splitKeys('\u001B')).toEqual([{ key: 'escape' }]);
    expect(splitKeys('\u001B[D')).toEqual([{ key: 'left' }]);
    expect(splitKeys('\u001B[3~')).toEqual([{ key: 'delete' }]);
    expect(splitKeys('\u001B[1;5D')).toEqual([]);
    expect(splitKeys('\u001Bx')).toEqual([]);
  });

  it('Ctrl+C counts alone or inside a burst', () => {
    const none = { ctrl: false, meta: false } as Parameters<typeof isCtrlC>[1];
    expect(isCtrlC('c', { ...none, ctrl: true })).toBe(true);
    expect(isCtrlC('abc\u0003', none)).toBe(true);
    expect(isCtrlC('abc', none)).toBe(false);
  });

  const play = (state: ReturnType<typeof textInputInit>, ...actions: TextInputAction[]) => actions.reduce(textInputReducer, state);
  const proposal = () => textInputInit('', '/opt/wlp');

  it('a proposal: Enter keeps it; the first printable key replaces it; Backspace, Delete, Ctrl+U drop it', () => {
    expect(textInputValue(proposal())).toBe('/opt/wlp');
    expect(play(proposal(), { type: 'insert', text: '/' }, { type: 'insert', text: 'srv' })).toEqual({ value: '/srv', cursor: 4 });
    for (const type of ['delete-left', 'delete-right', 'clear'] as const) {
      const s = play(proposal(), { type });
      expect(s).toEqual({ value: '', cursor: 0 });
      expect(textInputValue(s)).toBe('');
    }
    // A paste of control characters alone replaces nothing.
    expect(play(proposal(), { type: 'insert', text: '\r\t' })).toEqual(proposal());
    // Once dropped, it does not come back: empty stays empty.
    expect(textInputValue(play(proposal(), { type: 'clear' }, { type: 'take' }))).toBe('');
  });

  it('a proposal: Tab, →, End take it for editing at its end; Home and ← take it with the cursor moved', () => {
    for (const type of ['take', 'right', 'end'] as const) expect(play(proposal(), { type })).toEqual({ value: '/opt/wlp', cursor: 8 });
    expect(play(proposal(), { type: 'home' })).toEqual({ value: '/opt/wlp', cursor: 0 });
    expect(play(proposal(), { type: 'left' })).toEqual({ value: '/opt/wlp', cursor: 7 });
    const edited = play(proposal(), { type: 'take' }, ...Array<TextInputAction>(3).fill({ type: 'delete-left' }), { type: 'insert', text: 'x' });
    expect(edited).toEqual({ value: '/opt/x', cursor: 6 });
    // A value to edit has no proposal.
    expect(textInputInit('abc', 'ignored')).toEqual({ value: 'abc', cursor: 3 });
  });

  it('nodes: back goes one field back with the values kept, then to the count; the count keeps typed nodes', () => {
    let s = nodesReducer(nodesInit(undefined), { type: 'count', count: 2 });
    s = nodesReducer(s, { type: 'field', value: 'alpha' });
    s = nodesReducer(s, { type: 'field', value: 8080 });
    s = nodesReducer(s, { type: 'field', value: 8443 });
    expect(nodesPrompt(s)).toBe('Node 2 of 2: server name');
    s = nodesReducer(s, { type: 'back' });
    expect(nodesPrompt(s)).toBe('Node 1 of 2: HTTPS port');
    expect(nodesPrefill(s)).toBe('8443');
    s = nodesReducer(nodesReducer(s, { type: 'back' }), { type: 'back' });
    expect(nodesPrefill(s)).toBe('alpha');
    s = nodesReducer(s, { type: 'back' });
    expect(s.stage).toBe('count');
    expect(nodesPrefill(s)).toBe('2');
    // Back from the typed count: the proposed farms (the list), where back is the question before's.
    const listed = nodesReducer(s, { type: 'back' });
    expect(listed).toMatchObject({ stage: 'count', typing: false });
    expect(nodesReducer(listed, { type: 'back' })).toBe(listed);
    s = nodesReducer(s, { type: 'count', count: 3 });
    expect(s.nodes.map((n) => n.name)).toEqual(['alpha', 'pmf2', 'pmf3']);
    expect(s.nodes[0]).toEqual({ name: 'alpha', httpPort: 8080, httpsPort: 8443 });
  });
});
