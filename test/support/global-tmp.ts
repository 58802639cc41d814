/**
 * Vitest global set-up: every temporary directory of a test run (the tests', the wizard's, the
 * stand-ins') goes under one directory that is removed at the end, so a run leaves nothing in
 * /tmp; the workers and every process they start inherit TMPDIR. PMF_KEEP_TEST_TMP=1 keeps it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureImRepository, ensureLibertyArchive } from '../../scripts/liberty-runtime.mjs';

export default function setup(): () => void {
  // Every end-to-end test runs on real Liberty: without the runtime they fail with this sentence.
  try {
    ensureLibertyArchive();
    ensureImRepository();
  } catch (error) {
    throw new Error(`The tests need the real Liberty runtime and could not get it: ${(error as Error).message}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (process.env.PMF_KEEP_TEST_TMP) console.log(`test files kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  };
}
