/** Whether a DBMS listens where the answers say, without logging in: one TCP connection, closed at once. */
import { tryConnect } from '../ports.js';
import { dbError, type DbError } from './failure.js';
import type { Dbms } from './sql.js';

const NAMES: Record<Exclude<Dbms, 'derby'>, string> = { mysql: 'MySQL', db2: 'DB2', oracle: 'Oracle' };

interface FailureDetails {
  command: string;
  outputTail: string;
}

/**
 * A failure to reach a DBMS over the network (refused, unknown host, timeout, no route) as the
 * kind of failure it is; undefined for any other code. The one wording of these for every DBMS.
 */
export function networkFailure(
  name: string,
  host: string,
  port: number,
  code: string | undefined,
  details: FailureDetails,
  options: { timeoutMs: number; noServerFix: string },
): DbError | undefined {
  const at = `${host}:${port}`;
  switch (code) {
    case 'ECONNREFUSED':
      return dbError('no-server', `Cannot connect to ${name} at ${at}: connection refused (no server listening there)`, { ...details, fix: options.noServerFix });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return dbError('unknown-host', `The ${name} host ${host} could not be resolved (no such name in DNS or /etc/hosts)`, details);
    case 'ETIMEDOUT':
      return dbError('unreachable', `Cannot reach ${name} at ${at}: nothing answered within ${options.timeoutMs / 1000} s (ETIMEDOUT)`, details);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return dbError('unreachable', `Cannot reach ${name} at ${at}: no route to ${host} (${code})`, details);
    default:
      return undefined;
  }
}

/** Throws the DbError of a server that cannot be reached at host:port (no-server, unknown-host, unreachable, connect-failed). */
export async function checkReachable(type: Exclude<Dbms, 'derby'>, host: string, port: number, timeoutMs = 3000): Promise<void> {
  const outcome = await tryConnect(host, port, timeoutMs);
  if (outcome === 'open') return;
  const name = NAMES[type];
  const details = { command: `connect to ${host}:${port}`, outputTail: outcome };
  throw networkFailure(name, host, port, outcome, details, { timeoutMs, noServerFix: `Start the ${name} server` }) ?? dbError('connect-failed', `Cannot connect to ${name} at ${host}:${port} (${outcome})`, details);
}
