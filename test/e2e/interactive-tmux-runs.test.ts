import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../support/cli.js';
import type { RunningMariaDb } from '../support/mariadb.js';
import { freePorts } from '../support/ports.js';
import type { TmuxSession } from './tmux.js';
import {
  ADMIN_PASSWORD, COLOUR, DB_PASSWORD, FARM_TIMEOUT, REVIEW, answerAll, atReview, choose, flat, give, imcl, nodesAnswer, pmfDir, promptOf, repo, saveScreen, secret, start,
  tempDir, tmuxFileWithMariaDb, typed,
} from '../support/tmux-wizard.js';

/**
 * The interactive wizard in a real terminal (tmux, 80×24) against the stand-ins and a real
 * MariaDB, run to its end: every question from nothing, the review (the servers' directory set in
 * its Advanced settings) and a verified two-node farm; a run from a
 * partial answers file that fails, is quit, resumed with the command the screen gives, fixed by
 * changing an answer, retried and finished.
 * PMF_SAVE_SCREENS=1 writes the question, progress, failure and final screens to test/e2e/screens/.
 */

/** Every question from nothing, as a new user answers them (two nodes on MariaDB), up to the review. */
async function answerEveryQuestion(s: TmuxSession, dir: string, [h1, s1, h2, s2]: number[], maria: RunningMariaDb) {
  // The license: "no" gets the answers-file message, "yes" goes on.
  await s.waitFor('? Do you accept the license agreement');
  s.keys('n');
  await s.waitFor('✖ the Liberty license must be accepted before installing');
  let questionScreen = '';
  const asked = await answerAll(
    s,
    {
      'liberty.acceptLicense': async (t) => t.keys('y'),
      // No Installation Manager where discovery looks: how to install is asked.
      'liberty.installMethod': choose('With IBM Installation Manager'),
      'liberty.imclPath': async (t) => {
        // The proposal does not exist on this machine: Enter on it gets the answers-file message.
        t.keys('Enter');
        await t.waitFor(/^✖ no such file$/m);
        await typed(imcl)(t);
      },
      'liberty.repositoryDir': async (t) => {
        t.type('fixtures/nowhere');
        t.keys('Enter');
        await t.waitFor('✖ no such directory');
        await typed(repo)(t);
      },
      'liberty.installDir': typed(path.join(dir, 'wlp')),
      nodes: nodesAnswer(
        [
          [h1, s1],
          [h2, s2],
        ],
        (screen) => {
          questionScreen = screen;
        },
      ),
      'database.type': choose('MySQL / MariaDB'),
      'database.host': typed(maria.host),
      'database.port': typed(String(maria.port)),
      'database.password': secret(DB_PASSWORD),
      'database.admin.password': secret(maria.rootPassword),
      'pmf.installDir': typed(pmfDir),
      'pmf.adminPassword': secret(ADMIN_PASSWORD, true),
    },
  );
  return { asked, questionScreen };
}

/** At the review: the servers' directory (an advanced setting) under the test's directory, then Start. */
async function reviewAndStart(s: TmuxSession, dir: string) {
  await atReview(s, 'Advanced settings');
  await s.waitFor('Advanced settings: which one do you change?');
  const userDir = 'liberty.userDir';
  await choose(promptOf(userDir))(s);
  await give(s, userDir, typed(path.join(dir, 'usr')), '✎');
  const screen = await s.waitFor(REVIEW);
  expect(flat(screen)).not.toContain(ADMIN_PASSWORD);
  await atReview(s, 'Start');
}

