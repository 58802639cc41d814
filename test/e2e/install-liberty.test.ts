import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureImRepository, ensureLibertyArchive } from '../../scripts/liberty-runtime.mjs';
import { isPortFree } from '../../source/adapters/ports.js';
import { cli, root, startCli } from '../support/cli.js';
import { treeHash } from '../support/tree.js';

// Step 1 alone, through the real CLI, on the real (Open) Liberty of scripts/liberty-runtime.mjs:
// the whole wizard is covered by single-node and farm tests.
const STEP1 = ['install-liberty'];
const archive = ensureLibertyArchive();
const imcl = path.join(root, 'fixtures', 'im', 'imcl');
const repository = ensureImRepository();

interface Farm {
  dir: string;
  answers: string;
  state: string;
  env: Record<string, string>;
}

/** A free HTTP/HTTPS pair: other tests use the machine at the same time. */
async function freePair(): Promise<{ httpPort: number; httpsPort: number }> {
  for (;;) {
    const httpPort = 20_000 + Math.floor(Math.random() * 20_000);
    if ((await isPortFree(httpPort)) && (await isPortFree(httpPort + 1))) return { httpPort, httpsPort: httpPort + 1 };
  }
}
const { httpPort: HTTP, httpsPort: HTTPS } = await freePair();

function prepare(liberty: Record<string, unknown>, nodes = [{ name: 'pmf1', httpPort: HTTP, httpsPort: HTTPS }]): Farm {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step1-'));
  const answers = path.join(dir, 'answers.json');
  const body = { liberty: { installDir: path.join(dir, 'liberty'), userDir: path.join(dir, 'wlp-usr'), acceptLicense: true, ...liberty }, nodes };
  fs.writeFileSync(answers, JSON.stringify(body, null, 2));
  fs.mkdirSync(path.join(dir, 'im-data'));
  return { dir, answers, state: path.join(dir, 'state'), env: { IM_DATA_DIR: path.join(dir, 'im-data') } };
}

const viaArchive = () => prepare({ installMethod: 'archive', archive });
const viaImcl = () => prepare({ installMethod: 'imcl', imclPath: imcl, repositoryDir: repository });
// The pinned artifact is in ~/.m2 already (scripts/liberty-runtime.mjs fetched it): mvn copies it from there.
const viaMaven = () => prepare({ installMethod: 'maven' });

function targetsHash(farm: Farm): string {
  return `${treeHash(path.join(farm.dir, 'liberty'))}/${treeHash(path.join(farm.dir, 'wlp-usr'))}`;
}

describe.each([
  ['archive', viaArchive, /\$ unzip -q -o .*openliberty-webProfile8-26\.0\.0\.3\.zip/],
  ['imcl', viaImcl, /\$ .*imcl install com\.ibm\.websphere\.liberty\.v85 .*-acceptLicense/],
  ['maven', viaMaven, /\$ mvn -q -B dependency:copy -Dartifact=io\.openliberty:openliberty-webProfile8:26\.0\.0\.3:zip -DoutputDirectory=\S+\.pmf-wizard-download/],
])('step 1 unattended, Liberty from %s', (method, make, installCommand) => {
  it('installs Open Liberty 26.0.0.3, checks it, sets WLP_USER_DIR, creates pmf1; a second run does nothing and says so', async () => {
    const farm = make();
    const first = await cli(['--answers', farm.answers, '--state', farm.state], { env: farm.env, steps: STEP1 });
    expect(first.exitCode, first.all).toBe(0);
    // Quiet by default: a command's own output goes to the log, not the screen.
    expect(first.stdout).not.toContain('Server pmf1 created.');
    const logDir = path.join(farm.state, 'logs');
    expect(fs.readdirSync(logDir).map((name) => fs.readFileSync(path.join(logDir, name), 'utf8')).join('')).toContain('Server pmf1 created.');
    expect(first.stdout).toMatch(/Open Liberty 26\.0\.0\.3 has the features PMF needs and runs on Java \d+ \(java on the PATH\)/);
    if (method === 'maven') {
      expect(first.stdout).toContain('io.openliberty:openliberty-webProfile8:26.0.0.3:zip comes under the Eclipse Public License - v 2.0 (wlp/LICENSE), accepted with liberty.acceptLicense');
      expect(fs.readdirSync(farm.dir).filter((name) => name.includes('pmf-wizard-'))).toEqual([]);
    }
    const version = await execa(path.join(farm.dir, 'liberty', 'bin', 'server'), ['version'], { reject: false });
    expect(version.stdout).toMatch(/^Open Liberty 26\.0\.0\.3 /m);
    expect(fs.readFileSync(path.join(farm.dir, 'liberty', 'etc', 'server.env'), 'utf8')).toContain(`WLP_USER_DIR=${path.join(farm.dir, 'wlp-usr')}`);
    const xml = fs.readFileSync(path.join(farm.dir, 'wlp-usr', 'servers', 'pmf1', 'server.xml'), 'utf8');
    expect(xml).toMatch(new RegExp(`httpPort="${HTTP}"`));
    expect(xml).toMatch(new RegExp(`httpsPort="${HTTPS}"`));
    const status = await execa(path.join(farm.dir, 'liberty', 'bin', 'server'), ['status', 'pmf1'], { reject: false });
    expect(status.stdout).toContain('Server pmf1 is not running.');

    const hash = targetsHash(farm);
    const second = await cli(['--answers', farm.answers, '--state', farm.state], { env: farm.env, steps: STEP1 });
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain('already done');
    expect(second.stdout).toContain('Nothing to do');
    expect(targetsHash(farm)).toBe(hash);
  });

  it('--dry-run prints the commands and changes nothing', async () => {
    const farm = make();
    const before = targetsHash(farm);
    const result = await cli(['--answers', farm.answers, '--state', farm.state, '--dry-run'], { env: farm.env, steps: STEP1 });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(installCommand);
    expect(result.stdout).toMatch(/Check that Liberty has the features PMF needs .*\n\s+\$ java -version/);
    expect(result.stdout).toContain(`bin/server create pmf1`);
    expect(result.stdout).toContain('Dry run: nothing was changed.');
    expect(targetsHash(farm)).toBe(before);
    expect(fs.existsSync(farm.state)).toBe(false);
  });
});

