/**
 * Step 2: the database PMF keeps its tables in, and a user that can create and use them.
 * Either the wizard creates them with the DBMS admin's credentials (mode "create"), or it
 * writes the exact script for a DBA, pauses, and on --resume checks that what the DBA did
 * is enough (mode "dba"). Derby needs no server: only a writable data directory, one node.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import * as db2 from '../../source/adapters/database/db2.js';
import * as derby from '../../source/adapters/database/derby.js';
import { checkDriver, driverRequirement } from '../../source/adapters/database/driver.js';
import * as mysqlDb from '../../source/adapters/database/mysql.js';
import * as oracle from '../../source/adapters/database/oracle.js';
import {
  creationStatements,
  dbaCommand,
  dbaScript,
  dbaScriptName,
  probeStatements,
  render,
  type CreateOutcome,
  type Credentials,
  type DbIo,
  type DbTarget,
  type Dbms,
  type VerifyOutcome,
} from '../../source/adapters/database/sql.js';
import { PauseRun, StepFailure, type FieldProblem } from '../../source/engine/errors.js';
import type { PlannedAction } from '../../source/engine/events.js';
import { getAt, type PartialAnswers, type Question } from '../../source/engine/questions.js';
import type { DoneCheck, Step, StepContext, StepOutputs } from '../../source/engine/step.js';
import type { Answers } from '../../source/engine/types.js';

export const DBMS_TYPES = ['mysql', 'db2', 'oracle', 'derby'] as const;
export type DatabaseMode = 'create' | 'dba';

const DEFAULT_PORT: Record<Exclude<Dbms, 'derby'>, number> = { mysql: 3306, db2: 50000, oracle: 1521 };
const DEFAULT_ADMIN: Record<Exclude<Dbms, 'derby'>, string> = { mysql: 'root', db2: 'db2inst1', oracle: 'SYSTEM' };

// ---------------------------------------------------------------------------------------
// Reading the answers (the same functions serve `when`, defaults and the run)

function db(answers: PartialAnswers): Record<string, unknown> {
  const value = answers.database;
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function typeOf(answers: PartialAnswers): Dbms | undefined {
  const type = db(answers).type;
  return typeof type === 'string' && (DBMS_TYPES as readonly string[]).includes(type) ? (type as Dbms) : undefined;
}

const isServer = (a: PartialAnswers) => {
  const type = typeOf(a);
  return type !== undefined && type !== 'derby';
};

/** The mode as given, else `create` when the admin's credentials are given, else `dba`. */
export function modeOf(answers: PartialAnswers): DatabaseMode {
  const mode = db(answers).mode;
  if (mode === 'create' || mode === 'dba') return mode;
  return getAt(answers, 'database.admin.password') !== undefined ? 'create' : 'dba';
}


function defaultDriverDir(answers: PartialAnswers): string | undefined {
  switch (typeOf(answers)) {
    case 'mysql':
    case 'derby':
      return '/usr/share/java';
    case 'db2':
      return path.join(os.homedir(), 'sqllib', 'java');
    case 'oracle':
      return process.env.ORACLE_HOME ? path.join(process.env.ORACLE_HOME, 'jdbc', 'lib') : undefined;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------
// Questions: one per answers-file key

const identifier = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,29}$/, 'Use a letter then letters, digits or _ (at most 30 characters)');
const password = z.string().min(3, 'At least 3 characters (a shorter one could not be masked in the logs)').max(128, 'At most 128 characters');
const hostName = z
  .string()
  .min(1, 'Must not be empty')
  .regex(/^[A-Za-z0-9.:_-]+$/, 'A host name or an IP address');
const dirPath = z.string().min(1, 'Must not be empty');