/** The final screen's save offer taken: the answers file holds no secret, and neither does the state. */
async function saveAnswersAndCheck(s: TmuxSession, dir: string, state: string, [h1, s1, h2, s2]: number[], maria: RunningMariaDb) {
  s.keys('Enter');
  await s.waitFor('? Answers file to write');
  expect(flat(s.screen())).toContain('PMF_ADMIN_PASSWORD');
  const answersFile = path.join(dir, 'answers.json');
  await typed(answersFile)(s);
  expect(await s.exitCode()).toBe(0);
  expect(s.screen()).toContain('✔ Saved the answers to');

  const saved = fs.readFileSync(answersFile, 'utf8');
  for (const secret of [ADMIN_PASSWORD, DB_PASSWORD, maria.rootPassword]) expect(saved).not.toContain(secret);
  const json = JSON.parse(saved);
  expect(json.liberty).toMatchObject({ acceptLicense: true, installMethod: 'imcl', imclPath: imcl, repositoryDir: repo, installDir: path.join(dir, 'wlp'), userDir: path.join(dir, 'usr') });
  expect(json.nodes).toEqual([
    { name: 'pmf1', httpPort: h1, httpsPort: s1 },
    { name: 'pmf2', httpPort: h2, httpsPort: s2 },
  ]);
  expect(json.pmf.adminPassword).toEqual({ env: 'PMF_ADMIN_PASSWORD' });
  expect(json.database.password).toEqual({ env: 'DATABASE_PASSWORD' });
  expect(json.database.admin.password).toEqual({ env: 'DATABASE_ADMIN_PASSWORD' });
  const stateFiles = fs.readdirSync(path.join(state, 'logs')).map((f) => fs.readFileSync(path.join(state, 'logs', f), 'utf8')).join('') + fs.readFileSync(path.join(state, 'checkpoint.json'), 'utf8');
  for (const secret of [ADMIN_PASSWORD, DB_PASSWORD, maria.rootPassword]) expect(stateFiles).not.toContain(secret);
}

const db = tmuxFileWithMariaDb();

