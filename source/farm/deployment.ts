import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { antSpec, antWarnings, describeProgress, propertyFileIn, runAnt, withPropertyFile, type AntContext, type AntInvocation } from '../adapters/ant.js';
import { listMysqlTables } from '../adapters/database/pmf-tables.js';
import { declaredApplications, protectServerXml } from '../adapters/server-xml.js';
import { fixedBy, StepFailure } from '../engine/errors.js';
import type { StepContext } from '../engine/step.js';
import { temporaryDirOf } from '../engine/temporary-files.js';
import { antFixes } from './ant-fixes.js';
import { antSecrets, type AntSetup, type NodeAntFile } from './ant.js';
import { answersOf } from './answers.js';
import { databaseOf } from './database.js';
import { serverDirOf, type PmfApp } from './nodes.js';

/** The tables each component creates (pmf.md section 6), and the version table of each. */
export const PMF_TABLES = {
  admin: ['ADMIN_NODE', 'AUDIT_TRAIL', 'CONFIG_LINKS', 'FARM_CONFIG', 'GLOBAL_CONFIG', 'PROJECT', 'PROJECT_LOCK', 'TRANSACTIONS', 'MFPADMIN_VERSION'],
  liveUpdate: ['CS_SCHEMAS', 'CS_CONFIGURATIONS', 'CS_TAGS', 'CS_ATTACHMENTS', 'CS_VERSION'],
  runtime: ['LICENSE_TERMS', 'ADDRESSABLE_DEVICE', 'MFP_PERSISTENT_DATA', 'MFP_PERSISTENT_CUSTOM_ATTR', 'MFP_TRANSIENT_DATA', 'SERVER_VERSION'],
  push: ['PUSH_APPS', 'PUSH_ENV', 'PUSH_TAGS', 'PUSH_DEVICES', 'PUSH_SUBSCRIPTIONS', 'PUSH_MESSAGES', 'PUSH_MESSAGE_SEQUENCE_TABLE', 'PUSH_VERSION'],
} as const;
export const ALL_PMF_TABLES: string[] = Object.values(PMF_TABLES).flat();
const VERSION_TABLES = ['MFPADMIN_VERSION', 'CS_VERSION', 'SERVER_VERSION', 'PUSH_VERSION'];

export interface TablesState {
  /** undefined: this DBMS cannot be checked from here. */
  ready: boolean | undefined;
  detail: string;
  count?: number;
  versions?: Record<string, string | undefined>;
}

async function mysqlTablesState(ctx: Pick<StepContext, 'answers'>): Promise<TablesState> {
  const { target } = databaseOf(ctx);
  const where = `${target.name} on ${target.host}:${target.port}`;
  let listing;
  try {
    listing = await listMysqlTables(target, VERSION_TABLES);
  } catch (error) {
    return { ready: false, detail: `cannot read the tables of ${where} as ${target.user}: ${(error as { code?: string }).code ?? (error as Error).message}` };
  }
  const { present, versions } = listing;
  const missing = ALL_PMF_TABLES.filter((table) => !present.has(table));
  const emptyVersions = VERSION_TABLES.filter((table) => present.has(table) && versions[table] === undefined);
  const ready = missing.length === 0 && emptyVersions.length === 0;
  const count = ALL_PMF_TABLES.length - missing.length;
  const versionText = [...new Set(Object.values(versions).filter(Boolean))].join(', ');
  const detail = ready
    ? `${count} PMF tables in ${where} (version ${versionText})`
    : missing.length === ALL_PMF_TABLES.length
      ? `no PMF tables in ${where} yet`
      : `${target.name} lacks ${missing.length ? `${missing.length} PMF tables (${missing.slice(0, 3).join(', ')}…)` : `version rows in ${emptyVersions.join(', ')}`}`;
  return { ready, count, versions, detail };
}

/** Where Derby keeps the PMF database (the data directory and the database's name); undefined for a server DBMS. */
export function derbyDatabaseDir(ctx: Pick<StepContext, 'answers'>): string | undefined {
  const db = databaseOf(ctx);
  return db.target.type === 'derby' ? path.join(db.dataDir ?? '', db.target.name) : undefined;
}

/** The PMF tables in the database: MySQL through mysql2, Derby by its files. */
export async function tablesState(ctx: Pick<StepContext, 'answers'>): Promise<TablesState> {
  const db = databaseOf(ctx);
  const { target } = db;
  if (target.type === 'derby') {
    const dir = derbyDatabaseDir(ctx)!;
    const exists = fs.existsSync(path.join(dir, 'service.properties')) && fs.existsSync(path.join(dir, 'seg0'));
    // Files alone do not prove the tables are complete: an existing database counts as ready only
    // together with a finished install (Ant's databases target is idempotent when run again).
    return { ready: exists ? undefined : false, detail: exists ? `the Derby database ${dir} exists` : `no Derby database in ${dir} yet` };
  }
  if (target.type === 'mysql') return mysqlTablesState(ctx);
  return { ready: undefined, detail: `the ${target.type.toUpperCase()} tables are not checked from here (no ${target.type} table adapter): Ant's databases target checks and completes them` };
}

