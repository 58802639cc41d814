/** Whether a DBMS listens where the answers say, without logging in: one TCP connection, closed at once. */
import { tryConnect } from '../ports.js';
import { dbError } from './failure.js';
import type { Dbms } from './sql.js';

const NAMES: Record<Exclude<Dbms, 'derby'>, string> = { mysql: 'MySQL', db2: 'DB2', oracle: 'Oracle' };

/** Throws the DbError of a server that cannot be reached at host:port (no-server, unknown-host, unreachable, connect-failed). */
export async function checkReachable(type: Exclude<Dbms, 'derby'>, host: string, port: number, timeoutMs = 3000): Promise<void> {
  const outcome = await tryConnect(host, port, timeoutMs);
  if (outcome === 'open') return;
  const at = `${host}:${port}`;
  const name = NAMES[type];
  const details = { command: `connect to ${at}`, outputTail: outcome };
  switch (outcome) {
    case 'ECONNREFUSED':
      throw dbError('no-server', `Cannot connect to ${name} at ${at}: connection refused (no server listening there)`, { ...details, fix: `Start the ${name} server` });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      throw dbError('unknown-host', `The ${name} host ${host} could not be resolved (no such name in DNS or /etc/hosts)`, details);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      throw dbError('unreachable', `Cannot reach ${name} at ${at}: ${outcome === 'ETIMEDOUT' ? `nothing answered within ${timeoutMs / 1000} s` : `no route to ${host}`}`, details);
    default:
      throw dbError('connect-failed', `Cannot connect to ${name} at ${at} (${outcome})`, details);
  }
}
