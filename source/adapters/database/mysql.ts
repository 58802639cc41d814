/** MySQL / MariaDB through mysql2: passwords go over the protocol, never into argv or files. */
import { createHash } from 'node:crypto';
import type mysql from 'mysql2/promise';
import { StepFailure } from '../../engine/errors.js';
import { createMysqlConnection } from './mysql-client.js';
import {
  MYSQL_ACCEPTED_CHARSETS,
  MYSQL_CHARSET,
  MYSQL_COLLATION,
  PROBE_TABLE,
  creationStatements,
  mysqlAccount,
  probeStatements,
  render,
  type CreateOutcome,
  type Credentials,
  type DbIo,
  type DbTarget,
  type Statement,
  type VerifyOutcome,
} from './sql.js';

const CONNECT_TIMEOUT_MS = 10_000;
const MIN_PACKET = 256 * 1024 * 1024;
const MIN_LOG_FILE = 250 * 1024 * 1024;
/** What PMF does with its tables: run time, creation and upgrades (pmf.md section 6). */
const NEEDED_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'INDEX', 'ALTER', 'CREATE VIEW'];

interface MysqlError extends Error {
  code?: string;
  errno?: number;
  sqlMessage?: string;
}

function where(target: DbTarget): string {
  return `${target.host}:${target.port}`;
}

/** A connection failure as a StepFailure that says what to do. */
export function connectFailure(error: unknown, target: DbTarget, who: Credentials, role: 'admin' | 'pmf'): StepFailure {
  const err = error as MysqlError;
  const command = `mysql2 connect ${who.user}@${where(target)}`;
  const detail = err.sqlMessage ?? err.message;
  switch (err.code) {
    case 'ECONNREFUSED':
      return new StepFailure(
        `Cannot connect to MySQL at ${where(target)}: connection refused (no server listening there)`,
        `Start the MySQL/MariaDB server (e.g. systemctl start mariadb), or correct database.host and database.port, then run again.`,
        { command, outputTail: detail },
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StepFailure(`Cannot resolve the MySQL host ${target.host}`, 'Correct database.host, then run again.', { command, outputTail: detail });
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return new StepFailure(
        `Cannot reach MySQL at ${where(target)} (${err.code})`,
        'Check database.host and database.port, and that no firewall blocks the port, then run again.',
        { command, outputTail: detail },
      );
    case 'ER_ACCESS_DENIED_ERROR':
      return role === 'admin'
        ? new StepFailure(
            `MySQL at ${where(target)} refused the admin user ${who.user}: access denied (wrong password, or the user may not log in from this host)`,
            `Correct database.admin.password (and database.admin.user) to an account with CREATE, CREATE USER and GRANT OPTION privileges, then run again. Nothing was changed.`,
            { command, outputTail: detail },
          )
        : new StepFailure(`MySQL refused ${who.user}: access denied`, 'Correct database.user and database.password, then run again.', { command, outputTail: detail });
    default:
      return new StepFailure(`Cannot connect to MySQL at ${where(target)} as ${who.user}: ${detail}`, 'Check the MySQL server and the database answers, then run again.', {
        command,
        outputTail: detail,
      });
  }
}

async function connect(target: DbTarget, who: Credentials, database?: string): Promise<mysql.Connection> {
  return createMysqlConnection({
    host: target.host,
    port: target.port,
    user: who.user,
    password: who.password,
    database,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // One statement per query: nothing can be smuggled after a ';'.
    multipleStatements: false,
  });
}

async function quietEnd(conn: mysql.Connection | undefined): Promise<void> {
  if (!conn) return;
  try {
    await conn.end();
  } catch {
    conn.destroy();
  }
}

/** max_allowed_packet and innodb_log_file_size below what the reference asks: warnings, not failures. */
export async function serverWarnings(conn: mysql.Connection): Promise<string[]> {
  const [rows] = await conn.query('SELECT @@max_allowed_packet AS packet, @@innodb_log_file_size AS logfile');
  const row = (rows as Array<{ packet: number | string; logfile: number | string | null }>)[0];
  const warnings: string[] = [];
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)}M`;
  const packet = Number(row.packet);
  if (packet < MIN_PACKET) {
    warnings.push(
      `MySQL max_allowed_packet is ${mb(packet)}; PMF needs at least 256M. Set max_allowed_packet=256M in the [mysqld] section of the server's my.cnf and restart it.`,
    );
  }
  if (row.logfile !== null) {
    const logfile = Number(row.logfile);
    if (logfile < MIN_LOG_FILE) {
      warnings.push(
        `MySQL innodb_log_file_size is ${mb(logfile)}; PMF needs at least 250M. Set innodb_log_file_size=250M in the [mysqld] section of the server's my.cnf and restart it.`,
      );
    }
  }
  return warnings;
}

