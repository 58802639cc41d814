/**
 * What the tests of the PMF stand-in (fixtures/pmf) share: the configure-liberty-*.xml samples run
 * by the bundled Apache Ant, Liberty install trees for server.xml edits, and one sandbox per test
 * file: a temp dir and, when asked, the real Liberty unzipped in it, whose servers it stops after.
 * Each file unzips its own Liberty: their tests edit the runtime (its user feature, its .pid dir).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { libertyArchive } from './liberty.js';
import { freePort } from './mariadb.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PMF = path.join(ROOT, 'fixtures/pmf');
const ANT = path.join(PMF, 'tools/apache-ant-1.9.4/bin/ant');
export const SAMPLES = path.join(PMF, 'MobileFoundationServer/configuration-samples');

const TEMPLATE = `<?xml version="1.0" encoding="UTF-8"?>
<server description="new server">

    <!-- Enable features -->
    <featureManager>
        <feature>jsp-2.3</feature>
    </featureManager>

    <!-- To access this server from a remote client add a host attribute to the following element, e.g. host="*" -->
    <httpEndpoint id="defaultHttpEndpoint"
                  httpPort="9080"
                  httpsPort="9443" />

    <!-- Automatically expand WAR files and EAR files -->
    <applicationManager autoExpand="true"/>
</server>
`;

export const TUTORIAL_LINES = [
  "[configuredatabase] Checking connectivity to MobileFirstAdmin database MFPDATA with schema 'MFPDATA' and user 'mfpuser'...",
  '[configuredatabase] Database MFPDATA exists.',
  "[configuredatabase] Connection to MobileFirstAdmin database MFPDATA with schema 'MFPDATA' and user 'mfpuser' succeeded.",
  '[configuredatabase] Getting the version of MobileFirstAdmin database MFPDATA...',
  '[configuredatabase] Table MFPADMIN_VERSION exists, checking its value...',
  '[configuredatabase] GetSQLQueryResult => MFPADMIN_VERSION = 9.0.0',
  '[configuredatabase] Configuring MobileFirstAdmin database MFPDATA...',
  '[configuredatabase] The database is in latest version (9.0.0), no upgrade required.',
  '[configuredatabase] Configuration of MobileFirstAdmin database MFPDATA succeeded.',
];

/** One test file's temp dir and, with liberty, the real Liberty unzipped in it (tmp/wlp); set once beforeAll has run. */
export interface AntSandbox {
  tmp: string;
  wlp: string;
}

const sandbox: AntSandbox = { tmp: '', wlp: '' };
const started: string[] = [];
let standinBuild: Promise<{ status: number; out: string }> | undefined;

/** build.sh of the stand-in (idempotent, under a lock), run once for this module. */
function standinBuilt(): Promise<{ status: number; out: string }> {
  standinBuild ??= new Promise((resolve) => {
    execFile('bash', [path.join(PMF, 'build.sh')], { encoding: 'utf8', timeout: 300_000 }, (err, stdout, stderr) => {
      resolve({ status: err ? -1 : 0, out: stdout + stderr });
    });
  });
  return standinBuild;
}

/**
 * The sandbox of the tests of one file: the stand-in built and the temp dir made before them
 * (beforeAll); the servers they started stopped and the temp dir removed after them (afterAll).
 */
export function antSandbox(options: { liberty?: boolean } = {}): AntSandbox {
  beforeAll(async () => {
    const b = await standinBuilt();
    expect(b.status, b.out).toBe(0);
    sandbox.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-ant-test-'));
    if (options.liberty) {
      execFileSync('unzip', ['-q', libertyArchive, '-d', sandbox.tmp]);
      sandbox.wlp = path.join(sandbox.tmp, 'wlp');
    }
  }, 300_000);
  afterAll(() => {
    for (const name of started) server('stop', name);
    if (sandbox.tmp) fs.rmSync(sandbox.tmp, { recursive: true, force: true });
  }, 120_000);
  return sandbox;
}

