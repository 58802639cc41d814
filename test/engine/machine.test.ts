import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runnerFor } from '../../source/commands/runner.js';
import { resolveOrThrow } from '../../source/engine/answers.js';
import { emptyCheckpoint, loadCheckpoint, saveCheckpoint } from '../../source/engine/checkpoint.js';
import { processStartTime } from '../../source/adapters/process-table.js';
import { acquireLock, formatLock, parseLock } from '../../source/engine/lock.js';
import { ExitCode, LockHeldError, PauseRun } from '../../source/engine/errors.js';
import type { EngineEvent } from '../../source/engine/events.js';
import { runSteps } from '../../source/engine/machine.js';
import { Redactor } from '../../source/engine/redact.js';
import type { Step } from '../../source/engine/step.js';
import { fileStep, questionStep, type FakeStepLog } from '../support/fake-steps.js';

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function setup(extra: (log: FakeStepLog, dir: string) => Step[]) {
  const dir = tempDir('machine-');
  const log: FakeStepLog = { runs: [] };
  const steps = [questionStep(), ...extra(log, dir)];
  const resolution = resolveOrThrow({ target: { dir: path.join(dir, 'out'), password: 'hunter2-secret' } }, steps, { baseDir: dir });
  const stateDir = path.join(dir, 'state');
  const events: EngineEvent[] = [];
  const run = (options: { resume?: boolean; dryRun?: boolean; signal?: AbortSignal } = {}) =>
    runSteps({ steps, resolution, stateDir, dryRun: options.dryRun ?? false, resume: options.resume ?? false, emit: (e) => events.push(e), signal: options.signal ?? new AbortController().signal, runnerFor });
  return { dir, log, steps, stateDir, events, run };
}

describe('the step machine', () => {
  it('runs each step, records it, then skips what isDone() confirms on the next run', async () => {
    const t = setup((log) => [fileStep('one', 'a.txt', log), fileStep('two', 'b.txt', log)]);
    expect((await t.run()).exitCode).toBe(0);
    expect(t.log.runs).toEqual(['one', 'two']);
    const checkpoint = loadCheckpoint(t.stateDir)!;
    expect(checkpoint.steps.one).toMatchObject({ status: 'done', outputs: { file: 'a.txt' } });
    t.events.length = 0;
    expect((await t.run()).exitCode).toBe(0);
    expect(t.log.runs).toEqual(['one', 'two']);
    expect(t.events.filter((e) => e.type === 'step-skip').map((e) => (e as { id: string }).id)).toEqual(['questions', 'one', 'two']);
  });

  it('records a failure with the command, output tail and fix, and resumes after it', async () => {
    const t = setup((log, dir) => [fileStep('one', 'a.txt', log), fileStep('two', 'b.txt', log, { failOnce: { flag: path.join(dir, 'failed-once') } })]);
    const first = await t.run();
    expect(first.exitCode).toBe(ExitCode.stepFailed);
    const failed = t.events.find((e) => e.type === 'step-failed');
    expect(failed).toMatchObject({ id: 'two', error: { message: 'two failed on purpose', fix: 'Run again.', command: 'fake --fail', outputTail: 'boom' } });
    expect(loadCheckpoint(t.stateDir)!.steps.two.status).toBe('failed');
    const second = await t.run({ resume: true });
    expect(second.exitCode).toBe(0);
    expect(t.log.runs).toEqual(['one', 'two', 'two']);
    expect(loadCheckpoint(t.stateDir)!.steps.two.status).toBe('done');
  });

  it('never writes a secret to the checkpoint or the log', async () => {
    const t = setup((log) => [
      {
        ...fileStep('one', 'a.txt', log),
        async run(ctx) {
          ctx.report('using password hunter2-secret now');
          await ctx.runner.run({ command: 'cat', args: [], input: 'the output says hunter2-secret\n' });
          return { note: 'ok' };
        },
      },
    ]);
    await t.run();
    const everything = [fs.readFileSync(path.join(t.stateDir, 'checkpoint.json'), 'utf8'), ...fs.readdirSync(path.join(t.stateDir, 'logs')).map((f) => fs.readFileSync(path.join(t.stateDir, 'logs', f), 'utf8'))].join('\n');
    expect(everything).toContain('****');
    expect(everything).not.toContain('hunter2-secret');
    expect(JSON.stringify(t.events)).not.toContain('hunter2-secret');
    expect(fs.statSync(path.join(t.stateDir, 'checkpoint.json')).mode & 0o777).toBe(0o600);
  });

  it('stops with exit 0 when a step pauses for someone else, and resumes after', async () => {
    let paused = false;
    const t = setup((log) => [
      {
        ...fileStep('dba', 'dba.txt', log),
        async run(ctx) {
          if (!paused) {
            paused = true;
            throw new PauseRun('Waiting for the DBA', 'Run script.sql, then pmf-wizard --resume');
          }
          return fileStep('dba', 'dba.txt', log).run(ctx);
        },
      },
    ]);
    const result = await t.run();
    expect(result).toMatchObject({ exitCode: 0, status: 'paused' });
    expect(t.events).toContainEqual({ type: 'paused', id: 'dba', message: 'Waiting for the DBA', instructions: 'Run script.sql, then pmf-wizard --resume' });
    expect(loadCheckpoint(t.stateDir)!.steps.dba.status).toBe('paused');
    expect((await t.run({ resume: true })).status).toBe('done');
  });

  it('plans without changing anything in a dry run', async () => {
    const t = setup((log) => [fileStep('one', 'a.txt', log)]);
    const result = await t.run({ dryRun: true });
    expect(result.status).toBe('planned');
    expect(t.log.runs).toEqual([]);
    expect(fs.existsSync(t.stateDir)).toBe(false);
    expect(t.events).toContainEqual(expect.objectContaining({ type: 'step-plan', id: 'one', done: false, actions: [{ summary: 'write a.txt', file: 'a.txt' }] }));
  });
});

