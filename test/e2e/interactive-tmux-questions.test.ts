import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../support/cli.js';
import { freePorts } from '../support/ports.js';
import {
  REVIEW, atReview, choose, count, flat, foundHome, give, nodesAnswer, promptOf, repo, saveScreen, secret, shows, start, tempDir, tmuxFileWithMariaDb, typed, type TermSize,
} from '../support/tmux-wizard.js';
import type { TmuxSession } from './tmux.js';

/**
 * The questions of the interactive wizard in a real terminal, at 60×24, 80×24 and 120×40, as a
 * new user meets them on a machine where Installation Manager and PMF are in the home directory:
 * typing over a proposal, bursts of keys, Esc back, the review and "Change an answer", Ctrl+C and
 * the draft offered at the next start, and the machine checks found at the question (a port in
 * use, a wrong database password). No step runs: each test quits before "Start".
 * PMF_SAVE_SCREENS=1 writes the 80×24 screens of each view to test/e2e/screens/.
 */

const SIZES: TermSize[] = [
  { width: 60, height: 24 },
  { width: 80, height: 24 },
  { width: 120, height: 40 },
];
const INSTALL_DIR = 'liberty.installDir';
const NODES = 'nodes';
const DB_TYPE = 'database.type';
const CONSOLE_PASSWORD = 'Console-pw-1';

const db = tmuxFileWithMariaDb();

interface Wizard {
  s: TmuxSession;
  dir: string;
  state: string;
  again: () => TmuxSession;
}

/** The wizard from nothing in a terminal of `size`; `again` starts it anew on the same state directory. */
function wizard(size: TermSize): Wizard {
  const dir = tempDir();
  const state = path.join(dir, 'state');
  const env = { HOME: foundHome(dir), IM_DATA_DIR: path.join(dir, 'im-data') };
  const again = () => start(['node', cliPath, '--state', state], env, size);
  return { s: again(), dir, state, again };
}

const saveAt80 = (size: TermSize, name: string, screen: string, dir: string) => {
  if (size.width === 80) saveScreen(name, screen, dir);
};

/** The license accepted and the repository typed: the Liberty installation directory is asked next. */
async function toInstallDir(s: TmuxSession): Promise<void> {
  await give(s, 'liberty.acceptLicense', async (t) => t.keys('y'));
  await give(s, 'liberty.repositoryDir', typed(repo));
  await s.waitFor((text) => flat(text).includes(`? ${promptOf(INSTALL_DIR)}`));
}

/** Up to the database's type: the Liberty directory under `dir`, one node on free ports. */
async function toDatabaseType(s: TmuxSession, dir: string): Promise<number[]> {
  await toInstallDir(s);
  await give(s, INSTALL_DIR, typed(path.join(dir, 'wlp')));
  const ports = await freePorts(2);
  await give(s, NODES, nodesAnswer([ports]));
  await s.waitFor((text) => flat(text).includes(`? ${promptOf(DB_TYPE)}`));
  return ports;
}

const inputShows = (s: TmuxSession, value: string) => s.waitFor((text) => shows(text, `❯ ${value}`));

