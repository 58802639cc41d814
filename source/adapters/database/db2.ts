/**
 * DB2 through its command line processor (`db2`, found by path), or through the optional
 * `ibm_db` package when it is installed (loaded lazily; used for the PMF user's check, which
 * then goes to host:port directly). CREATE DATABASE always goes through the CLP: it needs an
 * instance attachment (db2-clp.ts runs the scripts).
 */
import os from 'node:os';
import path from 'node:path';
import { findCommand } from '../which.js';
import { firstCode, isError, messageOf, plain, runClp, withPassword, type ClpOptions, type ClpResult, type ScriptStatement } from './db2-clp.js';
import { answeredWithin, dbError, type DbError, type DbFailure } from './failure.js';
import {
  DB2_PAGESIZE,
  creationStatements,
  probeStatements,
  probeTable,
  render,
  type CreateOutcome,
  type Credentials,
  type DbIo,
  type DbTarget,
  type VerifyOutcome,
} from './sql.js';

/** The part of ibm_db the wizard uses. */
export interface IbmDb {
  open(connectionString: string): Promise<{ query(sql: string): Promise<unknown>; close(): Promise<unknown> }>;
}

export interface Db2Options extends ClpOptions {
  /** The instance to ATTACH TO for CREATE DATABASE. */
  instance: string;
  ibmDb?: IbmDb;
}

/** ibm_db when it is installed, else undefined (it is an optional dependency). */
export async function loadIbmDb(): Promise<IbmDb | undefined> {
  const name = 'ibm_db';
  try {
    const mod = (await import(name)) as { default?: IbmDb } & IbmDb;
    return mod.default ?? mod;
  } catch {
    return undefined;
  }
}

/** The configured CLP, else db2 on PATH, else ~/sqllib/bin/db2 (the tutorial's place). */
export function resolveClp(configured?: string): string | undefined {
  return configured ?? findCommand('db2', [path.join(os.homedir(), 'sqllib', 'bin', 'db2')]);
}

function failure(kind: DbFailure, what: string, result: ClpResult | undefined, statement?: ScriptStatement, fix?: string): DbError {
  return dbError(kind, `${what}: ${messageOf(result)}`, { command: statement?.shown, outputTail: result?.text.trim(), fix });
}

const NOT_STARTED_FIX = 'Start the DB2 instance as its owner (su - db2inst1 -c db2start), then run again.';
const FIX_CAUSE = 'Fix the cause in the message above, then run again.';

const UNREACHABLE_FIX = 'Check that the DB2 server is up and its port open to this machine (db2 LIST NODE DIRECTORY shows where the node points), then run again.';

/** Why ATTACH TO the instance failed, as the kind of refusal it is. */
function attachFailure(result: ClpResult, instance: string, user: string, attach: ScriptStatement): DbError {
  switch (result.code) {
    case 'SQL30082N':
      return failure('admin-denied', `DB2 refused the admin user ${user}`, result, attach);
    case 'SQL1032N':
      return failure('not-started', 'The DB2 instance is not started', result, attach, NOT_STARTED_FIX);
    case 'SQL1097N':
      return failure('no-instance', `DB2 has no instance or node named ${instance}`, result, attach, 'Attach to the instance that db2 get instance shows, or catalog the node of a remote server, then run again.');
    case 'SQL30081N':
      return failure('unreachable', `Cannot reach the DB2 instance ${instance}`, result, attach, UNREACHABLE_FIX);
    default:
      return failure('attach-failed', `ATTACH TO ${instance} failed`, result, attach, 'Check the DB2 instance and the admin credentials, then run again.');
  }
}

/** Why the PMF user's CONNECT failed, as the kind of refusal it is. */
function connectFailure(result: ClpResult, target: DbTarget, connect: ScriptStatement): DbError {
  const name = target.name.toUpperCase();
  switch (result.code) {
    case 'SQL30082N':
      return failure('user-denied', `DB2 refused ${target.user}`, result, connect);
    case 'SQL1013N':
      return failure('unknown-database', `DB2 has no database ${name} in its database directory`, result, connect, `Create ${name} (or catalog it: db2 CATALOG DATABASE ${name} AT NODE ...), then run again.`);
    case 'SQL1032N':
      return failure('not-started', 'The DB2 instance is not started', result, connect, NOT_STARTED_FIX);
    case 'SQL30081N':
      return failure('unreachable', `Cannot reach DB2 database ${name}`, result, connect, UNREACHABLE_FIX);
    default:
      return failure('connect-failed', `${target.user} cannot connect to ${name}`, result, connect, FIX_CAUSE);
  }
}

