/**
 * Oracle through SQL*Plus (`sqlplus`, found by path). The script, passwords included, goes on
 * stdin of `sqlplus -S -L /nolog`: never in argv, never in a file. The reference's user:
 * DEFAULT TABLESPACE USERS QUOTA UNLIMITED ON USERS, GRANT CREATE SESSION, CREATE SEQUENCE,
 * CREATE TABLE. The database itself (a service such as ORCL) must exist: PMF cannot create it.
 */
import path from 'node:path';
import { findCommand } from '../which.js';
import type { Runner } from '../../engine/runner.js';
import { tailOf } from '../process.js';
import {
  ORACLE_PRIVILEGES,
  PROBE_TABLE,
  creationStatements,
  probeStatements,
  render,
  type CreateOutcome,
  type Credentials,
  type DbIo,
  type DbTarget,
  type VerifyOutcome,
} from './sql.js';
import { answeredWithin, dbError, type DbError } from './failure.js';

export interface OracleOptions {
  runner: Runner;
  /** sqlplus; undefined when none was found. */
  sqlplus?: string;
  io: DbIo;
}

/** The configured sqlplus, else sqlplus on PATH, else $ORACLE_HOME/bin/sqlplus. */
export function resolveSqlplus(configured?: string): string | undefined {
  return configured ?? findCommand('sqlplus', [process.env.ORACLE_HOME ? path.join(process.env.ORACLE_HOME, 'bin', 'sqlplus') : undefined]);
}

/** A script line: what runs (may hold a password) and what is shown. */
interface Line {
  run: string;
  shown: string;
}
const line = (text: string): Line => ({ run: text, shown: text });

function connectLine(target: DbTarget, who: Credentials): Line {
  const asSysdba = who.user.toUpperCase() === 'SYS' ? ' AS SYSDBA' : '';
  const where = `@//${target.host}:${target.port}/${target.name}`;
  return { run: `CONNECT ${who.user}/"${who.password}"${where}${asSysdba}`, shown: `CONNECT ${who.user}/****${where}${asSysdba}` };
}

const FIX_CAUSE = 'Fix the cause in the output, then run again.';

const QUIET = ['SET HEADING OFF', 'SET FEEDBACK OFF', 'SET PAGESIZE 0', 'SET LINESIZE 300', 'SET TRIMOUT ON'].map(line);

interface Run {
  exitCode: number;
  output: string;
  /** Output lines after each PROMPT @@name marker. */
  sections: Record<string, string[]>;
}

async function runSqlplus(opts: OracleOptions, lines: Line[], timeoutMs = 10 * 60_000): Promise<Run> {
  if (!opts.sqlplus) {
    throw dbError('no-client', 'sqlplus was not found: not on PATH nor in $ORACLE_HOME/bin', {
      fix: 'Install the Oracle Instant Client with SQL*Plus, or put sqlplus on PATH, then run again.',
    });
  }
  for (const l of lines) opts.io.log(`sqlplus> ${l.shown}`);
  const result = await opts.runner.run({
    command: opts.sqlplus,
    args: ['-S', '-L', '/nolog'],
    input: `${lines.map((l) => l.run).join('\n')}\n`,
    timeoutMs,
  });
  const sections: Record<string, string[]> = { '': [] };
  let current = '';
  for (const raw of result.output.split('\n')) {
    const marker = /^@@(\w+)\s*$/.exec(raw.trim());
    if (marker) {
      current = marker[1];
      sections[current] = [];
    } else if (raw.trim()) sections[current].push(raw.trim());
  }
  return { exitCode: result.exitCode, output: result.output, sections };
}

function oraOf(lines: string[] | undefined): string | undefined {
  return lines?.find((l) => /^(ORA|SP2)-\d+/.test(l));
}

function unreachable(ora: string | undefined, target: DbTarget): DbError | undefined {
  if (!ora) return undefined;
  const where = `//${target.host}:${target.port}/${target.name}`;
  if (/^ORA-12541/.test(ora)) {
    return dbError('no-server', `No Oracle listener at ${target.host}:${target.port} (${ora})`, { fix: 'Start the listener (lsnrctl start) and the database' });
  }
  if (/^ORA-12514/.test(ora)) {
    return dbError('unknown-service', `The Oracle listener at ${target.host}:${target.port} does not know the service ${target.name} (${ora})`, {
      fix: 'Connect to a service the listener knows (lsnrctl status lists them), then run again.',
    });
  }
  if (/^ORA-12545/.test(ora)) {
    return dbError('unknown-host', `Oracle could not connect to ${target.host}: no such host (${ora})`, { fix: 'Check the host name, then run again.' });
  }
  if (/^ORA-(12154|12170|12543)/.test(ora)) {
    return dbError('unreachable', `Cannot reach Oracle at ${where} (${ora})`, { fix: 'Check the host and the port, and that no firewall blocks the port, then run again.' });
  }
  return undefined;
}

