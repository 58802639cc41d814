/**
 * What the end-to-end tests of a single node share: an answers file from the samples on free ports
 * (embedded Derby, or a real MariaDB), the built CLI run unattended while every argv and the Ant
 * secrets file are watched, and the checks that pmf1 serves its console and no secret is left.
 */
import { execa, type ResultPromise } from 'execa';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { checkAdminApi, checkConsole } from '../../source/adapters/pmf-console.js';
import { argvWithSecrets } from './argv.js';
import { cliPath, root } from './cli.js';
import { libertyArchive } from './liberty.js';
import { freePort, type RunningMariaDb } from './mariadb.js';
import { listFiles } from './tree.js';

const archive = libertyArchive;
export const pmfDir = path.join(root, 'fixtures', 'pmf');
export const ADMIN_PASSWORD = `Adm-${crypto.randomBytes(6).toString('hex')}$&"x`;
export const DB_PASSWORD = `Db-${crypto.randomBytes(6).toString('hex')}`;

export interface Farm {
  dir: string;
  answers: string;
  state: string;
  env: Record<string, string>;
  httpPort: number;
  httpsPort: number;
  liberty: string;
  serverDir: string;
  dbName: string;
}

const farms: Farm[] = [];

export async function prepare(db: 'derby' | 'mysql', options: { maria?: RunningMariaDb; dbPort?: number; driverDir?: string; pmfInstallDir?: string } = {}): Promise<Farm> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${db}-`));
  const sample = JSON.parse(fs.readFileSync(path.join(root, 'fixtures', 'answers', `single-node-${db}.json`), 'utf8'));
  const httpPort = await freePort();
  let httpsPort = await freePort();
  while (httpsPort === httpPort) httpsPort = await freePort();
  const dbName = `MFP${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
  sample.liberty = { installMethod: 'archive', archive, installDir: path.join(dir, 'liberty'), userDir: path.join(dir, 'wlp-usr'), acceptLicense: true };
  sample.pmf.installDir = options.pmfInstallDir ?? pmfDir;
  sample.nodes = [{ name: 'pmf1', httpPort, httpsPort }];
  if (db === 'derby') {
    sample.database.dataDir = path.join(dir, 'derby');
  } else {
    const maria = options.maria!;
    fs.writeFileSync(path.join(dir, 'root-pw'), `${maria.rootPassword}\n`, { mode: 0o600 });
    Object.assign(sample.database, { host: maria.host, port: options.dbPort ?? maria.port, name: dbName, driverDir: options.driverDir ?? '/usr/share/java' });
    sample.database.admin.password = { file: path.join(dir, 'root-pw') };
  }
  const answers = path.join(dir, 'answers.json');
  fs.writeFileSync(answers, JSON.stringify(sample, null, 2));
  const farm = {
    dir,
    answers,
    state: path.join(dir, 'state'),
    env: { PMF_ADMIN_PASSWORD: ADMIN_PASSWORD, PMF_DB_PASSWORD: DB_PASSWORD },
    httpPort,
    httpsPort,
    liberty: path.join(dir, 'liberty'),
    serverDir: path.join(dir, 'wlp-usr', 'servers', 'pmf1'),
    dbName,
  };
  farms.push(farm);
  return farm;
}

/** Watches, while the wizard runs, every process's argv for a secret, and the mode of the Ant secrets file. */
class Watch {
  argvHits: string[] = [];
  modes = new Set<number>();
  private timer?: NodeJS.Timeout;
  constructor(private readonly secrets: () => string[], private readonly antDir: string) {}
  start(): this {
    this.timer = setInterval(() => this.look(), 60);
    return this;
  }
  private look(): void {
    const secrets = this.secrets();
    this.argvHits.push(...argvWithSecrets(secrets));
    try {
      for (const name of fs.readdirSync(this.antDir)) {
        if (name.startsWith('secrets-')) this.modes.add(fs.statSync(path.join(this.antDir, name)).mode & 0o777);
      }
    } catch {
      // not there yet
    }
  }
  stop(): void {
    clearInterval(this.timer);
    this.look();
  }
}

function generatedSecrets(farm: Farm): string[] {
  const dir = path.join(farm.state, 'secrets');
  const values: string[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).filter((name) => !name.endsWith('.tmp'));
  } catch {
    return values;
  }
  for (const name of names) {
    try {
      const value = fs.readFileSync(path.join(dir, name), 'utf8').trim();
      if (value.length >= 3) values.push(value);
    } catch {
      // being written (temp file, then rename)
    }
  }
  return values;
}

