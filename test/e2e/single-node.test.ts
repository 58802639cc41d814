/**
 * The whole wizard, unattended, from nothing to pmf1 serving /mfpconsole: real Liberty from
 * its runtime archive, the database (embedded Derby, or a real MariaDB), the Ant properties, and
 * the real Apache Ant running the PMF stand-in tasks. Then: a second run changes nothing, each
 * known failure gives its sentence and exit 1, and --resume after the fix finishes.
 *
 * The wizard is the built CLI, `node dist/cli.js --answers FILE --state DIR`; with one node the
 * farm steps (5-7) do not apply, so the run is steps 1-4.
 */
import { execa, type ResultPromise } from 'execa';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withPropertyFile, runAnt } from '../../source/adapters/ant.js';
import { CommandRunner } from '../../source/adapters/process.js';
import { checkAdminApi, checkConsole } from '../../source/adapters/pmf-console.js';
import { RunLog } from '../../source/engine/log.js';
import { Redactor } from '../../source/engine/redact.js';
import { argvWithSecrets } from '../support/argv.js';
import { cliPath, root } from '../support/cli.js';
import { libertyArchive } from '../support/liberty.js';
import { freePort, startMariaDb, type RunningMariaDb } from '../support/mariadb.js';

const archive = libertyArchive;
const pmfDir = path.join(root, 'fixtures', 'pmf');
const ADMIN_PASSWORD = `Adm-${crypto.randomBytes(6).toString('hex')}$&"x`;
const DB_PASSWORD = `Db-${crypto.randomBytes(6).toString('hex')}`;

