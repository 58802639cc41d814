import os from 'node:os';
import path from 'node:path';
import type { Credentials, DbTarget, Dbms } from '../adapters/database/sql.js';
import { findDriverDir } from '../adapters/discover.js';
import { getAt, type PartialAnswers } from '../engine/questions.js';
import { databaseAnswersOf, DBMS_TYPES, type DatabaseAnswers } from './answers.js';

export type DatabaseMode = 'create' | 'dba';

export const DEFAULT_PORT: Record<Exclude<Dbms, 'derby'>, number> = { mysql: 3306, db2: 50000, oracle: 1521 };
export const DEFAULT_ADMIN: Record<Exclude<Dbms, 'derby'>, string> = { mysql: 'root', db2: 'db2inst1', oracle: 'SYSTEM' };

/** The database PMF uses, as every step sees it: the target, who creates it, and where its files are. */
export interface DatabaseSetup {
  target: DbTarget;
  mode: DatabaseMode;
  admin?: Credentials;
  driverDir: string;
  dataDir?: string;
  db2Path?: string;
  /** DB2, mode create: the instance the admin attaches to ('' otherwise). */
  db2Instance: string;
  sqlplusPath?: string;
}

// The answers as they are being gathered: the questions' `when` and defaults read them.

function databaseAnswers(answers: PartialAnswers): Record<string, unknown> {
  const value = answers.database;
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

export function dbmsOf(answers: PartialAnswers): Dbms | undefined {
  const type = databaseAnswers(answers).type;
  return DBMS_TYPES.find((known) => known === type);
}

export const isServerDbms = (answers: PartialAnswers): boolean => {
  const type = dbmsOf(answers);
  return type !== undefined && type !== 'derby';
};

/** The mode as answered, or undefined (an answers file may leave it out). */
export function givenMode(answers: PartialAnswers): DatabaseMode | undefined {
  const mode = databaseAnswers(answers).mode;
  return mode === 'create' || mode === 'dba' ? mode : undefined;
}

/**
 * The mode as given, else (an answers file without it, as before the question was asked first)
 * `create` when the admin's password is given, else `dba`.
 */
export function modeOf(answers: PartialAnswers): DatabaseMode {
  return givenMode(answers) ?? (getAt(answers, 'database.admin.password') !== undefined ? 'create' : 'dba');
}

/** The directory of this DBMS's JDBC driver when it is found on this machine. */
export function foundDriverDir(answers: PartialAnswers): string | undefined {
  const type = dbmsOf(answers);
  return type ? findDriverDir(type) : undefined;
}

/** Where the driver was found, else where it usually is. */
export function defaultDriverDir(answers: PartialAnswers): string | undefined {
  return foundDriverDir(answers) ?? usualDriverDir(answers);
}

function usualDriverDir(answers: PartialAnswers): string | undefined {
  switch (dbmsOf(answers)) {
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

/** The DB2 instance the CLP attaches as: the admin user when it can be one (8 characters), else db2inst1. */
export function defaultDb2Instance(adminUser: unknown): string {
  return typeof adminUser === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,7}$/.test(adminUser) ? adminUser : 'db2inst1';
}

type ServerAnswers = Exclude<DatabaseAnswers, { type: 'derby' }>;

/** Mode create: what validate() requires and the questions default; a gap is the engine's bug. */
function required(value: string | undefined, what: string): string {
  if (value === undefined) throw new Error(`BUG: database mode create without ${what}`);
  return value;
}

function adminOf(d: ServerAnswers): Credentials | undefined {
  if (modeOf({ database: d }) !== 'create') return undefined;
  return { user: required(d.admin?.user, 'the admin user'), password: required(d.admin?.password, "the admin's password") };
}

function setupOf(d: DatabaseAnswers): DatabaseSetup {
  if (d.type === 'derby') {
    // Embedded: no server, no user, no account; the target names the database only.
    const target: DbTarget = { type: 'derby', host: '', port: 0, name: d.name, schema: '', user: '', password: '', accountHosts: [], tablespace: '' };
    return { target, mode: 'create', driverDir: d.driverDir ?? '', dataDir: d.dataDir, db2Instance: '' };
  }
  const target: DbTarget = {
    type: d.type,
    host: d.host,
    port: d.port,
    name: d.name,
    schema: d.type === 'db2' ? d.schema : '',
    user: d.user,
    password: d.password ?? '',
    accountHosts: [...new Set([d.type === 'mysql' ? d.clientHost : '%', 'localhost'])],
    tablespace: d.type === 'oracle' ? d.tablespace : '',
  };
  return {
    target,
    mode: modeOf({ database: d }),
    admin: adminOf(d),
    driverDir: d.driverDir ?? '',
    db2Path: d.type === 'db2' ? d.db2Path : undefined,
    db2Instance: d.type === 'db2' && modeOf({ database: d }) === 'create' ? required(d.db2Instance, 'the DB2 instance') : '',
    sqlplusPath: d.type === 'oracle' ? d.sqlplusPath : undefined,
  };
}

const setups = new WeakMap<DatabaseAnswers, DatabaseSetup>();

export function databaseOf(ctx: { answers: PartialAnswers }): DatabaseSetup {
  const { database } = databaseAnswersOf(ctx);
  const known = setups.get(database);
  if (known) return known;
  const setup = setupOf(database);
  setups.set(database, setup);
  return setup;
}

export function jdbcUrl(setup: DatabaseSetup): string {
  const { target } = setup;
  switch (target.type) {
    case 'mysql':
      return `jdbc:mysql://${target.host}:${target.port}/${target.name}`;
    case 'db2':
      return `jdbc:db2://${target.host}:${target.port}/${target.name}`;
    case 'oracle':
      return `jdbc:oracle:thin:@//${target.host}:${target.port}/${target.name}`;
    case 'derby':
      return `jdbc:derby:${path.join(setup.dataDir ?? '', target.name)};create=true`;
  }
}
