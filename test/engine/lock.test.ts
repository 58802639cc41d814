import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLineOf, liveProcesses, processStartTime } from '../../source/adapters/process-table.js';
import { LockHeldError } from '../../source/engine/errors.js';
import { acquireLock, formatLock, parseLock, type LockRecord } from '../../source/engine/lock.js';
import type { ChildRecord } from '../../source/engine/runner.js';

const spawned: ChildProcess[] = [];

afterEach(() => {
  for (const child of spawned.splice(0)) {
    try {
      process.kill(child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lock-'));
}

function sleeper(options: { detached?: boolean; args?: string[]; command?: string } = {}): ChildProcess {
  const child = spawn(options.command ?? 'sleep', options.args ?? ['300'], { detached: options.detached ?? false, stdio: 'ignore' });
  spawned.push(child);
  return child;
}

/** A pid that ran and has ended (its number not reused within a test). */
function deadPid(): number {
  return Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());
}

async function startTimeOf(child: ChildProcess): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const time = processStartTime(child.pid!);
    if (time !== undefined) return time;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no start time for ${child.pid}`);
}

/** Waits until a node child runs its script (it prints "ready"); a child that ends first fails the test with its output. */
function runningScript(child: ChildProcess): Promise<void> {
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.on('exit', (code, signal) => reject(new Error(`the holder ended (${code ?? signal}) before running its script: ${stderr}`)));
  });
}

async function gone(pid: number, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (processStartTime(pid) === undefined) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function writeLock(dir: string, record: LockRecord): void {
  fs.writeFileSync(path.join(dir, 'lock'), formatLock(record));
}

async function refusal(dir: string): Promise<unknown> {
  try {
    await acquireLock(dir, () => {}, liveProcesses);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('the lock tells a live wizard from a stale lock', () => {
  it('takes over an old-format lock naming pid 1, alive but not pmf-wizard, with a notice', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'lock'), '1\n');
    const notices: string[] = [];
    const lock = await acquireLock(dir, (m) => notices.push(m), liveProcesses);
    expect(notices).toEqual([`Took over the lock ${path.join(dir, 'lock')}: it names pid 1, which is running but is not pmf-wizard.`]);
    expect(parseLock(fs.readFileSync(path.join(dir, 'lock'), 'utf8'))).toEqual({ pid: process.pid, startTime: processStartTime(process.pid), children: [] });
    lock.release();
    expect(fs.existsSync(path.join(dir, 'lock'))).toBe(false);
  });

  it('takes over a lock whose pid is alive but started at another time (a reused pid)', async () => {
    const dir = tempDir();
    const other = sleeper();
    const startTime = await startTimeOf(other);
    writeLock(dir, { pid: other.pid!, startTime: String(Number(startTime) - 1), children: [] });
    const notices: string[] = [];
    (await acquireLock(dir, (m) => notices.push(m), liveProcesses)).release();
    expect(notices[0]).toContain(`it was left by pid ${other.pid}, which has ended: that pid is now another process`);
  });

  it('refuses (exit 4) while the run that wrote the lock lives: same pid and start time', async () => {
    const dir = tempDir();
    const holder = sleeper();
    writeLock(dir, { pid: holder.pid!, startTime: await startTimeOf(holder), children: [] });
    const error = await refusal(dir);
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as LockHeldError).exitCode).toBe(4);
    expect((error as LockHeldError).message).toContain(`pid ${holder.pid}`);
  });

  it('refuses (exit 4) an old-format lock of a live pmf-wizard process', async () => {
    const dir = tempDir();
    const script = path.join(dir, 'pmf-wizard', 'dist', 'cli.js');
    fs.mkdirSync(path.dirname(script), { recursive: true });
    fs.writeFileSync(script, "process.stdout.write('ready\\n');\nsetTimeout(() => {}, 300_000);\n");
    const holder = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    spawned.push(holder);
    await runningScript(holder);
    fs.writeFileSync(path.join(dir, 'lock'), `${holder.pid}\n`);
    const notices: string[] = [];
    let error: unknown;
    try {
      (await acquireLock(dir, (m) => notices.push(m), liveProcesses)).release();
    } catch (caught) {
      error = caught;
    }
    // On a failure, say what the process table showed, so a machine that differs can be told apart.
    const seen = `notices ${JSON.stringify(notices)}, argv ${JSON.stringify(commandLineOf(holder.pid!))}, start ${processStartTime(holder.pid!)}`;
    expect(error, seen).toBeInstanceOf(LockHeldError);
  });
});

describe('children of a dead run', () => {
  function child(pid: number, startTime: string, group: boolean): ChildRecord {
    return { pid, startTime, group, command: 'sleep 300' };
  }

  it('are stopped when their run is gone and the lock is taken over, group and all; the notice names them', async () => {
    const dir = tempDir();
    const plain = sleeper();
    const leader = sleeper({ detached: true, command: 'sh', args: ['-c', 'sleep 300 & echo started; wait'] });
    const plainTime = await startTimeOf(plain);
    const leaderTime = await startTimeOf(leader);
    const dead = deadPid();
    writeLock(dir, { pid: dead, startTime: '1', children: [child(plain.pid!, plainTime, false), child(leader.pid!, leaderTime, true)] });
    const notices: string[] = [];
    (await acquireLock(dir, (m) => notices.push(m), liveProcesses)).release();
    expect(await gone(plain.pid!)).toBe(true);
    expect(await gone(leader.pid!)).toBe(true);
    // The group's sleep, a grandchild the dead run never saw, went with its leader.
    // (A zombie waiting for its parent to read its exit code has ended: ps shows it as Z.)
    const left = spawnSync('ps', ['-o', 'pid=,stat=', '-g', String(leader.pid)], { encoding: 'utf8' }).stdout.trim();
    expect(left.split('\n').filter((line) => line && !/\sZ/.test(line))).toEqual([]);
    expect(notices[0]).toContain(`it was left by pid ${dead}, which is no longer running.`);
    expect(notices[0]).toContain(`Stopped what that run had left running: sleep 300 (pid ${plain.pid}), sleep 300 (pid ${leader.pid}).`);
  });

  it('are left alone when the recorded start time differs: the pid is another process now', async () => {
    const dir = tempDir();
    const other = sleeper();
    const startTime = await startTimeOf(other);
    writeLock(dir, { pid: deadPid(), children: [child(other.pid!, String(Number(startTime) + 5), false)] });
    const notices: string[] = [];
    (await acquireLock(dir, (m) => notices.push(m), liveProcesses)).release();
    expect(await gone(other.pid!, 500)).toBe(false);
    expect(notices[0]).not.toContain('Stopped');
  });

  it('are recorded in the lock while they run, and forgotten when they end', async () => {
    const dir = tempDir();
    const lock = await acquireLock(dir, () => {}, liveProcesses);
    const record = child(4242, '77', true);
    lock.children.started(record);
    expect(parseLock(fs.readFileSync(path.join(dir, 'lock'), 'utf8')).children).toEqual([record]);
    expect(fs.statSync(path.join(dir, 'lock')).mode & 0o777).toBe(0o600);
    lock.children.ended(4242);
    expect(parseLock(fs.readFileSync(path.join(dir, 'lock'), 'utf8')).children).toEqual([]);
    lock.release();
  });
});
