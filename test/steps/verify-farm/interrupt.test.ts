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
import { twoNodeMysqlAnswers } from '../../support/farm-answers.js';
import { makeStepContext } from '../../support/step-context.js';

describe('an interrupted verification', () => {
  it('stops waiting for a farm that is not healthy as soon as the run is interrupted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-interrupt-'));
    const controller = new AbortController();
    const t = makeStepContext(twoNodeMysqlAnswers(dir, path.join(dir, 'no-liberty-here')), { stateDir: dir, signal: controller.signal });
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
    const t = makeStepContext(twoNodeMysqlAnswers(dir, path.join(dir, 'no-liberty-here')), { stateDir: dir, signal: controller.signal });
    await expect(verifyFarm(t.ctx)).rejects.toBeInstanceOf(InterruptedError);
    t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