export const databaseQuestions: Question[] = [
  {
    path: 'database.type',
    kind: 'select',
    schema: z.enum(DBMS_TYPES),
    prompt: 'Which database management system will PMF use?',
    help: 'mysql, db2 or oracle for a farm; derby (embedded) only for a single node.',
    fix: 'Use one of: mysql, db2, oracle, derby.',
    choices: [
      { value: 'mysql', label: 'MySQL / MariaDB' },
      { value: 'db2', label: 'IBM DB2' },
      { value: 'oracle', label: 'Oracle' },
      { value: 'derby', label: 'Derby (embedded, single node only)' },
    ],
  },
  {
    path: 'database.host',
    kind: 'text',
    schema: hostName,
    prompt: 'Database server host',
    help: 'Host name or IP of the DBMS, as the Liberty servers will reach it (localhost when on this machine).',
    default: 'localhost',
    when: isServer,
  },
  {
    path: 'database.port',
    kind: 'port',
    schema: z.number().int().min(1).max(65535),
    prompt: 'Database server port',
    help: 'MySQL 3306, DB2 50000, Oracle 1521 by default.',
    fix: 'A port number from 1 to 65535.',
    default: (a: PartialAnswers) => DEFAULT_PORT[typeOf(a) as Exclude<Dbms, 'derby'>] ?? 3306,
    when: isServer,
  },
  {
    path: 'database.name',
    kind: 'text',
    schema: identifier,
    prompt: 'Database name (Oracle: service name)',
    help: 'The database PMF keeps its tables in; for Oracle, the service name of the existing database.',
    default: (a: PartialAnswers) => (typeOf(a) === 'oracle' ? 'ORCL' : 'MFPDATA'),
  },
  {
    path: 'database.schema',
    kind: 'text',
    schema: z.string().regex(/^([A-Za-z][A-Za-z0-9_]{0,29})?$/, 'A schema name, or empty for the user’s default schema'),
    prompt: 'DB2 schema of the PMF tables',
    help: 'Usually the database name; empty when the user may not create a schema (it then uses its own).',
    default: (a: PartialAnswers) => (typeof db(a).name === 'string' ? (db(a).name as string).toUpperCase() : 'MFPDATA'),
    when: (a: PartialAnswers) => typeOf(a) === 'db2',
  },
  {
    path: 'database.user',
    kind: 'text',
    schema: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,29}$/, 'Use a letter then letters, digits or _ (at most 30 characters)'),
    prompt: 'Database user PMF creates and uses its tables with',
    help: 'Created by the wizard or the DBA (DB2: an operating-system user of the DB2 server; Oracle: upper case).',
    default: (a: PartialAnswers) => (typeOf(a) === 'oracle' ? 'MFPUSER' : 'mfpuser'),
    when: isServer,
  },
  {
    path: 'database.password',
    kind: 'password',
    schema: password,
    prompt: 'Password of that database user',
    help: 'Give it as {"env": "NAME"} or {"file": "PATH"} in an answers file; it is never written to the state dir.',
    secret: true,
    when: isServer,
  },
  {
    path: 'database.clientHost',
    kind: 'text',
    schema: z.string().regex(/^[A-Za-z0-9.%_:-]+$/, "A host, an IP, or a pattern such as '%' or '10.0.0.%'"),
    prompt: 'MySQL account host of the PMF user',
    help: "The host the Liberty servers connect from ('%' = any); the account 'localhost' is made as well.",
    default: '%',
    when: (a: PartialAnswers) => typeOf(a) === 'mysql',
  },
  {
    path: 'database.tablespace',
    kind: 'text',
    schema: z.string().regex(/^[A-Z][A-Z0-9_$#]{0,29}$/, 'An upper-case tablespace name, such as USERS'),
    prompt: 'Oracle default tablespace of the PMF user',
    help: 'The user gets an unlimited quota on it (the reference uses USERS).',
    default: 'USERS',
    when: (a: PartialAnswers) => typeOf(a) === 'oracle',
  },
  {
    path: 'database.driverDir',
    kind: 'path',
    schema: dirPath,
    prompt: 'Directory of the JDBC driver',
    help: 'DB2: db2jcc4.jar + db2jcc_license_cu.jar; MySQL: Connector/J or mariadb-java-client; Oracle: ojdbc*.jar; Derby: derby.jar.',
    default: defaultDriverDir,
  },
  {
    path: 'database.dataDir',
    kind: 'path',
    schema: dirPath,
    prompt: 'Directory where Derby creates the database',
    help: 'Created when missing; it must be writable by the user running Liberty.',
    default: () => path.join(os.homedir(), 'pmf-derby'),
    when: (a: PartialAnswers) => typeOf(a) === 'derby',
  },
  {
    path: 'database.db2Path',
    kind: 'path',
    schema: dirPath,
    prompt: 'Path of the DB2 command line processor (db2)',
    help: 'Default: db2 on PATH, else ~/sqllib/bin/db2. Not needed when the ibm_db package is installed for checks.',
    when: (a: PartialAnswers) => typeOf(a) === 'db2',
    optional: true,
  },
  {
    path: 'database.sqlplusPath',
    kind: 'path',
    schema: dirPath,
    prompt: 'Path of sqlplus',
    help: 'Default: sqlplus on PATH, else $ORACLE_HOME/bin/sqlplus.',
    when: (a: PartialAnswers) => typeOf(a) === 'oracle',
    optional: true,
  },
  {
    path: 'database.admin.password',
    kind: 'password',
    schema: password,
    prompt: 'Password of the DBMS admin user (leave empty when a DBA creates the database)',
    help: 'Given: the wizard creates the database and user (mode create); used for this step only, never stored.',
    secret: true,
    when: isServer,
    optional: true,
  },
  {
    path: 'database.admin.user',
    kind: 'text',
    schema: z.string().regex(/^[A-Za-z][A-Za-z0-9_.$#-]{0,63}$/, 'A user name'),
    prompt: 'DBMS admin user',
    help: 'MySQL: root or a user with CREATE, CREATE USER, GRANT OPTION; DB2: the instance owner (SYSADM); Oracle: SYSTEM.',
    default: (a: PartialAnswers) => DEFAULT_ADMIN[typeOf(a) as Exclude<Dbms, 'derby'>] ?? 'root',
    when: (a: PartialAnswers) => isServer(a) && getAt(a, 'database.admin.password') !== undefined,
  },
  {
    path: 'database.mode',
    kind: 'select',
    schema: z.enum(['create', 'dba']),
    prompt: 'Who creates the database and the PMF user?',
    help: 'create: the wizard, with the DBMS admin credentials; dba: the wizard writes the script for your DBA, then checks.',
    fix: 'Use create (and give database.admin) or dba.',
    default: (a: PartialAnswers) => modeOf(a),
    when: isServer,
    choices: [
      { value: 'create', label: 'The wizard (I have the DBMS admin credentials)' },
      { value: 'dba', label: 'My DBA (write the script, then check)' },
    ],
  },
  {
    path: 'database.db2Instance',
    kind: 'text',
    schema: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,7}$/, 'A DB2 instance name (at most 8 characters), such as db2inst1'),
    prompt: 'DB2 instance to attach to for CREATE DATABASE',
    help: 'The instance (or catalogued node) the admin user owns; usually db2inst1.',
    default: (a: PartialAnswers) => {
      const admin = getAt(a, 'database.admin.user');
      return typeof admin === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,7}$/.test(admin) ? admin : 'db2inst1';
    },
    when: (a: PartialAnswers) => typeOf(a) === 'db2' && modeOf(a) === 'create',
  },
];

