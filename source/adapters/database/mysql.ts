/** MySQL / MariaDB through mysql2: passwords go over the protocol, never into argv or files. */
import type mysql from 'mysql2/promise';
import { dbError } from './failure.js';
import { NEEDED_PRIVILEGES, accountOf, charsetProblem, grantLinesFor, nativePasswordHash, privilegesOn, schemaOf, serverWarnings } from './mysql-inspect.js';
import { connect, connectFailure, loginDenied, quietEnd, where, type MysqlError } from './mysql-session.js';

export { checkLogin } from './mysql-session.js';
import {
  MYSQL_CHARSET,
  MYSQL_COLLATION,
  PROBE_TABLE,
  creationStatements,
  probeStatements,
  render,
  type CreateOutcome,
  type Credentials,
  type DbIo,
  type DbTarget,
  type Statement,
  type VerifyOutcome,
} from './sql.js';

/** What one inspection found: what stays, what to run, what to warn about. */
interface Inspection {
  unchanged: string[];
  todo: Statement[];
  warnings: string[];
}

/**
 * Creates the database, the PMF user's accounts and the grants, each only when missing.
 * Everything is inspected first: when something is in the way (a wrong character set, a user
 * with another password) it fails before changing anything.
 */
export async function createDatabase(target: DbTarget, admin: Credentials, io: DbIo): Promise<CreateOutcome> {
  let conn: mysql.Connection | undefined;
  try {
    conn = await connect(target, admin);
  } catch (error) {
    throw connectFailure(error, target, admin, 'admin');
  }
  try {
    const statements = creationStatements(target);
    const found: Inspection = { unchanged: [], todo: [], warnings: await serverWarnings(conn) };
    await inspectDatabase(conn, target, statements, found);
    for (const host of target.accountHosts) await inspectAccount(conn, target, host, statements, found, io);
    if (found.todo.length) found.todo.push(...statements.filter((s) => s.kind === 'flush'));
    const changed = await runStatements(conn, found.todo, target, io);
    return { changed, unchanged: found.unchanged, warnings: found.warnings };
  } finally {
    await quietEnd(conn);
  }
}

async function inspectDatabase(conn: mysql.Connection, target: DbTarget, statements: Statement[], found: Inspection): Promise<void> {
  const schema = await schemaOf(conn, target.name);
  if (!schema) {
    found.todo.push(...statements.filter((s) => s.kind === 'create-database'));
    return;
  }
  const problem = charsetProblem(target.name, schema);
  if (problem) {
    throw dbError('wrong-charset', `MySQL ${problem}`, {
      command: `SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '${target.name}'`,
    });
  }
  if (!/general_ci$/i.test(schema.collation)) {
    found.warnings.push(`Database ${target.name} has collation ${schema.collation}; the reference uses ${MYSQL_COLLATION}.`);
  }
  found.unchanged.push(`database ${target.name} (${schema.charset})`);
}

/** One account of the PMF user ('user'@'host'): missing, in the way, or lacking grants. */
async function inspectAccount(conn: mysql.Connection, target: DbTarget, host: string, statements: Statement[], found: Inspection, io: DbIo): Promise<void> {
  const account = `'${target.user}'@'${host}'`;
  const row = await accountOf(conn, target.user, host);
  if (!row) {
    found.todo.push(...statements.filter((s) => s.kind === 'create-user' && s.target === host));
    found.todo.push(...statements.filter((s) => s.kind === 'grant' && s.target === host));
    return;
  }
  const plugin = (row.plugin ?? '').toLowerCase();
  const otherPassword = (refusal?: string) =>
    dbError('user-exists-other-password', `MySQL user ${account} already exists with a different password`, {
      outputTail: refusal,
      fix: `If nothing else uses ${account}, reset it as the admin: ALTER USER ${account} IDENTIFIED BY '<new password>'; then run again. Nothing was changed.`,
    });
  if ((plugin === '' || plugin === 'mysql_native_password') && (row.auth ?? '').toUpperCase() !== nativePasswordHash(target.password)) {
    throw otherPassword();
  }
  if (plugin !== '' && plugin !== 'mysql_native_password') {
    // A salted hash (caching_sha2_password, ed25519, ...): check by logging in, before any change.
    io.log(`User ${account} authenticates with ${plugin}: its password is checked by logging in as it.`);
    const denied = await loginDenied(target);
    if (denied) throw otherPassword(denied);
  }
  found.unchanged.push(`user ${account}`);
  const privileges = privilegesOn(await grantLinesFor(conn, target.user, host), target.name);
  if (NEEDED_PRIVILEGES.every((p) => privileges.has(p))) found.unchanged.push(`privileges of ${account} on ${target.name}`);
  else found.todo.push(...statements.filter((s) => s.kind === 'grant' && s.target === host));
}