/** The properties every stand-in Ant run sets for a server: where PMF and Liberty are, and the secrets. */
export function serverProps(libertyDir: string, serverName: string): Record<string, string> {
  return {
    'mfp.server.install.dir': PMF,
    'appserver.was.installdir': libertyDir,
    'appserver.was85liberty.serverInstance': serverName,
    'mfp.config.admin.user': 'configUser',
    'mfp.config.admin.password': 'cfg-Secret1',
    'mfp.admin.client.secret': 'adminSecret',
    'mfp.push.client.secret': 'pushSecret',
  };
}

export type AntResult = { code: number; out: string };

/** Runs the bundled Ant on a copy of a sample, with the properties in a -propertyfile (as the wizard does). */
export function ant(file: string, target: string | null, props: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<AntResult> {
  const pf = path.join(fs.mkdtempSync(path.join(sandbox.tmp, 'props-')), 'ant.properties');
  fs.writeFileSync(pf, Object.entries(props).map(([k, v]) => `${k}=${v.replace(/\\/g, '\\\\')}`).join('\n') + '\n', { mode: 0o600 });
  const args = ['-f', file, '-propertyfile', pf];
  if (target) args.push(target);
  return new Promise((resolve) => {
    execFile(ANT, args, { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, out: stdout + stderr });
    });
  });
}

export function copySample(db: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const dest = path.join(dir, `configure-liberty-${db}.xml`);
  fs.copyFileSync(path.join(SAMPLES, `configure-liberty-${db}.xml`), dest);
  return dest;
}

/** A Liberty install tree without the runtime (for server.xml edits only): <dir>/usr/servers/NAME/server.xml. */
export function fakeLiberty(dir: string, name: string, opts: { userDir?: string; http?: number; https?: number } = {}): string {
  const usr = opts.userDir ?? path.join(dir, 'usr');
  if (opts.userDir) {
    fs.mkdirSync(path.join(dir, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'etc/server.env'), `# moved user dir\nWLP_USER_DIR=${opts.userDir}\n`);
  }
  const serverDir = path.join(usr, 'servers', name);
  fs.mkdirSync(serverDir, { recursive: true });
  let xml = TEMPLATE;
  if (opts.http) xml = xml.replace('"9080"', `"${opts.http}"`);
  if (opts.https) xml = xml.replace('"9443"', `"${opts.https}"`);
  fs.writeFileSync(path.join(serverDir, 'server.xml'), xml);
  return serverDir;
}

/** `server ARGS` of the sandbox's Liberty; a server started is stopped after the file's tests. */
export function server(...args: string[]) {
  const r = spawnSync(path.join(sandbox.wlp, 'bin/server'), args, { encoding: 'utf8', timeout: 120_000 });
  if (args[0] === 'start' && !started.includes(args[1])) started.push(args[1]);
  return r;
}

/** `server start` of several servers at once (each start takes seconds). */
export async function startAll(names: string[]) {
  for (const n of names) if (!started.includes(n)) started.push(n);
  const results = await Promise.all(names.map((n) => new Promise<string | null>((resolve) => {
    execFile(path.join(sandbox.wlp, 'bin/server'), ['start', n], { encoding: 'utf8', timeout: 180_000 }, (err, stdout, stderr) => resolve(err ? `${n}: ${stdout}${stderr}` : null));
  })));
  expect(results.filter(Boolean)).toEqual([]);
}

/** A server of the real Liberty (`server create`, its default template) on free ports. */
export async function createServer(name: string): Promise<{ dir: string; http: number; https: number }> {
  const c = server('create', name);
  expect(c.status, c.stdout + c.stderr).toBe(0);
  const dir = path.join(sandbox.wlp, 'usr/servers', name);
  const ports = { http: await freePort(), https: await freePort() };
  const f = path.join(dir, 'server.xml');
  fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/httpPort="\d+"/, `httpPort="${ports.http}"`).replace(/httpsPort="\d+"/, `httpsPort="${ports.https}"`));
  return { dir, ...ports };
}

/** The error and warning lines of a server's messages.log. */
export function problems(name: string): string[] {
  return fs.readFileSync(path.join(sandbox.wlp, 'usr/servers', name, 'logs/messages.log'), 'utf8').split('\n').filter((l) => /^\[[^\]]+\] [0-9a-f]{8} \S+\s+[EW] /.test(l));
}