/** A refused log-on (ORA-01017, ORA-28000, ORA-01045) as the kind of refusal it is, else undefined. */
function logonFailure(ora: string | undefined, target: DbTarget, who: Credentials, role: 'admin' | 'user'): DbError | undefined {
  const command = connectLine(target, who).shown;
  if (!ora) return undefined;
  if (/^ORA-01017/.test(ora)) {
    return role === 'admin' ? dbError('admin-denied', `Oracle refused the admin user ${who.user}: ${ora}`, { command }) : dbError('user-denied', `Oracle refused ${who.user}: ${ora}`, { command });
  }
  // The admin locked or without CREATE SESSION cannot do step 2's work; the PMF user so is a grant still to give.
  const kind = role === 'admin' ? 'admin-lacks-authority' : 'user-locked';
  if (/^ORA-28000/.test(ora)) return dbError(kind, `The Oracle user ${who.user} is locked (${ora})`, { command, fix: `Unlock it as a DBA (ALTER USER ${who.user} ACCOUNT UNLOCK;), then run again.` });
  if (/^ORA-01045/.test(ora)) {
    return dbError(role === 'admin' ? kind : 'user-denied', `${who.user} may not log on (${ora})`, { command, fix: `Grant it as a DBA (GRANT CREATE SESSION TO ${who.user};), then run again.` });
  }
  return undefined;
}

/** How long a log-on alone may take before the listener counts as not answering. */
const LOGIN_TIMEOUT_MS = 20_000;

/** Logs on the way step 2 will (the script on stdin), then exits: the refusal is thrown as its kind. */
export async function checkLogin(target: DbTarget, who: Credentials, role: 'admin' | 'user', opts: OracleOptions): Promise<void> {
  const connect = connectLine(target, who);
  const where = `//${target.host}:${target.port}/${target.name}`;
  const run = await answeredWithin(runSqlplus(opts, [line('WHENEVER SQLERROR EXIT SQL.SQLCODE'), connect, line('PROMPT @@end'), line('EXIT')], LOGIN_TIMEOUT_MS), `sqlplus to ${where}`, LOGIN_TIMEOUT_MS / 1000);
  if (run.sections.end) return;
  const ora = oraOf(Object.values(run.sections).flat());
  throw (
    unreachable(ora, target) ??
    logonFailure(ora, target, who, role) ??
    dbError('client-failed', `sqlplus could not log on to ${where} as ${who.user} (exit ${run.exitCode})`, { command: `${opts.sqlplus} -S -L /nolog`, outputTail: tailOf(run.output), fix: FIX_CAUSE })
  );
}

/** Why the admin's look at the dictionary failed, as a failure that says what to do. */
function inspectionFailure(inspect: Run, target: DbTarget, admin: Credentials, opts: OracleOptions): DbError {
  const firstOra = oraOf(Object.values(inspect.sections).flat());
  const reach = unreachable(firstOra, target);
  if (reach) return reach;
  const refused = firstOra && /^ORA-01017/.test(firstOra) ? logonFailure(firstOra, target, admin, 'admin') : undefined;
  if (refused) return refused;
  if (firstOra && /^ORA-00942/.test(firstOra)) {
    return dbError('admin-lacks-authority', `${admin.user} cannot read the DBA views (${firstOra})`, { fix: 'Connect as an admin with the DBA role (SYSTEM), then run again.' });
  }
  return dbError('client-failed', `sqlplus failed as ${admin.user} (exit ${inspect.exitCode})`, {
    command: `${opts.sqlplus} -S -L /nolog`,
    outputTail: tailOf(inspect.output),
    fix: FIX_CAUSE,
  });
}