describe('the step machine, stopped before the end', () => {
  it('reports machine problems found by preflight before anything changes (exit 2)', async () => {
    const t = setup((log) => [
      {
        ...fileStep('one', 'a.txt', log),
        async preflight() {
          return [{ path: 'nodes[0].httpPort', message: 'port 9080 is taken', fix: 'Use 9081.' }];
        },
      },
    ]);
    await expect(t.run()).rejects.toMatchObject({ exitCode: 2, problems: [{ path: 'nodes[0].httpPort', message: 'port 9080 is taken', fix: 'Use 9081.' }] });
    expect(fs.existsSync(t.stateDir)).toBe(false);
    expect(t.log.runs).toEqual([]);
  });

  it('names the question a preflight problem belongs to, as asked, whichever step declares it', async () => {
    const t = setup((log) => [
      {
        ...fileStep('one', 'a.txt', log),
        async preflight() {
          return [
            { path: 'target.count', message: 'too many for this disk', fix: 'Use 1.' },
            { path: 'elsewhere', message: 'not a question', fix: 'f' },
          ];
        },
      },
    ]);
    await expect(t.run()).rejects.toMatchObject({
      problems: [
        { path: 'target.count', question: 'Count', message: 'too many for this disk' },
        { path: 'elsewhere', message: 'not a question' },
      ],
    });
    await t.run().catch((error: { problems: object[] }) => expect(error.problems[1]).not.toHaveProperty('question'));
  });

  it('an interruption between steps leaves the finished step done', async () => {
    const controller = new AbortController();
    const t = setup((log) => [
      {
        ...fileStep('one', 'a.txt', log),
        async run(ctx) {
          const result = await fileStep('one', 'a.txt', log).run(ctx);
          controller.abort();
          return result;
        },
      },
      fileStep('two', 'b.txt', log),
    ]);
    const result = await t.run({ signal: controller.signal });
    expect(result.exitCode).toBe(ExitCode.interrupted);
    expect(loadCheckpoint(t.stateDir)!.steps.one.status).toBe('done');
    expect(loadCheckpoint(t.stateDir)!.steps.two).toBeUndefined();
    expect(t.log.runs).toEqual(['one']);
  });

  it('records an interruption and exits 130', async () => {
    const controller = new AbortController();
    const t = setup((log) => [
      {
        ...fileStep('slow', 'slow.txt', log),
        async run(ctx) {
          setTimeout(() => controller.abort(), 200);
          await ctx.runner.run({ command: 'sleep', args: ['30'] });
        },
      },
    ]);
    const started = Date.now();
    const result = await t.run({ signal: controller.signal });
    expect(result.exitCode).toBe(ExitCode.interrupted);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(loadCheckpoint(t.stateDir)!.steps.slow.status).toBe('interrupted');
  });
});

describe('the checkpoint', () => {
  it('round-trips: a saved checkpoint loads as the same data and drives the same decisions', async () => {
    const dir = tempDir('ckpt-');
    const data = emptyCheckpoint({ target: { dir: '/x', password: { env: 'PW' } } });
    data.steps.one = { status: 'done', durationMs: 12, outputs: { file: 'a.txt', nested: { n: 1 } } };
    saveCheckpoint(dir, data, new Redactor());
    const loaded = loadCheckpoint(dir)!;
    expect(loaded).toEqual(JSON.parse(JSON.stringify(data)));
    expect(fs.readdirSync(dir)).toEqual(['checkpoint.json']);
  });

  it('refuses to write a registered secret', () => {
    const dir = tempDir('ckpt-');
    const redactor = new Redactor();
    redactor.add('topsecret');
    const data = emptyCheckpoint({ leaked: 'topsecret' });
    expect(() => saveCheckpoint(dir, data, redactor)).toThrow(/secret/);
    expect(fs.existsSync(path.join(dir, 'checkpoint.json'))).toBe(false);
  });

  it('rejects an unknown schema version with a fix', () => {
    const dir = tempDir('ckpt-');
    fs.writeFileSync(path.join(dir, 'checkpoint.json'), JSON.stringify({ schemaVersion: 99 }));
    expect(() => loadCheckpoint(dir)).toThrow(/schema version 99/);
  });
});

