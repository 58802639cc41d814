import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand, type RunFlags } from '../../source/commands/run.js';
import type { Io } from '../../source/commands/output.js';
import { UsageError } from '../../source/engine/errors.js';
import { runSteps } from '../../source/engine/machine.js';
import { checkStateDir, createStateDir } from '../../source/engine/state-dir.js';
import { fileStep, questionStep } from '../support/fake-steps.js';
import { transpileEngineModules } from '../support/transpiled.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'state-dir-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FIX = 'Pass --state a directory this user can create and write, such as --state ~/.pmf-wizard (the default is .pmf-wizard in the current directory).';

function refusal(work: () => unknown): UsageError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('not refused');
}

describe('the state directory (--state)', () => {
  it('is refused under a file, as a file, and on /proc or /sys, at once and with exit 2', () => {
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, '');
    const under = refusal(() => createStateDir(path.join(file, 'state', 'deeper')));
    expect(under.message).toBe(`The state directory ${path.join(file, 'state', 'deeper')} (--state) cannot be created: ${file} is not a directory`);
    expect(under.fix).toBe(FIX);
    expect(under.exitCode).toBe(2);
    expect(refusal(() => checkStateDir(file)).message).toBe(`The state directory ${file} (--state) exists and is not a directory`);
    const started = Date.now();
    expect(refusal(() => createStateDir('/proc/pmf-state/x')).message).toBe('The state directory /proc/pmf-state/x (--state) cannot be created: /proc is on proc, a pseudo-file system of the kernel where no files can be created');
    expect(refusal(() => createStateDir('/proc/self')).message).toContain('is on proc');
    expect(refusal(() => createStateDir('/sys/kernel/pmf')).message).toContain('cannot be created: /sys/kernel is on sysfs');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(refusal(() => checkStateDir(path.join(tmp, 'new\nline'))).message).toContain('holds a control character');
  });

  it('is created with every missing level (mode 0700) and left with nothing but itself', () => {
    const dir = path.join(tmp, 'one', 'two', 'state');
    createStateDir(dir);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(dir)).toEqual([]);
    createStateDir(dir);
  });

  it('is refused on a read-only mount, by the check and by the creation', () => {
    // The real module, transpiled, run where a read-only tmpfs is mounted (a private mount namespace).
    const out = path.join(tmp, 'module');
    transpileEngineModules(out, ['state-dir', 'input-rules', 'errors']);
    const probe = path.join(out, 'probe.mjs');
    fs.writeFileSync(
      probe,
      `import { checkStateDir, createStateDir } from './state-dir.js';
const said = [];
for (const work of [() => checkStateDir(process.argv[2] + '/state'), () => createStateDir(process.argv[2])]) {
  try { work(); said.push('accepted'); } catch (error) { said.push(error.constructor.name + ': ' + error.message); }
}
console.log(JSON.stringify(said));`,
    );
    const mount = path.join(tmp, 'read-only');
    fs.mkdirSync(mount);
    const stdout = execFileSync('unshare', ['-Urm', 'sh', '-c', 'mount -t tmpfs -o ro none "$1" && exec "$2" "$3" "$1"', 'sh', mount, process.execPath, probe], { encoding: 'utf8' });
    expect(JSON.parse(stdout)).toEqual([
      `UsageError: The state directory ${mount}/state (--state) cannot be created: ${mount} is on a read-only file system`,
      `UsageError: The state directory ${mount} (--state) is on a read-only file system`,
    ]);
  });
});

describe('a run with a state directory it cannot use', () => {
  const answers = path.join(tmp, 'answers.json');
  fs.writeFileSync(answers, JSON.stringify({ target: { dir: path.join(tmp, 'target'), password: 'abcdefgh' } }));
  const io: Io = { stdout: () => {}, stderr: () => {}, isTTY: false, env: {}, cwd: tmp };
  const flags = (state: string): RunFlags => ({ answers, resume: false, dryRun: false, state, json: false, yes: false });
  const runSteps_ = () => [questionStep(), fileStep('write', 'out.txt', { runs: [] })];

  it('stops with exit 2 before any step, for a state directory under a file or in /proc', async () => {
    const file = path.join(tmp, 'state-file');
    fs.writeFileSync(file, '');
    for (const state of [path.join(file, 'state'), '/proc/pmf-wizard-state']) {
      const error = await runCommand(flags(state), runSteps_(), io, new AbortController().signal).catch((caught: unknown) => caught);
      expect(error, state).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toMatch(/^The state directory .* \(--state\) cannot be created: /);
    }
    expect(fs.existsSync(path.join(tmp, 'target'))).toBe(false);
  });

  it('also when the engine is called directly: it creates the directory without looping on /proc', async () => {
    const error = await runSteps({
      steps: runSteps_(),
      resolution: { answers: { target: { dir: path.join(tmp, 'target') } }, persisted: {}, secrets: [], warnings: [], problems: [], missing: [] },
      stateDir: '/proc/pmf-wizard-state',
      dryRun: false,
      resume: false,
      emit: () => {},
      signal: new AbortController().signal,
      runnerFor: () => {
        throw new Error('no runner needed');
      },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect(fs.existsSync(path.join(tmp, 'target'))).toBe(false);
  }, 5000);
});