interface SchemaRow {
  charset: string;
  collation: string;
}

async function schemaOf(conn: mysql.Connection, name: string): Promise<SchemaRow | undefined> {
  const [rows] = await conn.query(
    'SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
    [name],
  );
  return (rows as SchemaRow[])[0];
}

function charsetProblem(name: string, schema: SchemaRow): string | undefined {
  if (MYSQL_ACCEPTED_CHARSETS.includes(schema.charset.toLowerCase())) return undefined;
  return `database ${name} has character set ${schema.charset} (collation ${schema.collation}); PMF needs ${MYSQL_CHARSET} (${MYSQL_COLLATION})`;
}

function charsetFix(name: string): string {
  return (
    `If ${name} holds nothing you need, drop it (DROP DATABASE ${name};) and run again so the wizard creates it with CHARACTER SET ${MYSQL_CHARSET}; ` +
    `or run ALTER DATABASE ${name} CHARACTER SET ${MYSQL_CHARSET} COLLATE ${MYSQL_COLLATION}; (tables already in it keep their character set); ` +
    `or choose another database.name.`
  );
}

/** MySQL's mysql_native_password hash: '*' + upper hex of SHA1(SHA1(password)). */
export function nativePasswordHash(password: string): string {
  const inner = createHash('sha1').update(password, 'utf8').digest();
  return `*${createHash('sha1').update(inner).digest('hex').toUpperCase()}`;
}

interface AccountRow {
  plugin: string | null;
  auth: string | null;
}

async function accountOf(conn: mysql.Connection, user: string, host: string): Promise<AccountRow | undefined> {
  const [rows] = await conn.query('SELECT plugin, authentication_string AS auth FROM mysql.user WHERE User = ? AND Host = ?', [user, host]);
  return (rows as AccountRow[])[0];
}

/** The privileges of SHOW GRANTS lines on one database (or on *.*), upper-case. */
export function privilegesOn(grantLines: string[], database: string): Set<string> {
  const privileges = new Set<string>();
  for (const line of grantLines) {
    const match = /^GRANT (.+?) ON (\S+) TO /i.exec(line);
    if (!match) continue;
    const on = match[2];
    const dbPart = on.replace(/\.\*$/, '');
    const unquoted = dbPart.replace(/^`(.*)`$/, '$1').replace(/``/g, '`').replace(/\\([_%])/g, '$1');
    if (on !== '*.*' && !(on.endsWith('.*') && unquoted === database)) continue;
    for (const privilege of match[1].split(/,\s*/)) privileges.add(privilege.trim().toUpperCase());
  }
  if (privileges.has('ALL PRIVILEGES') || privileges.has('ALL')) for (const p of NEEDED_PRIVILEGES) privileges.add(p);
  return privileges;
}

