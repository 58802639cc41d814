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
import { expect } from 'vitest';
import { questionsOf } from '../../source/engine/answers.js';
import type { Question } from '../../source/engine/questions.js';
import { steps } from '../../steps/index.js';
import { stopServers } from '../../scripts/local-services.mjs';
import { TmuxSession } from '../e2e/tmux.js';
import { cliPath, root } from './cli.js';
import { libertyImRepository } from './liberty.js';

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

export function start(argv: string[], env: Record<string, string>): TmuxSession {
  const session = new TmuxSession(argv, { cwd: root, env });
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
  const servers = path.join(dir, 'usr', 'servers');
  if (fs.existsSync(servers)) stopServers(path.join(dir, 'wlp', 'bin', 'server'), fs.readdirSync(servers));
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

/** Replaces what the focused input holds. */
async function retype(s: TmuxSession, text: string): Promise<void> {
  s.keys('C-u');
  await s.waitFor(/^❯\s*$/m);
  s.type(text);
  await s.waitFor((screen) => flat(screen).includes(`❯ ${text}`));
}

/** SGR colours (30-37, 90-97, 38;…), as opposed to inverse video and resets. */
export const COLOUR = /\u001B\[[0-9;]*\b(3[0-7]|9[0-7]|38)\b[0-9;]*m/;

type Answer = (s: TmuxSession) => Promise<void>;
export const typed = (text: string): Answer => async (s) => {
  await retype(s, text);
  s.keys('Enter');
};
export const choose = (label: string): Answer => async (s) => {
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
export async function answerAll(s: TmuxSession, answers: Record<string, Answer>, onQuestion?: (q: Question, screen: string) => void): Promise<string[]> {
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

export function nodesAnswer(ports: number[][], onLast?: (screen: string) => void): Answer {
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
