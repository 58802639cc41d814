import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { questionsOf } from '../../source/engine/answers.js';
import type { Question } from '../../source/engine/questions.js';
import { steps } from '../../steps/index.js';
import { cliPath, root } from '../support/cli.js';
import { libertyImRepository } from '../support/liberty.js';
import { stopServers } from '../../scripts/local-services.mjs';
import { freePort, startMariaDb, type RunningMariaDb } from '../support/mariadb.js';
import { TmuxSession } from './tmux.js';

/**
 * The interactive wizard in a real terminal (tmux, 80×24) against the stand-ins and a real
 * MariaDB: every question from nothing to a verified two-node farm; a run from a partial answers
 * file that fails, is quit, resumed with the command the screen gives, fixed by changing an
 * answer, retried and finished; Ctrl+C during the install and at a question.
 * PMF_SAVE_SCREENS=1 writes the question, progress, failure and final screens to test/e2e/screens/.
 */

const imcl = path.join(root, 'fixtures', 'im', 'imcl');
const repo = libertyImRepository;
const pmfDir = path.join(root, 'fixtures', 'pmf');
const screensDir = path.join(root, 'test', 'e2e', 'screens');
const ADMIN_PASSWORD = `Adm-${crypto.randomBytes(6).toString('hex')}`;
const DB_PASSWORD = `Db-${crypto.randomBytes(6).toString('hex')}`;
const FARM_TIMEOUT = 300_000;

const sessions: TmuxSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.kill();
});

function start(argv: string[], env: Record<string, string>): TmuxSession {
  const session = new TmuxSession(argv, { cwd: root, env });
  sessions.push(session);
  return session;
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-term-'));
  dirs.push(dir);
  return dir;
}

/** Stops the servers a test's wizard left running (a finished farm keeps its nodes up), then removes its directory. */
function cleanUp(dir: string): void {
  const servers = path.join(dir, 'usr', 'servers');
  if (fs.existsSync(servers)) stopServers(path.join(dir, 'wlp', 'bin', 'server'), fs.readdirSync(servers));
  fs.rmSync(dir, { recursive: true, force: true });
}