/** How long a log-in alone may take: the CLP starts its back-end process first. */
const LOGIN_TIMEOUT_MS = 20_000;

/**
 * Logs in the way step 2 will and changes nothing: the admin ATTACHes to the instance (mode
 * create), the PMF user CONNECTs to the database (through ibm_db when it is there). The refusal
 * is thrown as the kind of failure it is.
 */
export async function checkLogin(target: DbTarget, who: Credentials, role: 'admin' | 'user', opts: Db2Options): Promise<void> {
  if (role === 'admin') {
    const attach = withPassword(`ATTACH TO ${opts.instance} USER ${who.user}`, who.password);
    const [result] = await answeredWithin(runClp(opts, [attach, plain('DETACH'), plain('TERMINATE')], true, LOGIN_TIMEOUT_MS), `ATTACH TO ${opts.instance}`, LOGIN_TIMEOUT_MS / 1000);
    if (isError(result)) throw attachFailure(result, opts.instance, who.user, attach);
    return;
  }
  const connect = withPassword(`CONNECT TO ${target.name.toUpperCase()} USER ${who.user}`, who.password);
  const [result] = opts.ibmDb
    ? await runIbmDb(opts.ibmDb, target, [connect], opts.io)
    : await answeredWithin(runClp(opts, [connect, plain('CONNECT RESET'), plain('TERMINATE')], true, LOGIN_TIMEOUT_MS), connect.shown, LOGIN_TIMEOUT_MS / 1000);
  if (isError(result)) throw connectFailure(result, target, connect);
}

/** Creates the database (when missing) and grants what is missing, as the instance owner. */
export async function createDatabase(target: DbTarget, admin: Credentials, opts: Db2Options): Promise<CreateOutcome> {
  const name = target.name.toUpperCase();
  const user = target.user.toUpperCase();
  const changed: string[] = [];
  const unchanged: string[] = [];
  const warnings: string[] = [];
  const statements = creationStatements(target);
  const createDb = plain(render(statements.find((s) => s.kind === 'create-database')!, 'run'));
  const attach = withPassword(`ATTACH TO ${opts.instance} USER ${admin.user}`, admin.password);
  const connectAdmin = withPassword(`CONNECT TO ${name} USER ${admin.user}`, admin.password);

  // 1. CREATE DATABASE, stopping at the first error: a refused ATTACH must not fall back to
  //    the OS user's own authority.
  const a = await runClp(opts, [attach, createDb, plain('DETACH'), plain('TERMINATE')], true);
  if (isError(a[0])) throw attachFailure(a[0], opts.instance, admin.user, attach);
  if (a[1].code === 'SQL1005N') unchanged.push(`database ${name}`);
  else if (!isError(a[1])) changed.push(`created database ${name} (PAGESIZE ${DB2_PAGESIZE})`);
  else if (a[1].code === 'SQL1092N') {
    throw failure('admin-lacks-authority', `${admin.user} may not create a DB2 database`, a[1], createDb, 'Create it as the instance owner (a member of the SYSADM group, e.g. db2inst1), then run again.');
  } else {
    throw failure('statement-failed', `CREATE DATABASE ${name} failed`, a[1], createDb, FIX_CAUSE);
  }

  // 2. What the database has now: page size and the PMF user's authorities.
  const inspect = [
    connectAdmin,
    plain(`SELECT PAGESIZE FROM SYSCAT.TABLESPACES WHERE TBSPACE = 'USERSPACE1'`),
    plain(`SELECT GRANTEE, GRANTEETYPE, CONNECTAUTH, CREATETABAUTH, IMPLSCHEMAAUTH, DBADMAUTH FROM SYSCAT.DBAUTH WHERE GRANTEE IN ('${user}')`),
    plain('CONNECT RESET'),
    plain('TERMINATE'),
  ];
  const b = await runClp(opts, inspect, false);
  if (isError(b[0])) {
    throw failure('admin-cannot-connect', `${admin.user} cannot connect to ${name}`, b[0], connectAdmin, `Give ${admin.user} CONNECT and SECADM on ${name} (or use the user that created it), then run again.`);
  }
  const pagesize = Number(b[1].rows[0]?.[0] ?? 0);
  if (pagesize && pagesize < DB2_PAGESIZE) {
    throw dbError('small-pagesize', `DB2 database ${name} exists with page size ${pagesize}; PMF needs ${DB2_PAGESIZE}`, {
      fix: `If ${name} holds nothing you need, drop it (db2 DROP DATABASE ${name}) and run again. Nothing was changed.`,
    });
  }
  const held = authoritiesOf(b[2].rows, [user]);
  const grants = statements.filter((s) => s.kind === 'grant' && !held.has(grantAuthority(s.target)));
  for (const s of statements.filter((s) => s.kind === 'grant' && held.has(grantAuthority(s.target)))) unchanged.push(`${s.target} of ${target.user}`);

  // 3. The missing grants.
  if (grants.length) {
    const script = [connectAdmin, ...grants.map((s) => plain(render(s, 'run'))), plain('CONNECT RESET'), plain('TERMINATE')];
    const c = await runClp(opts, script, true);
    if (isError(c[0])) throw failure('connect-failed', `${admin.user} cannot connect to ${name}`, c[0], connectAdmin, 'Check the admin credentials, then run again.');
    grants.forEach((s, i) => {
      const result = c[i + 1];
      if (isError(result)) {
        if (result?.code === 'SQL0552N') {
          const fix = `${admin.user} lacks SECADM on ${name}: run the grants as the user that created the database (it holds SECADM), or grant SECADM to ${admin.user}, then run again.`;
          throw failure('statement-denied', `${render(s, 'show')} failed`, result, script[i + 1], fix);
        }
        throw failure('statement-failed', `${render(s, 'show')} failed`, result, script[i + 1], FIX_CAUSE);
      }
      changed.push(`granted ${s.target} on ${name} to ${target.user}`);
    });
  }
  return { changed, unchanged, warnings };
}

