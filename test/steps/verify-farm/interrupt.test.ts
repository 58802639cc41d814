/**
 * Ctrl+C or SIGTERM during the verification (step 7, and `pmf-wizard verify`) stops it at once
 * with the interrupted error (exit 130), in a pass as well as between the passes of its wait,
 * instead of finishing the pass or waiting out the two minutes and reporting.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, InterruptedError } from '../../../source/engine/errors.js';
import { verifyFarm } from '../../../steps/verify-farm/index.js';
import { root } from '../../support/cli.js';
import { makeStepContext } from '../../support/step-context.js';

function farmAnswers(dir: string) {
  return {
    liberty: { installMethod: 'archive', archive: path.join(dir, 'wlp.zip'), installDir: path.join(dir, 'no-liberty-here'), acceptLicense: true },
    pmf: { installDir: path.join(root, 'fixtures', 'pmf'), adminPassword: 'S3cret-pw-42' },
    database: { type: 'mysql', host: 'localhost', port: 3306, name: 'MFPDATA', user: 'mfpuser', password: 'S3cret-db', driverDir: '/usr/share/java', admin: { user: 'root', password: 'S3cret-root' } },
    nodes: [
      { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
      { name: 'pmf2', httpPort: 9081, httpsPort: 9444 },
    ],
  };
}

describe('an interrupted verification', () => {
  it('stops waiting for a farm that is not healthy as soon as the run is interrupted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-interrupt-'));
    const controller = new AbortController();
    const t = makeStepContext(farmAnswers(dir), { stateDir: dir, signal: controller.signal });
    const passes: number[] = [];
    setTimeout(() => controller.abort(), 300);
    // Two minutes of waiting for this farm of servers that do not exist, unless the interruption ends it.
    const verification = verifyFarm(t.ctx, { waitMs: 120_000, onAttempt: (report) => passes.push(report.attempts) });
    await expect(verification).rejects.toBeInstanceOf(InterruptedError);
    await expect(verification).rejects.toMatchObject({ exitCode: ExitCode.interrupted });
    expect(passes.length).toBeLessThan(3);
    t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 10_000);

  it('is refused before a pass when the run was interrupted already', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-interrupt-'));
    const controller = new AbortController();
    controller.abort();
    const t = makeStepContext(farmAnswers(dir), { stateDir: dir, signal: controller.signal });
    await expect(verifyFarm(t.ctx)).rejects.toBeInstanceOf(InterruptedError);
    t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
