import os from 'node:os';
import path from 'node:path';
import * as z from 'zod/mini';
import type { Dbms } from '../../source/adapters/database/sql.js';
import type { FieldProblem } from '../../source/engine/errors.js';
import { getAt, type PartialAnswers, type Question } from '../../source/engine/questions.js';
import { DBMS_TYPES } from '../../source/farm/answers.js';
import { wholeNumber } from '../../source/farm/fields.js';
import { DEFAULT_ADMIN, DEFAULT_PORT, defaultDb2Instance, defaultDriverDir, dbmsOf, foundDriverDir, givenMode, isServerDbms, modeOf } from '../../source/farm/database.js';

function db(answers: PartialAnswers): Record<string, unknown> {
  const value = answers.database;
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

const typeOf = dbmsOf;
const isServer = isServerDbms;
/** The admin's credentials are asked unless the DBA creates the database (a file without a mode may give them). */
const adminAsked = (a: PartialAnswers) => isServer(a) && givenMode(a) !== 'dba';

const DBMS_CHOICES = [
  { value: 'mysql', label: 'MySQL / MariaDB' },
  { value: 'db2', label: 'IBM DB2' },
  { value: 'oracle', label: 'Oracle' },
  { value: 'derby', label: 'Derby (embedded, single node only)' },
];

/** Derby is not offered to a farm: one Liberty server at a time can open it. */
function dbmsChoices(answers: PartialAnswers) {
  const farm = Array.isArray(answers.nodes) && answers.nodes.length > 1;
  return farm ? DBMS_CHOICES.filter((choice) => choice.value !== 'derby') : DBMS_CHOICES;
}

// ---------------------------------------------------------------------------------------
// Questions: one per answers-file key

const identifier = z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,29}$/, 'Use a letter then letters, digits or _ (at most 30 characters)'));
const password = z.string().check(z.minLength(3, 'At least 3 characters (a shorter one could not be masked in the logs)'), z.maxLength(128, 'At most 128 characters'));
const hostName = z.string().check(z.minLength(1, 'Must not be empty'), z.regex(/^[A-Za-z0-9.:_-]+$/, 'A host name or an IP address'));
const dirPath = z.string().check(z.minLength(1, 'Must not be empty'));

