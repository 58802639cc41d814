/**
 * One crash point: a fresh target, the wizard killed with SIGKILL right after its k-th external
 * command starts, then one `--resume` (with the answers file, as a retry script runs it), and what
 * that leaves: exit code, a verified farm, orphans, leftovers, doubled elements, corrupt files.
 * Also a signal (SIGTERM/SIGINT) at a moment, and a watch over every process's argv and
 * environment for the canary passwords while a run builds.
 */
import fs from 'node:fs';
import { expect } from 'vitest';
import { formatTable } from '../../../source/engine/output-table.js';
import { cliPath } from '../../support/cli.js';
import { configFindings, generatedSecrets, leftovers, orphans } from './inspect.js';
import { healthy, retireTarget, runWizard, verifyTarget, type Target, type WizardRun } from './target.js';

export interface FaultRow {
  label: string;
  /** What the first run ended with: killed at command k, a signal's exit code, or "ended" (fewer than k commands). */
  first: string;
  resumeExit: number | undefined;
  verified: boolean;
  orphans: string[];
  leftovers: string[];
  duplicates: string[];
  corrupt: string[];
  resumeMs: number;
  /** Processes still running right after a signalled run exited, before the resume. */
  leftRunning?: string[];
  tail?: string;
}

async function resumeAndInspect(target: Target, first: WizardRun, label: string, firstWords: string, leftRunning?: string[]): Promise<FaultRow> {
  const resumed = await runWizard(target, { resume: true });
  const verified = healthy(resumed, target) && (await verifyTarget(target)).exitCode === 0;
  const found = await configFindings(target);
  const row: FaultRow = {
    label,
    first: firstWords,
    resumeExit: resumed.exitCode,
    verified,
    orphans: orphans(target, first.commands),
    leftovers: leftovers(target, [...target.canaries, ...generatedSecrets(target)]),
    duplicates: found.duplicates,
    corrupt: found.corrupt,
    resumeMs: resumed.ms,
    leftRunning,
  };
  if (!verified) row.tail = resumed.all.split('\n').slice(-25).join('\n');
  return row;
}

/** A point whose harness failed (not the wizard): kept as a row, so that the other points still count. */
function harnessFailure(label: string, error: unknown): FaultRow {
  return { label, first: `harness error: ${(error as Error).message.slice(0, 80)}`, resumeExit: undefined, verified: false, orphans: [], leftovers: [], duplicates: [], corrupt: [], resumeMs: 0 };
}

/** Runs the points one after the other, printing each row as it ends (a long run's figures survive a stop). */
export async function eachPoint<T>(title: string, points: T[], run: (point: T) => Promise<FaultRow>, label: (point: T) => string): Promise<FaultRow[]> {
  const rows: FaultRow[] = [];
  for (const point of points) {
    const row = await run(point).catch((error: unknown) => harnessFailure(label(point), error));
    rows.push(row);
    console.log(`${title} ${row.label}: ${row.first}; resume exit ${row.resumeExit ?? '-'} in ${(row.resumeMs / 1000).toFixed(1)} s, verified ${row.verified ? 'yes' : 'NO'}, orphans ${row.orphans.length + (row.leftRunning?.length ?? 0)}, leftovers ${row.leftovers.length}, doubles ${row.duplicates.length}, corrupt ${row.corrupt.length}`);
  }
  return rows;
}

/** Kill -9 right after the k-th external command, then one resume. */
export async function crashAt(make: () => Promise<Target>, k: number): Promise<FaultRow> {
  const target = await make();
  try {
    const first = await runWizard(target, { killAt: k });
    // keytool's JVM options (-J…) say nothing about what it did.
    const command = first.commands[k - 1]?.command.replace(target.dir, '…').replace(/ -J\S+/g, '') ?? '?';
    const words = first.signal === 'SIGKILL' ? `killed after ${command.slice(0, 60)}` : `ended (exit ${first.exitCode}) before command ${k}`;
    return await resumeAndInspect(target, first, `kill -9 at ${k}`, words);
  } finally {
    retireTarget(target);
  }
}