describe('the lock', () => {
  it('refuses a second run while the holder lives, naming its pid (exit 4)', async () => {
    const dir = tempDir('lock-');
    const holder = spawn('sleep', ['30']);
    fs.writeFileSync(path.join(dir, 'lock'), `${holder.pid}\n`);
    try {
      let caught: unknown;
      try {
        await acquireLock(dir, () => {});
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(LockHeldError);
      expect((caught as LockHeldError).exitCode).toBe(4);
      expect((caught as LockHeldError).message).toContain(`pid ${holder.pid}`);
    } finally {
      holder.kill();
    }
  });

  it('takes over a stale lock from a dead pid with a notice, and releases it', async () => {
    const dir = tempDir('lock-');
    fs.writeFileSync(path.join(dir, 'lock'), '999999\n');
    const notices: string[] = [];
    const lock = await acquireLock(dir, (m) => notices.push(m));
    expect(notices[0]).toContain('pid 999999, which is no longer running');
    // The pid alone on the first line, as before; the record with the start time follows.
    expect(fs.readFileSync(path.join(dir, 'lock'), 'utf8').split('\n')[0]).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, 'lock'))).toBe(false);
  });
});

describe('the lock and the commands of a run', () => {
  function commandStep(id: string, command: (stateDir: string) => string[], seen: string[]): Step {
    return {
      id,
      title: id,
      questions: [],
      isDone: async () => ({ done: false, detail: 'always runs' }),
      plan: async () => [],
      run: async (ctx) => {
        const [name, ...args] = command(ctx.stateDir);
        seen.push((await ctx.runner.run({ command: name, args })).output);
      },
    };
  }

  it('records each command a step runs in the lock while it runs: pid, start time, its own process group', async () => {
    const seen: string[] = [];
    const t = setup(() => [commandStep('show-lock', (state) => ['sh', '-c', `echo "$$"; for i in $(seq 50); do grep -q "\"pid\":$$," "${state}/lock" && break; sleep 0.1; done; tail -n 1 "${state}/lock"`], seen)]);
    expect((await t.run()).exitCode).toBe(0);
    const [pid, record] = seen[0].trim().split('\n');
    const lock = parseLock(`${process.pid}\n${record}`);
    expect(lock.startTime).toBe(processStartTime(process.pid));
    expect(lock.children).toEqual([{ pid: Number(pid), startTime: expect.stringMatching(/^\d+$/), group: true, command: expect.stringContaining('sh -c') }]);
    expect(fs.existsSync(path.join(t.stateDir, 'lock'))).toBe(false);
  });

  it("taking over a dead run's lock stops the commands it left running, and says so", async () => {
    const t = setup((log) => [fileStep('one', 'a.txt', log)]);
    const left = spawn('sleep', ['300'], { stdio: 'ignore' });
    try {
      while (processStartTime(left.pid!) === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
      fs.mkdirSync(t.stateDir, { recursive: true });
      const child = { pid: left.pid!, startTime: processStartTime(left.pid!)!, group: false, command: 'ant -f configure-liberty-derby.xml install' };
      fs.writeFileSync(path.join(t.stateDir, 'lock'), formatLock({ pid: 999999, startTime: '1', children: [child] }));
      const exited = new Promise((resolve) => left.on('exit', resolve));
      expect((await t.run()).exitCode).toBe(0);
      await Promise.race([exited, new Promise((_, reject) => setTimeout(() => reject(new Error(`pid ${left.pid} still runs`)), 20_000))]);
      const notice = t.events.find((e) => e.type === 'notice') as { message: string };
      expect(notice.message).toContain(`Stopped what that run had left running: ant -f configure-liberty-derby.xml install (pid ${left.pid})`);
    } finally {
      left.kill('SIGKILL');
    }
  });

  it('--resume with no checkpoint (a crash before the first one) runs from the beginning, with a notice', async () => {
    const t = setup((log) => [fileStep('one', 'a.txt', log)]);
    expect((await t.run({ resume: true })).exitCode).toBe(0);
    expect(t.log.runs).toEqual(['one']);
    expect(t.events.find((e) => e.type === 'notice')).toEqual({ type: 'notice', message: `Nothing to resume in ${t.stateDir} (no checkpoint.json yet): starting from the beginning.` });
  });
});
