import { ExternalError } from '../../engine/errors.js';

/** What went wrong talking to a DBMS or its files: the kind a step turns into its fix. */
export type DbFailure =
  /** The DBMS's command line client (db2, sqlplus) is not there. */
  | 'no-client'
  /** The client itself failed, not one of its statements. */
  | 'client-failed'
  /** Nothing listens at host:port (connection refused, no listener). */
  | 'no-server'
  | 'unknown-host'
  /** A timeout or no route to the host. */
  | 'unreachable'
  /** The Oracle listener does not know the service. */
  | 'unknown-service'
  /** The database to connect to does not exist (DB2: not in the database directory). */
  | 'unknown-database'
  /** The DB2 instance is not started. */
  | 'not-started'
  /** No DB2 instance or catalogued node of that name. */
  | 'no-instance'
  | 'attach-failed'
  /** The server refused the admin's user name or password. */
  | 'admin-denied'
  /** The admin may not create the database or read the catalog it needs. */
  | 'admin-lacks-authority'
  /** The admin cannot connect to the database it is to set up. */
  | 'admin-cannot-connect'
  /** A statement was refused for want of a privilege. */
  | 'statement-denied'
  | 'statement-failed'
  | 'connect-failed'
  /** The server refused the PMF user's user name or password. */
  | 'user-denied'
  | 'user-locked'
  /** The PMF user exists, with a password other than the one it was given. */
  | 'user-exists-other-password'
  | 'wrong-charset'
  | 'small-pagesize'
  | 'no-tablespace'
  | 'data-dir-relative'
  | 'data-dir-unusable';

export type DbError = ExternalError<DbFailure>;

export function dbError(kind: DbFailure, message: string, details: { command?: string; outputTail?: string; fix?: string } = {}): DbError {
  return new ExternalError<DbFailure>(kind, message, details);
}

/**
 * A log-in through a client command (db2, sqlplus) that the runner stopped after `seconds`:
 * the server did not answer (a firewall dropping packets, a host that is down).
 */
export async function answeredWithin<T>(work: Promise<T>, what: string, seconds: number): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof ExternalError) || error.kind !== 'timed-out') throw error;
    throw dbError('unreachable', `${what}: no answer within ${seconds} s`, { command: error.command, outputTail: error.outputTail });
  }
}
