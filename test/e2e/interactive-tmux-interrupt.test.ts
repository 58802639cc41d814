import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from '../support/cli.js';
import { freePort } from '../support/mariadb.js';
import { ADMIN_PASSWORD, atReview, expectBuilt, flat, imcl, killSessions, pmfDir, removeTempDirs, repo, start, tempDir } from '../support/tmux-wizard.js';

/**
 * The interactive wizard in a real terminal (tmux, 80×24) against the stand-ins, interrupted:
 * Ctrl+C during the install (then the checkpoint offered, and taken with --yes) and at a question.
 */

afterEach(killSessions);

function processesUnder(dir: string): string[] {
  const out = execFileSync('ps', ['-eww', '-o', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dir) && !/^\s*\d+\s+(tmux|ps|sh|bash|env)\b/.test(line));
}

describe('the interactive wizard in tmux, against the stand-ins', () => {
  beforeAll(expectBuilt);
  afterAll(removeTempDirs, 120_000);

  it('Ctrl+C during the install stops imcl, keeps a consistent checkpoint and exits 130', async () => {
    const dir = tempDir();
    const state = path.join(dir, 'state');
    const answers = path.join(dir, 'answers.json');
    fs.writeFileSync(
      answers,
      JSON.stringify({
        // The method named: with no Installation Manager where discovery looks, the default is maven.
        liberty: { installMethod: 'imcl', imclPath: imcl, repositoryDir: repo, installDir: path.join(dir, 'wlp'), userDir: path.join(dir, 'usr') },
        database: { type: 'derby', dataDir: path.join(dir, 'derby') },
        pmf: { installDir: pmfDir, adminPassword: { env: 'PMF_ADMIN_PASSWORD' } },
        nodes: [{ name: 'pmf1', httpPort: await freePort(), httpsPort: await freePort() }],
      }),
    );
    const env = { IM_DATA_DIR: path.join(dir, 'im-data'), IMCL_STANDIN_COPY_DELAY_MS: '1000', PMF_ADMIN_PASSWORD: ADMIN_PASSWORD };
    const s = start(['node', cliPath, '--answers', answers, '--state', state], env);
    await s.waitFor('? Do you accept the license agreement');
    s.keys('y');
    // An answer was typed: the review comes before anything changes.
    await atReview(s, 'Start');
    await s.waitFor(/Install Liberty and create the first server \(\d+\.\ds\)/);
    const deadline = Date.now() + 15_000;
    while (!processesUnder(dir).some((line) => line.includes('imcl'))) {
      if (Date.now() > deadline) throw new Error(`imcl did not start; screen:\n${s.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
    expect(flat(s.screen())).toContain(`Interrupted. The checkpoint is kept; to continue run: node ${cliPath} --answers ${answers} --state ${state} --resume`);
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