interface Farm {
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

async function prepare(db: 'derby' | 'mysql', options: { maria?: RunningMariaDb; dbPort?: number; driverDir?: string; pmfInstallDir?: string } = {}): Promise<Farm> {
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

interface WizardRun {
  exitCode: number;
  all: string;
  watch: Watch;
  ms: number;
}

async function wizard(farm: Farm, extra: string[] = [], during?: (child: ResultPromise) => Promise<void>): Promise<WizardRun> {
  const watch = new Watch(() => allSecrets(farm), path.join(farm.state, 'ant', 'pmf1')).start();
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
async function whenAntCopyExists(farm: Farm, db: string, child: ResultPromise): Promise<void> {
  const file = path.join(farm.state, 'ant', 'pmf1', `configure-liberty-${db}.xml`);
  let ended = false;
  child.finally(() => (ended = true)).catch(() => undefined);
  for (let i = 0; i < 6000 && !ended && !fs.existsSync(file); i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

function sha(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

/** No secret in the Ant copy, the checkpoint, the logs, the output or any argv; the 0600 file is gone. */
function expectNoSecretLeft(farm: Farm, runs: WizardRun[]): void {
  const secrets = allSecrets(farm);
  expect(secrets.length).toBeGreaterThanOrEqual(4);
  const files = [...filesUnder(path.join(farm.state, 'ant')), path.join(farm.state, 'checkpoint.json'), ...filesUnder(path.join(farm.state, 'logs'))];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const secret of secrets) expect(text.includes(secret), `${file} holds a secret`).toBe(false);
  }
  expect(filesUnder(path.join(farm.state, 'ant')).filter((file) => path.basename(file).startsWith('secrets-'))).toEqual([]);
  for (const run of runs) {
    for (const secret of secrets) expect(run.all.includes(secret)).toBe(false);
    expect(run.watch.argvHits).toEqual([]);
    for (const mode of run.watch.modes) expect(mode).toBe(0o600);
  }
}

async function expectServing(farm: Farm): Promise<void> {
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

const timings: string[] = [];

beforeAll(async () => {
  await execa('bash', [path.join(root, 'scripts', 'build-fixtures.sh')]);
}, 300_000);

afterEach(async () => {
  for (const farm of farms.splice(0)) await stopServer(farm);
});

afterAll(() => {
  if (timings.length) console.log(`single-node e2e wall times:\n  ${timings.join('\n  ')}`);
});

describe('single node on embedded Derby', () => {
  it('from nothing to pmf1 serving /mfpconsole; a second run changes nothing and runs no Ant', async () => {
    const farm = await prepare('derby');
    const first = await wizard(farm);
    timings.push(`derby first run: ${first.ms} ms`);
    expect(first.exitCode, first.all).toBe(0);
    expect(first.all).toContain('BUILD SUCCESSFUL');
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
    expect(refused.all).toContain(`nodes[0].httpPort: pmf1's httpPort ${farm.httpPort} is already in use by another process on this machine`);
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
    expect(result.all).toMatch(/bin\/ant -f \S+\/state\/ant\/pmf1\/configure-liberty-derby\.xml -propertyfile \S+\/secrets-<pid>-<random>\.properties databases/);
    expect(result.all).toContain('mfp.admin.default.user.initialpassword=****');
    expect(result.all).toContain('Dry run: nothing was changed.');
    expect(fs.existsSync(farm.state)).toBe(false);
    expect(fs.existsSync(path.join(farm.dir, 'liberty'))).toBe(false);
    expect(result.all.includes(ADMIN_PASSWORD)).toBe(false);
  });

  it('kill -9 while Ant runs, then --resume: the secrets file left behind is removed and the deployment finishes', async () => {
    const farm = await prepare('derby');
    const antDir = path.join(farm.state, 'ant', 'pmf1');
    const killed = await wizard(farm, [], async (child) => {
      for (let i = 0; i < 3000; i++) {
        if (fs.existsSync(antDir) && fs.readdirSync(antDir).some((name) => name.startsWith('secrets-'))) break;
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
    expect(fs.readdirSync(antDir).filter((name) => name.startsWith('secrets-'))).toHaveLength(1);
    const resumed = await wizard(farm, ['--resume']);
    expect(resumed.exitCode, resumed.all).toBe(0);
    expect(resumed.all).toContain('Removed 1 secrets file left by an interrupted run');
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

/** A TCP proxy in front of MariaDB that can be switched off: "the database is unreachable". */
async function proxyTo(port: number): Promise<{ port: number; off(): Promise<void>; on(): Promise<void>; close(): Promise<void> }> {
  const listenPort = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const on = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(port, '127.0.0.1');
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      server.listen(listenPort, '127.0.0.1', () => resolve());
    });
  const off = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  await on();
  return { port: listenPort, on, off, close: off };
}

describe('single node on MySQL (a real MariaDB)', () => {
  let maria: RunningMariaDb;
  beforeAll(async () => {
    maria = await startMariaDb();
  }, 120_000);
  afterAll(async () => {
    await maria?.stop();
  });

  async function tableCount(dbName: string): Promise<number> {
    const connection = await mysql.createConnection({ host: maria.host, port: maria.port, user: 'root', password: maria.rootPassword });
    try {
      const [rows] = await connection.query('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?', [dbName]);
      return Number((rows as { n: number }[])[0].n);
    } finally {
      await connection.end();
    }
  }

  async function asRoot(sql: string, params: unknown[] = []): Promise<void> {
    const connection = await mysql.createConnection({ host: maria.host, port: maria.port, user: 'root', password: maria.rootPassword });
    try {
      await connection.query(sql, params);
    } finally {
      await connection.end();
    }
  }

  it('from nothing to pmf1 serving /mfpconsole; a second run changes nothing and runs no Ant', async () => {
    const farm = await prepare('mysql', { maria });
    const first = await wizard(farm);
    timings.push(`mysql first run: ${first.ms} ms`);
    expect(first.exitCode, first.all).toBe(0);
    expect(first.all).toMatch(/push tables created in MFP\w+: 8 tables/);
    await expectServing(farm);
    const tables = await tableCount(farm.dbName);
    expect(tables).toBe(28);
    const xml = path.join(farm.serverDir, 'server.xml');
    const hash = sha(xml);
    const second = await wizard(farm);
    timings.push(`mysql second run: ${second.ms} ms`);
    expect(second.exitCode, second.all).toBe(0);
    expect(second.all).toContain('Nothing to do');
    expect(second.all).toContain('28 PMF tables');
    expect(second.all).not.toContain('Buildfile:');
    expect(sha(xml)).toBe(hash);
    expect(await tableCount(farm.dbName)).toBe(tables);
    expectNoSecretLeft(farm, [first, second]);
  });

  it('the database unreachable when Ant runs: its sentence, exit 1; --resume once it answers finishes', async () => {
    const proxy = await proxyTo(maria.port);
    try {
      const farm = await prepare('mysql', { maria, dbPort: proxy.port });
      const failed = await wizard(farm, [], async (child) => {
        await whenAntCopyExists(farm, 'mysql', child);
        await proxy.off();
      });
      expect(failed.exitCode, failed.all).toBe(1);
      expect(failed.all).toContain(`The MySQL server at 127.0.0.1:${proxy.port} cannot be reached: nothing answers there`);
      expect(failed.all).toContain('correct database.host and database.port');
      await proxy.on();
      const resumed = await wizard(farm, ['--resume']);
      expect(resumed.exitCode, resumed.all).toBe(0);
      await expectServing(farm);
      expectNoSecretLeft(farm, [failed, resumed]);
    } finally {
      await proxy.close();
    }
  });

  it('a wrong database password when Ant runs: its sentence, exit 1; --resume after the fix finishes', async () => {
    const farm = await prepare('mysql', { maria });
    const failed = await wizard(farm, [], async (child) => {
      await whenAntCopyExists(farm, 'mysql', child);
      for (const host of ['%', 'localhost']) await asRoot(`ALTER USER 'mfpuser'@'${host}' IDENTIFIED BY 'someone-changed-it'`);
    });
    expect(failed.exitCode, failed.all).toBe(1);
    expect(failed.all).toContain(`The MySQL server at ${maria.host}:${maria.port} refused the user mfpuser with the password given: wrong user name or password`);
    for (const host of ['%', 'localhost']) await asRoot(`ALTER USER 'mfpuser'@'${host}' IDENTIFIED BY ?`, [DB_PASSWORD]);
    const resumed = await wizard(farm, ['--resume']);
    expect(resumed.exitCode, resumed.all).toBe(0);
    await expectServing(farm);
    expectNoSecretLeft(farm, [failed, resumed]);
  });

  it('the JDBC driver gone when Ant runs: its sentence, exit 1; --resume after putting it back finishes', async () => {
    const driverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drivers-'));
    const jar = path.join(driverDir, 'mariadb-java-client.jar');
    fs.copyFileSync('/usr/share/java/mariadb-java-client.jar', jar);
    const farm = await prepare('mysql', { maria, driverDir });
    const failed = await wizard(farm, [], async (child) => {
      await whenAntCopyExists(farm, 'mysql', child);
      fs.renameSync(jar, `${jar}.away`);
    });
    expect(failed.exitCode, failed.all).toBe(1);
    expect(failed.all).toContain(`The MySQL JDBC driver was not found in ${driverDir}`);
    expect(failed.all).toContain('libmariadb-java');
    fs.renameSync(`${jar}.away`, jar);
    const resumed = await wizard(farm, ['--resume']);
    expect(resumed.exitCode, resumed.all).toBe(0);
    await expectServing(farm);
    expectNoSecretLeft(farm, [failed, resumed]);
  });
});
