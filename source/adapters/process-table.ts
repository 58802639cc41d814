/**
 * Other processes, as Linux's /proc shows them: their start time (which, with the pid, names
 * one process even after the pid is reused), their process group, whether one is a pmf-wizard,
 * and stopping them (TERM, a grace period, then KILL).
 */
import fs from 'node:fs';
import type { ChildRecord, ProcessControl } from '../engine/runner.js';

interface ProcStat {
  state: string;
  pgrp: number;
  startTime: string;
}

function statOf(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2 (the command name) is in parentheses and may itself hold spaces and ')': count from the last one.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], pgrp: Number(fields[2]), startTime: fields[19] };
}

/** A zombie has ended: it only waits for its parent to read its exit code. */
function running(stat: ProcStat | undefined): stat is ProcStat {
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/** Field 22 of /proc/<pid>/stat (clock ticks after boot); undefined when no such process runs. */
export function processStartTime(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const stat = statOf(pid);
  return running(stat) ? stat.startTime : undefined;
}

/** A process's argv (/proc/<pid>/cmdline); undefined when there is none. */
export function commandLineOf(pid: number): string[] | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0$/, '').split('\0');
  } catch {
    return undefined;
  }
}

/** Whether the command line is a pmf-wizard's: its bin link (…/pmf-wizard) or its entry (…/cli.js). */
export function isWizardProcess(pid: number): boolean {
  const args = commandLineOf(pid);
  if (!args) return false;
  // The program and the script it runs (node's own options come between): not the arguments after it.
  const script = args.slice(1).find((arg) => !arg.startsWith('-'));
  return [args[0], script].some((arg) => arg !== undefined && (arg.includes('pmf-wizard') || /(^|\/)cli\.js$/.test(arg)));
}

/** The processes still running in a process group. */
export function groupMembers(pgid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      const stat = statOf(pid);
      return running(stat) && stat.pgrp === pgid;
    });
}

function send(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // Already gone.
  }
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/**
 * Stops a process, or its whole group when it leads one: TERM (a JVM runs its shutdown hooks),
 * then KILL after the grace period; returns when nothing of it runs any more.
 */
export async function stopProcess(child: Pick<ChildRecord, 'pid' | 'startTime' | 'group'>, graceMs = 10_000): Promise<void> {
  const target = child.group ? -child.pid : child.pid;
  const gone = child.group ? () => groupMembers(child.pid).length === 0 : () => processStartTime(child.pid) !== child.startTime;
  if (gone()) return;
  send(target, 'SIGTERM');
  if (await waitUntil(gone, graceMs)) return;
  send(target, 'SIGKILL');
  await waitUntil(gone, 5_000);
}

/** The real process table, for the lock of a run. */
export const liveProcesses: ProcessControl = {
  startTime: processStartTime,
  isWizard: isWizardProcess,
  async stop(child) {
    // Only the very process that was recorded: a pid reused by anything else is left alone.
    if (processStartTime(child.pid) !== child.startTime) return false;
    await stopProcess(child);
    return true;
  },
};
