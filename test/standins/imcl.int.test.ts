// Tests of the IBM Installation Manager stand-in (fixtures/im/imcl) with the real Liberty repository that
// scripts/liberty-runtime.mjs builds (repository.config offering the pinned Open Liberty zip next to it).
// They pin the behaviour described in /work/shared/reference/liberty.md section 8.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureImRepository, LIBERTY } from '../../scripts/liberty-runtime.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const IMCL = path.join(ROOT, 'fixtures/im/imcl');
const REPO = ensureImRepository();
const PKG = 'com.ibm.websphere.liberty.v85';
const PKG_FULL = `com.ibm.websphere.liberty.v85_${LIBERTY.offeringVersion}`;
const AGENT = 'com.ibm.cic.agent_1.9.3002.20250425_1344';

let tmp: string;
let imData: string;

type Result = { code: number; stdout: string; stderr: string };

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(IMCL, args, { env: { ...process.env, IM_DATA_DIR: imData, ...env }, encoding: 'utf8', timeout: 180_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function registry(): string {
  try {
    return fs.readFileSync(path.join(imData, 'installed.xml'), 'utf8');
  } catch {
    return '';
  }
}

function errorLine(r: Result): string {
  const line = `${r.stdout}\n${r.stderr}`.split('\n').find((l) => l.startsWith('ERROR:'));
  expect(line, `no ERROR: line in ${JSON.stringify(r)}`).toBeDefined();
  return line as string;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imcl-test-'));
  imData = path.join(tmp, 'imdata');
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('imcl stand-in', () => {
  it('prints its version and lists the repository offering', async () => {
    const v = await run(['version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^Installation Manager/m);
    expect(v.stdout).toMatch(/internal version: 1\.9\.3002\.20250425_1344/);

    for (const repo of [REPO, `file:${REPO}`, path.join(REPO, 'repository.config')]) {
      const r = await run(['listAvailablePackages', '-repositories', repo]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim().split('\n')).toEqual([PKG_FULL]);
    }
  });

  it('installs Liberty, prints the IM line and registers the package', async () => {
    const dir = path.join(tmp, 'IBM', 'WebSphere', 'Liberty');
    const r = await run(['install', PKG, '-repositories', REPO, '-installationDirectory', dir, '-acceptLicense', '-log', path.join(tmp, 'install-log.xml')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`Installed ${PKG_FULL} to the ${dir} directory.`);

    // the Liberty tree: the archive's wlp/ is the installation directory
    for (const f of ['bin/server', 'bin/tools/ws-server.jar', 'lib/versions/openliberty.properties', 'LICENSE',
      'templates/servers/defaultServer/server.xml', 'lib/features/com.ibm.websphere.appserver.servlet-4.0.mf', 'clients/restConnector.jar']) {
      expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
    }
    expect(fs.statSync(path.join(dir, 'bin/server')).mode & 0o111).not.toBe(0);
    expect(fs.readFileSync(path.join(dir, 'lib/versions/openliberty.properties'), 'utf8')).toMatch(/productVersion=26\.0\.0\.3/);
    expect(fs.existsSync(path.join(dir, '.imcl-incomplete'))).toBe(false);
    expect(fs.existsSync(path.join(dir, '.imcl-extract'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'wlp'))).toBe(false);
    const version = spawnSync(path.join(dir, 'bin/server'), ['version'], { encoding: 'utf8', timeout: 60_000 });
    expect(version.stdout).toMatch(/^Open Liberty 26\.0\.0\.3 /m);
    expect(fs.existsSync(path.join(dir, 'usr'))).toBe(false);

    const all = await run(['listInstalledPackages']);
    expect(all.code).toBe(0);
    const lines = all.stdout.trim().split('\n');
    expect(lines).toContain(AGENT);
    expect(lines).toContain(PKG_FULL);

    const only = await run(['listInstalledPackages', '-installationDirectory', dir]);
    expect(only.stdout.trim().split('\n')).toEqual([PKG_FULL]);
    const long = await run(['listInstalledPackages', '-long']);
    expect(long.stdout).toContain(`${dir} : ${PKG_FULL} : Liberty 26.0.0.3 (openliberty-webProfile8) : 26.0.0.3`);

    expect(registry()).toContain(`path="${dir}"`);
    expect(fs.existsSync(path.join(tmp, 'install-log.xml'))).toBe(true);

    // the same package again in the same directory
    const before = registry();
    const again = await run(['install', PKG_FULL, '-repositories', REPO, '-installationDirectory', dir, '-acceptLicense']);
    expect(again.code).toBe(1);
    expect(errorLine(again)).toMatch(/already installed/);
    expect(registry()).toBe(before);
  });

  it('selects the version given with the package id, accepts the repository.config path', async () => {
    const dir = path.join(tmp, 'versioned');
    const r = await run(['install', PKG_FULL, '-repositories', path.join(REPO, 'repository.config'), '-installationDirectory', dir, '-acceptLicense', '-showProgress']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/25%.*50%.*75%.*100%/);
    expect(r.stdout).toContain(`Installed ${PKG_FULL} to the ${dir} directory.`);
  });

  describe('failures write nothing and exit 1 with an ERROR: line', () => {
    const cases: { title: string; args: (dir: string) => string[]; setup?: (dir: string) => void; expectMsg: RegExp; dirMayExist?: boolean }[] = [
      {
        title: 'without -acceptLicense',
        args: (dir) => ['install', PKG, '-repositories', REPO, '-installationDirectory', dir],
        expectMsg: /licen[cs]e.*-acceptLicense/i,
      },
      {
        title: 'repository directory does not exist',
        args: (dir) => ['install', PKG, '-repositories', path.join(tmp, 'no-such-repo'), '-installationDirectory', dir, '-acceptLicense'],
        expectMsg: /Cannot connect to repository at .*no-such-repo/,
      },
      {
        title: 'repository directory without repository.config',
        args: (dir) => ['install', PKG, '-repositories', path.join(REPO, 'lafiles'), '-installationDirectory', dir, '-acceptLicense'],
        expectMsg: /Cannot connect to repository at .*lafiles/,
      },
      {
        title: 'repository whose archive is missing',
        setup: () => {
          fs.mkdirSync(path.join(tmp, 'damaged-repo'), { recursive: true });
          fs.writeFileSync(path.join(tmp, 'damaged-repo', 'repository.config'), fs.readFileSync(path.join(REPO, 'repository.config')));
        },
        args: (dir) => ['install', PKG, '-repositories', path.join(tmp, 'damaged-repo'), '-installationDirectory', dir, '-acceptLicense'],
        expectMsg: /repository .*damaged-repo is damaged: the files of .* are missing/,
      },
      {
        title: 'repository whose archive is not a Liberty archive',
        setup: () => {
          fs.mkdirSync(path.join(tmp, 'not-liberty-repo'), { recursive: true });
          fs.writeFileSync(path.join(tmp, 'not-liberty-repo', 'repository.config'), fs.readFileSync(path.join(REPO, 'repository.config')));
          fs.writeFileSync(path.join(tmp, 'not-liberty-repo', `${LIBERTY.artifactId}-${LIBERTY.version}.zip`), 'not a zip');
        },
        args: (dir) => ['install', PKG, '-repositories', path.join(tmp, 'not-liberty-repo'), '-installationDirectory', dir, '-acceptLicense'],
        expectMsg: /is not a complete Liberty archive \(no wlp\/bin\/server\)/,
      },
      {
        title: 'package id not in the repository',
        args: (dir) => ['install', 'com.ibm.websphere.liberty.ND.v85', '-repositories', REPO, '-installationDirectory', dir, '-acceptLicense'],
        expectMsg: /com\.ibm\.websphere\.liberty\.ND\.v85/,
      },
      {
        title: 'version not in the repository',
        args: (dir) => ['install', `${PKG}_8.5.5008.20151112_0939`, '-repositories', REPO, '-installationDirectory', dir, '-acceptLicense'],
        expectMsg: /8\.5\.5008/,
      },
      {
        title: 'installation directory cannot be created (parent is a regular file)',
        setup: () => fs.writeFileSync(path.join(tmp, 'plainfile'), 'x'),
        args: () => ['install', PKG, '-repositories', REPO, '-installationDirectory', path.join(tmp, 'plainfile', 'Liberty'), '-acceptLicense'],
        expectMsg: /installation directory .*plainfile.* is not writable/,
      },
      {
        title: 'installation directory is not empty',
        setup: (dir) => {
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(path.join(dir, 'someone-elses-file.txt'), 'keep me');
        },
        dirMayExist: true,
        args: (dir) => ['install', PKG, '-repositories', REPO, '-installationDirectory', dir, '-acceptLicense'],
        expectMsg: /not empty/,
      },
      {
        title: 'unknown option',
        args: (dir) => ['install', PKG, '-repositories', REPO, '-installationDirectory', dir, '-acceptLicense', '-frobnicate'],
        expectMsg: /-frobnicate/,
      },
    ];
    for (const [i, c] of cases.entries()) {
      it(c.title, async () => {
        const dir = path.join(tmp, `fail-${i}`);
        c.setup?.(dir);
        const before = registry();
        const listing = c.dirMayExist ? fs.readdirSync(dir) : null;
        const r = await run(c.args(dir));
        expect(r.code).toBe(1);
        expect(errorLine(r)).toMatch(c.expectMsg);
        expect(r.stdout).not.toMatch(/^Installed /m);
        expect(registry()).toBe(before);
        if (listing) expect(fs.readdirSync(dir)).toEqual(listing);
        else expect(fs.existsSync(dir)).toBe(false);
        expect(fs.existsSync(path.join(tmp, 'plainfile', 'Liberty'))).toBe(false);
      });
    }
  });

  it('completes on a rerun after being killed with SIGKILL in the middle of the copy', async () => {
    const dir = path.join(tmp, 'killed');
    const child = spawn(IMCL, ['install', PKG, '-repositories', REPO, '-installationDirectory', dir, '-acceptLicense'], {
      env: { ...process.env, IM_DATA_DIR: imData, IMCL_STANDIN_COPY_DELAY_MS: '400' },
      stdio: 'ignore',
    });
    let ended = false;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { ended = true; resolve(code); }));
    // wait until some files are in place (the archive's top-level entries move in sorted order), then kill -9;
    // unzipping 130 MB takes from 2 s to over 20 s on a loaded two-core machine
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline && !ended && !fs.existsSync(path.join(dir, 'bin'))) await new Promise((r) => setTimeout(r, 20));
    expect(fs.existsSync(path.join(dir, 'bin'))).toBe(true);
    child.kill('SIGKILL');
    await exited;
    // a partial tree, not registered
    expect(fs.existsSync(path.join(dir, 'bin/tools/ws-server.jar')) && fs.existsSync(path.join(dir, 'templates/servers/defaultServer/server.xml'))).toBe(false);
    const list = await run(['listInstalledPackages', '-installationDirectory', dir]);
    expect(list.stdout.trim()).toBe('');

    const r = await run(['install', PKG, '-repositories', REPO, '-installationDirectory', dir, '-acceptLicense']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`Installed ${PKG_FULL} to the ${dir} directory.`);
    expect(fs.existsSync(path.join(dir, 'bin/tools/ws-server.jar'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'templates/servers/defaultServer/server.xml'))).toBe(true);
    expect(fs.existsSync(path.join(dir, '.imcl-incomplete'))).toBe(false);
    const list2 = await run(['listInstalledPackages', '-installationDirectory', dir]);
    expect(list2.stdout.trim()).toBe(PKG_FULL);
  }, 300_000);

  it('uninstalls a package and forgets it', async () => {
    const dir = path.join(tmp, 'to-uninstall');
    expect((await run(['install', PKG, '-repositories', REPO, '-installationDirectory', dir, '-acceptLicense'])).code).toBe(0);
    const u = await run(['uninstall', PKG, '-installationDirectory', dir]);
    expect(u.code, u.stderr).toBe(0);
    expect(u.stdout.trim()).toBe(`Uninstalled ${PKG_FULL} from the ${dir} directory.`);
    expect(fs.existsSync(path.join(dir, 'bin/server'))).toBe(false);
    expect((await run(['listInstalledPackages', '-installationDirectory', dir])).stdout.trim()).toBe('');
    const again = await run(['uninstall', PKG, '-installationDirectory', dir]);
    expect(again.code).toBe(1);
    expect(errorLine(again)).toMatch(/not installed/);
  });
});