async function grantLinesFor(conn: mysql.Connection, user: string, host: string): Promise<string[]> {
  const [rows] = await conn.query(`SHOW GRANTS FOR ${mysqlAccount(user, host)}`);
  return (rows as Array<Record<string, string>>).map((row) => Object.values(row)[0]);
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
    const warnings = await serverWarnings(conn);
    const statements = creationStatements(target);
    const changed: string[] = [];
    const unchanged: string[] = [];
    const todo: Statement[] = [];

    const schema = await schemaOf(conn, target.name);
    if (schema) {
      const problem = charsetProblem(target.name, schema);
      if (problem) {
        throw new StepFailure(`MySQL ${problem}`, `${charsetFix(target.name)} Nothing was changed.`, {
          command: `SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '${target.name}'`,
        });
      }
      if (!/general_ci$/i.test(schema.collation)) {
        warnings.push(`Database ${target.name} has collation ${schema.collation}; the reference uses ${MYSQL_COLLATION}.`);
      }
      unchanged.push(`database ${target.name} (${schema.charset})`);
    } else {
      todo.push(...statements.filter((s) => s.kind === 'create-database'));
    }

    const hash = nativePasswordHash(target.password);
    for (const host of target.accountHosts) {
      const account = `'${target.user}'@'${host}'`;
      const row = await accountOf(conn, target.user, host);
      if (!row) {
        todo.push(...statements.filter((s) => s.kind === 'create-user' && s.target === host));
        todo.push(...statements.filter((s) => s.kind === 'grant' && s.target === host));
        continue;
      }
      const plugin = (row.plugin ?? '').toLowerCase();
      if ((plugin === '' || plugin === 'mysql_native_password') && (row.auth ?? '').toUpperCase() !== hash) {
        throw new StepFailure(
          `MySQL user ${account} already exists with a different password than database.password`,
          `The wizard does not reset an existing user's password. Put that user's current password in database.password, ` +
            `or, if nothing else uses ${account}, reset it as the admin: ALTER USER ${account} IDENTIFIED BY '<new password>'; then run again. Nothing was changed.`,
        );
      }
      if (plugin !== '' && plugin !== 'mysql_native_password') {
        // A salted hash (caching_sha2_password, ed25519, ...): check by logging in, before any change.
        io.log(`User ${account} authenticates with ${plugin}: its password is checked by logging in as it.`);
        const denied = await loginDenied(target);
        if (denied) {
          throw new StepFailure(
            `MySQL user ${account} already exists, and ${target.user} cannot log in with database.password (${denied})`,
            `The wizard does not reset an existing user's password. Put that user's current password in database.password, ` +
              `or, if nothing else uses ${account}, reset it as the admin: ALTER USER ${account} IDENTIFIED BY '<new password>'; then run again. Nothing was changed.`,
          );
        }
      }
      unchanged.push(`user ${account}`);
      const privileges = privilegesOn(await grantLinesFor(conn, target.user, host), target.name);
      if (NEEDED_PRIVILEGES.every((p) => privileges.has(p))) unchanged.push(`privileges of ${account} on ${target.name}`);
      else todo.push(...statements.filter((s) => s.kind === 'grant' && s.target === host));
    }

    if (todo.length) todo.push(...statements.filter((s) => s.kind === 'flush'));
    for (const statement of todo) {
      io.log(`SQL> ${render(statement, 'show')}`);
      try {
        await conn.query(render(statement, 'run', { userPassword: target.password }));
      } catch (error) {
        const err = error as MysqlError;
        throw new StepFailure(
          `MySQL rejected: ${render(statement, 'show')}: ${err.sqlMessage ?? err.message}`,
          err.code === 'ER_SPECIFIC_ACCESS_DENIED_ERROR' || err.code === 'ER_DBACCESS_DENIED_ERROR' || err.code === 'ER_ACCESS_DENIED_ERROR'
            ? `Use an admin account (database.admin.user) with CREATE, CREATE USER and GRANT OPTION privileges, then run again.`
            : `Fix the cause above, then run again; statements already run are not repeated.`,
          { command: render(statement, 'show'), outputTail: err.sqlMessage ?? err.message },
        );
      }
      if (statement.kind !== 'flush') changed.push(describe(statement, target));
    }
    return { changed, unchanged, warnings };
  } finally {
    await quietEnd(conn);
  }
}

/** The server's refusal when the PMF user cannot log in with its password, else undefined. */
async function loginDenied(target: DbTarget): Promise<string | undefined> {
  try {
    const conn = await connect(target, { user: target.user, password: target.password });
    await quietEnd(conn);
    return undefined;
  } catch (error) {
    const err = error as MysqlError;
    return err.code === 'ER_ACCESS_DENIED_ERROR' ? (err.sqlMessage ?? err.message) : undefined;
  }
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
      missing.push(
        `${target.user} cannot log in to MySQL at ${where(target)} from this machine (access denied): the user does not exist for this host, or its password is not database.password`,
      );
      return { missing, detail: missing[0], warnings: [] };
    }
    throw connectFailure(error, target, who, 'pmf');
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
