import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandRunner } from '../../source/adapters/process.js';
import { emptyCheckpoint } from '../../source/engine/checkpoint.js';
import type { EngineEvent } from '../../source/engine/events.js';
import { RunLog } from '../../source/engine/log.js';
import { Redactor } from '../../source/engine/redact.js';
import type { RunnerOptions } from '../../source/engine/runner.js';
import { stepContext, type ContextSource } from '../../source/engine/step-context.js';
import type { Step } from '../../source/engine/step.js';

const step: Step = { id: 'trust', title: 'Trust', questions: [], isDone: async () => ({ done: false, detail: '' }), plan: async () => [], run: async () => {} };

function context(quiet = false) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-step-output-'));
  const events: EngineEvent[] = [];
  const redactor = new Redactor();
  redactor.add('s3cret-value');
  const log = new RunLog(redactor, dir, 'test');
  const source: ContextSource = {
    answers: {},
    stateDir: dir,
    dryRun: false,
    signal: new AbortController().signal,
    emit: (event) => events.push(event),
    redactor,
    checkpoint: emptyCheckpoint({}),
    runnerFor: (options: RunnerOptions) => new CommandRunner(options),
  };
  return { ctx: stepContext(source, step, log, quiet), events, logText: () => fs.readFileSync(log.file as string, 'utf8') };
}

describe('command output as a step emits it', () => {
  it('tells when each command starts, so that the screen shows the lines of the running one only', async () => {
    const { ctx, events, logText } = context();
    await ctx.runner.run({ command: 'sh', args: ['-c', 'echo first one; echo first two'] });
    await ctx.runner.run({ command: 'sh', args: ['-c', 'echo second'] });
    expect(events.map((event) => (event.type === 'step-command' ? `$ ${event.command}` : event.type === 'step-output' ? event.line : event.type))).toEqual([
      '$ sh -c echo first one; echo first two',
      'first one',
      'first two',
      '$ sh -c echo second',
      'second',
    ]);
    expect(logText()).toContain('first two');
  });

  it('marks the output of a command that prints data for the wizard (a certificate dump): the log has it all the same', async () => {
    const { ctx, events, logText } = context();
    await ctx.runner.run({ command: 'sh', args: ['-c', 'echo -----BEGIN CERTIFICATE-----'], outputIsData: true });
    await ctx.runner.run({ command: 'sh', args: ['-c', 'echo progress'] });
    const outputs = events.filter((event) => event.type === 'step-output');
    expect(outputs).toEqual([
      { type: 'step-output', id: 'trust', line: '-----BEGIN CERTIFICATE-----', data: true },
      { type: 'step-output', id: 'trust', line: 'progress' },
    ]);
    expect(logText()).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('emits nothing of the commands of a quiet context (preflight)', async () => {
    const { ctx, events } = context(true);
    await ctx.runner.run({ command: 'sh', args: ['-c', 'echo hidden'] });
    expect(events).toEqual([]);
  });

  it('hands a table to the screens whole, secrets masked, and writes it to the log', () => {
    const { ctx, events, logText } = context();
    ctx.reportTable({ header: ['property', 'value'], rows: [['password', 's3cret-value']] }, { header: false });
    expect(events).toEqual([{ type: 'step-table', id: 'trust', table: { header: ['property', 'value'], rows: [['password', '****']] }, layout: { header: false } }]);
    expect(logText()).toMatch(/\[trust\] password +\*\*\*\*/);
  });
});