/** Runs the statements in order; what each changed, in words. */
async function runStatements(conn: mysql.Connection, todo: Statement[], target: DbTarget, io: DbIo): Promise<string[]> {
  const changed: string[] = [];
  for (const statement of todo) {
    io.log(`SQL> ${render(statement, 'show')}`);
    try {
      await conn.query(render(statement, 'run', { userPassword: target.password }));
    } catch (error) {
      const err = error as MysqlError;
      const denied = err.code === 'ER_SPECIFIC_ACCESS_DENIED_ERROR' || err.code === 'ER_DBACCESS_DENIED_ERROR' || err.code === 'ER_ACCESS_DENIED_ERROR';
      throw dbError(denied ? 'statement-denied' : 'statement-failed', `MySQL rejected: ${render(statement, 'show')}: ${err.sqlMessage ?? err.message}`, {
        command: render(statement, 'show'),
        outputTail: err.sqlMessage ?? err.message,
        fix: denied
          ? 'Run it as an admin account with CREATE, CREATE USER and GRANT OPTION privileges, then run again.'
          : 'Fix the cause above, then run again; statements already run are not repeated.',
      });
    }
    if (statement.kind !== 'flush') changed.push(describe(statement, target));
  }
  return changed;
}

function describe(statement: Statement, target: DbTarget): string {
  switch (statement.kind) {
    case 'create-database':
      return `created database ${target.name} (CHARACTER SET ${MYSQL_CHARSET})`;
    case 'create-user':
      return `created user '${target.user}'@'${statement.target}'`;
    case 'grant':
      return `granted ALL PRIVILEGES on ${target.name}.* to '${target.user}'@'${statement.target}'`;
    default:
      return render(statement, 'show');
  }
}

/**
 * As the PMF user: can it log in, see the database (utf8), hold the privileges PMF needs,
 * and create, use and drop a table? Everything that is missing, in a list.
 * Only an unreachable server throws.
 */
export async function verifyUser(target: DbTarget, io: DbIo): Promise<VerifyOutcome> {
  const who = { user: target.user, password: target.password };
  const missing: string[] = [];
  let conn: mysql.Connection | undefined;
  try {
    conn = await connect(target, who);
  } catch (error) {
    const err = error as MysqlError;
    if (err.code === 'ER_ACCESS_DENIED_ERROR') {
      missing.push(`${target.user} cannot log in to MySQL at ${where(target)} from this machine (access denied): the user does not exist for this host`);
      return { missing, detail: missing[0], warnings: [], login: 'refused' };
    }
    throw connectFailure(error, target, who, 'user');
  }
  try {
    const warnings = await serverWarnings(conn);
    const schema = await schemaOf(conn, target.name);
    if (!schema) {
      missing.push(`database ${target.name} does not exist (or ${target.user} has no privilege on it)`);
      return { missing, detail: missing.join('; '), warnings };
    }
    const problem = charsetProblem(target.name, schema);
    if (problem) missing.push(problem);
    const [rows] = await conn.query('SHOW GRANTS');
    const grantLines = (rows as Array<Record<string, string>>).map((row) => Object.values(row)[0]);
    const privileges = privilegesOn(grantLines, target.name);
    // Privileges that come through a role are not listed here: then the probe alone decides.
    const viaRoles = grantLines.some((l) => /^GRANT /i.test(l) && !/ ON /i.test(l));
    const lacking = NEEDED_PRIVILEGES.filter((p) => !privileges.has(p));
    if (lacking.length && !viaRoles) missing.push(`${target.user} lacks ${lacking.join(', ')} on ${target.name}`);

    const probe = probeStatements(target);
    await conn.query(`USE ${'`'}${target.name.replace(/`/g, '``')}${'`'}`);
    // A probe table left by an interrupted run is not a reason to fail.
    await conn.query(`DROP TABLE IF EXISTS ${PROBE_TABLE}`).catch(() => undefined);
    for (const [what, sql] of [
      ['create a table', probe.create],
      ['insert into a table', probe.insert],
      ['select from a table', probe.select],
      ['drop a table', probe.drop],
    ] as const) {
      io.log(`SQL> ${sql}`);
      try {
        await conn.query(sql);
      } catch (error) {
        const err = error as MysqlError;
        missing.push(`${target.user} cannot ${what} in ${target.name}: ${err.sqlMessage ?? err.message}`);
        break;
      }
    }
    const detail = missing.length
      ? missing.join('; ')
      : `${target.user} can log in to MySQL at ${where(target)} and create, use and drop a table in ${target.name} (${schema.charset})`;
    return { missing, detail, warnings };
  } finally {
    await quietEnd(conn);
  }
}
