/**
 * What the user reads when the database adapters fail: their failures speak of servers,
 * commands and files; here each kind becomes the fix in terms of the answers that led there.
 */
import { driverRequirement, driverSource } from '../../source/adapters/database/driver.js';
import type { DataDirCheck } from '../../source/adapters/database/derby.js';
import type { DbFailure } from '../../source/adapters/database/failure.js';
import { DB2_PAGESIZE, MYSQL_CHARSET, MYSQL_COLLATION, type Dbms, type VerifyOutcome } from '../../source/adapters/database/sql.js';
import { ExternalError, withFix, type FixTable } from '../../source/engine/errors.js';
import type { DatabaseSetup } from '../../source/farm/database.js';

/** An adapter's fix that ends the step's sentence ("If ..." becomes "..., or, if ..."). */
const continuing = (fix: string) => fix.charAt(0).toLowerCase() + fix.slice(1);

const KEEPS_PASSWORDS = "The wizard does not reset an existing user's password.";

/** The same for every server DBMS: host and port are answers. */
const SERVER_FIXES: FixTable<DbFailure> = {
  'no-server': (e) => `${e.fix}, or correct database.host and database.port, then run again.`,
  'unknown-host': () => 'Correct database.host, then run again.',
  unreachable: () => 'Check database.host and database.port, and that no firewall blocks the port, then run again.',
};

function mysqlFixes(r: DatabaseSetup): FixTable<DbFailure> {
  const name = r.target.name;
  return {
    'admin-denied': () =>
      'Correct database.admin.password (and database.admin.user) to an account with CREATE, CREATE USER and GRANT OPTION privileges, then run again. Nothing was changed.',
    'user-denied': () => 'Correct database.user and database.password, then run again.',
    'connect-failed': () => 'Check the MySQL server and the database answers, then run again.',
    'statement-denied': () => 'Use an admin account (database.admin.user) with CREATE, CREATE USER and GRANT OPTION privileges, then run again.',
    'user-exists-other-password': (e) => `${KEEPS_PASSWORDS} Put that user's current password in database.password, or, ${continuing(e.fix)}`,
    'wrong-charset': () =>
      `If ${name} holds nothing you need, drop it (DROP DATABASE ${name};) and run again so the wizard creates it with CHARACTER SET ${MYSQL_CHARSET}; ` +
      `or run ALTER DATABASE ${name} CHARACTER SET ${MYSQL_CHARSET} COLLATE ${MYSQL_COLLATION}; (tables already in it keep their character set); ` +
      'or choose another database.name. Nothing was changed.',
  };
}

function db2Fixes(r: DatabaseSetup): FixTable<DbFailure> {
  return {
    'no-client': () =>
      'Set database.db2Path to the db2 command (usually ~db2inst1/sqllib/bin/db2, or DB2_INSTALL_DIR/bin/db2), or run the wizard on the DB2 server as the instance owner. To check the PMF user without the CLP: npm install ibm_db.',
    'admin-denied': () => 'Correct database.admin.password (and database.admin.user: the instance owner, e.g. db2inst1), then run again. Nothing was changed.',
    'no-instance': () => 'Set database.db2Instance to the instance name (db2 get instance), or catalog the node of a remote server, then run again.',
    'admin-lacks-authority': () => 'Use the instance owner (a member of the SYSADM group, e.g. db2inst1) as database.admin.user, or the "dba" mode, then run again.',
    'admin-cannot-connect': () => `Give database.admin.user CONNECT and SECADM on ${r.target.name.toUpperCase()} (or use the user that created it), then run again.`,
    'small-pagesize': (e) => `Use another database.name (the wizard creates it with PAGESIZE ${DB2_PAGESIZE}), or, ${continuing(e.fix)}`,
  };
}

function oracleFixes(r: DatabaseSetup): FixTable<DbFailure> {
  return {
    'no-client': () => 'Install the Oracle Instant Client with SQL*Plus, or set database.sqlplusPath to the sqlplus command, then run again.',
    'unknown-service': () => 'Set database.name to the service name of the database (lsnrctl status lists them), then run again.',
    'admin-denied': () => 'Correct database.admin.password (and database.admin.user, e.g. SYSTEM), then run again. Nothing was changed.',
    'admin-lacks-authority': () => 'Use an admin with the DBA role (SYSTEM) as database.admin.user, or the "dba" mode, then run again.',
    'statement-denied': () => `${r.admin?.user ?? 'The admin'} lacks CREATE USER or GRANT ANY PRIVILEGE: use SYSTEM (or a DBA) as database.admin.user, then run again.`,
    'user-exists-other-password': (e) => `${KEEPS_PASSWORDS} Put ${r.target.user}'s current password in database.password, or, ${continuing(e.fix)}`,
    'no-tablespace': () => 'Set database.tablespace to an existing tablespace (SELECT TABLESPACE_NAME FROM DBA_TABLESPACES), then run again.',
  };
}

export function dataDirFix(dir: string, problem: DataDirCheck['problem']): string {
  return problem === 'data-dir-relative'
    ? 'Give an absolute path.'
    : `Set database.dataDir to a directory the user running the wizard and Liberty can write, or create it: mkdir -p ${dir}`;
}

export function driverFix(type: Dbms): string {
  return `Set database.driverDir to the directory that holds ${driverRequirement(type)}, or ${driverSource(type)}.`;
}

export function fixesFor(r: DatabaseSetup): FixTable<DbFailure> {
  switch (r.target.type) {
    case 'mysql':
      return { ...SERVER_FIXES, ...mysqlFixes(r) };
    case 'db2':
      return { ...SERVER_FIXES, ...db2Fixes(r) };
    case 'oracle':
      return { ...SERVER_FIXES, ...oracleFixes(r) };
    case 'derby': {
      const dir = r.dataDir ?? '';
      return { 'data-dir-relative': () => dataDirFix(dir, 'data-dir-relative'), 'data-dir-unusable': () => dataDirFix(dir, 'data-dir-unusable') };
    }
  }
}

/** The adapter says "a different password"; the user knows it as an answer. */
function reworded(error: unknown): unknown {
  if (!(error instanceof ExternalError) || error.kind !== 'user-exists-other-password') return error;
  const { command, outputTail, fix } = error;
  return new ExternalError(error.kind, `${error.message} than database.password`, { command, outputTail, fix });
}

/** An adapter's failure in the answers' terms; any other error passes unchanged. */
export function explained(error: unknown, r: DatabaseSetup): unknown {
  return withFix(reworded(error), fixesFor(r));
}

/** Adapter work whose failure reaches the user in the answers' terms. */
export async function inUserWords<T>(work: Promise<T>, r: DatabaseSetup): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw explained(error, r);
  }
}

/** A refused login may be a password other than the one answered: the list says so. */
export function outcomeInUserWords(outcome: VerifyOutcome): VerifyOutcome {
  if (outcome.login !== 'refused') return outcome;
  const [first, ...rest] = outcome.missing;
  const missing = [`${first}, or its password is not database.password`, ...rest];
  return { ...outcome, missing, detail: missing.join('; ') };
}

/** What to do when the PMF user still cannot use the database the wizard set up. */
export function stillUnusableFix(r: DatabaseSetup, check: VerifyOutcome): string {
  const user = r.target.user;
  if (check.login && r.target.type === 'db2') {
    return `Create the operating-system user ${user} on the DB2 server with the password given as database.password (useradd ${user}; passwd ${user}), then run again.`;
  }
  if (check.login) return `Check database.user and database.password against the DBMS, then run again.`;
  return `Grant what is listed to ${user} as the DBMS admin, then run again.`;
}
