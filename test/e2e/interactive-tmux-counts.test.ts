import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../support/cli.js';
import { request } from '../support/http-request.js';
import { type Answer, answerAll, atReview, choose, FARM_TIMEOUT, foundHome, repo, REVIEW, secret, start, tempDir, tmuxFileWithMariaDb, typed } from '../support/tmux-wizard.js';
import type { TmuxSession } from './tmux.js';

/**
 * How many answers a new user gives, counted in tmux (80×24) as keys are pressed: every key that
 * answers (Enter, y, a choice's Enter), both entries of the new console password, and "Start" on
 * the review. The machine is set up as the tutorial leaves it: Installation Manager under ~/IBM and
 * PMF in ~/PMF (the stand-ins), Java on the PATH, the JDBC drivers in /usr/share/java. Each run
 * stops at the review (Quit instead of Start): no step runs.
 */

const db = tmuxFileWithMariaDb();

/** Answers from nothing up to the review; returns what was asked and the answers given, "Start" included. */
async function countTo(answers: (dir: string) => Record<string, Answer>): Promise<{ asked: string[]; count: number; s: TmuxSession }> {
  const dir = tempDir();
  const s = start(['node', cliPath, '--state', path.join(dir, 'state')], { HOME: foundHome(dir), IM_DATA_DIR: path.join(dir, 'im-data') });
  const asked = await answerAll(s, answers(dir));
  await s.waitFor(REVIEW);
  // "Start" would be one more answer; Quit takes its place so nothing runs.
  const count = s.answers + 1;
  await atReview(s, 'Quit');
  expect(await s.exitCode()).toBe(0);
  return { asked, count, s };
}

const common = (dir: string): Record<string, Answer> => ({
  'liberty.acceptLicense': async (s) => s.keys('y'),
  'liberty.repositoryDir': typed(repo),
  'liberty.installDir': typed(path.join(dir, 'wlp')),
  'pmf.adminPassword': secret('Console-pw-1', true),
});

describe('answers a new user gives in tmux, from nothing to the review', () => {
  it('a single node on Derby: at most 8', async () => {
    const { asked, count } = await countTo((dir) => ({ ...common(dir), 'database.type': choose('Derby') }));
    console.log(`Derby single node: ${count} answers (Start included); asked: ${asked.join(', ')}`);
    expect(asked).toEqual(['liberty.acceptLicense', 'liberty.repositoryDir', 'liberty.installDir', 'nodes', 'database.type', 'pmf.adminPassword']);
    expect(count).toBeLessThanOrEqual(8);
  });

  it('a farm of two on MySQL, the wizard creating the database: at most 14', async () => {
    const { asked, count } = await countTo((dir) => ({
      ...common(dir),
      nodes: choose('2 nodes'),
      'database.type': choose('MySQL / MariaDB'),
      'database.host': typed(db.maria.host),
      'database.port': typed(String(db.maria.port)),
      'database.password': secret('Db-user-pw1'),
      'database.admin.password': secret(db.maria.rootPassword),
    }));
    console.log(`MySQL farm of two: ${count} answers (Start included); asked: ${asked.join(', ')}`);
    expect(asked).toEqual([
      'liberty.acceptLicense', 'liberty.repositoryDir', 'liberty.installDir', 'nodes',
      'database.type', 'database.mode', 'database.host', 'database.port', 'database.password', 'database.admin.password', 'pmf.adminPassword',
    ]);
    expect(count).toBeLessThanOrEqual(14);
  });

  it('a single node on Derby, started from the review: a working console, and how long it took', async () => {
    const dir = tempDir();
    const began = Date.now();
    const s = start(['node', cliPath, '--state', path.join(dir, 'state')], { HOME: foundHome(dir), IM_DATA_DIR: path.join(dir, 'im-data') });
    await answerAll(s, { ...common(dir), 'database.type': choose('Derby') });
    await s.waitFor(REVIEW);
    const answered = Date.now();
    await atReview(s, 'Start');
    const screen = await s.waitFor('Save these answers as an answers file', FARM_TIMEOUT);
    const url = /pmf1\s+(http:\/\/localhost:\d+\/mfpconsole)/.exec(screen)?.[1];
    expect(url, screen).toBeDefined();
    // The console the final screen names answers (its login page, or a redirect to it).
    expect([200, 302]).toContain((await request(url!)).status);
    const done = Date.now();
    console.log(`Derby single node in tmux: ${((done - began) / 1000).toFixed(1)} s from start to a working console (questions ${((answered - began) / 1000).toFixed(1)} s as the test types them, run ${((done - answered) / 1000).toFixed(1)} s)`);
    s.keys('2');
    await s.waitFor('❯ 2. Finish without saving');
    s.keys('Enter');
    expect(await s.exitCode()).toBe(0);
  }, FARM_TIMEOUT + 60_000);
});
