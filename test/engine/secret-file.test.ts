import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAnswersFile, resolveAnswers } from '../../source/engine/answers.js';
import { InputError } from '../../source/engine/errors.js';
import { validateCommand } from '../../source/commands/validate.js';
import type { Io } from '../../source/commands/output.js';
import { questionStep } from '../support/fake-steps.js';

const steps = [questionStep()];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function passwordProblem(file: string) {
  const r = resolveAnswers({ target: { dir: '/x', password: { file } } }, steps, { baseDir: dir });
  return r.problems.find((p) => p.path === 'target.password');
}

describe('secret files ({"file": PATH})', () => {
  it('refuses /dev/zero at once, without reading it, through validate', () => {
    const answers = path.join(dir, 'zero.json');
    fs.writeFileSync(answers, JSON.stringify({ target: { dir: '/x', password: { file: '/dev/zero' } } }));
    const io: Io = { stdout: () => {}, stderr: () => {}, isTTY: false, env: {}, cwd: dir };
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    let error: unknown;
    try {
      validateCommand(answers, steps, io, false);
    } catch (caught) {
      error = caught;
    }
    expect(Date.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).problems).toEqual([
      {
        path: 'target.password',
        question: 'Password',
        message: 'the secret file cannot be used: /dev/zero is a device, not a file',
        fix: 'Write the secret on the first line of a regular file of at most 4096 bytes (mode 0600) and give its path in target.password as {"file": PATH}, or use {"env": NAME}.',
      },
    ]);
  });

  it('refuses a FIFO without blocking on it, a socket and a directory', async () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(passwordProblem(fifo)?.message).toBe(`the secret file cannot be used: ${fifo} is a named pipe (FIFO), not a file`);
    const socket = path.join(dir, 'sock');
    const server = net.createServer().listen(socket);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      expect(passwordProblem(socket)?.message).toBe(`the secret file cannot be used: ${socket} is a socket, not a file`);
    } finally {
      server.close();
    }
    expect(passwordProblem(dir)?.message).toBe(`the secret file cannot be used: ${dir} is a directory, not a file`);
  });

  it('refuses a file over 4 KB, including one that says it is empty (/proc) but is not', () => {
    const big = path.join(dir, 'big');
    fs.writeFileSync(big, `${'p'.repeat(20)}\n${'x'.repeat(5000)}`);
    expect(passwordProblem(big)?.message).toBe(`the secret file cannot be used: ${big} is larger than 4096 bytes`);
    const maps = path.join(dir, 'maps');
    fs.symlinkSync('/proc/self/maps', maps);
    expect(fs.statSync(maps).size).toBe(0);
    expect(fs.readFileSync(maps).length).toBeGreaterThan(4096);
    expect(passwordProblem(maps)?.message).toBe(`the secret file cannot be used: ${maps} is larger than 4096 bytes`);
  });

  it('still reads the first line of a regular file of 4096 bytes, also through a symbolic link', () => {
    const file = path.join(dir, 'pw');
    fs.writeFileSync(file, `good-secret-1\n${'x'.repeat(4096 - 14)}`);
    expect(fs.statSync(file).size).toBe(4096);
    const link = path.join(dir, 'pw-link');
    fs.symlinkSync(file, link);
    const r = resolveAnswers({ target: { dir: '/x', password: { file: link } } }, steps, { baseDir: dir });
    expect(r.problems).toEqual([]);
    expect(r.answers.target).toMatchObject({ password: 'good-secret-1' });
  });
});

describe('the answers file', () => {
  it('is refused when it is a device or a directory, and not read', () => {
    expect(() => readAnswersFile('/dev/zero')).toThrow(InputError);
    try {
      readAnswersFile('/dev/zero');
    } catch (error) {
      expect((error as InputError).problems[0].message).toBe('cannot read /dev/zero: it is a device, not a file');
    }
    try {
      readAnswersFile(dir);
    } catch (error) {
      expect((error as InputError).problems[0].message).toBe(`cannot read ${dir}: it is a directory, not a file`);
    }
    expect.assertions(3);
  });
});
