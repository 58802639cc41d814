/** Connections to MySQL / MariaDB as one user, and their failures in words. */
import type mysql from 'mysql2/promise';
import { StepFailure } from '../../engine/errors.js';
import { createMysqlConnection } from './mysql-client.js';
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