/** The PMF user exists: it must not be locked, its password must be the one given; what it lacks is added. */
async function inspectExistingUser(opts: OracleOptions, target: DbTarget, inspect: Run, found: { changed: string[]; unchanged: string[]; todo: Line[] }): Promise<void> {
  const { changed, unchanged, todo } = found;
  const user = target.user;
  const ts = target.tablespace;
  if (/LOCKED/.test((inspect.sections.user ?? []).join(' '))) {
    throw dbError('user-locked', `The Oracle user ${user} exists but is locked`, { fix: `Unlock it as the admin (ALTER USER ${user} ACCOUNT UNLOCK;), then run again. Nothing was changed.` });
  }
  // Never reset an existing user's password: prove it is the one given.
  const probe = await runSqlplus(opts, [line('WHENEVER SQLERROR EXIT SQL.SQLCODE'), connectLine(target, { user, password: target.password }), line('EXIT')]);
  const ora = oraOf(probe.sections['']);
  if (ora && /^ORA-01017/.test(ora)) {
    throw dbError('user-exists-other-password', `The Oracle user ${user} already exists with a different password`, {
      fix: `If nothing else uses ${user}, reset it as the admin: ALTER USER ${user} IDENTIFIED BY "<new password>"; then run again. Nothing was changed.`,
    });
  }
  unchanged.push(`user ${user}`);
  const held = new Set(inspect.sections.privs ?? []);
  const lacking = ORACLE_PRIVILEGES.filter((p) => !held.has(p));
  if (lacking.length) {
    const grant = `GRANT ${lacking.join(', ')} TO ${user};`;
    todo.push(line(grant));
    changed.push(`granted ${lacking.join(', ')} to ${user}`);
  } else unchanged.push(`${ORACLE_PRIVILEGES.join(', ')} of ${user}`);
  const quota = (inspect.sections.quota ?? []).map((l) => l.split(/\s+/)).find(([name]) => name === ts);
  if (!quota && !held.has('UNLIMITED TABLESPACE')) {
    todo.push(line(`ALTER USER ${user} QUOTA UNLIMITED ON ${ts};`));
    changed.push(`gave ${user} an unlimited quota on ${ts}`);
  } else unchanged.push(`quota of ${user} on ${ts}`);
}

/** Creates the PMF user with its quota and grants, each only when missing. */
export async function createDatabase(target: DbTarget, admin: Credentials, opts: OracleOptions): Promise<CreateOutcome> {
  const user = target.user;
  const ts = target.tablespace;
  const connectAdmin = connectLine(target, admin);
  const inspect = await runSqlplus(opts, [
    line('WHENEVER SQLERROR EXIT SQL.SQLCODE'),
    ...QUIET,
    connectAdmin,
    line('PROMPT @@user'),
    line(`SELECT USERNAME, DEFAULT_TABLESPACE, ACCOUNT_STATUS FROM DBA_USERS WHERE USERNAME = '${user}';`),
    line('PROMPT @@privs'),
    line(`SELECT PRIVILEGE FROM DBA_SYS_PRIVS WHERE GRANTEE = '${user}';`),
    line('PROMPT @@quota'),
    line(`SELECT TABLESPACE_NAME, MAX_BYTES FROM DBA_TS_QUOTAS WHERE USERNAME = '${user}';`),
    line('PROMPT @@tablespace'),
    line(`SELECT TABLESPACE_NAME FROM DBA_TABLESPACES WHERE TABLESPACE_NAME = '${ts}';`),
    line('PROMPT @@end'),
    line('EXIT'),
  ]);
  if (inspect.exitCode !== 0 || !inspect.sections.end) throw inspectionFailure(inspect, target, admin, opts);
  if (!inspect.sections.tablespace?.length) {
    throw dbError('no-tablespace', `The tablespace ${ts} does not exist in ${target.name}`, {
      fix: 'Use an existing tablespace (SELECT TABLESPACE_NAME FROM DBA_TABLESPACES), then run again.',
    });
  }

  const changed: string[] = [];
  const unchanged: string[] = [];
  const todo: Line[] = [];
  const statements = creationStatements(target);
  const exists = (inspect.sections.user ?? []).some((l) => l.split(/\s+/)[0] === user);
  if (!exists) {
    for (const s of statements) todo.push({ run: `${render(s, 'run', { userPassword: target.password })};`, shown: `${render(s, 'show')};` });
    changed.push(`created user ${user} (DEFAULT TABLESPACE ${ts} QUOTA UNLIMITED ON ${ts})`, `granted ${ORACLE_PRIVILEGES.join(', ')} to ${user}`);
  } else {
    await inspectExistingUser(opts, target, inspect, { changed, unchanged, todo });
  }
  if (todo.length) {
    const apply = await runSqlplus(opts, [line('WHENEVER SQLERROR EXIT SQL.SQLCODE'), connectAdmin, ...todo, line('PROMPT @@end'), line('EXIT')]);
    if (apply.exitCode !== 0 || !apply.sections.end) {
      const ora = oraOf(Object.values(apply.sections).flat());
      const denied = ora !== undefined && /^ORA-01031/.test(ora);
      throw dbError(denied ? 'statement-denied' : 'statement-failed', `Oracle rejected the creation of ${user}: ${ora ?? `exit ${apply.exitCode}`}`, {
        command: todo.map((l) => l.shown).join(' '),
        outputTail: tailOf(apply.output),
        fix: denied ? `${admin.user} lacks CREATE USER or GRANT ANY PRIVILEGE: connect as SYSTEM (or a DBA), then run again.` : FIX_CAUSE,
      });
    }
  }
  return { changed, unchanged, warnings: [] };
}

