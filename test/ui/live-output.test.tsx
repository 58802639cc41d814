import { Box } from 'ink';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { foldLogLine, LogView } from '../../source/ui/LogView.js';
import { initialState, wizardReducer, type LogLine, type WizardState } from '../../source/ui/state.js';
import { frameOf, renderPlain } from './ink-helpers.js';

function play(events: EngineEvent[], state: WizardState = initialState()): WizardState {
  return events.reduce((s, event, i) => wizardReducer(s, { type: 'engine', event, at: 1000 + i }), state);
}

const running: EngineEvent[] = [
  { type: 'run-start', runId: 'r', steps: [{ id: 'trust', title: 'Trust' }], dryRun: false, resume: false },
  { type: 'step-start', id: 'trust', title: 'Trust' },
];

describe('the live area shows the running command only', () => {
  it('forgets the previous command’s lines when the next command starts', () => {
    const state = play([
      ...running,
      { type: 'step-command', id: 'trust', command: 'server stop pmf1' },
      { type: 'step-output', id: 'trust', line: 'Stopping the server pmf1.' },
      { type: 'step-output', id: 'trust', line: 'Server pmf1 stopped.' },
      { type: 'step-command', id: 'trust', command: 'server start pmf1' },
      { type: 'step-output', id: 'trust', line: 'Starting server pmf1.' },
    ]);
    expect(state.live?.lines).toEqual(['Starting server pmf1.']);
  });

  it('never shows a certificate dump, and keeps command output out of the log, unless --verbose', () => {
    const dump: EngineEvent[] = [
      { type: 'step-command', id: 'trust', command: 'keytool -list -rfc' },
      { type: 'step-output', id: 'trust', line: '-----BEGIN CERTIFICATE-----', data: true },
      { type: 'step-output', id: 'trust', line: 'MIIDazCCAlOgAwIBAgIE', data: true },
    ];
    const quiet = play([...running, ...dump]);
    expect(quiet.live?.lines).toEqual([]);
    expect(quiet.log.map((line) => line.text).join('\n')).not.toMatch(/CERTIFICATE|keytool/);
    const verbose = play([...running, ...dump], { ...initialState(), verbose: true });
    expect(verbose.live?.lines).toEqual(['-----BEGIN CERTIFICATE-----', 'MIIDazCCAlOgAwIBAgIE']);
    expect(verbose.log.map((line) => line.text)).toEqual(expect.arrayContaining(['    $ keytool -list -rfc', '    │ -----BEGIN CERTIFICATE-----', '    │ MIIDazCCAlOgAwIBAgIE']));
  });

  it('keeps a step’s table whole in the log, for the view to fold', () => {
    const table = { header: ['property', 'value'], rows: [['mfp.farm.configure', 'true']] };
    const state = play([...running, { type: 'step-table', id: 'trust', table, layout: { header: false } }]);
    expect(state.log.at(-1)).toMatchObject({ table: { table, layout: { header: false } } });
  });
});

describe('finished lines folded to the terminal', () => {
  const long = '  · Running /opt/pmf/tools/apache-ant-1.9.4/bin/ant -f /home/admin/.pmf-wizard/ant/pmf1/configure-liberty-mysql.xml databases (the secrets are in that 0600 file until Ant ends)';

  it.each([60, 80, 120])('at %i columns: no line wider, no stray space at the left edge, continuations under the text', async (columns) => {
    const lines: LogLine[] = [
      { id: 0, text: long, tone: 'dim' },
      { id: 1, text: 'words '.repeat(40).trim(), tone: 'plain' },
      { id: 2, text: '', tone: 'plain', table: { table: { header: ['property', 'value', 'why'], rows: [['mfp.server.install.dir', '/opt/IBM/MobileFirst_Platform_Server', 'pmf.installDir: where the WARs are taken from, on every node']] }, layout: { header: false } } },
    ];
    const r = renderPlain(
      <Box width={columns}>
        <LogView lines={lines} columns={columns} />
      </Box>,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const frame = frameOf(r).split('\n');
    for (const line of frame) expect([...line].length, line).toBeLessThanOrEqual(columns);
    const plainContinuations = frame.filter((line) => line.startsWith('words') || /^ \S/.test(line));
    expect(frame.filter((line) => /^ \S/.test(line))).toEqual([]);
    expect(plainContinuations.length).toBeGreaterThan(columns < 120 ? 2 : 1);
    r.unmount();
  });

  it('at the terminal’s own width: a line with double spaces (a table row) continues at the left edge, not one space in', async () => {
    const r = renderPlain(<LogView lines={[{ id: 0, text: 'word  '.repeat(40).trim(), tone: 'plain' }]} />);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const frame = frameOf(r).split('\n').filter(Boolean);
    expect(frame.length).toBeGreaterThan(1);
    for (const line of frame) expect(line, line).toMatch(/^word/);
    r.unmount();
  });

  it('hangs a continuation under the text after its mark', () => {
    const [first, ...rest] = foldLogLine(long, 60);
    expect(first.startsWith('  · Running')).toBe(true);
    for (const line of rest) expect(line).toMatch(/^ {4}\S/);
    expect(foldLogLine('short', 60)).toEqual(['short']);
  });
});