/** A signal some ms after the k-th command of a run from nothing starts, then one resume. */
export async function signalAt(make: () => Promise<Target>, name: 'SIGTERM' | 'SIGINT', at: number, delayMs: number): Promise<FaultRow> {
  const target = await make();
  try {
    const first = await runWizard(target, { signal: { name, at, delayMs } });
    // What the interrupted run left running, Liberty servers that had started aside.
    const leftRunning = orphans(target, first.commands);
    return await resumeAndInspect(target, first, `${name} ${delayMs} ms after ${at}`, `exit ${first.exitCode ?? first.signal} in ${(first.ms / 1000).toFixed(1)} s`, leftRunning);
  } finally {
    retireTarget(target);
  }
}

/** The commands of a whole run from nothing (counted, not killed), with the run itself. */
export async function countCommands(target: Target): Promise<WizardRun> {
  return runWizard(target, { countInto: `${target.dir}/commands-count.ndjson` });
}

/** Polls every process's argv and environment for the canaries while a run goes on. */
export class CanaryWatch {
  hits = new Set<string>();
  polls = 0;
  private timer?: NodeJS.Timeout;
  constructor(private readonly canaries: string[]) {}
  start(): this {
    this.timer = setInterval(() => this.look(), 40);
    return this;
  }
  /** The wizard itself holds the passwords it was given: the question is whether its children do. */
  private isWizard(pid: string): boolean {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(cliPath);
    } catch {
      return false;
    }
  }
  private look(): void {
    this.polls++;
    for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      if (Number(pid) === process.pid || this.isWizard(pid)) continue;
      for (const part of ['cmdline', 'environ'] as const) {
        let text = '';
        try {
          text = fs.readFileSync(`/proc/${pid}/${part}`, 'utf8');
        } catch {
          continue;
        }
        if (!this.canaries.some((canary) => text.includes(canary))) continue;
        const argv = (part === 'cmdline' ? text : (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8') ?? '')).replace(/\0/g, ' ').slice(0, 120);
        this.hits.add(`${part} of ${argv}`);
      }
    }
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

const count = (rows: FaultRow[], pick: (row: FaultRow) => boolean) => `${rows.filter(pick).length}/${rows.length}`;

/** The per-point table and the totals the issue asks for. */
export function faultTable(title: string, rows: FaultRow[]): string {
  const lines = formatTable({
    header: ['point', 'first run', 'resume', 'verified', 'orphans', 'leftovers', 'doubles', 'corrupt', 'resume s'],
    rows: rows.map((row) => [
      row.label,
      row.first,
      String(row.resumeExit ?? '-'),
      row.verified ? 'yes' : 'NO',
      String(row.orphans.length + (row.leftRunning?.length ?? 0)),
      String(row.leftovers.length),
      String(row.duplicates.length),
      String(row.corrupt.length),
      (row.resumeMs / 1000).toFixed(1),
    ]),
  });
  const totals = [
    `first --resume exit 0 with a verified farm: ${count(rows, (r) => r.resumeExit === 0 && r.verified)}`,
    `with orphaned processes: ${count(rows, (r) => r.orphans.length + (r.leftRunning?.length ?? 0) > 0)}`,
    `with leftover secret or temporary files: ${count(rows, (r) => r.leftovers.length > 0)}`,
    `with doubled elements: ${count(rows, (r) => r.duplicates.length > 0)}`,
    `with corrupt files: ${count(rows, (r) => r.corrupt.length > 0)}`,
  ];
  const details = rows.flatMap((row) => [...row.orphans, ...(row.leftRunning ?? []), ...row.leftovers, ...row.duplicates, ...row.corrupt, ...(row.tail ? [`the resume ended:\n${row.tail}`] : [])].map((d) => `  ${row.label}: ${d}`));
  return [title, ...lines.map((l) => `  ${l}`), ...totals.map((t) => `  ${t}`), ...details].join('\n');
}

/** What every point must show: the first resume verified, nothing running, left, doubled or corrupt. */
export function expectClean(rows: FaultRow[]): void {
  for (const row of rows) {
    expect({ label: row.label, first: row.first, resumeExit: row.resumeExit, verified: row.verified, tail: row.tail }).toMatchObject({ resumeExit: 0, verified: true });
    expect([...row.orphans, ...(row.leftRunning ?? [])], row.label).toEqual([]);
    expect(row.leftovers, row.label).toEqual([]);
    expect(row.duplicates, row.label).toEqual([]);
    expect(row.corrupt, row.label).toEqual([]);
  }
}
