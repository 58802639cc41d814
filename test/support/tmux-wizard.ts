/**
 * The interactive wizard in a real terminal (tmux, 80×24) for the end-to-end tests: the stand-ins
 * it is pointed at, the sessions (killed after each test) and temp dirs (their servers stopped and
 * removed at the end), and how a test answers the questions. PMF_SAVE_SCREENS=1 writes the screens
 * a test saves to test/e2e/screens/.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { questionsOf } from '../../source/engine/answers.js';
import type { Question } from '../../source/engine/questions.js';
import { steps } from '../../steps/index.js';
import { stopServers } from '../../scripts/local-services.mjs';
import { TmuxSession } from '../e2e/tmux.js';
import { cliPath, root } from './cli.js';
import { libertyImRepository } from './liberty.js';
import { startMariaDb, type RunningMariaDb } from './mariadb.js';

export const imcl = path.join(root, 'fixtures', 'im', 'imcl');
export const repo = libertyImRepository;
export const pmfDir = path.join(root, 'fixtures', 'pmf');
const screensDir = path.join(root, 'test', 'e2e', 'screens');
export const ADMIN_PASSWORD = `Adm-${crypto.randomBytes(6).toString('hex')}`;
export const DB_PASSWORD = `Db-${crypto.randomBytes(6).toString('hex')}`;
export const FARM_TIMEOUT = 300_000;

/** Fails with what to run when the CLI or the stand-ins are not built. */
export function expectBuilt(): void {
  for (const file of [cliPath, imcl, path.join(repo, 'repository.config')]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (it builds dist/ and the stand-ins) first`);
  }
}

const sessions: TmuxSession[] = [];

/** For afterEach: kills the sessions the test started. */
export function killSessions(): void {
  for (const session of sessions.splice(0)) session.kill();
}

export interface TermSize {
  width: number;
  height: number;
}

export function start(argv: string[], env: Record<string, string>, size: TermSize = { width: 80, height: 24 }): TmuxSession {
  const session = new TmuxSession(argv, { cwd: root, env, ...size });
  sessions.push(session);
  return session;
}

const dirs: string[] = [];
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-term-'));
  dirs.push(dir);
  return dir;
}

/** Stops the servers a test's wizard left running (a finished farm keeps its nodes up), then removes its directory. */
function cleanUp(dir: string): void {
  // The servers' directory answered (dir/usr), or Liberty's own (dir/wlp/usr).
  for (const servers of [path.join(dir, 'usr', 'servers'), path.join(dir, 'wlp', 'usr', 'servers')]) {
    if (fs.existsSync(servers)) stopServers(path.join(dir, 'wlp', 'bin', 'server'), fs.readdirSync(servers));
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** For afterAll: stops the servers of every temp dir and removes it. */
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) cleanUp(dir);
}

export function saveScreen(name: string, screen: string, dir: string): void {
  if (!process.env.PMF_SAVE_SCREENS) return;
  fs.mkdirSync(screensDir, { recursive: true });
  fs.writeFileSync(path.join(screensDir, `${name}.txt`), screen.split(dir).join('/tmp/pmf-demo').replace(/\n+$/, '\n'));
}

export const flat = (text: string) => text.replace(/\s+/g, ' ');
/** Without any white space: a long value folded at the terminal's width still matches. */
export const squeezed = (text: string) => text.replace(/\s+/g, '');
/** The screen shows `text` somewhere, however the terminal folded it. */
export const shows = (screen: string, text: string) => squeezed(screen).includes(squeezed(text));
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces what the focused input holds (a refused value stays as typed, so it is cleared first). */
async function retype(s: TmuxSession, text: string): Promise<void> {
  s.keys('C-u');
  await s.waitFor(/^❯\s*$/m);
  s.type(text);
  await s.waitFor((screen) => shows(screen, `❯ ${text}`));
}

/** SGR colours (30-37, 90-97, 38;…), as opposed to inverse video and resets. */
export const COLOUR = /\u001B\[[0-9;]*\b(3[0-7]|9[0-7]|38)\b[0-9;]*m/;

export type Answer = (s: TmuxSession) => Promise<void>;
export const typed = (text: string): Answer => async (s) => {
  await retype(s, text);
  s.keys('Enter');
};

/** Picks the option whose label starts with `label` by its number (a label may fold under itself), then Enter. */
export const choose = (label: string): Answer => async (s) => {
  const option = new RegExp(`(\\d+)\\. ${escaped(flat(label))}`);
  const screen = await s.waitFor((text) => option.test(flat(text)));
  const digit = option.exec(flat(screen))![1];
  s.keys(digit);
  await s.waitFor((text) => flat(text).includes(`❯ ${digit}. ${flat(label)}`));
  s.keys('Enter');
};

/** A password typed (masked); `twice`: a new one, typed again at "Type it again". */
export const secret = (text: string, twice = false): Answer => async (s) => {
  s.type(text);
  await s.waitFor('•'.repeat(text.length));
  s.keys('Enter');
  if (!twice) return;
  await s.waitFor(/^Type it again$/m);
  s.type(text);
  await s.waitFor((screen) => /^Type it again$/m.test(screen) && screen.includes('•'.repeat(text.length)));
  s.keys('Enter');
};

/** The question on the screen, found by its prompt among every step's declarations. */
function questionOnScreen(screen: string, questions: Question[], answered: Set<string>): Question | undefined {
  const text = flat(screen);
  return questions.find((q) => !answered.has(q.path) && text.includes(`? ${q.prompt}`));
}

export const REVIEW = 'Check the answers';
/** What follows the questions: the review, a run, or a failure. */
const END = /Ctrl\+C stops|What now\?|Check the answers/;

/**
 * Answers every question the wizard asks, in its order: `answers` by path, Enter (the proposal)
 * for the rest; each answer is confirmed by its "✔ prompt:" line before the next key. Returns at
 * the review (or a run, or a failure) with the paths asked.
 */
export async function answerAll(s: TmuxSession, answers: Record<string, Answer>, onQuestion?: (q: Question, screen: string) => void): Promise<string[]> {
  const questions = questionsOf(steps);
  const answered = new Set<string>();
  const asked: string[] = [];
  for (;;) {
    const screen = await s.waitFor((text) => END.test(text) || questionOnScreen(text, questions, answered) !== undefined, 30_000);
    const question = questionOnScreen(screen, questions, answered);
    if (!question) return asked;
    onQuestion?.(question, screen);
    asked.push(question.path);
    await (answers[question.path] ?? (async (t: TmuxSession) => t.keys('Enter')))(s);
    // The review of a long list of answers may fill the screen: the "✔" line is then above it.
    const answeredNow = (text: string) => !flat(text).includes(`? ${question.prompt}`) && END.test(text);
    await s.waitFor((text) => flat(text).includes(`✔ ${question.prompt}:`) || answeredNow(text), 30_000);
    answered.add(question.path);
  }
}

/** At the review: one of its choices ("Start", "Change an answer", "Advanced settings", "Quit"). */
export async function atReview(s: TmuxSession, label: string): Promise<void> {
  await s.waitFor(REVIEW);
  await choose(label)(s);
}

/**
 * The nodes typed one by one: "Another number of nodes…" among the proposed farms, the count,
 * then each node's name (pmfN kept) and ports.
 */
export function nodesAnswer(ports: number[][], onLast?: (screen: string) => void): Answer {
  return async (s) => {
    await s.waitFor('How many nodes');
    if (flat(s.screen()).includes('. Another number')) await choose('Another number')(s);
    await s.waitFor((text) => text.includes('How many nodes') && !flat(text).includes('. Another number'));
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

/**
 * A home directory holding what discovery looks for, as on a machine set up by the tutorial:
 * Installation Manager under ~/IBM (the imcl stand-in) and PMF in ~/PMF (the PMF stand-in).
 * Java and the JDBC drivers are found where this machine has them (the java on PATH, /usr/share/java).
 */
export function foundHome(dir: string): string {
  const home = path.join(dir, 'home');
  const tools = path.join(home, 'IBM', 'InstallationManager', 'eclipse', 'tools');
  fs.mkdirSync(tools, { recursive: true });
  fs.symlinkSync(imcl, path.join(tools, 'imcl'));
  fs.symlinkSync(pmfDir, path.join(home, 'PMF'));
  return home;
}

/** The prompt of the question at `questionPath`, as the wizard asks it. */
export function promptOf(questionPath: string): string {
  const question = questionsOf(steps).find((q) => q.path === questionPath);
  if (!question) throw new Error(`no question ${questionPath}`);
  return question.prompt;
}

/** Waits for the question, answers it, and waits until it is answered: its "✔ prompt:" line shown, the question gone. */
export async function give(s: TmuxSession, questionPath: string, answer: Answer, mark = '✔'): Promise<void> {
  const prompt = promptOf(questionPath);
  await s.waitFor((text) => flat(text).includes(`? ${prompt}`));
  await answer(s);
  // The review of a long list of answers may fill the screen: the answer's line is then above it.
  await s.waitFor((text) => !flat(text).includes(`? ${prompt}`) && (flat(text).includes(`${mark} ${prompt}:`) || END.test(text)), 30_000);
}

/** How many times `text` appears in `screen`, however folded. */
export function count(screen: string, text: string): number {
  return squeezed(screen).split(squeezed(text)).length - 1;
}

/**
 * The hooks of a tmux test file that asks against a real MariaDB: the built CLI checked, each
 * test's sessions killed after it, the servers and temp dirs removed at the end. `maria` is
 * the running database, once the file's tests start.
 */
export function tmuxFileWithMariaDb(): { readonly maria: RunningMariaDb } {
  let running: RunningMariaDb | undefined;
  afterEach(killSessions);
  beforeAll(async () => {
    expectBuilt();
    running = await startMariaDb();
  });
  afterAll(async () => {
    removeTempDirs();
    await running?.stop();
  }, 120_000);
  return {
    get maria(): RunningMariaDb {
      if (!running) throw new Error('MariaDB is not started yet: use it inside a test');
      return running;
    },
  };
}