const allSecrets = (farm: Farm) => [ADMIN_PASSWORD, DB_PASSWORD, ...generatedSecrets(farm)];

export interface WizardRun {
  exitCode: number;
  all: string;
  watch: Watch;
  ms: number;
}

export async function wizard(farm: Farm, extra: string[] = [], during?: (child: ResultPromise) => Promise<void>): Promise<WizardRun> {
  const watch = new Watch(() => allSecrets(farm), path.join(farm.state, 'tmp')).start();
  const started = Date.now();
  const child = execa('node', [cliPath, '--answers', farm.answers, '--state', farm.state, ...extra], {
    cwd: farm.dir,
    env: { ...farm.env, CI: 'true' },
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: 400_000,
  });
  if (during) await during(child);
  const result = await child;
  watch.stop();
  return { exitCode: result.exitCode ?? -1, all: String(result.all), watch, ms: Date.now() - started };
}

/** Resolves once the Ant copy exists (step 3 done, step 4 about to run Ant), or the wizard ended. */
export async function whenAntCopyExists(farm: Farm, db: string, child: ResultPromise): Promise<void> {
  const file = path.join(farm.state, 'ant', 'pmf1', `configure-liberty-${db}.xml`);
  let ended = false;
  child.finally(() => (ended = true)).catch(() => undefined);
  for (let i = 0; i < 6000 && !ended && !fs.existsSync(file); i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** No secret in the Ant copy, the checkpoint, the logs, the output or any argv; the 0600 file is gone. */
export function expectNoSecretLeft(farm: Farm, runs: WizardRun[]): void {
  const secrets = allSecrets(farm);
  expect(secrets.length).toBeGreaterThanOrEqual(4);
  const files = [...listFiles(path.join(farm.state, 'ant')), path.join(farm.state, 'checkpoint.json'), ...listFiles(path.join(farm.state, 'logs'))];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const secret of secrets) expect(text.includes(secret), `${file} holds a secret`).toBe(false);
  }
  expect(listFiles(path.join(farm.state, 'ant')).filter((file) => path.basename(file).startsWith('secrets-'))).toEqual([]);
  expect(listFiles(path.join(farm.state, 'tmp'))).toEqual([]);
  expect(fs.statSync(path.join(farm.state, 'tmp')).mode & 0o777).toBe(0o700);
  // server.xml and the backups Ant kept hold passwords: owner only.
  for (const name of (fs.existsSync(farm.serverDir) ? fs.readdirSync(farm.serverDir) : []).filter((file) => /^server\.xml(\.bak\d*)?$/.test(file))) {
    expect(fs.statSync(path.join(farm.serverDir, name)).mode & 0o777, name).toBe(0o600);
  }
  for (const run of runs) {
    for (const secret of secrets) expect(run.all.includes(secret)).toBe(false);
    expect(run.watch.argvHits).toEqual([]);
    for (const mode of run.watch.modes) expect(mode).toBe(0o600);
  }
}

export async function expectServing(farm: Farm): Promise<void> {
  const base = `http://127.0.0.1:${farm.httpPort}`;
  const consoleCheck = await checkConsole(base);
  expect(consoleCheck, consoleCheck.detail).toMatchObject({ ok: true, status: 200 });
  const api = await checkAdminApi(base, '/mfpadmin', 'admin', ADMIN_PASSWORD);
  expect(api.ok, api.detail).toBe(true);
  expect((await checkAdminApi(base, '/mfpadmin', 'admin', 'wrong-password')).refused).toBe(true);
}

async function stopServer(farm: Farm): Promise<void> {
  const server = path.join(farm.liberty, 'bin', 'server');
  if (fs.existsSync(server)) await execa(server, ['stop', 'pmf1'], { reject: false });
}

/** The wall times of the runs, printed after the file's tests. */
export const timings: string[] = [];

/** The hooks of a file of these tests: the stand-ins built before them, each test's servers stopped after it, the wall times printed at the end. */
export function singleNodeLifecycle(): void {
  beforeAll(async () => {
    await execa('bash', [path.join(root, 'scripts', 'build-fixtures.sh')]);
  }, 300_000);

  afterEach(async () => {
    for (const farm of farms.splice(0)) await stopServer(farm);
  });

  afterAll(() => {
    if (timings.length) console.log(`single-node e2e wall times:\n  ${timings.join('\n  ')}`);
  });
}
