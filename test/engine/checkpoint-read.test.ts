import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../source/engine/checkpoint.js';
import { ExitCode, exitCodeOf } from '../../source/engine/errors.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-checkpoint-read-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function usageErrorOf(run: () => unknown): { message: string; code: number } {
  try {
    run();
  } catch (error) {
    return { message: (error as Error).message, code: exitCodeOf(error) };
  }
  throw new Error('expected an error');
}

describe('reading the checkpoint of a --state directory', () => {
  it('says so, exit 2, when the state directory is a file (/dev/zero, a regular file)', () => {
    const file = path.join(tempDir(), 'state');
    fs.writeFileSync(file, 'not a directory');
    for (const state of [file, '/dev/zero']) {
      const error = usageErrorOf(() => loadCheckpoint(state));
      expect(error.code).toBe(ExitCode.badInput);
      expect(error.message).toBe(`The state directory ${state} is not a directory`);
    }
  });

  it('refuses a checkpoint.json that is a named pipe, without blocking on it', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, 'checkpoint.json')]);
    const error = usageErrorOf(() => loadCheckpoint(dir));
    expect(error.code).toBe(ExitCode.badInput);
    expect(error.message).toContain('is a named pipe (FIFO), not a file');
  });

  it('reads a missing checkpoint as none and a written one as it is', () => {
    const dir = tempDir();
    expect(loadCheckpoint(dir)).toBeUndefined();
    fs.writeFileSync(path.join(dir, 'checkpoint.json'), JSON.stringify({ schemaVersion: 1, createdAt: '', updatedAt: '', runs: 1, answers: {}, steps: {} }));
    expect(loadCheckpoint(dir)?.runs).toBe(1);
  });
});
