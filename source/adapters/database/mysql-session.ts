/** Connections to MySQL / MariaDB as one user, and their failures in words. */
import type mysql from 'mysql2/promise';
import { dbError, type DbError } from './failure.js';
import { createMysqlConnection } from './mysql-client.js';
import { networkFailure } from './reach.js';
import type { Credentials, DbTarget } from './sql.js';

const CONNECT_TIMEOUT_MS = 10_000;

export interface MysqlError extends Error {
  code?: string;
  errno?: number;
  sqlMessage?: string;
}

export function where(target: DbTarget): string {
  return `${target.host}:${target.port}`;
}

/** A connection failure as the kind of refusal it is, with what to do about the server. */
export function connectFailure(error: unknown, target: DbTarget, who: Credentials, role: 'admin' | 'user'): DbError {
  const err = error as MysqlError;
  const details = { command: `mysql2 connect ${who.user}@${where(target)}`, outputTail: err.sqlMessage ?? err.message };
  const network = networkFailure('MySQL', target.host, target.port, err.code, details, {
    timeoutMs: CONNECT_TIMEOUT_MS,
    noServerFix: 'Start the MySQL/MariaDB server (e.g. systemctl start mariadb)',
  });
  if (network) return network;
  switch (err.code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_HOST_NOT_PRIVILEGED':
      return role === 'admin'
        ? dbError('admin-denied', `MySQL at ${where(target)} refused the admin user ${who.user}: access denied (wrong password, or the user may not log in from this host)`, details)
        : dbError('user-denied', `MySQL at ${where(target)} refused ${who.user}: access denied`, details);
    default:
      return dbError('connect-failed', `Cannot connect to MySQL at ${where(target)} as ${who.user}: ${details.outputTail}`, { ...details, fix: 'Check the MySQL server, then run again.' });
  }
}

export async function connect(target: DbTarget, who: Credentials, database?: string): Promise<mysql.Connection> {
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

export async function quietEnd(conn: mysql.Connection | undefined): Promise<void> {
  if (!conn) return;
  try {
    await conn.end();
  } catch {
    conn.destroy();
  }
}

/** Logs in and out again, nothing else: throws the refusal as connectFailure words it. */
export async function checkLogin(target: DbTarget, who: Credentials, role: 'admin' | 'user'): Promise<void> {
  let conn: mysql.Connection;
  try {
    conn = await connect(target, who);
  } catch (error) {
    throw connectFailure(error, target, who, role);
  }
  await quietEnd(conn);
}

/** The server's refusal when the PMF user cannot log in with its password, else undefined. */
export async function loginDenied(target: DbTarget): Promise<string | undefined> {
  try {
    const conn = await connect(target, { user: target.user, password: target.password });
    await quietEnd(conn);
    return undefined;
  } catch (error) {
    const err = error as MysqlError;
    return err.code === 'ER_ACCESS_DENIED_ERROR' ? (err.sqlMessage ?? err.message) : undefined;
  }
}