describe('step 1 after a crash', () => {
  it('kill -9 in the middle of the installation, then --resume finishes without duplicate work', async () => {
    const farm = viaImcl();
    const child = startCli(['--answers', farm.answers, '--state', farm.state], { env: farm.env, steps: STEP1 });
    let seen = '';
    await new Promise<void>((resolve) => {
      child.all!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('Installing')) resolve();
      });
      void child.then(() => resolve());
    });
    expect(seen, 'the run ended before the installation started').toContain('Installing');
    child.kill('SIGKILL');
    await child;
    const checkpoint = JSON.parse(fs.readFileSync(path.join(farm.state, 'checkpoint.json'), 'utf8'));
    expect(checkpoint.steps['install-liberty'].status).toBe('running');

    const resumed = await cli(['--answers', farm.answers, '--state', farm.state, '--resume'], { env: farm.env, steps: STEP1 });
    expect(resumed.exitCode, resumed.all).toBe(0);
    expect(resumed.stdout).toMatch(/Took over the lock .* no longer running/);
    const after = JSON.parse(fs.readFileSync(path.join(farm.state, 'checkpoint.json'), 'utf8'));
    expect(after.steps['install-liberty'].status).toMatch(/done|skipped/);
    const listed = await execa(imcl, ['listInstalledPackages', '-installationDirectory', path.join(farm.dir, 'liberty')], { env: farm.env, steps: STEP1 });
    expect(listed.stdout.split('\n').filter((line) => line.startsWith('com.ibm.websphere.liberty.v85_'))).toHaveLength(1);
    expect(fs.existsSync(path.join(farm.dir, 'wlp-usr', 'servers', 'pmf1', 'server.xml'))).toBe(true);
    const again = await cli(['--answers', farm.answers, '--state', farm.state], { env: farm.env, steps: STEP1 });
    expect(again.stdout).toContain('Nothing to do');
  });
});

