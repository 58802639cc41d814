import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { plainColumns, plainReporter } from '../../source/ui/plain.js';
import { noopFarmRun } from './fixtures/noop-farm-run.js';

function printed(events: EngineEvent[], options: { verbose?: boolean; columns?: number } = {}): string[] {
  const lines: string[] = [];
  const report = plainReporter((line) => lines.push(...line.split('\n')), { resumeCommand: 'pmf-wizard --resume', ...options });
  for (const event of events) report(event);
  return lines;
}

const PEM = /BEGIN CERTIFICATE|MIID/;

describe('plain output is quiet by default', () => {
  it('a run with nothing to do on a farm of two prints at most 30 lines, no command output and no certificate', () => {
    const lines = printed(noopFarmRun());
    expect(lines.length).toBeLessThanOrEqual(30);
    // As a terminal of 100 columns shows them, long lines wrapped.
    expect(lines.reduce((rows, line) => rows + Math.max(1, Math.ceil([...line].length / 100)), 0)).toBeLessThanOrEqual(30);
    expect(lines.filter((line) => PEM.test(line))).toEqual([]);
    expect(lines.filter((line) => line.startsWith('    |') || line.startsWith('    $'))).toEqual([]);
    // What a person needs is still there: every step, the verification table, the end.
    expect(lines.filter((line) => /^\[\d\/7\] .*: already done/.test(line))).toHaveLength(6);
    expect(lines).toContain('  -   pmf2  ok       ok       ok     ok    ok       2/2 ALIVE');
    expect(lines.at(-1)).toMatch(/^Done: 1 step run, 6 already done/);
  });

  it('--verbose prints every command and every line of its output, the certificate dumps too', () => {
    const events = noopFarmRun();
    const lines = printed(events, { verbose: true });
    const outputs = events.filter((event) => event.type === 'step-output');
    const commands = events.filter((event) => event.type === 'step-command');
    expect(lines.filter((line) => line.startsWith('    | '))).toHaveLength(outputs.length);
    expect(lines.filter((line) => line.startsWith('    $ '))).toHaveLength(commands.length);
    expect(lines.some((line) => PEM.test(line))).toBe(true);
  });

  it('folds a step’s table to $COLUMNS, else to 100 columns', () => {
    expect(plainColumns({})).toBe(100);
    expect(plainColumns({ COLUMNS: '72' })).toBe(72);
    expect(plainColumns({ COLUMNS: 'wide' })).toBe(100);
    const long = 'a value that goes on and on about where the file is and why it is there '.repeat(2);
    const table: EngineEvent = { type: 'step-table', id: 's', table: { header: ['property', 'value', 'why'], rows: [['mfp.server.install.dir', '/opt/IBM/PMF/MobileFoundationServer', long]] }, layout: { indent: '  ', header: false } };
    for (const columns of [60, 80, 100]) {
      const lines = printed([table], { columns });
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
    }
  });
});