describe.each(SIZES)('the questions in tmux at $width×$height', (size) => {
  it('typing over a proposal replaces it', async () => {
    const { s, dir } = wizard(size);
    await toInstallDir(s);
    const screen = await inputShows(s, '/opt/IBM/WebSphere/Liberty');
    expect(flat(screen)).toContain('Enter keeps it · typing replaces it · Tab edits it');
    saveAt80(size, 'question-proposal', screen, dir);
    s.type('/srv/x');
    await inputShows(s, '/srv/x');
    expect(s.screen()).not.toContain('Liberty/srv/x');
    s.keys('Enter');
    await s.waitFor((text) => flat(text).includes(`✔ ${promptOf(INSTALL_DIR)}: /srv/x`));
  });

  it('a burst of 10 Backspaces after Tab deletes 10 characters', async () => {
    const { s } = wizard(size);
    await toInstallDir(s);
    await inputShows(s, '/opt/IBM/WebSphere/Liberty');
    s.keys('Tab');
    await s.waitFor((text) => flat(text).includes('Enter accepts'));
    // One send-keys call: the ten arrive together, as from a held key or over SSH.
    s.keys(...Array<string>(10).fill('BSpace'));
    await inputShows(s, '/opt/IBM/WebSphe');
    s.keys('Enter');
    await s.waitFor((text) => flat(text).includes(`✔ ${promptOf(INSTALL_DIR)}: /opt/IBM/WebSphe`));
  });

  it('a paste with its Enter in one write answers the question with the pasted text', async () => {
    const { s, dir } = wizard(size);
    await toInstallDir(s);
    const pasted = path.join(dir, 'pasted', 'wlp');
    s.type(`${pasted}\r`);
    await s.waitFor((text) => shows(text, `✔ ${promptOf(INSTALL_DIR)}: ${pasted}`));
    await s.waitFor((text) => flat(text).includes(`? ${promptOf(NODES)}`));
  });

  it('Esc goes back three questions, each with its answer, and Enter goes forward with them kept', async () => {
    const { s, dir } = wizard(size);
    const [http, https] = await toDatabaseType(s, dir);
    const installDir = path.join(dir, 'wlp');
    const farm = `pmf1 (${http}/${https})`;
    s.keys('Escape');
    await s.waitFor((text) => flat(text).includes(`? ${promptOf(NODES)}`) && shows(text, farm));
    s.keys('Escape');
    await s.waitFor((text) => flat(text).includes(`? ${promptOf(INSTALL_DIR)}`));
    await inputShows(s, installDir);
    s.keys('Escape');
    await s.waitFor((text) => flat(text).includes(`? ${promptOf('liberty.repositoryDir')}`));
    await inputShows(s, repo);

    s.keys('Enter');
    await inputShows(s, installDir);
    s.keys('Enter');
    await s.waitFor((text) => flat(text).includes(`? ${promptOf(NODES)}`) && shows(text, `❯ 1. 1 node: ${farm}`));
    s.keys('Enter');
    const screen = await s.waitFor((text) => flat(text).includes(`? ${promptOf(DB_TYPE)}`));
    const history = s.history();
    expect(count(history, `✔ ${promptOf('liberty.repositoryDir')}: ${repo}`)).toBe(2);
    expect(count(history, `✔ ${promptOf(INSTALL_DIR)}: ${installDir}`)).toBe(2);
    expect(count(history, `✔ ${promptOf(NODES)}: ${farm}`)).toBe(2);
    expect(shows(screen, `✔ ${promptOf(NODES)}: ${farm}`)).toBe(true);
  });

  it('the review shows every answer, "Change an answer" changes one and comes back to it', async () => {
    const { s, dir } = wizard(size);
    const [http, https] = await toDatabaseType(s, dir);
    await give(s, DB_TYPE, choose('Derby'));
    await give(s, 'pmf.adminPassword', secret(CONSOLE_PASSWORD, true));
    let screen = await s.waitFor(REVIEW);
    const line = (text: string) => text.slice(0, size.width - 2);
    for (const text of [
      `  ${promptOf(INSTALL_DIR)}: ${path.join(dir, 'wlp')}`,
      `  ${promptOf(NODES)}: pmf1 (${http}/${https})`,
      `  ${promptOf(DB_TYPE)}: Derby`,
      `  ${promptOf('pmf.adminPassword')}: ••••`,
    ]) {
      expect(screen).toContain(line(text));
    }
    expect(screen).not.toContain(CONSOLE_PASSWORD);
    expect(flat(screen)).toMatch(/1\. Start 2\. Change an answer 3\. Advanced settings \(\d+\) 4\. Save as an answers file 5\. Quit/);
    saveAt80(size, 'review', screen, dir);

    await atReview(s, 'Change an answer');
    screen = await s.waitFor('Which answer do you change?');
    expect(flat(screen)).toContain('← Back');
    saveAt80(size, 'change-list', screen, dir);
    await choose(promptOf(INSTALL_DIR))(s);
    const changed = path.join(dir, 'wlp2');
    await give(s, INSTALL_DIR, typed(changed), '✎');
    screen = await s.waitFor(REVIEW);
    expect(screen).toContain(line(`  ${promptOf(INSTALL_DIR)}: ${changed}`));

    await atReview(s, 'Quit');
    expect(await s.exitCode()).toBe(0);
    expect(s.history()).toContain('Nothing was changed.');
    expect(fs.existsSync(path.join(dir, 'wlp'))).toBe(false);
    expect(fs.existsSync(changed)).toBe(false);
  });

  it('Ctrl+C at a question keeps the typed answers, and the next start offers them', async () => {
    const { s, dir, state, again } = wizard(size);
    await toDatabaseType(s, dir);
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
    const draft = path.join(state, 'draft-answers.json');
    expect(shows(s.history(), `The answers typed (not the passwords) are kept in ${draft}`)).toBe(true);
    expect(JSON.parse(fs.readFileSync(draft, 'utf8')).answers.liberty.installDir).toBe(path.join(dir, 'wlp'));
    expect(fs.existsSync(path.join(state, 'checkpoint.json'))).toBe(false);

    const next = again();
    let screen = await next.waitFor('Continue with the answers you typed on');
    expect(flat(screen)).toContain('An earlier session ended before anything was changed');
    expect(flat(screen)).toMatch(/Continue with the answers you typed on \d{4}-\d\d-\d\d \d\d:\d\d \(4 answers\)/);
    saveAt80(size, 'draft-offer', screen, dir);
    await choose('Continue with the answers you typed')(next);
    screen = await next.waitFor((text) => flat(text).includes(`? ${promptOf(DB_TYPE)}`));
    expect(flat(next.history())).toMatch(/Answers you typed on \d{4}-\d\d-\d\d \d\d:\d\d:/);
    expect(shows(next.history(), `✔ ${promptOf(INSTALL_DIR)}: ${path.join(dir, 'wlp')}`)).toBe(true);
    next.keys('C-c');
    expect(await next.exitCode()).toBe(130);
  });

  it('a port in use is found at the nodes question, shown under it, and another port goes on', async () => {
    const { s, dir } = wizard(size);
    const held = net.createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    try {
      const heldPort = (held.address() as net.AddressInfo).port;
      const [free, https] = await freePorts(2);
      await toInstallDir(s);
      await give(s, INSTALL_DIR, typed(path.join(dir, 'wlp')));
      await nodesAnswer([[heldPort, https]])(s);
      const screen = await s.waitFor((text) => /✖/.test(text) && text.includes(String(heldPort)), 30_000);
      expect(flat(screen)).toContain(`? ${promptOf(NODES)}`);
      expect(flat(screen)).toMatch(new RegExp(`${heldPort}.*(in use|taken|another process)`));
      saveAt80(size, 'problem-port', screen, dir);
      await give(s, NODES, nodesAnswer([[free, https]]));
      await s.waitFor((text) => flat(text).includes(`? ${promptOf(DB_TYPE)}`));
      expect(shows(s.screen(), `✔ ${promptOf(NODES)}: pmf1 (${free}/${https})`)).toBe(true);
    } finally {
      held.close();
    }
  });

  it('a wrong database admin password is found right after the database questions, and the right one goes on', async () => {
    const { s, dir } = wizard(size);
    await toInstallDir(s);
    await give(s, INSTALL_DIR, typed(path.join(dir, 'wlp')));
    const [h1, s1, h2, s2] = await freePorts(4);
    await give(s, NODES, nodesAnswer([[h1, s1], [h2, s2]]));
    const types = await s.waitFor((text) => flat(text).includes(`? ${promptOf(DB_TYPE)}`));
    // Derby is not offered to a farm.
    expect(flat(types)).toMatch(/1\. MySQL \/ MariaDB 2\. IBM DB2 3\. Oracle ↑↓/);
    await give(s, DB_TYPE, choose('MySQL / MariaDB'));
    await give(s, 'database.mode', choose('The wizard'));
    await give(s, 'database.host', typed(db.maria.host));
    await give(s, 'database.port', typed(String(db.maria.port)));
    await give(s, 'database.password', secret('Db-user-pw1'));
    const admin = promptOf('database.admin.password');
    await s.waitFor((text) => flat(text).includes(`? ${admin}`));
    await secret('Wrong-root-pw')(s);
    const screen = await s.waitFor((text) => flat(text).includes(`? ${admin}`) && /✖/.test(text), 30_000);
    expect(flat(screen)).toMatch(/✖ .*(denied|password|refused)/i);
    expect(screen).not.toContain('Wrong-root-pw');
    saveAt80(size, 'problem-database', screen, dir);
    await give(s, 'database.admin.password', secret(db.maria.rootPassword));
    await s.waitFor((text) => flat(text).includes(`? ${promptOf('pmf.adminPassword')}`));
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
  });
});
