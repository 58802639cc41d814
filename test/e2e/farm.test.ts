/**
 * The farm, unattended, on a real MariaDB: from nothing to N verified nodes (steps 1-7), with
 * the real keytool, Ant and Liberty, and the PMF stand-in. Then drift (a peer missing
 * from a truststore, a regenerated certificate, replaced ltpa.keys, a changed keysPassword):
 * `verify` exits 3 naming the node or pair, `--resume` repairs, `verify` exits 0. Plus the
 * refusals before anything changes: a port taken by another process (exit 2, next free pair)
 * and Derby with two nodes (exit 2, the tutorial's reason).
 *
 * The wizard runs as `node dist/cli.js`, the real CLI.
 */
import { execa } from 'execa';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeXor } from '../../source/adapters/keystore/liberty-password.js';
import { httpRequest } from '../../source/adapters/http.js';
import { consoleLogin } from '../../source/adapters/pmf-admin.js';
import { isPortFree } from '../../source/adapters/ports.js';
import { stopServers } from '../../scripts/local-services.mjs';
import { argvWithSecrets } from '../support/argv.js';
import { cliPath, root } from '../support/cli.js';
import { libertyArchive } from '../support/liberty.js';
import { freePort, startMariaDb, type RunningMariaDb } from '../support/mariadb.js';

const archive = libertyArchive;
const ADMIN_PASSWORD = `Adm-${crypto.randomBytes(6).toString('hex')}`;
const DB_PASSWORD = `Db-${crypto.randomBytes(6).toString('hex')}`;

interface NodeSpec {
  name: string;
  httpPort: number;
  httpsPort: number;
}

interface Farm {
  dir: string;
  answers: string;
  state: string;
  env: Record<string, string>;
  nodes: NodeSpec[];
  liberty: string;
  userDir: string;
}

interface Run {
  exitCode: number;
  all: string;
  stdout: string;
  ms: number;
}

let maria: RunningMariaDb | undefined;
const farms: Farm[] = [];
const figures: string[] = [];

async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

async function nodesWithFreePorts(n: number): Promise<NodeSpec[]> {
  const ports = await freePorts(2 * n);
  return Array.from({ length: n }, (_, i) => ({ name: `pmf${i + 1}`, httpPort: ports[2 * i], httpsPort: ports[2 * i + 1] }));
}