function grantAuthority(target: string | undefined): string {
  return target === 'IMPLICIT_SCHEMA' ? 'IMPLSCHEMA' : (target ?? '');
}

/** The authorities (CONNECT, CREATETAB, IMPLSCHEMA, DBADM) held by any of the grantees. */
function authoritiesOf(rows: string[][], grantees: string[]): Set<string> {
  const held = new Set<string>();
  for (const [grantee, , connect, createtab, implschema, dbadm] of rows) {
    if (!grantees.includes(grantee)) continue;
    if (connect === 'Y') held.add('CONNECT');
    if (createtab === 'Y') held.add('CREATETAB');
    if (implschema === 'Y') held.add('IMPLSCHEMA');
    if (dbadm === 'Y') held.add('DBADM');
  }
  if (held.has('DBADM')) for (const a of ['CONNECT', 'CREATETAB', 'IMPLSCHEMA']) held.add(a);
  return held;
}

/** The statements of the PMF user's check, in order; the same for the CLP and for ibm_db. */
function verifyScript(target: DbTarget): ScriptStatement[] {
  const name = target.name.toUpperCase();
  const user = target.user.toUpperCase();
  const probe = probeStatements(target);
  return [
    withPassword(`CONNECT TO ${name} USER ${target.user}`, target.password),
    plain(`SELECT PAGESIZE FROM SYSCAT.TABLESPACES WHERE TBSPACE = 'USERSPACE1'`),
    plain(`SELECT VALUE FROM SYSIBMADM.DBCFG WHERE NAME = 'codeset'`),
    plain(`SELECT GRANTEE, GRANTEETYPE, CONNECTAUTH, CREATETABAUTH, IMPLSCHEMAAUTH, DBADMAUTH FROM SYSCAT.DBAUTH WHERE GRANTEE IN ('${user}', 'PUBLIC')`),
    plain(`SELECT SCHEMANAME FROM SYSCAT.SCHEMATA WHERE SCHEMANAME = '${(target.schema || user).toUpperCase()}'`),
    // A probe table left by an interrupted run: dropped first (its absence is fine).
    plain(`DROP TABLE ${probeTable(target)}`),
    plain(probe.create),
    plain(probe.insert),
    plain(probe.select),
    plain(probe.drop),
    plain('CONNECT RESET'),
    plain('TERMINATE'),
  ];
}