/** As the PMF user: log on, look at privileges and quota, create/use/drop a table. */
export async function verifyUser(target: DbTarget, opts: OracleOptions): Promise<VerifyOutcome> {
  const user = target.user;
  const probe = probeStatements(target);
  const run = await runSqlplus(opts, [
    line('WHENEVER SQLERROR EXIT SQL.SQLCODE'),
    ...QUIET,
    connectLine(target, { user, password: target.password }),
    line('WHENEVER SQLERROR CONTINUE'),
    line('PROMPT @@privs'),
    line('SELECT PRIVILEGE FROM SESSION_PRIVS;'),
    line('PROMPT @@quota'),
    line('SELECT TABLESPACE_NAME, MAX_BYTES FROM USER_TS_QUOTAS;'),
    line('PROMPT @@default'),
    line('SELECT DEFAULT_TABLESPACE FROM USER_USERS;'),
    line('PROMPT @@charset'),
    line(`SELECT VALUE FROM NLS_DATABASE_PARAMETERS WHERE PARAMETER = 'NLS_CHARACTERSET';`),
    line('PROMPT @@ncharset'),
    line(`SELECT VALUE FROM NLS_DATABASE_PARAMETERS WHERE PARAMETER = 'NLS_NCHAR_CHARACTERSET';`),
    line('PROMPT @@cleanup'),
    line(`DROP TABLE ${PROBE_TABLE} PURGE;`),
    line('PROMPT @@create'),
    line(`${probe.create};`),
    line('PROMPT @@insert'),
    line(`${probe.insert};`),
    line('PROMPT @@select'),
    line(`${probe.select};`),
    line('PROMPT @@drop'),
    line(`${probe.drop};`),
    line('PROMPT @@end'),
    line('EXIT'),
  ]);
  const missing: string[] = [];
  if (!run.sections.privs) {
    const ora = oraOf(run.sections['']);
    const reach = unreachable(ora, target);
    if (reach) throw reach;
    let login: VerifyOutcome['login'];
    if (ora && /^ORA-01017/.test(ora)) {
      missing.push(`${user} cannot log in to ${target.name} (ORA-01017): the user does not exist`);
      login = 'refused';
    } else if (ora && /^ORA-01045/.test(ora)) missing.push(`${user} lacks CREATE SESSION`);
    else if (ora && /^ORA-28000/.test(ora)) missing.push(`${user} is locked (ORA-28000): ALTER USER ${user} ACCOUNT UNLOCK`);
    else {
      missing.push(`${user} cannot log in to ${target.name}: ${ora ?? `sqlplus exit ${run.exitCode}`}`);
      login = 'failed';
    }
    return { missing, detail: missing.join('; '), warnings: [], login };
  }
  const privileges = new Set(run.sections.privs);
  const lacking = ORACLE_PRIVILEGES.filter((p) => !privileges.has(p));
  if (lacking.length) missing.push(`${user} lacks ${lacking.join(', ')}`);
  const defaultTs = run.sections.default?.[0] ?? target.tablespace;
  const quota = (run.sections.quota ?? []).map((l) => l.split(/\s+/)).find(([ts]) => ts === defaultTs);
  if (!quota && !privileges.has('UNLIMITED TABLESPACE')) missing.push(`${user} has no quota on its default tablespace ${defaultTs}`);
  const steps: Array<[string, string]> = [
    ['create', 'create a table'],
    ['insert', 'insert into a table'],
    ['select', 'select from a table'],
    ['drop', 'drop a table'],
  ];
  const failed = steps.find(([section]) => oraOf(run.sections[section]));
  if (failed && missing.length === 0) missing.push(`${user} cannot ${failed[1]} in ${target.name}: ${oraOf(run.sections[failed[0]])}`);
  const warnings: string[] = [];
  const charset = run.sections.charset?.[0];
  if (charset && !/^ORA-/.test(charset) && charset !== 'AL32UTF8') {
    warnings.push(`Oracle database ${target.name} has character set ${charset}; the reference asks for AL32UTF8 (it is chosen when the database is created).`);
  }
  const ncharset = run.sections.ncharset?.[0];
  if (ncharset && !/^ORA-/.test(ncharset) && !['UTF8', 'AL16UTF16'].includes(ncharset)) {
    warnings.push(`Oracle database ${target.name} has national character set ${ncharset}; the reference asks for UTF8.`);
  }
  const detail = missing.length
    ? missing.join('; ')
    : `${user} can log in to //${target.host}:${target.port}/${target.name} and create, use and drop a table (tablespace ${defaultTs})`;
  return { missing, detail, warnings };
}
