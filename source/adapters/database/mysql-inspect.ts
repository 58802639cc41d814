/** What a MySQL server, database and account already have: read before anything changes. */
import { createHash } from 'node:crypto';
import type mysql from 'mysql2/promise';
import { MYSQL_ACCEPTED_CHARSETS, MYSQL_CHARSET, MYSQL_COLLATION, mysqlAccount } from './sql.js';

const MIN_PACKET = 256 * 1024 * 1024;
const MIN_LOG_FILE = 250 * 1024 * 1024;
/** What PMF does with its tables: run time, creation and upgrades (pmf.md section 6). */
export const NEEDED_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'INDEX', 'ALTER', 'CREATE VIEW'];

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

export interface SchemaRow {
  charset: string;
  collation: string;
}

export async function schemaOf(conn: mysql.Connection, name: string): Promise<SchemaRow | undefined> {
  const [rows] = await conn.query(
    'SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
    [name],
  );
  return (rows as SchemaRow[])[0];
}

export function charsetProblem(name: string, schema: SchemaRow): string | undefined {
  if (MYSQL_ACCEPTED_CHARSETS.includes(schema.charset.toLowerCase())) return undefined;
  return `database ${name} has character set ${schema.charset} (collation ${schema.collation}); PMF needs ${MYSQL_CHARSET} (${MYSQL_COLLATION})`;
}

/** MySQL's mysql_native_password hash: '*' + upper hex of SHA1(SHA1(password)). */
export function nativePasswordHash(password: string): string {
  const inner = createHash('sha1').update(password, 'utf8').digest();
  return `*${createHash('sha1').update(inner).digest('hex').toUpperCase()}`;
}

export interface AccountRow {
  plugin: string | null;
  auth: string | null;
}

export async function accountOf(conn: mysql.Connection, user: string, host: string): Promise<AccountRow | undefined> {
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

export async function grantLinesFor(conn: mysql.Connection, user: string, host: string): Promise<string[]> {
  const [rows] = await conn.query(`SHOW GRANTS FOR ${mysqlAccount(user, host)}`);
  return (rows as Array<Record<string, string>>).map((row) => Object.values(row)[0]);
}