/** Turns the answers of verifyScript into the list of what is missing. */
export function interpretVerify(target: DbTarget, results: ClpResult[]): VerifyOutcome {
  const name = target.name.toUpperCase();
  const user = target.user;
  const missing: string[] = [];
  const [connect, pagesize, codeset, dbauth, schema, , create, insert, select, drop] = results;
  if (isError(connect)) {
    switch (connect?.code) {
      case 'SQL30082N':
        missing.push(`${user} cannot log in to DB2 (SQL30082N): the operating-system user ${user} does not exist on the DB2 server`);
        return { missing, detail: missing.join('; '), warnings: [], login: 'refused' };
      case 'SQL1013N':
        missing.push(`database ${name} does not exist (SQL1013N)`);
        break;
      case 'SQL1060N':
        missing.push(`${user} lacks CONNECT on ${name}`);
        break;
      case 'SQL1032N':
        throw failure('not-started', 'The DB2 instance is not started', connect, undefined, NOT_STARTED_FIX);
      default:
        missing.push(`${user} cannot connect to ${name}: ${messageOf(connect)}`);
    }
    return { missing, detail: missing.join('; '), warnings: [] };
  }
  const size = Number(pagesize?.rows[0]?.[0] ?? 0);
  if (size && size < DB2_PAGESIZE) missing.push(`database ${name} has page size ${size}; PMF needs ${DB2_PAGESIZE}`);
  const held = authoritiesOf(dbauth?.rows ?? [], [user.toUpperCase(), 'PUBLIC']);
  if (!held.has('CREATETAB')) missing.push(`${user} lacks CREATETAB on ${name}`);
  const schemaName = (target.schema || user).toUpperCase();
  const schemaExists = (schema?.rows.length ?? 0) > 0;
  if (!schemaExists && !held.has('IMPLSCHEMA')) {
    missing.push(`${user} lacks IMPLICIT_SCHEMA on ${name} (needed to create the schema ${schemaName})`);
  }
  const probe: Array<[string, ClpResult | undefined]> = [
    ['create a table', create],
    ['insert into a table', insert],
    ['select from a table', select],
    ['drop a table', drop],
  ];
  const failed = probe.find(([, result]) => isError(result));
  // A failed probe says the same as a missing authority above; name it only when it is news.
  if (failed && missing.length === 0) missing.push(`${user} cannot ${failed[0]} in ${name}: ${messageOf(failed[1])}`);
  const warnings: string[] = [];
  const code = codeset?.rows[0]?.[0];
  if (code && !/^UTF-?8$/i.test(code)) {
    warnings.push(`DB2 database ${name} has code set ${code}; the reference asks for UTF-8 (a new database gets it with CREATE DATABASE ... USING CODESET UTF-8).`);
  }
  const detail = missing.length
    ? missing.join('; ')
    : `${user} can connect to DB2 database ${name} (page size ${size || 'unknown'}) and create, use and drop a table in ${schemaName}`;
  return { missing, detail, warnings };
}

/** As the PMF user: connect, look at page size and authorities, create/use/drop a table. */
export async function verifyUser(target: DbTarget, opts: Db2Options): Promise<VerifyOutcome> {
  const script = verifyScript(target);
  const results = opts.ibmDb ? await runIbmDb(opts.ibmDb, target, script, opts.io) : await runClp(opts, script, false);
  return interpretVerify(target, results);
}

/** The same statements through ibm_db, answered in the CLP's terms (message ids, rows). */
async function runIbmDb(ibmDb: IbmDb, target: DbTarget, script: ScriptStatement[], io: DbIo): Promise<ClpResult[]> {
  const results: ClpResult[] = script.map((s) => ({ statement: s.sql, text: '', rows: [], ran: false }));
  const connection = `DATABASE=${target.name};HOSTNAME=${target.host};PORT=${target.port};PROTOCOL=TCPIP;UID=${target.user};PWD=${target.password};`;
  io.log(`ibm_db> ${script[0].shown} (${target.host}:${target.port})`);
  let conn: Awaited<ReturnType<IbmDb['open']>>;
  try {
    conn = await ibmDb.open(connection);
    results[0] = { statement: script[0].sql, text: 'connected', rows: [], ran: true };
  } catch (error) {
    const text = String((error as Error).message ?? error);
    results[0] = { statement: script[0].sql, text, code: firstCode(text) ?? 'SQL30081N', rows: [], ran: true };
    return results;
  }
  try {
    for (let i = 1; i < script.length; i++) {
      const sql = script[i].sql;
      if (sql === 'CONNECT RESET' || sql === 'TERMINATE') continue;
      io.log(`ibm_db> ${script[i].shown}`);
      try {
        const rows = await conn.query(sql);
        const list = Array.isArray(rows) ? (rows as Array<Record<string, unknown>>) : [];
        results[i] = { statement: sql, text: 'ok', rows: list.map((row) => Object.values(row).map((v) => String(v))), ran: true };
        if (/^SELECT/i.test(sql) && list.length === 0) results[i].code = 'SQL0100W';
      } catch (error) {
        const text = String((error as Error).message ?? error);
        results[i] = { statement: sql, text, code: firstCode(text) ?? 'SQL0000N', rows: [], ran: true };
      }
    }
  } finally {
    await conn.close().catch(() => undefined);
  }
  return results;
}
