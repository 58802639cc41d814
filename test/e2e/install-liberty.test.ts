import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, root, startCli } from '../support/cli.js';
import { treeHash } from '../support/tree.js';

// Step 1 alone, through the real CLI: the whole wizard is covered by single-node and farm tests.
const STEP1 = ['install-liberty'];
const archive = path.join(root, 'fixtures', 'liberty-repo', 'build', 'wlp-webProfile-8.5.5.9.zip');
const imcl = path.join(root, 'fixtures', 'im', 'imcl');
const repository = path.join(root, 'fixtures', 'liberty-repo');

interface Farm {
  dir: string;
  answers: string;
  state: string;
  env: Record<string, string>;
}

function prepare(liberty: Record<string, unknown>, nodes = [{ name: 'pmf1', httpPort: 19080, httpsPort: 19443 }]): Farm {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step1-'));
  const answers = path.join(dir, 'answers.json');
  const body = { liberty: { installDir: path.join(dir, 'liberty'), userDir: path.join(dir, 'wlp-usr'), acceptLicense: true, ...liberty }, nodes };
  fs.writeFileSync(answers, JSON.stringify(body, null, 2));
  fs.mkdirSync(path.join(dir, 'im-data'));
  return { dir, answers, state: path.join(dir, 'state'), env: { IM_DATA_DIR: path.join(dir, 'im-data') } };
}

const viaArchive = () => prepare({ installMethod: 'archive', archive });
const viaImcl = () => prepare({ installMethod: 'imcl', imclPath: imcl, repositoryDir: repository });

function targetsHash(farm: Farm): string {
  return `${treeHash(path.join(farm.dir, 'liberty'))}/${treeHash(path.join(farm.dir, 'wlp-usr'))}`;
}

beforeAll(async () => {
  await execa('bash', [path.join(root, 'scripts', 'build-fixtures.sh')]);
});

describe.each([
  ['archive', viaArchive],
  ['imcl', viaImcl],
])('step 1 unattended, Liberty from %s', (_method, make) => {
  it('installs Liberty, sets WLP_USER_DIR, creates pmf1; a second run does nothing and says so', async () => {
    const farm = make();
    const first = await cli(['--answers', farm.answers, '--state', farm.state], { env: farm.env, steps: STEP1 });
    expect(first.exitCode, first.all).toBe(0);
    expect(first.stdout).toContain('Server pmf1 created.');
    expect(fs.readFileSync(path.join(farm.dir, 'liberty', 'etc', 'server.env'), 'utf8')).toContain(`WLP_USER_DIR=${path.join(farm.dir, 'wlp-usr')}`);
    const xml = fs.readFileSync(path.join(farm.dir, 'wlp-usr', 'servers', 'pmf1', 'server.xml'), 'utf8');
    expect(xml).toMatch(/httpPort="19080"/);
    expect(xml).toMatch(/httpsPort="19443"/);
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
    expect(result.stdout).toMatch(/\$ .*(imcl install com\.ibm\.websphere\.liberty\.v85 .*-acceptLicense|unzip -q -o)/);
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
    for (const field of ['liberty.repositoryDir', 'liberty.installDir', 'liberty.userdir', 'nodes']) expect(result.stderr).toContain(`${field}:`);
    expect(result.stderr).toContain('Did you mean "liberty.userDir"?');
    expect(treeHash(dir)).toBe(before);
  });

  it('a license not accepted is refused before anything runs', async () => {
    const farm = prepare({ installMethod: 'imcl', imclPath: imcl, repositoryDir: repository, acceptLicense: false });
    const result = await cli(['--answers', farm.answers, '--state', farm.state], { env: farm.env, steps: STEP1 });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('liberty.acceptLicense: the Liberty license must be accepted');
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
    expect(result.stderr).toContain(`liberty.installDir: cannot be created: ${blocker} is not a directory`);
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
    fs.writeFileSync(xmlFile, fs.readFileSync(xmlFile, 'utf8').replace('</server>', '  <jndiEntry jndiName="mfp.admin.jmx.port" value="19443"/>\n</server>'));
    const body = JSON.parse(fs.readFileSync(farm.answers, 'utf8'));
    body.nodes[0].httpPort = 29080;
    fs.writeFileSync(farm.answers, JSON.stringify(body));
    const before = fs.readFileSync(xmlFile, 'utf8');
    const result = await cli(['--answers', farm.answers, '--state', farm.state], { steps: STEP1 });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('already exists with another configuration');
    expect(result.stdout).toContain('fix: Set nodes[0] ports to 19080/19443');
    expect(fs.readFileSync(xmlFile, 'utf8')).toBe(before);
  });
});