export const databaseQuestions: Question[] = [
  {
    path: 'database.type',
    kind: 'select',
    schema: z.enum(DBMS_TYPES),
    prompt: 'Which database management system will PMF use?',
    help: 'mysql, db2 or oracle for a farm; derby (embedded) only for a single node.',
    terminalHelp: 'MySQL (or MariaDB), DB2 or Oracle for a farm; Derby, embedded in Liberty, only for a single node.',
    fix: 'Use one of: mysql, db2, oracle, derby.',
    choices: dbmsChoices,
  },
  {
    path: 'database.mode',
    kind: 'select',
    schema: z.enum(['create', 'dba']),
    prompt: 'Who creates the database and the PMF user?',
    help: 'create: the wizard, with the DBMS admin credentials; dba: the wizard writes the script for your DBA, then checks.',
    terminalHelp: 'The wizard can create them with the DBMS admin credentials, or write the script for your DBA to run, then check.',
    fix: 'Use create (and give database.admin) or dba.',
    // No default: an answers file that leaves it out keeps its meaning (modeOf: create when it gives
    // the admin's password, else dba); at the terminal the list starts on "The wizard".
    optional: true,
    when: isServer,
    choices: [
      { value: 'create', label: 'The wizard (I have the DBMS admin credentials)' },
      { value: 'dba', label: 'My DBA (write the script, then check)' },
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
    schema: wholeNumber().check(z.minimum(1), z.maximum(65535)),
    prompt: 'Database server port',
    help: 'MySQL 3306, DB2 50000, Oracle 1521 by default.',
    fix: 'A port number from 1 to 65535.',
    default: (a: PartialAnswers) => DEFAULT_PORT[typeOf(a) as Exclude<Dbms, 'derby'>] ?? 3306,
    when: isServer,
  },
  {
    path: 'database.name',
    advanced: true,
    kind: 'text',
    schema: identifier,
    prompt: 'Database name (Oracle: service name)',
    help: 'The database PMF keeps its tables in; for Oracle, the service name of the existing database.',
    default: (a: PartialAnswers) => (typeOf(a) === 'oracle' ? 'ORCL' : 'MFPDATA'),
  },
  {
    path: 'database.schema',
    advanced: true,
    kind: 'text',
    schema: z.string().check(z.regex(/^([A-Za-z][A-Za-z0-9_]{0,29})?$/, 'A schema name, or empty for the user’s default schema')),
    prompt: 'DB2 schema of the PMF tables',
    help: 'Usually the database name; empty when the user may not create a schema (it then uses its own).',
    default: (a: PartialAnswers) => (typeof db(a).name === 'string' ? (db(a).name as string).toUpperCase() : 'MFPDATA'),
    when: (a: PartialAnswers) => typeOf(a) === 'db2',
  },
  {
    path: 'database.user',
    advanced: true,
    kind: 'text',
    schema: identifier,
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
    terminalHelp: 'Typed here, it stays in memory for this run: never written to the state directory or the logs.',
    secret: true,
    when: isServer,
    check: async (answers) => (await import('./checks.js')).connectionCheck(answers, 'database.password'),
  },
  {
    path: 'database.clientHost',
    advanced: true,
    kind: 'text',
    schema: z.string().check(z.regex(/^[A-Za-z0-9.%_:-]+$/, "A host, an IP, or a pattern such as '%' or '10.0.0.%'")),
    prompt: 'MySQL account host of the PMF user',
    help: "The host the Liberty servers connect from ('%' = any); the account 'localhost' is made as well.",
    default: '%',
    when: (a: PartialAnswers) => typeOf(a) === 'mysql',
  },
  {
    path: 'database.tablespace',
    advanced: true,
    kind: 'text',
    schema: z.string().check(z.regex(/^[A-Z][A-Z0-9_$#]{0,29}$/, 'An upper-case tablespace name, such as USERS')),
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
    advanced: (a: PartialAnswers) => foundDriverDir(a) !== undefined,
  },
  {
    path: 'database.dataDir',
    advanced: true,
    kind: 'path',
    writtenInto: true,
    schema: dirPath,
    prompt: 'Directory where Derby creates the database',
    help: 'Created when missing; it must be writable by the user running Liberty.',
    default: () => path.join(os.homedir(), 'pmf-derby'),
    when: (a: PartialAnswers) => typeOf(a) === 'derby',
  },
  {
    path: 'database.db2Path',
    advanced: true,
    kind: 'path',
    schema: dirPath,
    prompt: 'Path of the DB2 command line processor (db2)',
    help: 'Default: db2 on PATH, else ~/sqllib/bin/db2. Not needed when the ibm_db package is installed for checks.',
    when: (a: PartialAnswers) => typeOf(a) === 'db2',
    optional: true,
  },
  {
    path: 'database.sqlplusPath',
    advanced: true,
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
    prompt: 'Password of the DBMS admin user',
    help: 'The wizard creates the database and the PMF user with it (as root, SYSTEM or db2inst1 unless database.admin.user says otherwise); used for this step only, never stored.',
    terminalHelp: 'Used only to create the database and its user in this step; kept in memory, never stored.',
    secret: true,
    when: adminAsked,
    check: async (answers) => (await import('./checks.js')).connectionCheck(answers, 'database.admin.password'),
    // An answers file without a mode and without it means "dba".
    optional: true,
  },
  {
    path: 'database.admin.user',
    advanced: true,
    kind: 'text',
    schema: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_.$#-]{0,63}$/, 'A user name')),
    prompt: 'DBMS admin user',
    help: 'MySQL: root or a user with CREATE, CREATE USER, GRANT OPTION; DB2: the instance owner (SYSADM); Oracle: SYSTEM.',
    default: (a: PartialAnswers) => DEFAULT_ADMIN[typeOf(a) as Exclude<Dbms, 'derby'>] ?? 'root',
    when: (a: PartialAnswers) => adminAsked(a) && getAt(a, 'database.admin.password') !== undefined,
  },
  {
    path: 'database.db2Instance',
    advanced: true,
    kind: 'text',
    schema: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,7}$/, 'A DB2 instance name (at most 8 characters), such as db2inst1')),
    prompt: 'DB2 instance to attach to for CREATE DATABASE',
    help: 'The instance (or catalogued node) the admin user owns; usually db2inst1.',
    default: (a: PartialAnswers) => defaultDb2Instance(getAt(a, 'database.admin.user')),
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