function saveScreen(name: string, screen: string, dir: string): void {
  if (!process.env.PMF_SAVE_SCREENS) return;
  fs.mkdirSync(screensDir, { recursive: true });
  fs.writeFileSync(path.join(screensDir, `${name}.txt`), screen.split(dir).join('/tmp/pmf-demo').replace(/\n+$/, '\n'));
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

/** Replaces what the focused input holds. */
async function retype(s: TmuxSession, text: string): Promise<void> {
  s.keys('C-u');
  await s.waitFor(/^❯\s*$/m);
  s.type(text);
  await s.waitFor((screen) => flat(screen).includes(`❯ ${text}`));
}

/** SGR colours (30-37, 90-97, 38;…), as opposed to inverse video and resets. */
const COLOUR = /\u001B\[[0-9;]*\b(3[0-7]|9[0-7]|38)\b[0-9;]*m/;

type Answer = (s: TmuxSession) => Promise<void>;
const typed = (text: string): Answer => async (s) => {
  await retype(s, text);
  s.keys('Enter');
};
const choose = (label: string): Answer => async (s) => {
  for (let i = 0; i < 10 && !new RegExp(`❯ \\d+\\. ${label}`).test(s.screen()); i++) {
    s.keys('Down');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await s.waitFor(new RegExp(`❯ \\d+\\. ${label}`));
  s.keys('Enter');
};

/** The question on the screen, found by its prompt among every step's declarations. */
function questionOnScreen(screen: string, questions: Question[], answered: Set<string>): Question | undefined {
  const text = flat(screen);
  return questions.find((q) => !answered.has(q.path) && text.includes(`? ${q.prompt}`));
}

/**
 * Answers every question the wizard asks, in its order: `answers` by path, Enter (the default)
 * for the rest; each answer is confirmed by its "✔ prompt:" line before the next key.
 */
async function answerAll(s: TmuxSession, answers: Record<string, Answer>, onQuestion?: (q: Question, screen: string) => void): Promise<string[]> {
  const questions = questionsOf(steps);
  const answered = new Set<string>();
  const asked: string[] = [];
  for (;;) {
    const screen = await s.waitFor((text) => /Ctrl\+C stops|What now\?/.test(text) || questionOnScreen(text, questions, answered) !== undefined, 30_000);
    const question = questionOnScreen(screen, questions, answered);
    if (!question) return asked;
    onQuestion?.(question, screen);
    asked.push(question.path);
    await (answers[question.path] ?? (async (t: TmuxSession) => t.keys('Enter')))(s);
    await s.waitFor((text) => flat(text).includes(`✔ ${question.prompt}:`), 30_000);
    answered.add(question.path);
  }
}

function nodesAnswer(ports: number[][], onLast?: (screen: string) => void): Answer {
  return async (s) => {
    await s.waitFor('How many nodes');
    await retype(s, String(ports.length));
    s.keys('Enter');
    for (const [i, [http, https]] of ports.entries()) {
      const n = `Node ${i + 1} of ${ports.length}`;
      await s.waitFor(`${n}: server name`);
      expect(s.screen()).toContain(`❯ pmf${i + 1}`);
      s.keys('Enter');
      await s.waitFor(`${n}: HTTP port`);
      await retype(s, String(http));
      s.keys('Enter');
      const screen = await s.waitFor(`${n}: HTTPS port`);
      if (i === ports.length - 1) onLast?.(screen);
      await retype(s, String(https));
      s.keys('Enter');
    }
  };
}

async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function processesUnder(dir: string): string[] {
  const out = execFileSync('ps', ['-eww', '-o', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dir) && !/^\s*\d+\s+(tmux|ps|sh|bash|env)\b/.test(line));
}

describe('the interactive wizard in tmux, against the stand-ins', () => {
  let maria: RunningMariaDb;
  beforeAll(async () => {
    for (const file of [cliPath, imcl, path.join(repo, 'repository.config')]) {
      if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (it builds dist/ and the stand-ins) first`);
    }
    maria = await startMariaDb();
  });
  afterAll(async () => {
    for (const dir of dirs.splice(0)) cleanUp(dir);
    await maria?.stop();
  }, 120_000);

  it(
    'from nothing: every question, progress, a verified two-node farm, its table and consoles, the answers file; NO_COLOR honoured',
    async () => {
      const dir = tempDir();
      const state = path.join(dir, 'state');
      const [h1, s1, h2, s2] = await freePorts(4);
      const dbName = `MFP${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
      const s = start(['node', cliPath, '--state', state], { IM_DATA_DIR: path.join(dir, 'im-data'), NO_COLOR: '1', IMCL_STANDIN_COPY_DELAY_MS: '100' });

      // The license: "no" gets the answers-file message, "yes" goes on.
      await s.waitFor('? Do you accept the license agreement');
      s.keys('n');
      await s.waitFor('✖ the Liberty license must be accepted before installing');
      let questionScreen = '';
      const asked = await answerAll(
        s,
        {
          'liberty.acceptLicense': async (t) => t.keys('y'),
          'liberty.imclPath': async (t) => {
            // The default does not exist on this machine: the answers-file message shows at once.
            expect(t.screen()).toMatch(/^✖ no such file$/m);
            await typed(imcl)(t);
          },
          'liberty.repositoryDir': async (t) => {
            t.type('fixtures/nowhere');
            t.keys('Enter');
            await t.waitFor('✖ no such directory');
            await typed(repo)(t);
          },
          'liberty.installDir': typed(path.join(dir, 'wlp')),
          'liberty.userDir': typed(path.join(dir, 'usr')),
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
          'database.name': typed(dbName),
          'database.password': async (t) => {
            t.type(DB_PASSWORD);
            await t.waitFor('•'.repeat(DB_PASSWORD.length));
            t.keys('Enter');
          },
          'database.admin.password': async (t) => {
            t.type(maria.rootPassword);
            await t.waitFor('•'.repeat(maria.rootPassword.length));
            t.keys('Enter');
          },
          'pmf.installDir': typed(pmfDir),
          'pmf.adminPassword': async (t) => {
            t.type(ADMIN_PASSWORD);
            await t.waitFor('•'.repeat(ADMIN_PASSWORD.length));
            t.keys('Enter');
          },
        },
      );
      expect(asked.slice(0, 8)).toEqual(['liberty.acceptLicense', 'liberty.installMethod', 'liberty.imclPath', 'liberty.repositoryDir', 'liberty.packageId', 'liberty.installDir', 'liberty.userDir', 'nodes']);
      expect(asked).toContain('database.admin.password');
      saveScreen('question', questionScreen, dir);

      // Progress: the spinner line with the elapsed time, the step list, the command's last lines.
      let screen = await s.waitFor(/\(\d+\.\ds\)[\s\S]*│ [\s\S]*Ctrl\+C stops/, FARM_TIMEOUT, 20);
      expect(s.screen(true)).not.toMatch(COLOUR);
      // A later step with finished ones above it makes a better picture, if it is caught running.
      const deploying = /Deploy PMF with Ant and check the console \([1-9]\d*\.\ds\)\n(?:.*\n)?(?: {2}│ .*\n){3}[\s\S]*Ctrl\+C stops/;
      const later = await s.waitFor((text) => deploying.test(text) || text.includes('Save these answers'), FARM_TIMEOUT, 20);
      saveScreen('progress', deploying.test(later) ? later : screen, dir);

      screen = await s.waitFor('Save these answers as an answers file', FARM_TIMEOUT);
      expect(screen).toMatch(/✔ Done in .*: 7 steps run, 0 already done\./);
      expect(screen).toContain('Verify the farm');
      expect(screen).toMatch(/node\s+running\s+console\s+trust\s+ltpa\s+session\s+farm/);
      expect(screen).toMatch(/pmf1\s+ok/);
      expect(screen).toMatch(/pmf2\s+ok/);
      expect(screen).toContain(`pmf1     http://localhost:${h1}/mfpconsole`);
      expect(screen).toContain(`pmf2     http://localhost:${h2}/mfpconsole`);
      saveScreen('final', screen, dir);
      expect(s.screen(true)).not.toMatch(COLOUR);
      expect(screen).not.toContain(ADMIN_PASSWORD);

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
      fs.writeFileSync(path.join(dir, 'root-pw'), `${maria.rootPassword}\n`, { mode: 0o600 });
      fs.writeFileSync(
        answers,
        JSON.stringify({
          liberty: { acceptLicense: true, installMethod: 'imcl', imclPath: imcl, packageId: 'com.ibm.websphere.liberty.v99', installDir: path.join(dir, 'wlp'), userDir: path.join(dir, 'usr') },
          database: {
            type: 'mysql',
            host: maria.host,
            port: maria.port,
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
      const resume = `pmf-wizard --answers ${answers} --state ${state} --resume`;
      expect(flat(first.screen())).toContain(`The checkpoint is kept. After the fix, run: ${resume}`);

      // The command the screen gave: the repository answered before comes back from the checkpoint.
      const second = start(['node', cliPath, ...resume.split(' ').slice(1)], env);
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
      expect(flat(screen)).toMatch(/Done in .*: 7 steps run/);
      expect(screen).toMatch(/pmf2\s+ok/);
      expect(screen).toContain(`pmf2     http://localhost:${h2}/mfpconsole`);
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

  it('Ctrl+C during the install stops imcl, keeps a consistent checkpoint and exits 130', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'state');
    const answers = path.join(dir, 'answers.json');
    fs.writeFileSync(
      answers,
      JSON.stringify({
        liberty: { imclPath: imcl, repositoryDir: repo, installDir: path.join(dir, 'wlp'), userDir: path.join(dir, 'usr') },
        database: { type: 'derby', dataDir: path.join(dir, 'derby') },
        pmf: { installDir: pmfDir, adminPassword: { env: 'PMF_ADMIN_PASSWORD' } },
        nodes: [{ name: 'pmf1', httpPort: await freePort(), httpsPort: await freePort() }],
      }),
    );
    const env = { IM_DATA_DIR: path.join(dir, 'im-data'), IMCL_STANDIN_COPY_DELAY_MS: '1000', PMF_ADMIN_PASSWORD: ADMIN_PASSWORD };
    const s = start(['node', cliPath, '--answers', answers, '--state', state], env);
    await s.waitFor('? Do you accept the license agreement');
    s.keys('y');
    await s.waitFor(/Install Liberty and create the first server \(\d+\.\ds\)/);
    const deadline = Date.now() + 15_000;
    while (!processesUnder(dir).some((line) => line.includes('imcl'))) {
      if (Date.now() > deadline) throw new Error(`imcl did not start; screen:\n${s.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
    expect(flat(s.screen())).toContain(`Interrupted. The checkpoint is kept; to continue run: pmf-wizard --answers ${answers} --state ${state} --resume`);
    const checkpoint = JSON.parse(fs.readFileSync(path.join(state, 'checkpoint.json'), 'utf8'));
    expect(checkpoint.steps['install-liberty'].status).toBe('interrupted');
    expect(fs.existsSync(path.join(state, 'lock'))).toBe(false);
    expect(processesUnder(dir).filter((line) => line.includes('imcl') && !line.includes('<defunct>'))).toEqual([]);

    // Started again without --resume: the checkpoint is offered.
    const again = start(['node', cliPath, '--answers', answers, '--state', state], env);
    const screen = await again.waitFor('A previous run left a checkpoint');
    expect(flat(screen)).toContain('It stopped at step 1 of 4: Install Liberty and create the first server (interrupted).');
    expect(screen).toContain('❯ 1. Resume at step 1: Install Liberty and create the first server');
    again.keys('C-c');
    expect(await again.exitCode()).toBe(130);

    // With --yes the offer is taken as resume, without asking; the license answer comes back from the checkpoint.
    const resumed = start(['node', cliPath, '--answers', answers, '--state', state, '--yes'], env);
    await resumed.waitFor(/Install Liberty and create the first server \(\d+\.\ds\)/);
    expect(resumed.screen()).not.toContain('A previous run left a checkpoint');
    expect(resumed.screen()).not.toContain('Do you accept the license agreement');
    resumed.keys('C-c');
    expect(await resumed.exitCode()).toBe(130);
  });

  it('Ctrl+C at a question exits 130 at once and changes nothing', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'state');
    const s = start(['node', cliPath, '--state', state], { IM_DATA_DIR: path.join(dir, 'im-data') });
    await s.waitFor('? Do you accept the license agreement');
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
    expect(s.screen()).toContain('Interrupted: nothing was changed.');
    expect(fs.existsSync(state)).toBe(false);
  });
});