function prepare(nodes: NodeSpec[], database?: Record<string, unknown>): Farm {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-farm${nodes.length}-`));
  const sample = JSON.parse(fs.readFileSync(path.join(root, 'fixtures', 'answers', nodes.length > 2 ? 'farm-4-mysql.json' : 'farm-2-mysql.json'), 'utf8'));
  delete sample.$schema;
  sample.liberty = { installMethod: 'archive', archive, installDir: path.join(dir, 'liberty'), userDir: path.join(dir, 'wlp-usr'), acceptLicense: true };
  sample.pmf.installDir = path.join(root, 'fixtures', 'pmf');
  sample.nodes = nodes;
  if (database) sample.database = database;
  else if (maria) {
    fs.writeFileSync(path.join(dir, 'root-pw'), `${maria.rootPassword}\n`, { mode: 0o600 });
    Object.assign(sample.database, { host: maria.host, port: maria.port, name: `MFP${crypto.randomBytes(3).toString('hex').toUpperCase()}`, driverDir: '/usr/share/java' });
    sample.database.admin.password = { file: path.join(dir, 'root-pw') };
  }
  const answers = path.join(dir, 'answers.json');
  fs.writeFileSync(answers, JSON.stringify(sample, null, 2));
  const farm = { dir, answers, state: path.join(dir, 'state'), env: { PMF_ADMIN_PASSWORD: ADMIN_PASSWORD, PMF_DB_PASSWORD: DB_PASSWORD }, nodes, liberty: path.join(dir, 'liberty'), userDir: path.join(dir, 'wlp-usr') };
  farms.push(farm);
  return farm;
}

async function wizard(farm: Farm, args: string[]): Promise<Run> {
  const started = Date.now();
  const result = await execa('node', [cliPath, ...args], { cwd: farm.dir, env: { ...farm.env, CI: 'true' }, reject: false, all: true, stdin: 'ignore', timeout: 600_000 });
  return { exitCode: result.exitCode ?? -1, all: String(result.all), stdout: String(result.stdout), ms: Date.now() - started };
}

const build = (farm: Farm) => wizard(farm, ['--answers', farm.answers, '--state', farm.state]);
const resume = (farm: Farm) => wizard(farm, ['--state', farm.state, '--resume']);
const verify = (farm: Farm, json = false) => wizard(farm, ['verify', '--state', farm.state, ...(json ? ['--json'] : [])]);

const serverDir = (farm: Farm, node: string) => path.join(farm.userDir, 'servers', node);
const security = (farm: Farm, node: string, file: string) => path.join(serverDir(farm, node), 'resources', 'security', file);

async function server(farm: Farm, action: 'start' | 'stop' | 'status', node: string) {
  return execa(path.join(farm.liberty, 'bin', 'server'), [action, node], { reject: false });
}

async function keytool(args: string[]) {
  return execa('keytool', [...args, '-storepass:env', 'KS_PW'], { env: { KS_PW: 'mobilefirst' }, reject: false });
}

function checkpointOutputs(farm: Farm, step: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(farm.state, 'checkpoint.json'), 'utf8')).steps[step]?.outputs ?? {};
}

function expectGreen(run: Run, farm: Farm): void {
  expect(run.exitCode, run.all.slice(-4000)).toBe(0);
  expect(run.all).toContain(`Farm verification: ${farm.nodes.length} nodes, healthy`);
  for (const node of farm.nodes) expect(run.all).toMatch(new RegExp(`${node.name}\\s+ok\\s+ok\\s+ok\\s+ok\\s+ok\\s+${farm.nodes.length}/${farm.nodes.length} ALIVE`));
}

/**
 * Every error (E) or warning (W) line of each node's messages.log, less the ones the README
 * explains (README: "What Liberty logs during a build").
 */
const EXPLAINED_LOG_LINES: RegExp[] = [];

function unexplainedLogProblems(farm: Farm): string[] {
  return farm.nodes.flatMap((node) => {
    const file = path.join(serverDir(farm, node.name), 'logs', 'messages.log');
    const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [`${file} is missing`];
    return lines.filter((line) => /^\[[^\]]+\] \S+ +\S+ +[EW] /.test(line) && !EXPLAINED_LOG_LINES.some((pattern) => pattern.test(line))).map((line) => `${node.name}: ${line}`);
  });
}

/** A farm whose test is over stops its servers, so that the next test has the machine to itself. */
function retire(farm: Farm): void {
  stopServers(path.join(farm.liberty, 'bin', 'server'), farm.nodes.map((node) => node.name));
}

function expectNoSecretLeft(farm: Farm, runs: Run[]): void {
  const generated = fs.readdirSync(path.join(farm.state, 'secrets')).map((name) => fs.readFileSync(path.join(farm.state, 'secrets', name), 'utf8').trim());
  expect(generated.length).toBeGreaterThanOrEqual(4);
  const secrets = [ADMIN_PASSWORD, DB_PASSWORD, ...generated];
  const files = [path.join(farm.state, 'checkpoint.json'), ...fs.readdirSync(path.join(farm.state, 'logs')).map((name) => path.join(farm.state, 'logs', name))];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const secret of secrets) expect(text.includes(secret), `${file} holds a secret`).toBe(false);
  }
  for (const run of runs) for (const secret of secrets) expect(run.all.includes(secret)).toBe(false);
  // The farm's keysPassword is in every server.xml, {xor} encoded as Liberty reads it.
  const ltpaPassword = fs.readFileSync(path.join(farm.state, 'secrets', 'ltpa-keys-password'), 'utf8').trim();
  for (const node of farm.nodes) expect(fs.readFileSync(path.join(serverDir(farm, node.name), 'server.xml'), 'utf8')).toContain(`keysPassword="${encodeXor(ltpaPassword)}"`);
}

/** Polls every process's argv (/proc/PID/cmdline) for a secret while the wizard runs. */
class ArgvWatch {
  hits: string[] = [];
  polls = 0;
  private timer?: NodeJS.Timeout;
  constructor(private readonly farm: Farm) {}
  private secrets(): string[] {
    const dir = path.join(this.farm.state, 'secrets');
    let generated: string[] = [];
    try {
      generated = fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name), 'utf8').trim()).filter((s) => s.length >= 6);
    } catch {
      // not yet
    }
    return [ADMIN_PASSWORD, DB_PASSWORD, ...generated];
  }
  start(): this {
    this.timer = setInterval(() => this.look(), 50);
    return this;
  }
  private look(): void {
    this.polls++;
    const secrets = this.secrets();
    this.hits.push(...argvWithSecrets(secrets));
  }
  stop(): void {
    clearInterval(this.timer);
    this.look();
  }
}

/** verify exits 3 naming what drifted; --resume repairs it; verify exits 0. */
async function driftAndRepair(farm: Farm, label: string, expected: RegExp[], restartedNode: string): Promise<void> {
  const broken = await verify(farm);
  expect(broken.exitCode, `${label}: ${broken.all}`).toBe(3);
  for (const pattern of expected) expect(broken.all, label).toMatch(pattern);
  expect(broken.all).toContain('repair: pmf-wizard --resume');
  const json = await verify(farm, true);
  expect(json.exitCode).toBe(3);
  const report = JSON.parse(json.stdout.trim().split('\n').pop()!);
  expect(report).toMatchObject({ type: 'farm-verification', healthy: false, exitCode: 3 });
  expect(report.failures.length).toBeGreaterThan(0);

  const repaired = await resume(farm);
  expectGreen(repaired, farm);
  expect(repaired.all).toContain('[6/7] Exchange certificates and share the LTPA keys\n');
  const restarts = checkpointOutputs(farm, 'trust-and-ltpa');
  expect(restarts.restartedNodes, label).toContain(restartedNode);
  figures.push(`drift "${label}": verify exit 3 → --resume ${repaired.ms} ms (restarted ${(restarts.restartedNodes as string[]).join(', ')}) → verify exit 0`);
  const again = await verify(farm);
  expect(again.exitCode, again.all).toBe(0);
}

beforeAll(async () => {
  await execa('bash', [path.join(root, 'scripts', 'build-fixtures.sh')]);
  maria = await startMariaDb();
}, 300_000);

afterAll(async () => {
  for (const farm of farms) stopServers(path.join(farm.liberty, 'bin', 'server'), farm.nodes.map((node) => node.name));
  await maria?.stop();
  if (!process.env.PMF_KEEP_TEST_TMP) for (const farm of farms) fs.rmSync(farm.dir, { recursive: true, force: true });
  if (figures.length) console.log(`farm e2e figures:\n  ${figures.join('\n  ')}`);
}, 300_000);

describe('a farm from nothing on MariaDB', () => {
  it('N=2 with the tutorial ports: exit 0, all green, 1 restart; drift is found by verify and repaired by --resume', async () => {
    const tutorial = [
      { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
      { name: 'pmf2', httpPort: 9081, httpsPort: 9444 },
    ];
    const free = (await Promise.all(tutorial.flatMap((n) => [isPortFree(n.httpPort), isPortFree(n.httpsPort)]))).every(Boolean);
    const farm = prepare(free ? tutorial : await nodesWithFreePorts(2));
    if (!free) figures.push('N=2: the tutorial ports 9080/9443 and 9081/9444 are taken on this machine, free ports used instead');

    const first = await build(farm);
    expectGreen(first, farm);
    expect(unexplainedLogProblems(farm)).toEqual([]);
    const outputs = checkpointOutputs(farm, 'trust-and-ltpa');
    expect(outputs.restarts).toBe(1);
    expect(outputs.certificatesExported).toEqual(['pmf1', 'pmf2']);
    expect(first.all).toMatch(/1 restart \(pmf1\); the tutorial's procedure restarts every server twice \(4 for 2 nodes\)/);
    figures.push(`N=2${free ? ' (tutorial ports)' : ''}: from nothing in ${first.ms} ms, ${outputs.restarts} restart (tutorial: 4)`);
    // Every node trusts the other under a stable alias; the same LTPA keys everywhere.
    for (const [a, b] of [['pmf1', 'pmf2'], ['pmf2', 'pmf1']]) {
      const list = await keytool(['-list', '-alias', `farm-${b}`, '-keystore', security(farm, a, 'key.p12')]);
      expect(list.exitCode, list.stdout).toBe(0);
      expect(list.stdout).toContain('trustedCertEntry');
    }
    expect(fs.readFileSync(security(farm, 'pmf1', 'ltpa.keys'), 'utf8').split('\n').filter((l) => l.includes('ltpa.'))).toEqual(
      fs.readFileSync(security(farm, 'pmf2', 'ltpa.keys'), 'utf8').split('\n').filter((l) => l.includes('ltpa.')),
    );

    const ok = await verify(farm);
    expect(ok.exitCode, ok.all).toBe(0);
    const second = await build(farm);
    expect(second.exitCode, second.all).toBe(0);
    expect(second.all).toMatch(/\[6\/7\] Exchange certificates and share the LTPA keys: already done/);
    expectNoSecretLeft(farm, [first, ok, second]);

    // A FORM login on pmf1 (Liberty's own j_security_check) gives an LtpaToken2 that pmf2's administration API accepts.
    const [n1, n2] = farm.nodes;
    const login = await consoleLogin(`http://127.0.0.1:${n1.httpPort}`, '/mfpconsole', 'admin', ADMIN_PASSWORD);
    expect(login.ok, JSON.stringify(login)).toBe(true);
    const crossNode = await httpRequest(`http://127.0.0.1:${n2.httpPort}/mfpadmin/management-apis/2.0/runtimes`, { headers: { Cookie: `LtpaToken2=${login.ok ? login.token : ''}` } });
    expect(crossNode.status, crossNode.body).toBe(200);
    expect(JSON.parse(crossNode.body)).toHaveProperty('productVersion');

    // 1. A peer missing from a truststore (pmf1 restarted, so that Liberty's SSL context no longer trusts pmf2).
    await server(farm, 'stop', 'pmf1');
    expect((await keytool(['-delete', '-alias', 'farm-pmf2', '-keystore', security(farm, 'pmf1', 'key.p12')])).exitCode).toBe(0);
    expect((await server(farm, 'start', 'pmf1')).exitCode).toBe(0);
    await driftAndRepair(
      farm,
      'peer certificate deleted from pmf1',
      [/trust pmf1 → pmf2: pmf1's keystore lacks pmf2's current certificate/, /pmf1\s+ok\s+ok\s+FAIL→pmf2/, /farm pmf1 → pmf2: pmf1's administration API lists pmf2 as UNREACHABLE: .*(PKIX|CWPKI\d+E|SSL)/],
      'pmf1',
    );

    // 2. A node's certificate regenerated (Liberty makes a new one when key.p12 is gone).
    await server(farm, 'stop', 'pmf2');
    fs.rmSync(security(farm, 'pmf2', 'key.p12'));
    expect((await server(farm, 'start', 'pmf2')).exitCode).toBe(0);
    await driftAndRepair(farm, 'pmf2 certificate regenerated', [/trust pmf1 → pmf2/, /farm pmf1 → pmf2: pmf1's administration API lists pmf2 as UNREACHABLE/], 'pmf1');

    // 3. ltpa.keys replaced (new keys generated at start).
    await server(farm, 'stop', 'pmf2');
    fs.rmSync(security(farm, 'pmf2', 'ltpa.keys'));
    expect((await server(farm, 'start', 'pmf2')).exitCode).toBe(0);
    await driftAndRepair(farm, 'pmf2 ltpa.keys replaced', [/ltpa pmf2: pmf2's ltpa\.keys \([0-9a-f]+\) differs from pmf1's/, /session pmf1 → pmf2: a session made on pmf1 is refused by pmf2/], 'pmf2');

    // 4. A changed keysPassword (Liberty cannot open the keys: CWWKS4106E).
    await server(farm, 'stop', 'pmf2');
    const xmlFile = path.join(serverDir(farm, 'pmf2'), 'server.xml');
    fs.writeFileSync(xmlFile, fs.readFileSync(xmlFile, 'utf8').replace(/keysPassword="[^"]*"/, `keysPassword="${encodeXor('another-password')}"`));
    expect((await server(farm, 'start', 'pmf2')).exitCode).toBe(0);
    await driftAndRepair(farm, 'pmf2 keysPassword changed', [/ltpa pmf2: pmf2's keysPassword does not open its ltpa\.keys/, /keysPassword> differs from pmf1's/], 'pmf2');
    retire(farm);
  }, 900_000);

  it('N=3 with other free ports: exit 0, all green, 1 restart, no secret on any command line; a stopped node is started by --resume', async () => {
    const farm = prepare(await nodesWithFreePorts(3));
    const watch = new ArgvWatch(farm).start();
    const run = await build(farm);
    watch.stop();
    expectGreen(run, farm);
    expect(watch.hits).toEqual([]);
    expect(watch.polls).toBeGreaterThan(100);
    const outputs = checkpointOutputs(farm, 'trust-and-ltpa');
    expect(outputs.restarts).toBe(1);
    figures.push(`N=3: from nothing in ${run.ms} ms, ${outputs.restarts} restart (tutorial: 6)`);

    await server(farm, 'stop', 'pmf3');
    const broken = await verify(farm);
    expect(broken.exitCode, broken.all).toBe(3);
    expect(broken.all).toMatch(/✗ running pmf3: pmf3 is not running/);
    expect(broken.all).toContain('repair: pmf-wizard --resume starts pmf3');
    const repaired = await resume(farm);
    expectGreen(repaired, farm);
    expect(checkpointOutputs(farm, 'trust-and-ltpa')).toMatchObject({ restarts: 0, started: ['pmf3'] });
    expectNoSecretLeft(farm, [run, broken, repaired]);
    retire(farm);
  }, 600_000);

  it('N=4 with other free ports: exit 0, all green, 1 restart', async () => {
    const farm = prepare(await nodesWithFreePorts(4));
    const run = await build(farm);
    expectGreen(run, farm);
    expect(unexplainedLogProblems(farm)).toEqual([]);
    const outputs = checkpointOutputs(farm, 'trust-and-ltpa');
    expect(outputs.restarts).toBe(1);
    expect((outputs.keystoresUpdated as string[]).length).toBe(4);
    figures.push(`N=4: from nothing in ${run.ms} ms, ${outputs.restarts} restart (tutorial: 8)`);

    // Every ltpa.keys gone while the farm is stopped: the first node makes new keys, the others get them.
    for (const node of farm.nodes) await server(farm, 'stop', node.name);
    for (const node of farm.nodes) fs.rmSync(security(farm, node.name, 'ltpa.keys'));
    const stopped = await verify(farm);
    expect(stopped.exitCode).toBe(3);
    expect(stopped.all).toMatch(/✗ running pmf4: pmf4 is not running/);
    const repaired = await resume(farm);
    expectGreen(repaired, farm);
    expect(checkpointOutputs(farm, 'trust-and-ltpa')).toMatchObject({ restarts: 0, ltpaFrom: 'pmf1', ltpaCopiedTo: ['pmf2', 'pmf3', 'pmf4'] });
    figures.push(`N=4 with every ltpa.keys deleted: --resume ${repaired.ms} ms, new keys from pmf1 on all nodes, 0 restarts`);
    retire(farm);
  }, 600_000);
});

describe('refused before anything changes', () => {
  it('a port taken by another process: exit 2 with the next free pair, nothing created', async () => {
    const nodes = await nodesWithFreePorts(2);
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(nodes[1].httpsPort, '127.0.0.1', resolve));
    try {
      const farm = prepare(nodes);
      const run = await build(farm);
      expect(run.exitCode, run.all).toBe(2);
      expect(run.all).toContain(`nodes[1].httpsPort`);
      expect(run.all).toContain(`pmf2's httpsPort ${nodes[1].httpsPort} is already in use by another process`);
      expect(run.all).toMatch(/Use the next free pair for pmf2: "httpPort": \d+, "httpsPort": \d+/);
      expect(fs.existsSync(farm.liberty)).toBe(false);
      expect(fs.existsSync(path.join(farm.state, 'checkpoint.json'))).toBe(false);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('Derby with two nodes: exit 2 with the tutorial reason', async () => {
    const farm = prepare(await nodesWithFreePorts(2), { type: 'derby', dataDir: path.join(os.tmpdir(), 'unused-derby') });
    const run = await build(farm);
    expect(run.exitCode, run.all).toBe(2);
    expect(run.all).toContain('the Derby database cannot be accessed by multiple Liberty servers');
    expect(fs.existsSync(farm.liberty)).toBe(false);
  });
});
