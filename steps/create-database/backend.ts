/** The DBMS adapters behind one face, their failures and findings in the answers' terms. */
import os from 'node:os';
import * as db2 from '../../source/adapters/database/db2.js';
import * as mysqlDb from '../../source/adapters/database/mysql.js';
import * as oracle from '../../source/adapters/database/oracle.js';
import type { CreateOutcome, Credentials, DbIo, VerifyOutcome } from '../../source/adapters/database/sql.js';
import type { StepContext } from '../../source/engine/step.js';
import { databaseOf, type DatabaseSetup } from '../../source/farm/database.js';
import { inUserWords, outcomeInUserWords } from './fixes.js';

export interface Backend {
  create(admin: Credentials): Promise<CreateOutcome>;
  verify(): Promise<VerifyOutcome>;
  /** Logs in as step 2 will, changes nothing; throws the adapter's error, its kind kept (the preflight words it). */
  checkLogin(who: Credentials, role: 'admin' | 'user'): Promise<void>;
  /** A line on how the wizard talks to the DBMS (for plan and reports). */
  via: string;
}

/** The database of this run, its passwords registered as secrets of the context. */
export function setupFor(ctx: StepContext): DatabaseSetup {
  const r = databaseOf(ctx);
  for (const value of [r.target.password, r.admin?.password]) {
    if (!value) continue;
    ctx.addSecret(value);
    // The forms the statements carry (a MySQL literal doubles ' and \).
    const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "''");
    if (escaped !== value) ctx.addSecret(escaped);
  }
  return r;
}

/** Contexts already told how DB2 is reached: said once per run, not at every check. */
const noted = new WeakSet<StepContext>();

function isLocalHost(host: string): boolean {
  return ['localhost', '127.0.0.1', '::1', os.hostname()].includes(host);
}

async function db2Backend(ctx: StepContext, r: DatabaseSetup, io: DbIo): Promise<Backend> {
  const { target } = r;
  const ibmDb = await db2.loadIbmDb();
  const clp = db2.resolveClp(r.db2Path);
  const options: db2.Db2Options = { runner: ctx.runner, clp, instance: r.db2Instance, io, ibmDb };
  const first = !noted.has(ctx);
  noted.add(ctx);
  if (!ibmDb && first) {
    ctx.report(`ibm_db is not installed (to use it: npm install ibm_db); using the DB2 command line processor ${clp ?? '(not found)'}`);
  }
  if (!ibmDb && first && !isLocalHost(target.host)) {
    ctx.report(
      `The DB2 command line processor uses its database directory, not database.host: ${target.name} must be catalogued there for ${target.host}:${target.port} ` +
        `(db2 CATALOG TCPIP NODE ...; db2 CATALOG DATABASE ${target.name} AT NODE ...), or run the wizard on the DB2 server, or install ibm_db.`,
    );
  }
  return {
    via: ibmDb ? `ibm_db to ${target.host}:${target.port} (and the CLP ${clp ?? 'db2'} for CREATE DATABASE)` : `the DB2 command line processor ${clp ?? 'db2'}`,
    create: (admin) => db2.createDatabase(target, admin, options),
    verify: () => db2.verifyUser(target, options),
    checkLogin: (who, role) => db2.checkLogin(target, who, role, options),
  };
}

async function adapterFor(ctx: StepContext, r: DatabaseSetup): Promise<Backend> {
  const io: DbIo = { log: (line) => ctx.log.write(line) };
  const { target } = r;
  switch (target.type) {
    case 'mysql':
      return {
        via: `mysql2 to ${target.host}:${target.port}`,
        create: (admin) => mysqlDb.createDatabase(target, admin, io),
        verify: () => mysqlDb.verifyUser(target, io),
        checkLogin: (who, role) => mysqlDb.checkLogin(target, who, role),
      };
    case 'db2':
      return db2Backend(ctx, r, io);
    case 'oracle': {
      const sqlplus = oracle.resolveSqlplus(r.sqlplusPath);
      const options: oracle.OracleOptions = { runner: ctx.runner, sqlplus, io };
      return {
        via: `${sqlplus ?? 'sqlplus'} to //${target.host}:${target.port}/${target.name}`,
        create: (admin) => oracle.createDatabase(target, admin, options),
        verify: () => oracle.verifyUser(target, options),
        checkLogin: (who, role) => oracle.checkLogin(target, who, role, options),
      };
    }
    case 'derby':
      throw new Error('Derby has no server backend');
  }
}

/** The DBMS of the setup; what it raises and finds reaches the user in the answers' terms. */
export async function backendFor(ctx: StepContext, r: DatabaseSetup): Promise<Backend> {
  const adapter = await adapterFor(ctx, r);
  return {
    via: adapter.via,
    create: (admin) => inUserWords(adapter.create(admin), r),
    verify: async () => outcomeInUserWords(await inUserWords(adapter.verify(), r)),
    checkLogin: adapter.checkLogin,
  };
}
