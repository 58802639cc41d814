/**
 * What the end-to-end tests of a farm share: an answers file from the samples on a real MariaDB
 * (started before a file's tests) and free ports, the real CLI run unattended (build, --resume,
 * verify), the nodes' servers and keystores, and the checks: all green, no unexplained Liberty log
 * line, no secret left or on a command line, drift found by verify and repaired by --resume.
 * The servers of every farm are stopped and the farms removed after the file's tests.
 */
import { execa } from 'execa';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { decodeLibertyPassword } from '../../source/adapters/keystore/liberty-password.js';
import { stopServers } from '../../scripts/local-services.mjs';
import { argvWithSecrets } from './argv.js';
import { cliPath, root } from './cli.js';
import { libertyArchive } from './liberty.js';
import { startMariaDb, type RunningMariaDb } from './mariadb.js';
import { freePorts } from './ports.js';

const archive = libertyArchive;
export const ADMIN_PASSWORD = `Adm-${crypto.randomBytes(6).toString('hex')}`;
const DB_PASSWORD = `Db-${crypto.randomBytes(6).toString('hex')}`;

interface NodeSpec {
  name: string;
  httpPort: number;
  httpsPort: number;
}

export interface Farm {
  dir: string;
  answers: string;
  state: string;
  env: Record<string, string>;
  nodes: NodeSpec[];
  liberty: string;
  userDir: string;
}

export interface Run {
  exitCode: number;
  all: string;
  stdout: string;
  ms: number;
}

let maria: RunningMariaDb | undefined;
const farms: Farm[] = [];
export const figures: string[] = [];

export async function nodesWithFreePorts(n: number): Promise<NodeSpec[]> {
  const ports = await freePorts(2 * n);
  return Array.from({ length: n }, (_, i) => ({ name: `pmf${i + 1}`, httpPort: ports[2 * i], httpsPort: ports[2 * i + 1] }));
}

export function prepare(nodes: NodeSpec[], database?: Record<string, unknown>): Farm {
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

export const build = (farm: Farm) => wizard(farm, ['--answers', farm.answers, '--state', farm.state]);
export const resume = (farm: Farm) => wizard(farm, ['--state', farm.state, '--resume']);
export const verify = (farm: Farm, json = false) => wizard(farm, ['verify', '--state', farm.state, ...(json ? ['--json'] : [])]);

export const serverDir = (farm: Farm, node: string) => path.join(farm.userDir, 'servers', node);
export const security = (farm: Farm, node: string, file: string) => path.join(serverDir(farm, node), 'resources', 'security', file);

export async function server(farm: Farm, action: 'start' | 'stop' | 'status', node: string) {
  return execa(path.join(farm.liberty, 'bin', 'server'), [action, node], { reject: false });
}

export async function keytool(args: string[]) {
  return execa('keytool', [...args, '-storepass:env', 'KS_PW'], { env: { KS_PW: 'mobilefirst' }, reject: false });
}

export function checkpointOutputs(farm: Farm, step: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(farm.state, 'checkpoint.json'), 'utf8')).steps[step]?.outputs ?? {};
}

export function expectGreen(run: Run, farm: Farm): void {
  expect(run.exitCode, run.all.slice(-4000)).toBe(0);
  expect(run.all).toContain(`Farm verification: ${farm.nodes.length} nodes, healthy`);
  for (const node of farm.nodes) expect(run.all).toMatch(new RegExp(`${node.name}\\s+ok\\s+ok\\s+ok\\s+ok\\s+ok\\s+ALIVE`));
}

/**
 * Every error (E) or warning (W) line of each node's messages.log, less the ones the README
 * explains (README: "What Liberty logs during a build").
 */
const EXPLAINED_LOG_LINES: RegExp[] = [];

export function unexplainedLogProblems(farm: Farm): string[] {
  return farm.nodes.flatMap((node) => {
    const file = path.join(serverDir(farm, node.name), 'logs', 'messages.log');
    const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [`${file} is missing`];
    return lines.filter((line) => /^\[[^\]]+\] \S+ +\S+ +[EW] /.test(line) && !EXPLAINED_LOG_LINES.some((pattern) => pattern.test(line))).map((line) => `${node.name}: ${line}`);
  });
}

/** A farm whose test is over stops its servers, so that the next test has the machine to itself. */
export function retire(farm: Farm): void {
  stopServers(path.join(farm.liberty, 'bin', 'server'), farm.nodes.map((node) => node.name));
}

export function expectNoSecretLeft(farm: Farm, runs: Run[]): void {
  const generated = fs.readdirSync(path.join(farm.state, 'secrets')).map((name) => fs.readFileSync(path.join(farm.state, 'secrets', name), 'utf8').trim());
  expect(generated.length).toBeGreaterThanOrEqual(4);
  const secrets = [ADMIN_PASSWORD, DB_PASSWORD, ...generated];
  const files = [path.join(farm.state, 'checkpoint.json'), ...fs.readdirSync(path.join(farm.state, 'logs')).map((name) => path.join(farm.state, 'logs', name))];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const secret of secrets) expect(text.includes(secret), `${file} holds a secret`).toBe(false);
  }
  for (const run of runs) for (const secret of secrets) expect(run.all.includes(secret)).toBe(false);
  // The farm's keysPassword is in every server.xml, {aes} encoded by the Liberty's securityUtility
  // (its key in a 0600 include file), and server.xml with its backups are 0600.
  const ltpaPassword = fs.readFileSync(path.join(farm.state, 'secrets', 'ltpa-keys-password'), 'utf8').trim();
  for (const node of farm.nodes) {
    const home = serverDir(farm, node.name);
    const keysPassword = /<ltpa\b[^>]*keysPassword="([^"]*)"/.exec(fs.readFileSync(path.join(home, 'server.xml'), 'utf8'))?.[1] ?? '';
    expect(keysPassword).toMatch(/^\{aes\}/);
    expect(decodeLibertyPassword(keysPassword, home)).toBe(ltpaPassword);
    for (const name of fs.readdirSync(home).filter((file) => /^(server\.xml(\.bak\d*)?|pmf-wizard-aes-key\.xml)$/.test(file))) {
      expect(fs.statSync(path.join(home, name)).mode & 0o777, `${node.name}/${name}`).toBe(0o600);
    }
  }
}

/** Polls every process's argv (/proc/PID/cmdline) for a secret while the wizard runs. */
export class ArgvWatch {
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

/** verify exits 3 naming what drifted; --resume repairs it, restarting and reloading (keystore in place) the servers named; verify exits 0. */
export async function driftAndRepair(farm: Farm, label: string, expected: RegExp[], repair: { restarted: string[]; reloaded: string[] }): Promise<void> {
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
  const outputs = checkpointOutputs(farm, 'trust-and-ltpa');
  expect({ restarted: outputs.restartedNodes, reloaded: outputs.reloadedNodes }, label).toEqual(repair);
  figures.push(`drift "${label}": verify exit 3 → --resume ${repaired.ms} ms (restarted ${repair.restarted.join(', ') || 'none'}; keystore reloaded in place: ${repair.reloaded.join(', ') || 'none'}) → verify exit 0`);
  const again = await verify(farm);
  expect(again.exitCode, again.all).toBe(0);
}

/** The hooks of a file of these tests: the stand-ins built and MariaDB started before them; every farm stopped and removed, the figures printed, after them. */
export function farmLifecycle(): void {
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
}