// ---------------------------------------------------------------------------------------
// Cross-field checks (offline)

/** A password the statements of this DBMS cannot carry, or undefined. */
function passwordProblem(type: Dbms, value: string, who: string): string | undefined {
  if (type === 'oracle' && /["\n\r]/.test(value)) return `An Oracle password (${who}) cannot contain a double quote or a line break`;
  if (type === 'db2' && /[\s;'"]/.test(value)) return `A DB2 password (${who}) given to the command line processor cannot contain spaces, quotes or ;`;
  if (type === 'mysql' && /[\n\r]/.test(value)) return `The password (${who}) cannot contain a line break`;
  return undefined;
}

export function validateDatabase(answers: PartialAnswers): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const type = typeOf(answers);
  if (!type) return problems;
  const d = db(answers);
  const nodes = Array.isArray(answers.nodes) ? answers.nodes : [];
  if (type === 'derby' && nodes.length > 1) {
    problems.push({
      path: 'database.type',
      message: `Derby cannot be used for a farm of ${nodes.length} nodes: the Derby database cannot be accessed by multiple Liberty servers`,
      fix: 'Use mysql, db2 or oracle for a farm, or keep a single entry in nodes.',
    });
  }
  const name = typeof d.name === 'string' ? d.name : undefined;
  if (type === 'db2' && name && name.length > 8) {
    problems.push({ path: 'database.name', message: `DB2 database names have at most 8 characters; "${name}" has ${name.length}`, fix: 'Use a name such as MFPDATA.' });
  }
  const user = typeof d.user === 'string' ? d.user : undefined;
  if (type === 'oracle' && user && user !== user.toUpperCase()) {
    problems.push({
      path: 'database.user',
      message: `Oracle user names are case-sensitive for PMF: "${user}" would be created as ${user.toUpperCase()}`,
      fix: `Write it in upper case: ${user.toUpperCase()}.`,
    });
  }
  if (type === 'db2' && user && user.length > 30) {
    problems.push({ path: 'database.user', message: 'A DB2 user is an operating-system user: at most 30 characters', fix: 'Use a shorter name, such as mfpuser.' });
  }
  if (type === 'mysql' && user && user.length > 32) {
    problems.push({ path: 'database.user', message: 'MySQL user names have at most 32 characters', fix: 'Use a shorter name, such as mfpuser.' });
  }
  for (const [key, who] of [
    ['database.password', 'database.password'],
    ['database.admin.password', 'database.admin.password'],
  ] as const) {
    const value = getAt(answers, key);
    if (typeof value !== 'string') continue;
    const problem = passwordProblem(type, value, who);
    if (problem) problems.push({ path: key, message: problem, fix: 'Choose a password without those characters.' });
  }
  if (type !== 'derby' && d.mode === 'create' && typeof getAt(answers, 'database.admin.password') !== 'string') {
    problems.push({
      path: 'database.admin.password',
      message: 'mode "create" needs the DBMS admin credentials',
      fix: 'Give database.admin.user and database.admin.password, or use "mode": "dba" to hand the script to your DBA.',
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// The resolved target

interface Resolved {
  target: DbTarget;
  mode: DatabaseMode;
  admin?: Credentials;
  driverDir: string;
  dataDir?: string;
  db2Path?: string;
  db2Instance: string;
  sqlplusPath?: string;
}

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

export function resolve(answers: Answers): Resolved {
  const a = answers as unknown as PartialAnswers;
  const d = db(a);
  const type = typeOf(a);
  if (!type) throw new StepFailure('database.type is not set', 'Set database.type to mysql, db2, oracle or derby.');
  const name = str(d.name, type === 'oracle' ? 'ORCL' : 'MFPDATA');
  const clientHost = str(d.clientHost, '%');
  const target: DbTarget = {
    type,
    host: str(d.host, 'localhost'),
    port: typeof d.port === 'number' ? d.port : type === 'derby' ? 0 : DEFAULT_PORT[type],
    name,
    schema: typeof d.schema === 'string' ? d.schema : type === 'db2' ? name.toUpperCase() : '',
    user: str(d.user, type === 'oracle' ? 'MFPUSER' : 'mfpuser'),
    password: typeof d.password === 'string' ? d.password : '',
    accountHosts: [...new Set([clientHost, 'localhost'])],
    tablespace: str(d.tablespace, 'USERS'),
  };
  const adminUser = getAt(a, 'database.admin.user');
  const adminPassword = getAt(a, 'database.admin.password');
  const mode = modeOf(a);
  const admin =
    mode === 'create' && type !== 'derby'
      ? { user: str(adminUser, DEFAULT_ADMIN[type]), password: typeof adminPassword === 'string' ? adminPassword : '' }
      : undefined;
  return {
    target,
    mode,
    admin,
    driverDir: str(d.driverDir, defaultDriverDir(a) ?? ''),
    dataDir: type === 'derby' ? str(d.dataDir, path.join(os.homedir(), 'pmf-derby')) : undefined,
    db2Path: typeof d.db2Path === 'string' ? d.db2Path : undefined,
    db2Instance: str(d.db2Instance, admin && /^[A-Za-z][A-Za-z0-9_]{0,7}$/.test(admin.user) ? admin.user : 'db2inst1'),
    sqlplusPath: typeof d.sqlplusPath === 'string' ? d.sqlplusPath : undefined,
  };
}

function jdbcUrl(r: Resolved): string {
  const { target } = r;
  switch (target.type) {
    case 'mysql':
      return `jdbc:mysql://${target.host}:${target.port}/${target.name}`;
    case 'db2':
      return `jdbc:db2://${target.host}:${target.port}/${target.name}`;
    case 'oracle':
      return `jdbc:oracle:thin:@//${target.host}:${target.port}/${target.name}`;
    case 'derby':
      return `jdbc:derby:${path.join(r.dataDir ?? '', target.name)};create=true`;
  }
}

// ---------------------------------------------------------------------------------------
// The DBMS adapters behind one face

interface Backend {
  create(admin: Credentials): Promise<CreateOutcome>;
  verify(): Promise<VerifyOutcome>;
  /** A line on how the wizard talks to the DBMS (for plan and reports). */
  via: string;
}

/** Contexts already told how DB2 is reached: said once per run, not at every check. */
const noted = new WeakSet<StepContext>();

async function backendFor(ctx: StepContext, r: Resolved): Promise<Backend> {
  const io: DbIo = { log: (line) => ctx.log.write(line) };
  const { target } = r;
  switch (target.type) {
    case 'mysql':
      return {
        via: `mysql2 to ${target.host}:${target.port}`,
        create: (admin) => mysqlDb.createDatabase(target, admin, io),
        verify: () => mysqlDb.verifyUser(target, io),
      };
    case 'db2': {
      const ibmDb = await db2.loadIbmDb();
      const clp = db2.resolveClp(r.db2Path);
      const options: db2.Db2Options = { runner: ctx.runner, clp, instance: r.db2Instance, io, ibmDb };
      const first = !noted.has(ctx);
      noted.add(ctx);
      if (!ibmDb && first) {
        ctx.report(`ibm_db is not installed (to use it: npm install ibm_db); using the DB2 command line processor ${clp ?? '(not found)'}`);
      }
      if (!ibmDb && first && !isLocalHost(target.host)) {
        ctx.report(
          `The DB2 command line processor uses its database directory, not database.host: ${target.name} must be catalogued there for ${target.host}:${target.port} ` +
            `(db2 CATALOG TCPIP NODE ...; db2 CATALOG DATABASE ${target.name} AT NODE ...), or run the wizard on the DB2 server, or install ibm_db.`,
        );
      }
      return {
        via: ibmDb ? `ibm_db to ${target.host}:${target.port} (and the CLP ${clp ?? 'db2'} for CREATE DATABASE)` : `the DB2 command line processor ${clp ?? 'db2'}`,
        create: (admin) => db2.createDatabase(target, admin, options),
        verify: () => db2.verifyUser(target, options),
      };
    }
    case 'oracle': {
      const sqlplus = oracle.resolveSqlplus(r.sqlplusPath);
      const options: oracle.OracleOptions = { runner: ctx.runner, sqlplus, io };
      return {
        via: `${sqlplus ?? 'sqlplus'} to //${target.host}:${target.port}/${target.name}`,
        create: (admin) => oracle.createDatabase(target, admin, options),
        verify: () => oracle.verifyUser(target, options),
      };
    }
    case 'derby':
      throw new Error('Derby has no server backend');
  }
}

function isLocalHost(host: string): boolean {
  return ['localhost', '127.0.0.1', '::1', os.hostname()].includes(host);
}

function registerSecrets(ctx: StepContext, r: Resolved): void {
  for (const value of [r.target.password, r.admin?.password]) {
    if (!value) continue;
    ctx.addSecret(value);
    // The forms the statements carry (a MySQL literal doubles ' and \).
    const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "''");
    if (escaped !== value) ctx.addSecret(escaped);
  }
}

function dbaScriptPath(ctx: StepContext, r: Resolved): string {
  return path.join(ctx.stateDir, 'dba', dbaScriptName(r.target));
}

function missingList(missing: string[]): string {
  return missing.map((item) => `  - ${item}`).join('\n');
}

// ---------------------------------------------------------------------------------------
// The step

async function isDone(ctx: StepContext): Promise<DoneCheck> {
  const r = resolve(ctx.answers);
  registerSecrets(ctx, r);
  const driver = checkDriver(r.target.type, r.driverDir);
  if (r.target.type === 'derby') {
    const dir = derby.checkDataDir(r.dataDir as string);
    return { done: driver.ok && dir.ok, detail: `${driver.detail}; ${dir.detail}` };
  }
  try {
    const backend = await backendFor(ctx, r);
    const outcome = await backend.verify();
    const done = driver.ok && outcome.missing.length === 0;
    return { done, detail: `${outcome.detail}; ${driver.detail}` };
  } catch (error) {
    return { done: false, detail: `${(error as Error).message}; ${driver.detail}` };
  }
}

async function plan(ctx: StepContext): Promise<PlannedAction[]> {
  const r = resolve(ctx.answers);
  registerSecrets(ctx, r);
  const { target } = r;
  const actions: PlannedAction[] = [
    { summary: `Check the JDBC driver in ${r.driverDir}: ${driverRequirement(target.type)}` },
  ];
  if (target.type === 'derby') {
    actions.push({
      summary: `Create the Derby data directory ${r.dataDir} (if missing) and check that it is writable; the PMF Ant task creates the database ${target.name} in it`,
      file: r.dataDir,
    });
    return actions;
  }
  const probe = probeStatements(target);
  const probeSql = [probe.create, probe.insert, probe.select, probe.drop].map((sql) => `${sql};`).join('\n');
  if (r.mode === 'create') {
    const backend = await backendFor(ctx, r);
    const admin = r.admin as Credentials;
    const shown = creationStatements(target).map((statement) => `${render(statement, 'show')};`);
    if (target.type === 'db2') {
      shown.unshift(`ATTACH TO ${r.db2Instance} USER ${admin.user} USING ****;`);
      shown.splice(2, 0, 'DETACH;');
      shown[3] = `CONNECT TO ${target.name.toUpperCase()} USER ${admin.user} USING ****;`;
    }
    if (target.type === 'oracle') shown.unshift(`CONNECT ${admin.user}/****@//${target.host}:${target.port}/${target.name}`);
    actions.push({
      summary: `As ${admin.user}, through ${backend.via}: create what is missing of the database ${target.name}, the user ${target.user} and its grants (what exists is kept)`,
      detail: shown.join('\n'),
    });
  } else {
    const file = dbaScriptPath(ctx, r);
    actions.push({
      summary: `Write the DBA script ${file}, then pause until the DBA has run it: ${dbaCommand(target, file)}`,
      file,
      detail: dbaScript(target, file),
    });
  }
  actions.push({
    summary: `As ${target.user}: connect to ${target.name} and create, use and drop a table`,
    detail: probeSql,
  });
  return actions;
}

async function run(ctx: StepContext): Promise<StepOutputs> {
  const r = resolve(ctx.answers);
  registerSecrets(ctx, r);
  const { target } = r;

  const driver = checkDriver(target.type, r.driverDir);
  if (!driver.ok) throw new StepFailure(`JDBC driver missing: ${driver.detail}`, driver.fix);
  ctx.report(driver.detail);

  const outputs: StepOutputs = {
    type: target.type,
    name: target.name,
    driverDir: r.driverDir,
    driverJars: driver.found,
    jdbcUrl: jdbcUrl(r),
  };

  if (target.type === 'derby') {
    const dataDir = r.dataDir as string;
    const made = derby.prepareDataDir(dataDir);
    ctx.report(made.created ? `Created the Derby data directory ${dataDir}` : `Derby data directory ${dataDir} exists and is writable: nothing to change`);
    return { ...outputs, dataDir };
  }
  Object.assign(outputs, { host: target.host, port: target.port, user: target.user, schema: target.schema, mode: r.mode });

  const backend = await backendFor(ctx, r);
  if (r.mode === 'create') {
    ctx.report(`Creating what is missing of database ${target.name} and user ${target.user} as ${r.admin?.user}`);
    const outcome = await backend.create(r.admin as Credentials);
    for (const warning of outcome.warnings) ctx.report(`Warning: ${warning}`);
    if (outcome.changed.length === 0) {
      ctx.report(`Nothing to change: ${outcome.unchanged.join(', ')} already in place`);
    } else {
      for (const change of outcome.changed) ctx.report(change.charAt(0).toUpperCase() + change.slice(1));
    }
    const check = await backend.verify();
    for (const warning of check.warnings) if (!outcome.warnings.includes(warning)) ctx.report(`Warning: ${warning}`);
    if (check.missing.length) {
      throw new StepFailure(
        `The database was set up, but ${target.user} still cannot use it:\n${missingList(check.missing)}`,
        fixFor(target, check.missing),
      );
    }
    ctx.report(check.detail);
    return { ...outputs, changed: outcome.changed, unchanged: outcome.unchanged };
  }

  // DBA hand-off: the script first; on the next run, verify what the DBA did.
  const file = dbaScriptPath(ctx, r);
  const script = dbaScript(target, file);
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (existing === script) {
    ctx.report(`Checking what the DBA did with ${file}`);
    const check = await backend.verify();
    for (const warning of check.warnings) ctx.report(`Warning: ${warning}`);
    if (check.missing.length) {
      throw new StepFailure(
        `The database is not ready for PMF yet; missing:\n${missingList(check.missing)}`,
        `Ask your DBA to run ${file} (${dbaCommand(target, file)}) or to fix the items above, then run pmf-wizard --resume again.`,
      );
    }
    ctx.report(check.detail);
    return { ...outputs, dbaScript: file };
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // No password in it (a placeholder for the PMF user's), so the DBA may read it.
  fs.writeFileSync(file, script, { mode: 0o644 });
  fs.chmodSync(file, 0o644);
  const placeholderNote =
    target.type === 'db2'
      ? `DB2 users are operating-system users: ${target.user} must exist on the DB2 server with the password you gave as database.password.`
      : `The script holds no password: the DBA replaces <PMF_USER_PASSWORD> with the password you gave as database.password.`;
  throw new PauseRun(
    `Waiting for the DBA: the script to create database ${target.name} and user ${target.user} is in ${file}`,
    [
      `1. Give ${file} to your ${target.type.toUpperCase()} DBA. ${placeholderNote}`,
      `2. The DBA runs: ${dbaCommand(target, file)}`,
      `3. Then continue with: pmf-wizard --resume (with the same --answers and --state as this run). The wizard checks that ${target.user} can connect to ${target.name} and create a table, and lists anything still missing.`,
    ].join('\n'),
  );
}

function fixFor(target: DbTarget, missing: string[]): string {
  const text = missing.join(' ');
  if (/cannot log in/.test(text) && target.type === 'db2') {
    return `Create the operating-system user ${target.user} on the DB2 server with the password given as database.password (useradd ${target.user}; passwd ${target.user}), then run again.`;
  }
  if (/cannot log in/.test(text)) return `Check database.user and database.password against the DBMS, then run again.`;
  return `Grant what is listed to ${target.user} as the DBMS admin, then run again.`;
}

export const createDatabaseStep: Step = {
  id: 'create-database',
  title: 'Create the database',
  questions: databaseQuestions,
  validate: validateDatabase,
  async preflight(ctx) {
    const r = resolve(ctx.answers);
    const problems: FieldProblem[] = [];
    const driver = checkDriver(r.target.type, r.driverDir);
    if (!driver.ok) problems.push({ path: 'database.driverDir', message: driver.detail, fix: driver.fix });
    if (r.target.type === 'derby') {
      const dir = derby.checkDataDir(r.dataDir as string, { allowMissing: true });
      if (!dir.ok) problems.push({ path: 'database.dataDir', message: dir.detail, fix: dir.fix });
    }
    return problems;
  },
  isDone,
  plan,
  run,
};
