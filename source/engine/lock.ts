import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { LockHeldError } from './errors.js';
import type { ChildRecord, ChildRegistry, ProcessControl } from './runner.js';

/** What the lock file says: the run holding the state directory, and the children it has running. */
export interface LockRecord {
  pid: number;
  /** Absent from the locks of earlier versions, which held the pid alone. */
  startTime?: string;
  children: ChildRecord[];
}

/** The state directory's lock, held by this run. */
export interface StateLock {
  /** Removes the lock if it is still this run's. */
  release(): void;
  /** Where the runners record the processes they start, for a run that takes over after a crash. */
  children: ChildRegistry;
}

export function lockPath(stateDir: string): string {
  return path.join(stateDir, 'lock');
}

/** The pid alone on the first line, as earlier versions wrote and read it; the whole record on the second. */
export function formatLock(record: LockRecord): string {
  return `${record.pid}\n${JSON.stringify(record)}\n`;
}

export function parseLock(text: string): LockRecord {
  const [first, second] = text.split('\n');
  const pid = Number.parseInt(first.trim(), 10);
  if (second?.trim()) {
    try {
      const record = JSON.parse(second) as Partial<LockRecord>;
      const startTime = typeof record.startTime === 'string' ? record.startTime : undefined;
      return { pid, startTime, children: Array.isArray(record.children) ? record.children : [] };
    } catch {
      // A damaged record: the pid line still tells who held it.
    }
  }
  return { pid, children: [] };
}

function readIfThere(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why the run a lock names does not hold it any more; undefined while it does. */
export function staleReason(record: LockRecord, processes?: ProcessControl): string | undefined {
  const { pid } = record;
  const gone = `it was left by pid ${Number.isInteger(pid) ? pid : '?'}, which is no longer running`;
  if (!Number.isInteger(pid) || pid <= 0) return gone;
  if (!processes) return isAlive(pid) ? undefined : gone;
  const startTime = processes.startTime(pid);
  if (startTime === undefined) return gone;
  // A matching start time proves it is the very process that wrote the lock, whatever program hosts the wizard.
  if (record.startTime !== undefined) return startTime === record.startTime ? undefined : `it was left by pid ${pid}, which has ended: that pid is now another process`;
  return processes.isWizard(pid) ? undefined : `it names pid ${pid}, which is running but is not pmf-wizard`;
}

function create(file: string, own: LockRecord): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeSync(fd, formatLock(own));
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function ours(file: string, own: LockRecord): boolean {
  const text = readIfThere(file);
  if (text === undefined) return false;
  const record = parseLock(text);
  return record.pid === own.pid && record.startTime === own.startTime;
}

function heldLock(file: string, own: LockRecord): StateLock {
  const save = () => {
    if (ours(file, own)) writeFileAtomic(file, formatLock(own), { mode: 0o600 });
  };
  return {
    release: () => {
      if (ours(file, own)) fs.rmSync(file, { force: true });
    },
    children: {
      started: (child) => {
        own.children.push(child);
        save();
      },
      ended: (pid) => {
        own.children = own.children.filter((child) => child.pid !== pid);
        save();
      },
    },
  };
}

/** Stops what a dead run left running (only processes that are still those very ones); says which. */
async function stopLeftChildren(left: LockRecord, processes: ProcessControl | undefined): Promise<string[]> {
  if (!processes) return [];
  const stopped: string[] = [];
  for (const child of left.children) {
    if (await processes.stop(child)) stopped.push(`${child.command} (pid ${child.pid})`);
  }
  return stopped;
}

/**
 * Takes the state directory's lock. A live pmf-wizard holding it means exit 4; a lock whose
 * holder has ended, whose pid is now another process, or (an old lock without a start time)
 * whose pid is not a pmf-wizard, is taken over: the children it recorded that still run are
 * stopped first, and `onNotice` says so.
 */
export async function acquireLock(stateDir: string, onNotice: (message: string) => void, processes?: ProcessControl): Promise<StateLock> {
  const file = lockPath(stateDir);
  const own: LockRecord = { pid: process.pid, startTime: processes?.startTime(process.pid), children: [] };
  let stale: { record: LockRecord; reason: string } | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(file, own)) {
      if (stale) {
        const stopped = await stopLeftChildren(stale.record, processes);
        const children = stopped.length ? ` Stopped what that run had left running: ${stopped.join(', ')}.` : '';
        onNotice(`Took over the lock ${file}: ${stale.reason}.${children}`);
      }
      return heldLock(file, own);
    }
    const text = readIfThere(file);
    if (text === undefined) continue;
    const record = parseLock(text);
    const reason = staleReason(record, processes);
    if (reason === undefined) throw new LockHeldError(record.pid, file);
    stale = { record, reason };
    // Only the lock judged stale: another run may have replaced it in the meantime.
    if (readIfThere(file) === text) fs.rmSync(file, { force: true });
  }
  throw new Error(`Could not take the lock ${file}`);
}