describe('step 1 failures name the command, the output and the fix', () => {
  it('an answers file with bad, missing and unknown fields exits 2, names each, and writes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step1-bad-'));
    const answers = path.join(dir, 'answers.json');
    fs.writeFileSync(
      answers,
      JSON.stringify({ liberty: { installMethod: 'imcl', imclPath: imcl, repositoryDir: dir, installDir: 42, acceptLicense: true, userdir: '/x' }, nodes: [{ name: 'pmf1', httpPort: 'eighty', httpsPort: 9443 }] }),
    );
    const before = treeHash(dir);
    const result = await cli(['--answers', answers, '--state', path.join(dir, 'state')], { steps: STEP1 });
    expect(result.exitCode).toBe(2);
    // Each problem names the question as asked, then the key; an unknown key has no question, only itself.
    expect(result.stderr).toContain('Directory of the extracted Liberty installer (the repository) (liberty.repositoryDir): ');
    expect(result.stderr).toContain('Liberty installation directory (liberty.installDir): ');
    expect(result.stderr).toContain('Farm nodes (Liberty servers) (nodes[0].httpPort): ');
    expect(result.stderr).toContain('  liberty.userdir: unknown key');
    expect(result.stderr).toContain('Did you mean "liberty.userDir"?');
    expect(treeHash(dir)).toBe(before);
  });

  it('a license not accepted is refused before anything runs', async () => {
    const farm = prepare({ installMethod: 'imcl', imclPath: imcl, repositoryDir: repository, acceptLicense: false });
    const result = await cli(['--answers', farm.answers, '--state', farm.state], { env: farm.env, steps: STEP1 });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('(liberty.acceptLicense): the Liberty license must be accepted');
    expect(result.stderr).toContain('Do you accept the license agreement of the Liberty you install');
    expect(fs.existsSync(path.join(farm.dir, 'liberty'))).toBe(false);
  });

  it('an install directory that cannot be written is refused with the fix', async () => {
    const farm = viaImcl();
    const blocker = path.join(farm.dir, 'a-file');
    fs.writeFileSync(blocker, '');
    const body = JSON.parse(fs.readFileSync(farm.answers, 'utf8'));
    body.liberty.installDir = path.join(blocker, 'liberty');
    fs.writeFileSync(farm.answers, JSON.stringify(body));
    const result = await cli(['--answers', farm.answers, '--state', farm.state], { env: farm.env, steps: STEP1 });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`Liberty installation directory (liberty.installDir): cannot be created: ${blocker} is not a directory`);
  });

  it('a failing imcl gives exit 1 with the command, its output tail, the fix, and the resume command', async () => {
    const farm = viaImcl();
    // A repository that passes the offline check but holds no Liberty offering.
    const fakeRepo = path.join(farm.dir, 'repo');
    fs.mkdirSync(fakeRepo);
    fs.writeFileSync(path.join(fakeRepo, 'repository.config'), 'LayoutPolicy=Composite\n');
    const body = JSON.parse(fs.readFileSync(farm.answers, 'utf8'));
    body.liberty.repositoryDir = fakeRepo;
    fs.writeFileSync(farm.answers, JSON.stringify(body));
    const result = await cli(['--answers', farm.answers, '--state', farm.state], { env: farm.env, steps: STEP1 });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`command: ${imcl} install com.ibm.websphere.liberty.v85 -repositories ${fakeRepo}`);
    expect(result.stdout).toMatch(/output \(last lines\):\n\s+\| ?.*|output \(last lines\):\n\s+ERROR/);
    expect(result.stdout).toMatch(/fix: /);
    expect(result.stdout).toContain(`--state ${farm.state} --resume`);

    body.liberty.repositoryDir = repository;
    fs.writeFileSync(farm.answers, JSON.stringify(body));
    const resumed = await cli(['--answers', farm.answers, '--state', farm.state, '--resume'], { env: farm.env, steps: STEP1 });
    expect(resumed.exitCode, resumed.all).toBe(0);
  });

  it('a server that already exists with PMF installed on other ports is not touched', async () => {
    const farm = viaArchive();
    expect((await cli(['--answers', farm.answers, '--state', farm.state], { steps: STEP1 })).exitCode).toBe(0);
    const xmlFile = path.join(farm.dir, 'wlp-usr', 'servers', 'pmf1', 'server.xml');
    fs.writeFileSync(xmlFile, fs.readFileSync(xmlFile, 'utf8').replace('</server>', `  <jndiEntry jndiName="mfp.admin.jmx.port" value="${HTTPS}"/>\n</server>`));
    const body = JSON.parse(fs.readFileSync(farm.answers, 'utf8'));
    body.nodes[0].httpPort = HTTPS + 1;
    fs.writeFileSync(farm.answers, JSON.stringify(body));
    const before = fs.readFileSync(xmlFile, 'utf8');
    const result = await cli(['--answers', farm.answers, '--state', farm.state], { steps: STEP1 });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('already exists with another configuration');
    expect(result.stdout).toContain(`fix: Set nodes[0] ports to ${HTTP}/${HTTPS}`);
    expect(fs.readFileSync(xmlFile, 'utf8')).toBe(before);
  });
});

