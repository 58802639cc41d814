/**
 * The server already running when PMF is to be installed, on real Liberty: an administrator
 * started pmf1 after step 1 to have a look. The stand-in Ant install refuses a running server
 * (it reads the pid file real Liberty writes), so the wizard stops it first, installs, and
 * starts it again; nothing is left running or half-configured.
 */
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stopServers } from '../../scripts/local-services.mjs';
import { cli, root } from '../support/cli.js';
import { libertyArchive } from '../support/liberty.js';
import { freePort } from '../support/mariadb.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-running-'));
const liberty = path.join(dir, 'liberty');
const env = { PMF_ADMIN_PASSWORD: 'Running-Adm1n-pw' };

afterAll(() => {
  stopServers(path.join(liberty, 'bin', 'server'), ['pmf1']);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a server that runs when PMF is to be installed', () => {
  it('is stopped before Ant install, then started with PMF; real Liberty\'s pid file is what the Ant task refuses', async () => {
    const answers = JSON.parse(fs.readFileSync(path.join(root, 'fixtures', 'answers', 'single-node-derby.json'), 'utf8'));
    answers.liberty = { installMethod: 'archive', archive: libertyArchive, installDir: liberty, userDir: path.join(dir, 'wlp-usr'), acceptLicense: true };
    answers.pmf.installDir = path.join(root, 'fixtures', 'pmf');
    answers.database.dataDir = path.join(dir, 'derby');
    answers.nodes = [{ name: 'pmf1', httpPort: await freePort(), httpsPort: await freePort() }];
    const file = path.join(dir, 'answers.json');
    fs.writeFileSync(file, JSON.stringify(answers));
    const args = ['--answers', file, '--state', path.join(dir, 'state')];

    const firstSteps = await cli(args, { env, steps: ['install-liberty', 'create-database', 'ant-properties'] });
    expect(firstSteps.exitCode, firstSteps.all).toBe(0);
    expect((await execa(path.join(liberty, 'bin', 'server'), ['start', 'pmf1'], { reject: false })).exitCode).toBe(0);
    const pidFile = path.join(dir, 'wlp-usr', 'servers', '.pid', 'pmf1.pid');
    expect(fs.existsSync(pidFile)).toBe(true);

    // The stand-in Ant task itself refuses, as the real one is expected to (its password prompts answered on stdin).
    const antFile = path.join(dir, 'state', 'ant', 'pmf1', 'configure-liberty-derby.xml');
    const secrets = fs.readFileSync(antFile, 'utf8').matchAll(/<property name="([^"]+)" value="\*{12}"\/>/g);
    const propertyFile = path.join(dir, 'secrets.properties');
    fs.writeFileSync(propertyFile, [...secrets].map((m) => `${m[1]}=Test-Passw0rd-1\n`).join(''), { mode: 0o600 });
    const refused = await execa(path.join(root, 'fixtures', 'pmf', 'tools', 'apache-ant-1.9.4', 'bin', 'ant'), ['-f', antFile, '-propertyfile', propertyFile, 'install'], { reject: false, all: true, cwd: dir, stdin: 'ignore', timeout: 120_000 });
    expect(refused.exitCode, refused.all).toBe(1);
    expect(refused.all, refused.all).toContain(`The Liberty server pmf1 is running (process ID ${fs.readFileSync(pidFile, 'utf8').trim()})`);

    const run = await cli(args, { env });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain('Stopping server pmf1: PMF must be installed on a stopped server');
    expect(run.all).toMatch(/Server pmf1 is ready \(CWWKF0011I\) with 6 applications started/);
    expect(run.all).toMatch(/answered 200 with the console's login page/);
  }, 300_000);
});
