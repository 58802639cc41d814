import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOwnerMarker, writeOwnerMarker } from '../../../source/adapters/owner-marker.js';
import { ExternalError, withFix, type StepFailure } from '../../../source/engine/errors.js';
import { archiveFixes, imclFix } from '../../../steps/install-liberty/fixes.js';
import { installLibertyStep } from '../../../steps/install-liberty/index.js';
import { claimDirectories } from '../../../steps/install-liberty/ownership.js';
import { freePort } from '../../support/mariadb.js';
import { makeStepContext } from '../../support/step-context.js';

const archiveNotEmpty = (installDir: string, stateDir: string) =>
  withFix(new ExternalError('not-empty', `${installDir} is not empty and holds no Liberty`), archiveFixes(installDir, stateDir)) as StepFailure;

/** An install directory and a user directory, and a state directory of an earlier run that may still hold its checkpoint. */
async function setUp(options: { otherRun: 'running' | 'gone'; userDir?: boolean } = { otherRun: 'running' }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owner-'));
  const installDir = path.join(dir, 'liberty');
  const userDir = path.join(dir, 'wlp-usr');
  const other = path.join(dir, 'state-a');
  fs.mkdirSync(installDir);
  fs.mkdirSync(userDir);
  fs.mkdirSync(other);
  if (options.otherRun === 'running') fs.writeFileSync(path.join(other, 'checkpoint.json'), '{}');
  const nodes = [{ name: 'pmf1', httpPort: await freePort(), httpsPort: await freePort() }];
  const liberty = { installMethod: 'archive', archive: path.join(dir, 'wlp.zip'), installDir, acceptLicense: true, ...(options.userDir === false ? {} : { userDir }) };
  const t = makeStepContext({ liberty, nodes }, { stateDir: path.join(dir, 'state-b') });
  return { dir, installDir, userDir, other, t };
}

describe('install-liberty preflight: directories another state directory owns', () => {
  it('refuses an install and a user directory marked by a run whose state directory still holds its checkpoint', async () => {
    const { installDir, userDir, other, t } = await setUp();
    writeOwnerMarker(installDir, other);
    writeOwnerMarker(userDir, other);
    const problems = await installLibertyStep.preflight!(t.ctx);
    t.close();
    expect(problems.map((problem) => problem.path)).toEqual(['liberty.installDir', 'liberty.userDir']);
    expect(problems[0].message).toBe(`${installDir} belongs to the wizard run whose state directory is ${other} (${installDir}/.pmf-wizard-owner names it, and its checkpoint.json exists)`);
    expect(problems[0].fix).toBe(`Continue that run with \`--resume --state ${other}\` (or run with \`--state ${other}\`), or choose another liberty.installDir.`);
    expect(problems[1].fix).toContain('or choose another liberty.userDir.');
    expect(readOwnerMarker(installDir)?.stateDir).toBe(other);
  });

  it('accepts its own marker, written through a symbolic link to the state directory', async () => {
    const { dir, installDir, userDir, t } = await setUp();
    fs.mkdirSync(t.stateDir, { recursive: true });
    fs.writeFileSync(path.join(t.stateDir, 'checkpoint.json'), '{}');
    const link = path.join(dir, 'link');
    fs.symlinkSync(dir, link);
    writeOwnerMarker(installDir, path.join(link, 'state-b'));
    writeOwnerMarker(userDir, path.join(link, 'state-b'));
    expect(await installLibertyStep.preflight!(t.ctx)).toEqual([]);
    claimDirectories(t.ctx);
    t.close();
    expect(t.reports).toEqual([]);
    expect(readOwnerMarker(installDir)?.stateDir).toBe(path.join(link, 'state-b'));
  });

  it('adopts directories whose marker names a state directory with no run left, and says so once each', async () => {
    const { installDir, userDir, other, t } = await setUp({ otherRun: 'gone' });
    writeOwnerMarker(installDir, other);
    writeOwnerMarker(userDir, other);
    expect(await installLibertyStep.preflight!(t.ctx)).toEqual([]);
    claimDirectories(t.ctx);
    claimDirectories(t.ctx);
    t.close();
    expect(t.reports).toEqual([
      `Adopted ${installDir} (liberty.installDir): its marker named ${other}, which holds no run any more (no checkpoint.json)`,
      `Adopted ${userDir} (liberty.userDir): its marker named ${other}, which holds no run any more (no checkpoint.json)`,
    ]);
    expect(readOwnerMarker(installDir)?.stateDir).toBe(t.stateDir);
    expect(readOwnerMarker(userDir)?.stateDir).toBe(t.stateDir);
  });

  it('marks a Liberty installed by hand (no marker) without a word; the default user directory is inside it', async () => {
    const { installDir, userDir, t } = await setUp({ otherRun: 'running', userDir: false });
    expect(await installLibertyStep.preflight!(t.ctx)).toEqual([]);
    claimDirectories(t.ctx);
    t.close();
    expect(t.reports).toEqual([]);
    expect(readOwnerMarker(installDir)?.stateDir).toBe(t.stateDir);
    expect(readOwnerMarker(userDir)).toBeUndefined();
  });

  it('stops when another run marked a directory after the preflight (two runs at once)', async () => {
    const { userDir, other, t } = await setUp();
    writeOwnerMarker(userDir, other);
    expect(() => claimDirectories(t.ctx)).toThrow(`${userDir} belongs to the wizard run whose state directory is ${other}`);
    t.close();
    expect(readOwnerMarker(userDir)?.stateDir).toBe(other);
  });

  it('the dry-run plan marks what is not marked yet', async () => {
    const { installDir, userDir, t } = await setUp();
    const summaries = (await installLibertyStep.plan(t.ctx)).map((action) => action.summary);
    t.close();
    expect(summaries).toEqual(expect.arrayContaining([`Mark ${installDir} as this state directory's (${t.stateDir})`, `Mark ${userDir} as this state directory's (${t.stateDir})`]));
  });
});

describe('fixes never advise removing a Liberty another state directory owns', () => {
  it('imcl "already installed" and "not empty", and an archive into a directory that is not empty, name that run instead', async () => {
    const { installDir, other, t } = await setUp();
    t.close();
    const request = { imclPath: '/opt/imcl', packageId: 'com.ibm.websphere.liberty.v85', repositoryDir: '/srv/repo', installDir };
    const installed = `ERROR: com.ibm.websphere.liberty.v85 is already installed in ${installDir}.`;
    const notEmpty = `ERROR: The installation directory ${installDir} is not empty.`;
    expect(imclFix(installed, request, t.stateDir)).toContain('imcl uninstall');
    expect(archiveNotEmpty(installDir, t.stateDir).fix).toContain(`or empty ${installDir}`);

    writeOwnerMarker(installDir, other);
    for (const fix of [imclFix(installed, request, t.stateDir), imclFix(notEmpty, request, t.stateDir), archiveNotEmpty(installDir, t.stateDir).fix]) {
      expect(fix).not.toMatch(/uninstall|empty/);
      expect(fix).toContain(`--resume --state ${other}`);
    }
  });
});