describe('step 1 checks the Liberty it installed before going on', () => {
  const serverDir = (farm: Farm) => path.join(farm.dir, 'wlp-usr', 'servers', 'pmf1');

  it('a Java that Liberty does not support, then a missing feature: exit 1 with the fix, no server created; --resume finishes', async () => {
    const farm = viaArchive();
    expect((await cli(['--answers', farm.answers, '--state', farm.state], { steps: STEP1 })).exitCode).toBe(0);
    // The same Liberty, as an admin might have it: no server yet, an old Java named in etc/server.env.
    fs.rmSync(serverDir(farm), { recursive: true });
    const oldJdk = path.join(farm.dir, 'jdk6');
    fs.mkdirSync(path.join(oldJdk, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(oldJdk, 'bin', 'java'), '#!/bin/sh\necho \'openjdk version "1.6.0"\' >&2\n', { mode: 0o755 });
    const envFile = path.join(farm.dir, 'liberty', 'etc', 'server.env');
    const env = fs.readFileSync(envFile, 'utf8');
    fs.writeFileSync(envFile, `${env}JAVA_HOME=${oldJdk}\n`);
    const java = await cli(['--answers', farm.answers, '--state', farm.state], { steps: STEP1 });
    expect(java.exitCode, java.all).toBe(1);
    expect(java.stdout).toContain(`Liberty 26.0.0.3 does not support Java 6 (it supports 8, 11, 17, 21, 25): it would start ${oldJdk}/bin/java (JAVA_HOME in ${envFile})`);
    expect(java.stdout).toContain(`fix: Set JAVA_HOME in ${envFile} to a supported Java (8, 11, 17, 21, 25)`);
    expect(fs.existsSync(serverDir(farm))).toBe(false);

    fs.writeFileSync(envFile, env);
    const features = path.join(farm.dir, 'liberty', 'lib', 'features');
    fs.rmSync(path.join(features, 'com.ibm.websphere.appserver.jndi-1.0.mf'));
    const feature = await cli(['--answers', farm.answers, '--state', farm.state, '--resume'], { steps: STEP1 });
    expect(feature.exitCode, feature.all).toBe(1);
    expect(feature.stdout).toContain(`lacks a feature PMF needs: jndi (jndi-1.0) (no manifest in ${features})`);
    expect(feature.stdout).toContain(`fix: Install it with \`${path.join(farm.dir, 'liberty', 'bin', 'featureUtility')} installFeature jndi-1.0\``);
    expect(fs.existsSync(serverDir(farm))).toBe(false);

    // What `featureUtility installFeature jndi-1.0` would put back.
    execFileSync('unzip', ['-q', '-o', archive, 'wlp/lib/features/com.ibm.websphere.appserver.jndi-1.0.mf', '-d', path.dirname(path.join(farm.dir, 'liberty'))]);
    fs.renameSync(path.join(farm.dir, 'wlp', 'lib', 'features', 'com.ibm.websphere.appserver.jndi-1.0.mf'), path.join(features, 'com.ibm.websphere.appserver.jndi-1.0.mf'));
    const resumed = await cli(['--answers', farm.answers, '--state', farm.state, '--resume'], { steps: STEP1 });
    expect(resumed.exitCode, resumed.all).toBe(0);
    expect(fs.existsSync(path.join(serverDir(farm), 'server.xml'))).toBe(true);
  });

  it('maven route without mvn: exit 1, the command and "install Maven"; nothing installed', async () => {
    const farm = viaMaven();
    const bin = path.join(farm.dir, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const result = await cli(['--answers', farm.answers, '--state', farm.state], { env: { PATH: bin }, steps: STEP1 });
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stdout).toContain('Maven (mvn) is not installed');
    expect(result.stdout).toContain('command: mvn -q -B dependency:copy -Dartifact=io.openliberty:openliberty-webProfile8:26.0.0.3:zip');
    expect(result.stdout).toContain('fix: Install Maven');
    expect(fs.existsSync(path.join(farm.dir, 'liberty'))).toBe(false);
  });

  it('maven route with an artifact Maven cannot find: exit 1 naming the coordinates, with mvn\'s output', async () => {
    const farm = prepare({ installMethod: 'maven', artifact: 'io.openliberty:openliberty-no-such-runtime', version: '26.0.0.3' });
    const result = await cli(['--answers', farm.answers, '--state', farm.state], { steps: STEP1 });
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stdout).toContain('Downloading io.openliberty:openliberty-no-such-runtime:26.0.0.3:zip with Maven failed (exit 1)');
    expect(result.stdout).toMatch(/output \(last lines\):\n[\s\S]*\[ERROR\]/);
    expect(result.stdout).toMatch(/fix: Maven (cannot find io\.openliberty:openliberty-no-such-runtime:26\.0\.0\.3:zip|cannot reach its repository)/);
    expect(fs.existsSync(path.join(farm.dir, 'liberty'))).toBe(false);
  });
});
