/**
 * Vitest global set-up of every lane: every temporary directory of a test run (the tests', the
 * wizard's, the stand-ins') goes under one directory that is removed at the end, so a run leaves
 * nothing in /tmp; the workers and every process they start inherit TMPDIR. PMF_KEEP_TEST_TMP=1
 * keeps it. Each lane (vitest project) lists this set-up; when both run, the first one makes the
 * directory and the others use it, so the workers of every lane share one TMPDIR.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const OWNER = 'PMF_TEST_TMPDIR';

export default function setup(): (() => void) | undefined {
  if (process.env[OWNER]) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  process.env[OWNER] = dir;
  return () => {
    delete process.env[OWNER];
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (process.env.PMF_KEEP_TEST_TMP) console.log(`test files kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  };
}