describe('the interactive wizard in tmux, against the stand-ins', () => {

  it(
    'from nothing: every question, progress, a verified two-node farm, its table and consoles, the answers file; NO_COLOR honoured',
    async () => {
      const dir = tempDir();
      const state = path.join(dir, 'state');
      const [h1, s1, h2, s2] = await freePorts(4);
      const began = Date.now();
      const s = start(['node', cliPath, '--state', state], { IM_DATA_DIR: path.join(dir, 'im-data'), NO_COLOR: '1', IMCL_STANDIN_COPY_DELAY_MS: '100' });

      const { asked, questionScreen } = await answerEveryQuestion(s, dir, [h1, s1, h2, s2], db.maria);
      // The package id and the servers' directory have safe defaults: the review offers them, not the questions.
      expect(asked.slice(0, 6)).toEqual(['liberty.acceptLicense', 'liberty.installMethod', 'liberty.imclPath', 'liberty.repositoryDir', 'liberty.installDir', 'nodes']);
      expect(asked).toContain('database.admin.password');
      saveScreen('question', questionScreen, dir);
      await reviewAndStart(s, dir);

      // Progress: the spinner line with the elapsed time, the step list, the command's last lines.
      let screen = await s.waitFor(/\(\d+\.\ds\)[\s\S]*│ [\s\S]*Ctrl\+C stops/, FARM_TIMEOUT, 20);
      expect(s.screen(true)).not.toMatch(COLOUR);
      // A later step with finished ones above it makes a better picture, if it is caught running.
      const deploying = /Deploy PMF with Ant and check the console \([1-9]\d*\.\ds\)\n(?:.*\n)?(?: {2}│ .*\n){3}[\s\S]*Ctrl\+C stops/;
      const later = await s.waitFor((text) => deploying.test(text) || text.includes('Save these answers'), FARM_TIMEOUT, 20);
      saveScreen('progress', deploying.test(later) ? later : screen, dir);

      screen = await s.waitFor('Save these answers as an answers file', FARM_TIMEOUT);
      // The final screen comes once verify-farm logged in on every console: the farm works.
      console.log(`MySQL farm of two in tmux: ${((Date.now() - began) / 1000).toFixed(1)} s from start to working consoles (questions as the test types them)`);
      // The ending's next steps may push the first lines above the 24 rows.
      expect(flat(s.history())).toMatch(/✔ Done in .*: 7 steps run, 0 already done\./);
      expect(flat(s.history())).toContain('Verify the farm');
      expect(s.history()).toMatch(/node\s+running\s+console\s+trust\s+ltpa\s+session\s+farm/);
      expect(screen).toMatch(/pmf1\s+ok/);
      expect(screen).toMatch(/pmf2\s+ok/);
      expect(screen).toMatch(new RegExp(`pmf1 +http://localhost:${h1}/mfpconsole`));
      expect(screen).toMatch(new RegExp(`pmf2 +http://localhost:${h2}/mfpconsole`));
      saveScreen('final', screen, dir);
      expect(s.screen(true)).not.toMatch(COLOUR);
      expect(screen).not.toContain(ADMIN_PASSWORD);

      await saveAnswersAndCheck(s, dir, state, [h1, s1, h2, s2], db.maria);
    },
    FARM_TIMEOUT * 2,
  );

  it(
    'pmf-wizard --answers with a partial file: fails, quit, resumed with the shown command, an answer changed, retried, verified',
    async () => {
      const dir = tempDir();
      const state = path.join(dir, 'state');
      const answers = path.join(dir, 'answers.json');
      const [h1, s1, h2, s2] = await freePorts(4);
      fs.writeFileSync(path.join(dir, 'root-pw'), `${db.maria.rootPassword}\n`, { mode: 0o600 });
      fs.writeFileSync(
        answers,
        JSON.stringify({
          liberty: { acceptLicense: true, installMethod: 'imcl', imclPath: imcl, packageId: 'com.ibm.websphere.liberty.v99', installDir: path.join(dir, 'wlp'), userDir: path.join(dir, 'usr') },
          database: {
            type: 'mysql',
            host: db.maria.host,
            port: db.maria.port,
            name: `MFP${crypto.randomBytes(3).toString('hex').toUpperCase()}`,
            user: 'mfpuser',
            password: { env: 'PMF_DB_PASSWORD' },
            driverDir: '/usr/share/java',
            admin: { user: 'root', password: { file: path.join(dir, 'root-pw') } },
          },
          pmf: { installDir: pmfDir, adminUser: 'admin', adminPassword: { env: 'PMF_ADMIN_PASSWORD' } },
          nodes: [
            { name: 'pmf1', httpPort: h1, httpsPort: s1 },
            { name: 'pmf2', httpPort: h2, httpsPort: s2 },
          ],
        }),
      );
      const env = { IM_DATA_DIR: path.join(dir, 'im-data'), PMF_ADMIN_PASSWORD: ADMIN_PASSWORD, PMF_DB_PASSWORD: DB_PASSWORD };
      const first = start(['node', cliPath, '--answers', answers, '--state', state], env);
      let screen = await first.waitFor('? Directory of the extracted Liberty installer');
      expect(flat(first.history())).toContain('✔ Initial password of that administrator: from environment variable PMF_ADMIN_PASSWORD');
      expect(first.history()).not.toContain('? Liberty installation directory');
      await typed(repo)(first);
      await atReview(first, 'Start');
      screen = await first.waitFor('What now?', 60_000);
      expect(screen).toContain('✖ Install Liberty and create the first server failed');
      expect(flat(screen)).toContain('error: imcl install com.ibm.websphere.liberty.v99 failed (exit 1)');
      expect(flat(screen)).toMatch(/command: .*imcl install com\.ibm\.websphere\.liberty\.v99/);
      expect(screen).toContain('ERROR: Cannot find package com.ibm.websphere.liberty.v99');
      expect(screen).toContain('fix:');
      saveScreen('failure', screen, dir);
      first.keys('3');
      await first.waitFor('❯ 3. Quit');
      first.keys('Enter');
      expect(await first.exitCode()).toBe(1);
      // Started as `node dist/cli.js`, the wizard names itself so in the commands it prints.
      const resume = `node ${cliPath} --answers ${answers} --state ${state} --resume`;
      expect(flat(first.screen())).toContain(`The checkpoint is kept. After the fix, run: ${resume}`);

      // The command the screen gave: the repository answered before comes back from the checkpoint.
      const second = start(resume.split(' '), env);
      screen = await second.waitFor('What now?', 60_000);
      expect(second.history()).toMatch(/Resuming: 7 steps/);
      second.keys('2');
      await second.waitFor('❯ 2. Change an answer');
      second.keys('Enter');
      await second.waitFor('Which answer do you change?');
      second.keys('5');
      await second.waitFor('❯ 5. Installation Manager package id: com.ibm.websphere.liberty.v99');
      second.keys('Enter');
      await second.waitFor('? Installation Manager package id');
      await typed('com.ibm.websphere.liberty.v85')(second);
      screen = await second.waitFor('Save these answers as an answers file', FARM_TIMEOUT);
      expect(flat(second.history())).toMatch(/Done in .*: 7 steps run/);
      expect(screen).toMatch(/pmf2\s+ok/);
      expect(screen).toMatch(new RegExp(`pmf2 +http://localhost:${h2}/mfpconsole`));
      second.keys('Down');
      await second.waitFor('❯ 2. Finish without saving');
      second.keys('Enter');
      expect(await second.exitCode()).toBe(0);
      const checkpoint = JSON.parse(fs.readFileSync(path.join(state, 'checkpoint.json'), 'utf8'));
      expect(checkpoint.steps['install-liberty'].status).toBe('done');
      expect(checkpoint.steps['verify-farm'].status).toBe('done');
    },
    FARM_TIMEOUT * 2,
  );
});
