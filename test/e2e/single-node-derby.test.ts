/**
 * The whole wizard, unattended, on embedded Derby, from nothing to pmf1 serving /mfpconsole: real
 * Liberty from its runtime archive, the database, the Ant properties, and the real Apache Ant
 * running the PMF stand-in tasks. Then: a second run changes nothing, each known failure (a port
 * taken, kill -9 while Ant runs, no Ant task library) gives its sentence and exit code, and
 * --resume after the fix finishes.
 *
 * The wizard is the built CLI, `node dist/cli.js --answers FILE --state DIR`; with one node the
 * farm steps (5-7) do not apply, so the run is steps 1-4.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withPropertyFile, runAnt } from '../../source/adapters/ant.js';
import { CommandRunner } from '../../source/adapters/process.js';
import { RunLog } from '../../source/engine/log.js';
import { Redactor } from '../../source/engine/redact.js';
import { ADMIN_PASSWORD, expectNoSecretLeft, expectServing, pmfDir, prepare, singleNodeLifecycle, timings, whenAntCopyExists, wizard, type WizardRun } from '../support/single-node.js';
import { sha } from '../support/tree.js';

singleNodeLifecycle();

describe('single node on embedded Derby', () => {
  it('from nothing to pmf1 serving /mfpconsole; a second run changes nothing and runs no Ant', async () => {
    const farm = await prepare('derby');
    const first = await wizard(farm);
    timings.push(`derby first run: ${first.ms} ms`);
    expect(first.exitCode, first.all).toBe(0);
    // Quiet by default: Ant's own output is in the log, not on the screen.
    expect(first.all).not.toContain('BUILD SUCCESSFUL');
    const logDir = path.join(farm.state, 'logs');
    expect(fs.readdirSync(logDir).map((name) => fs.readFileSync(path.join(logDir, name), 'utf8')).join('')).toContain('BUILD SUCCESSFUL');
    expect(first.all).toMatch(/MobileFirstAdmin tables created in MFPDATA: 9 tables/);
    expect(first.all).toMatch(/Server pmf1 is ready \(CWWKF0011I\) with 6 applications started/);
    expect(first.all).toContain('appserver.was85liberty.serverInstance');
    await expectServing(farm);
    const xml = path.join(farm.serverDir, 'server.xml');
    expect(fs.existsSync(`${xml}.bak`)).toBe(true);
    const hash = sha(xml);
    const derbyFiles = fs.readdirSync(path.join(farm.dir, 'derby', 'MFPDATA', 'seg0')).length;

    const second = await wizard(farm);
    timings.push(`derby second run: ${second.ms} ms`);
    expect(second.exitCode, second.all).toBe(0);
    expect(second.all).toContain('Nothing to do');
    expect(second.all).not.toContain('Buildfile:');
    expect(sha(xml)).toBe(hash);
    expect(fs.readdirSync(path.join(farm.dir, 'derby', 'MFPDATA', 'seg0')).length).toBe(derbyFiles);
    expectNoSecretLeft(farm, [first, second]);
    expect(first.watch.modes.size).toBeGreaterThan(0);

    // Ant install on a running server: the sentence, and server.xml untouched.
    const stateDir = farm.state;
    const redactor = new Redactor();
    const log = new RunLog(redactor, path.join(farm.dir, 'extra-logs'), 'running');
    const runner = new CommandRunner({ log, redactor });
    const copy = path.join(stateDir, 'ant', 'pmf1', 'configure-liberty-derby.xml');
    const secrets = { 'mfp.admin.client.secret': 'x1', 'mfp.push.client.secret': 'x2', 'mfp.config.admin.password': 'x3', 'mfp.admin.default.user.initialpassword': 'x4' };
    const failure = await withPropertyFile(path.dirname(copy), secrets, (file) =>
      runAnt(runner, { antPath: path.join(pmfDir, 'tools', 'apache-ant-1.9.4', 'bin', 'ant'), buildFile: copy, target: 'install', propertyFile: file }, {
        dbType: 'derby',
        dbName: 'MFPDATA',
        dataDir: path.join(farm.dir, 'derby'),
        serverName: 'pmf1',
        libertyInstallDir: farm.liberty,
        pmfInstallDir: pmfDir,
      }).then(
        () => undefined,
        (error: Error & { fix?: string }) => error,
      ),
    );
    log.close();
    expect(failure?.message).toMatch(/The Liberty server pmf1 is running \(process ID \d+\): PMF can only be installed on a stopped server/);
    expect(failure?.fix).toContain('server stop pmf1');
    expect(sha(xml)).toBe(hash);
  });

  it('a port taken before the run: exit 2 with the next free pair, nothing created', async () => {
    const farm = await prepare('derby');
    const blocker = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen(farm.httpPort, '0.0.0.0', resolve));
    let refused: WizardRun;
    try {
      refused = await wizard(farm);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    expect(refused.exitCode, refused.all).toBe(2);
    expect(refused.all).toContain(`Farm nodes (Liberty servers) (nodes[0].httpPort): pmf1's httpPort ${farm.httpPort} is already in use by another process on this machine`);
    expect(refused.all).toMatch(/Use the next free pair for pmf1: "httpPort": \d+, "httpsPort": \d+/);
    expect(fs.existsSync(farm.state)).toBe(false);
    expect(fs.existsSync(path.join(farm.dir, 'liberty'))).toBe(false);
  });

  it('a port taken while the wizard runs: its sentence, exit 1; --resume after freeing it finishes without Ant', async () => {
    const farm = await prepare('derby');
    const blocker = net.createServer((socket) => socket.destroy());
    let failed: WizardRun;
    try {
      // Taken after the up-front check, as another program starting meanwhile would.
      failed = await wizard(farm, [], async (child) => {
        await whenAntCopyExists(farm, 'derby', child);
        await new Promise<void>((resolve) => blocker.listen(farm.httpPort, '0.0.0.0', resolve));
      });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    timings.push(`derby port taken: ${failed.ms} ms`);
    expect(failed.exitCode, failed.all).toBe(1);
    expect(failed.all).toContain(`Server pmf1 started, but its HTTP port ${farm.httpPort} is taken by another process (CWWKO0221E`);
    expect(failed.all).toContain(`ss -ltnp 'sport = :${farm.httpPort}'`);
    const resumed = await wizard(farm, ['--resume']);
    timings.push(`derby port taken, resume: ${resumed.ms} ms`);
    expect(resumed.exitCode, resumed.all).toBe(0);
    expect(resumed.all).not.toContain('Buildfile:');
    expect(resumed.all).toContain('Ant is not run again');
    await expectServing(farm);
    expectNoSecretLeft(farm, [failed, resumed]);
  });

  it('--dry-run shows the Ant commands with a secrets file name and changes nothing', async () => {
    const farm = await prepare('derby');
    const result = await wizard(farm, ['--dry-run']);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toMatch(/bin\/ant -f \S+\/state\/ant\/pmf1\/configure-liberty-derby\.xml -propertyfile \S+\/state\/tmp\/secrets-<pid>-<random>\.properties databases/);
    expect(result.all).toContain('mfp.admin.default.user.initialpassword=****');
    expect(result.all).toContain('Dry run: nothing was changed.');
    expect(fs.existsSync(farm.state)).toBe(false);
    expect(fs.existsSync(path.join(farm.dir, 'liberty'))).toBe(false);
    expect(result.all.includes(ADMIN_PASSWORD)).toBe(false);
  });

  it('kill -9 while Ant runs, then --resume: the secrets file left behind is removed and the deployment finishes', async () => {
    const farm = await prepare('derby');
    const antDir = path.join(farm.state, 'ant', 'pmf1');
    const tmpDir = path.join(farm.state, 'tmp');
    const killed = await wizard(farm, [], async (child) => {
      for (let i = 0; i < 3000; i++) {
        if (fs.existsSync(tmpDir) && fs.readdirSync(tmpDir).some((name) => name.startsWith('secrets-'))) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.kill('SIGKILL');
    });
    expect(killed.exitCode).not.toBe(0);
    // The orphaned Ant finishes on its own (it read the file at start); wait for it.
    const antRunning = () =>
      fs.readdirSync('/proc').some((pid) => {
        try {
          return /^\d+$/.test(pid) && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(antDir);
        } catch {
          return false;
        }
      });
    for (let i = 0; i < 600 && antRunning(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fs.readdirSync(tmpDir).filter((name) => name.startsWith('secrets-'))).toHaveLength(1);
    const resumed = await wizard(farm, ['--resume']);
    expect(resumed.exitCode, resumed.all).toBe(0);
    expect(resumed.all).toContain(`Removed 1 temporary file (secrets or keystore bundles) left in ${farm.state} by an interrupted run`);
    await expectServing(farm);
    expectNoSecretLeft(farm, [resumed]);
  });

  it('a PMF installation without its Ant task library: its sentence, exit 1; --resume after the fix finishes', async () => {
    const brokenPmf = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-copy-'));
    fs.cpSync(pmfDir, brokenPmf, { recursive: true, filter: (src) => !src.includes(`${path.sep}src`) && !src.endsWith(`${path.sep}build`) });
    const jar = path.join(brokenPmf, 'MobileFoundationServer', 'mfp-ant-deployer.jar');
    fs.renameSync(jar, `${jar}.away`);
    const farm = await prepare('derby', { pmfInstallDir: brokenPmf });
    const failed = await wizard(farm);
    expect(failed.exitCode, failed.all).toBe(1);
    expect(failed.all).toContain(`Ant cannot load PMF's task library (mfp-ant-deployer.jar) from ${brokenPmf}`);
    fs.renameSync(`${jar}.away`, jar);
    const resumed = await wizard(farm, ['--resume']);
    expect(resumed.exitCode, resumed.all).toBe(0);
    await expectServing(farm);
    expectNoSecretLeft(farm, [failed, resumed]);
  });
});
