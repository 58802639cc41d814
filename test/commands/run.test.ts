import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Io } from '../../source/commands/output.js';
import { runCommand, type RunFlags } from '../../source/commands/run.js';
import { loadCheckpoint } from '../../source/engine/checkpoint.js';
import { UsageError } from '../../source/engine/errors.js';
import { fileStep, questionStep, type FakeStepLog } from '../support/fake-steps.js';

// The Ink run is replaced by a recorder: these tests look at what the command hands it.
const interactive = vi.hoisted(() => ({ calls: [] as { flags: RunFlags; raw: unknown }[] }));
vi.mock('../../source/commands/interactive.js', () => ({
  runInteractive: async (options: { flags: RunFlags; raw: unknown }) => {
    interactive.calls.push({ flags: options.flags, raw: options.raw });
    return 0;
  },
}));

function setup(isTTY: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-command-'));
  const log: FakeStepLog = { runs: [] };
  const steps = [questionStep(), fileStep('one', 'a.txt', log)];
  const answers = path.join(dir, 'answers.json');
  fs.writeFileSync(answers, JSON.stringify({ target: { dir: path.join(dir, 'out'), password: { env: 'RUN_TEST_PASSWORD' } } }));
  const out: string[] = [];
  const io: Io = { stdout: (line) => out.push(line), stderr: (line) => out.push(line), isTTY, env: { RUN_TEST_PASSWORD: 'hunter2-secret' }, cwd: dir };
  const flags: RunFlags = { resume: true, dryRun: false, state: 'state', json: false, yes: false };
  return { dir, log, steps, answers, out, io, flags, stateDir: path.join(dir, 'state') };
}

describe('--resume after a crash before the first checkpoint', () => {
  it('with --answers: starts from the beginning, with a one-line notice', async () => {
    const t = setup(false);
    const code = await runCommand({ ...t.flags, answers: t.answers }, t.steps, t.io, new AbortController().signal);
    expect(code).toBe(0);
    expect(t.log.runs).toEqual(['one']);
    expect(t.out.filter((line) => line.startsWith('notice:'))).toEqual([`notice: Nothing to resume in ${t.stateDir} (no checkpoint.json yet): starting from the beginning.`]);
    expect(loadCheckpoint(t.stateDir)?.steps.one.status).toBe('done');
  });

  it('with --answers and --dry-run: plans from the beginning, changes nothing', async () => {
    const t = setup(false);
    const code = await runCommand({ ...t.flags, answers: t.answers, dryRun: true }, t.steps, t.io, new AbortController().signal);
    expect(code).toBe(0);
    expect(t.out.some((line) => line.includes('Nothing to resume'))).toBe(true);
    expect(t.log.runs).toEqual([]);
    expect(fs.existsSync(t.stateDir)).toBe(false);
  });

  it('in a terminal without answers: asks as a fresh run, after the notice', async () => {
    const t = setup(true);
    interactive.calls.length = 0;
    expect(await runCommand(t.flags, t.steps, t.io, new AbortController().signal)).toBe(0);
    expect(interactive.calls).toEqual([{ flags: { ...t.flags, resume: false }, raw: {} }]);
    expect(t.out).toEqual([`notice: Nothing to resume in ${t.stateDir} (no checkpoint.json yet): starting from the beginning.`]);
  });

  it('without answers and without a terminal: still a usage error (exit 2), there is nothing to run from', async () => {
    const t = setup(false);
    const run = runCommand(t.flags, t.steps, t.io, new AbortController().signal);
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('nothing to resume') });
  });
});
