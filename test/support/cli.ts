import { execa, type ResultPromise } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(root, 'dist', 'cli.js');
const entryPath = path.join(root, 'test', 'support', 'entry.mjs');

/** The real CLI, or the test entry limited to some steps. */
function argvFor(args: string[], steps?: string[]): string[] {
  return steps ? [entryPath, steps.join(','), ...args] : [cliPath, ...args];
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  all: string;
}

/** Runs the built CLI without a TTY, as automation would. */
export async function cli(args: string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number; steps?: string[] } = {}): Promise<CliResult> {
  const result = await execa('node', argvFor(args, options.steps), {
    cwd: options.cwd ?? root,
    env: { ...options.env, CI: 'true' },
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: options.timeoutMs ?? 300_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr), all: String(result.all) };
}

export function startCli(args: string[], options: { cwd?: string; env?: Record<string, string>; steps?: string[] } = {}): ResultPromise {
  return execa('node', argvFor(args, options.steps), { cwd: options.cwd ?? root, env: { ...options.env, CI: 'true' }, reject: false, all: true, stdin: 'ignore' });
}
