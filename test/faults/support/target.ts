/**
 * One installation the fault suite breaks: an answers file from the samples (a single node on
 * embedded Derby, or a farm on a real MariaDB) with everything under one directory, free ports, the
 * tutorial's Installation Manager route (the imcl stand-in and the real Liberty's repository), and
 * the wizard run as the real CLI, optionally with the crash preload or a signal at a moment.
 */
import { execa } from 'execa';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopServers } from '../../../scripts/local-services.mjs';
import { cliPath, root } from '../../support/cli.js';
import { libertyImRepository } from '../../support/liberty.js';
import type { RunningMariaDb } from '../../support/mariadb.js';
import { freePorts } from '../../support/ports.js';

/**
 * The passwords the answers give, one pair per test file: every farm of a file shares one MariaDB,
 * where the PMF user is created once with its password.
 */
const CANARIES = [`Adm-canary-${crypto.randomBytes(6).toString('hex')}`, `Db-canary-${crypto.randomBytes(6).toString('hex')}`];

const PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'kill-after.mjs');

export interface Target {
  dir: string;
  answers: string;
  state: string;
  liberty: string;
  userDir: string;
  nodes: string[];
  env: Record<string, string>;
  /** The passwords the answers give (the canaries), less the DB root's, which the test owns. */
  canaries: string[];
}

export interface WizardRun {
  exitCode: number | undefined;
  signal: string | undefined;
  all: string;
  ms: number;
  /** The external commands the run started, when counted: number, pid, start time, command. */
  commands: StartedCommand[];
}

export interface StartedCommand {
  n: number;
  pid: number;
  startTime?: string;
  command: string;
}

export async function prepareTarget(kind: 'derby' | 'farm2', maria?: RunningMariaDb): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fault-${kind}-`));
  const sample = JSON.parse(fs.readFileSync(path.join(root, 'fixtures', 'answers', kind === 'derby' ? 'single-node-derby.json' : 'farm-2-mysql.json'), 'utf8'));
  delete sample.$schema;
  const count = kind === 'derby' ? 1 : 2;
  const ports = await freePorts(2 * count);
  sample.nodes = Array.from({ length: count }, (_, i) => ({ name: `pmf${i + 1}`, httpPort: ports[2 * i], httpsPort: ports[2 * i + 1] }));
  sample.liberty = {
    installMethod: 'imcl',
    imclPath: path.join(root, 'fixtures', 'im', 'imcl'),
    repositoryDir: libertyImRepository,
    installDir: path.join(dir, 'liberty'),
    userDir: path.join(dir, 'wlp-usr'),
    acceptLicense: true,
  };
  sample.pmf.installDir = path.join(root, 'fixtures', 'pmf');
  if (kind === 'derby') sample.database.dataDir = path.join(dir, 'derby');
  else {
    if (!maria) throw new Error('a farm needs MariaDB');
    fs.writeFileSync(path.join(dir, 'root-pw'), `${maria.rootPassword}\n`, { mode: 0o600 });
    Object.assign(sample.database, { host: maria.host, port: maria.port, name: `MFP${crypto.randomBytes(3).toString('hex').toUpperCase()}`, driverDir: '/usr/share/java' });
    sample.database.admin.password = { file: path.join(dir, 'root-pw') };
  }
  const answers = path.join(dir, 'answers.json');
  fs.writeFileSync(answers, JSON.stringify(sample, null, 2));
  return {
    dir,
    answers,
    state: path.join(dir, 'state'),
    liberty: path.join(dir, 'liberty'),
    userDir: path.join(dir, 'wlp-usr'),
    nodes: sample.nodes.map((node: { name: string }) => node.name),
    env: { PMF_ADMIN_PASSWORD: CANARIES[0], PMF_DB_PASSWORD: CANARIES[1] },
    canaries: CANARIES,
  };
}

interface RunOptions {
  /** Kill -9 right after the k-th external command starts. */
  killAt?: number;
  /** Count the commands (with the preload) into this file. */
  countInto?: string;
  /** Send this signal to the wizard so many ms after its k-th external command starts. */
  signal?: { name: 'SIGTERM' | 'SIGINT'; at: number; delayMs: number };
  resume?: boolean;
}

function readCommands(file: string | undefined): StartedCommand[] {
  if (!file || !fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as StartedCommand);
}

export async function runWizard(target: Target, options: RunOptions = {}): Promise<WizardRun> {
  const counted = options.killAt !== undefined || options.countInto !== undefined || options.signal !== undefined;
  const commandsFile = options.countInto ?? (counted ? path.join(target.dir, `commands-${Date.now()}.ndjson`) : undefined);
  const args = ['--answers', target.answers, '--state', target.state, ...(options.resume ? ['--resume'] : [])];
  const env: Record<string, string> = { ...target.env, CI: 'true' };
  if (counted) Object.assign(env, { PMF_FAULT_COMMANDS: commandsFile!, PMF_FAULT_KILL_AT: String(options.killAt ?? 0) });
  if (options.signal) Object.assign(env, { PMF_FAULT_SIGNAL_AT: String(options.signal.at), PMF_FAULT_SIGNAL: options.signal.name, PMF_FAULT_SIGNAL_DELAY_MS: String(options.signal.delayMs) });
  const started = Date.now();
  const child = execa('node', [...(counted ? ['--import', PRELOAD] : []), cliPath, ...args], { cwd: target.dir, env, reject: false, all: true, stdin: 'ignore', timeout: 900_000 });
  const result = await child;
  return { exitCode: result.exitCode, signal: result.signal, all: String(result.all), ms: Date.now() - started, commands: readCommands(commandsFile) };
}

export async function verifyTarget(target: Target): Promise<WizardRun> {
  const started = Date.now();
  const result = await execa('node', [cliPath, 'verify', '--state', target.state], { cwd: target.dir, env: { ...target.env, CI: 'true' }, reject: false, all: true, stdin: 'ignore', timeout: 300_000 });
  return { exitCode: result.exitCode, signal: result.signal, all: String(result.all), ms: Date.now() - started, commands: [] };
}

/** Stops the target's servers and removes it (unless PMF_KEEP_TEST_TMP is set). */
export function retireTarget(target: Target): void {
  stopServers(path.join(target.liberty, 'bin', 'server'), target.nodes, { ...process.env, WLP_USER_DIR: target.userDir });
  if (!process.env.PMF_KEEP_TEST_TMP) fs.rmSync(target.dir, { recursive: true, force: true });
}

/** Exit 0 and, for a farm (a single node has no verification step), the verification's healthy line. */
export const healthy = (run: WizardRun, target: Target) => run.exitCode === 0 && (target.nodes.length === 1 || run.all.includes(`Farm verification: ${target.nodes.length} nodes, healthy`));