export interface ServerXmlState {
  ready: boolean;
  detail: string;
  hash?: string;
}

/** The PMF applications declared in server.xml with their context roots, and the install backup next to it. */
export function serverXmlState(serverXml: string, apps: PmfApp[]): ServerXmlState {
  let text: string;
  try {
    text = fs.readFileSync(serverXml, 'utf8');
  } catch {
    return { ready: false, detail: `${serverXml} does not exist` };
  }
  const hash = crypto.createHash('sha256').update(text).digest('hex');
  const declared = declaredApplications(text);
  const missing = apps.filter((app) => !declared.some((d) => (d.id === app.name || d.name === app.name) && d.contextRoot === app.contextRoot));
  const backup = fs.existsSync(`${serverXml}.bak`);
  if (missing.length === 0 && backup) return { ready: true, hash, detail: `server.xml declares the ${apps.length} PMF applications and server.xml.bak exists` };
  return {
    ready: false,
    hash,
    detail: [missing.length ? `server.xml lacks ${missing.map((app) => `${app.name} (${app.contextRoot})`).join(', ')}` : '', backup ? '' : 'no server.xml.bak (PMF install never ran)']
      .filter(Boolean)
      .join('; '),
  };
}

function antContext(ctx: Pick<StepContext, 'answers'>, setup: AntSetup, node: string): AntContext {
  const db = databaseOf(ctx);
  return {
    dbType: db.target.type,
    dbName: db.target.name,
    host: db.target.host,
    port: db.target.port,
    user: db.target.user,
    driverDir: db.driverDir,
    dataDir: db.dataDir,
    serverName: node,
    libertyInstallDir: answersOf(ctx).liberty.installDir,
    pmfInstallDir: setup.pmfInstallDir,
  };
}

export function antInvocation(setup: AntSetup, entry: NodeAntFile, target: string, propertyFile?: string): AntInvocation {
  return { antPath: setup.antPath ?? 'ant', buildFile: entry.file, target, propertyFile, javaHome: setup.javaHome };
}

/** The secrets file of an Ant run as a plan shows it (its real name is made when Ant runs). */
export function plannedSecretsFile(stateDir: string): string {
  return propertyFileIn(temporaryDirOf(stateDir), '<pid>-<random>');
}

/** The Ant command line a plan shows for one node and target. */
export function plannedAntCommand(ctx: Pick<StepContext, 'stateDir'>, setup: AntSetup, entry: NodeAntFile, target: 'databases' | 'install'): string[] {
  const spec = antSpec(antInvocation(setup, entry, target, plannedSecretsFile(ctx.stateDir)));
  return [spec.command, ...spec.args];
}

/** Before Ant runs (steps 4 and 5): an Ant to run, and the copy of the properties of each node it runs for. */
export function requireAntFiles(setup: AntSetup, entries: NodeAntFile[]): void {
  if (!setup.antPath) throw new StepFailure(`No Ant found in ${setup.pmfInstallDir}/tools/apache-ant-*/bin/ant`, 'Set pmf.antPath to an Ant 1.9 or later, then run pmf-wizard --resume.');
  const missing = entries.find((entry) => !fs.existsSync(entry.file));
  if (missing) {
    const written = entries.length > 1 ? 'one copy per node' : 'it';
    throw new StepFailure(`The Ant file ${missing.file} does not exist`, `Run pmf-wizard --resume: the ant-properties step writes ${written} first.`);
  }
}

/**
 * One Ant run on one node's copy of the properties, the secrets in a 0600 property file of the
 * run's 0700 temporary directory that exists only while Ant runs. Steps 4 and 5 both install this
 * way. `label` prefixes the progress lines when several nodes report at once. After `install`,
 * the server.xml Ant wrote and its backups (passwords in them) are made 0600.
 */
export async function runNodeAnt(ctx: StepContext, setup: AntSetup, entry: NodeAntFile, targetName: 'databases' | 'install', label = ''): Promise<string> {
  const secrets = antSecrets(ctx);
  for (const value of Object.values(secrets)) ctx.addSecret(value);
  const dir = temporaryDirOf(ctx.stateDir);
  const output = await withPropertyFile(dir, secrets, async (propertyFile) => {
    const run = antInvocation(setup, entry, targetName, propertyFile);
    const spec = antSpec(run);
    ctx.report(`${label}Running ${[spec.command, ...spec.args].join(' ')} (the secrets are in that 0600 file until Ant ends)`);
    const on = antContext(ctx, setup, entry.node.name);
    const result = await fixedBy(runAnt(ctx.runner, run, on), antFixes(run, on));
    for (const line of describeProgress(result.progress)) ctx.report(`${label}${line}`);
    for (const warning of [...new Set(antWarnings(result.output))]) ctx.report(`${label}Warning from Ant: ${warning}`);
    return result.output;
  });
  if (targetName === 'install') {
    const files = protectServerXml(serverDirOf(answersOf(ctx).liberty, entry.node.name));
    if (files.length) ctx.report(`${label}Made ${files.join(', ')} mode 0600: they hold the passwords Ant wrote`);
  }
  return output;
}
