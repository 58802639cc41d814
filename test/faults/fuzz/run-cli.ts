/**
 * The built CLI run on one fuzzed file as automation runs it (CI=true, no stdin), with its wall
 * time and peak memory: /usr/bin/time when the machine has it, else the VmHWM of /proc polled.
 */
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { cliPath } from '../../support/cli.js';
import { ADMIN_PASSWORD, type Box, DB_PASSWORD } from './box.js';

export const CLI_TIMEOUT_MS = 30_000;
const TIME = '/usr/bin/time';
const hasTime = fs.existsSync(TIME);

export interface Outcome {
  exitCode: number;
  output: string;
  ms: number;
  /** Peak resident memory, in MB. */
  mb: number;
  /** CPU time (user + system), in ms; the wall time when /usr/bin/time is missing. */
  cpuMs: number;
  timedOut: boolean;
}

function peakKb(pid: number | undefined): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Runs `node dist/cli.js ...args` in the box: its HOME, TMPDIR and working directory are the box's. */
export async function runCli(args: string[], box: Box, label: string): Promise<Outcome> {
  const timesFile = path.join(path.dirname(box.dir), `${path.basename(box.dir)}-${label}.time`);
  const command = hasTime ? [TIME, '-f', '%M %U %S', '-o', timesFile, 'node', cliPath, ...args] : ['node', cliPath, ...args];
  const started = performance.now();
  const child = execa(command[0], command.slice(1), {
    cwd: box.dir,
    env: { HOME: box.home, TMPDIR: box.tmp, PMF_ADMIN_PASSWORD: ADMIN_PASSWORD, PMF_DB_PASSWORD: DB_PASSWORD, ...box.env, CI: 'true' },
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: CLI_TIMEOUT_MS,
  });
  let polledKb = 0;
  const poll = hasTime ? undefined : setInterval(() => (polledKb = Math.max(polledKb, peakKb(child.pid))), 5);
  const result = await child;
  const ms = performance.now() - started;
  clearInterval(poll);
  let [kb, cpuMs] = [polledKb, ms];
  if (hasTime) {
    // The last line is "%M %U %S" (a line before it tells a non-zero exit status).
    const [peak, user, system] = fs.readFileSync(timesFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    [kb, cpuMs] = [peak, (user + system) * 1000];
    fs.rmSync(timesFile, { force: true });
  }
  return { exitCode: result.exitCode ?? -1, output: String(result.all ?? ''), ms, mb: kb / 1024, cpuMs, timedOut: Boolean(result.timedOut) };
}
