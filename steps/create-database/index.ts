/**
 * Step 2: the database PMF keeps its tables in, and a user that can create and use them.
 * Either the wizard creates them with the DBMS admin's credentials (mode "create"), or it
 * writes the exact script for a DBA, pauses, and on --resume checks that what the DBA did
 * is enough (mode "dba"). Derby needs no server: only a writable data directory, one node.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as db2 from '../../source/adapters/database/db2.js';
import * as derby from '../../source/adapters/database/derby.js';
import { checkDriver, driverRequirement } from '../../source/adapters/database/driver.js';
import * as mysqlDb from '../../source/adapters/database/mysql.js';
import * as oracle from '../../source/adapters/database/oracle.js';
import {
  creationStatements,
  dbaCommand,
  dbaScript,
  dbaScriptName,
  probeStatements,
  render,
  type CreateOutcome,
  type Credentials,
  type DbIo,
  type DbTarget,
  type VerifyOutcome,
} from '../../source/adapters/database/sql.js';
import { PauseRun, StepFailure, type FieldProblem } from '../../source/engine/errors.js';
import type { PlannedAction } from '../../source/engine/events.js';
import type { DoneCheck, Step, StepContext, StepOutputs } from '../../source/engine/step.js';
import { databaseOf, jdbcUrl, type DatabaseSetup } from '../../source/farm/database.js';
import { databaseQuestions, validateDatabase } from './questions.js';


// ---------------------------------------------------------------------------------------
// The DBMS adapters behind one face

interface Backend {
  create(admin: Credentials): Promise<CreateOutcome>;
  verify(): Promise<VerifyOutcome>;
  /** A line on how the wizard talks to the DBMS (for plan and reports). */
  via: string;
}

/** Contexts already told how DB2 is reached: said once per run, not at every check. */
const noted = new WeakSet<StepContext>();

async function backendFor(ctx: StepContext, r: DatabaseSetup): Promise<Backend> {
  const io: DbIo = { log: (line) => ctx.log.write(line) };
  const { target } = r;
  switch (target.type) {
    case 'mysql':
      return {
        via: `mysql2 to ${target.host}:${target.port}`,
        create: (admin) => mysqlDb.createDatabase(target, admin, io),
        verify: () => mysqlDb.verifyUser(target, io),
      };
    case 'db2': {
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
      };
    }
    case 'oracle': {
      const sqlplus = oracle.resolveSqlplus(r.sqlplusPath);
      const options: oracle.OracleOptions = { runner: ctx.runner, sqlplus, io };
      return {
        via: `${sqlplus ?? 'sqlplus'} to //${target.host}:${target.port}/${target.name}`,
        create: (admin) => oracle.createDatabase(target, admin, options),
        verify: () => oracle.verifyUser(target, options),
      };
    }
    case 'derby':
      throw new Error('Derby has no server backend');
  }
}

function isLocalHost(host: string): boolean {
  return ['localhost', '127.0.0.1', '::1', os.hostname()].includes(host);
}

function registerSecrets(ctx: StepContext, r: DatabaseSetup): void {
  for (const value of [r.target.password, r.admin?.password]) {
    if (!value) continue;
    ctx.addSecret(value);
    // The forms the statements carry (a MySQL literal doubles ' and \).
    const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "''");
    if (escaped !== value) ctx.addSecret(escaped);
  }
}

function dbaScriptPath(ctx: StepContext, r: DatabaseSetup): string {
  return path.join(ctx.stateDir, 'dba', dbaScriptName(r.target));
}

function missingList(missing: string[]): string {
  return missing.map((item) => `  - ${item}`).join('\n');
}

// ---------------------------------------------------------------------------------------
// The step

async function isDone(ctx: StepContext): Promise<DoneCheck> {
  const r = databaseOf(ctx);
  registerSecrets(ctx, r);
  const driver = checkDriver(r.target.type, r.driverDir);
  if (r.target.type === 'derby') {
    const dir = derby.checkDataDir(r.dataDir as string);
    return { done: driver.ok && dir.ok, detail: `${driver.detail}; ${dir.detail}` };
  }
  try {
    const backend = await backendFor(ctx, r);
    const outcome = await backend.verify();
    const done = driver.ok && outcome.missing.length === 0;
    return { done, detail: `${outcome.detail}; ${driver.detail}` };
  } catch (error) {
    return { done: false, detail: `${(error as Error).message}; ${driver.detail}` };
  }
}

async function plan(ctx: StepContext): Promise<PlannedAction[]> {
  const r = databaseOf(ctx);
  registerSecrets(ctx, r);
  const { target } = r;
  const actions: PlannedAction[] = [
    { summary: `Check the JDBC driver in ${r.driverDir}: ${driverRequirement(target.type)}` },
  ];
  if (target.type === 'derby') {
    actions.push({
      summary: `Create the Derby data directory ${r.dataDir} (if missing) and check that it is writable; the PMF Ant task creates the database ${target.name} in it`,
      file: r.dataDir,
    });
    return actions;
  }
  const probe = probeStatements(target);
  const probeSql = [probe.create, probe.insert, probe.select, probe.drop].map((sql) => `${sql};`).join('\n');
  if (r.mode === 'create') {
    const backend = await backendFor(ctx, r);
    const admin = r.admin as Credentials;
    const shown = creationStatements(target).map((statement) => `${render(statement, 'show')};`);
    if (target.type === 'db2') {
      shown.unshift(`ATTACH TO ${r.db2Instance} USER ${admin.user} USING ****;`);
      shown.splice(2, 0, 'DETACH;');
      shown[3] = `CONNECT TO ${target.name.toUpperCase()} USER ${admin.user} USING ****;`;
    }
    if (target.type === 'oracle') shown.unshift(`CONNECT ${admin.user}/****@//${target.host}:${target.port}/${target.name}`);
    actions.push({
      summary: `As ${admin.user}, through ${backend.via}: create what is missing of the database ${target.name}, the user ${target.user} and its grants (what exists is kept)`,
      detail: shown.join('\n'),
    });
  } else {
    const file = dbaScriptPath(ctx, r);
    actions.push({
      summary: `Write the DBA script ${file}, then pause until the DBA has run it: ${dbaCommand(target, file)}`,
      file,
      detail: dbaScript(target, file),
    });
  }
  actions.push({
    summary: `As ${target.user}: connect to ${target.name} and create, use and drop a table`,
    detail: probeSql,
  });
  return actions;
}

async function run(ctx: StepContext): Promise<StepOutputs> {
  const r = databaseOf(ctx);
  registerSecrets(ctx, r);
  const { target } = r;

  const driver = checkDriver(target.type, r.driverDir);
  if (!driver.ok) throw new StepFailure(`JDBC driver missing: ${driver.detail}`, driver.fix);
  ctx.report(driver.detail);

  const outputs: StepOutputs = {
    type: target.type,
    name: target.name,
    driverDir: r.driverDir,
    driverJars: driver.found,
    jdbcUrl: jdbcUrl(r),
  };

  if (target.type === 'derby') {
    const dataDir = r.dataDir as string;
    const made = derby.prepareDataDir(dataDir);
    ctx.report(made.created ? `Created the Derby data directory ${dataDir}` : `Derby data directory ${dataDir} exists and is writable: nothing to change`);
    return { ...outputs, dataDir };
  }
  Object.assign(outputs, { host: target.host, port: target.port, user: target.user, schema: target.schema, mode: r.mode });

  const backend = await backendFor(ctx, r);
  if (r.mode === 'create') {
    ctx.report(`Creating what is missing of database ${target.name} and user ${target.user} as ${r.admin?.user}`);
    const outcome = await backend.create(r.admin as Credentials);
    for (const warning of outcome.warnings) ctx.report(`Warning: ${warning}`);
    if (outcome.changed.length === 0) {
      ctx.report(`Nothing to change: ${outcome.unchanged.join(', ')} already in place`);
    } else {
      for (const change of outcome.changed) ctx.report(change.charAt(0).toUpperCase() + change.slice(1));
    }
    const check = await backend.verify();
    for (const warning of check.warnings) if (!outcome.warnings.includes(warning)) ctx.report(`Warning: ${warning}`);
    if (check.missing.length) {
      throw new StepFailure(
        `The database was set up, but ${target.user} still cannot use it:\n${missingList(check.missing)}`,
        fixFor(target, check.missing),
      );
    }
    ctx.report(check.detail);
    return { ...outputs, changed: outcome.changed, unchanged: outcome.unchanged };
  }

  // DBA hand-off: the script first; on the next run, verify what the DBA did.
  const file = dbaScriptPath(ctx, r);
  const script = dbaScript(target, file);
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (existing === script) {
    ctx.report(`Checking what the DBA did with ${file}`);
    const check = await backend.verify();
    for (const warning of check.warnings) ctx.report(`Warning: ${warning}`);
    if (check.missing.length) {
      throw new StepFailure(
        `The database is not ready for PMF yet; missing:\n${missingList(check.missing)}`,
        `Ask your DBA to run ${file} (${dbaCommand(target, file)}) or to fix the items above, then run pmf-wizard --resume again.`,
      );
    }
    ctx.report(check.detail);
    return { ...outputs, dbaScript: file };
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // No password in it (a placeholder for the PMF user's), so the DBA may read it.
  fs.writeFileSync(file, script, { mode: 0o644 });
  fs.chmodSync(file, 0o644);
  const placeholderNote =
    target.type === 'db2'
      ? `DB2 users are operating-system users: ${target.user} must exist on the DB2 server with the password you gave as database.password.`
      : `The script holds no password: the DBA replaces <PMF_USER_PASSWORD> with the password you gave as database.password.`;
  throw new PauseRun(
    `Waiting for the DBA: the script to create database ${target.name} and user ${target.user} is in ${file}`,
    [
      `1. Give ${file} to your ${target.type.toUpperCase()} DBA. ${placeholderNote}`,
      `2. The DBA runs: ${dbaCommand(target, file)}`,
      `3. Then continue with: pmf-wizard --resume (with the same --answers and --state as this run). The wizard checks that ${target.user} can connect to ${target.name} and create a table, and lists anything still missing.`,
    ].join('\n'),
  );
}

function fixFor(target: DbTarget, missing: string[]): string {
  const text = missing.join(' ');
  if (/cannot log in/.test(text) && target.type === 'db2') {
    return `Create the operating-system user ${target.user} on the DB2 server with the password given as database.password (useradd ${target.user}; passwd ${target.user}), then run again.`;
  }
  if (/cannot log in/.test(text)) return `Check database.user and database.password against the DBMS, then run again.`;
  return `Grant what is listed to ${target.user} as the DBMS admin, then run again.`;
}

export const createDatabaseStep: Step = {
  id: 'create-database',
  title: 'Create the database',
  questions: databaseQuestions,
  validate: validateDatabase,
  async preflight(ctx) {
    const r = databaseOf(ctx);
    const problems: FieldProblem[] = [];
    const driver = checkDriver(r.target.type, r.driverDir);
    if (!driver.ok) problems.push({ path: 'database.driverDir', message: driver.detail, fix: driver.fix });
    if (r.target.type === 'derby') {
      const dir = derby.checkDataDir(r.dataDir as string, { allowMissing: true });
      if (!dir.ok) problems.push({ path: 'database.dataDir', message: dir.detail, fix: dir.fix });
    }
    return problems;
  },
  isDone,
  plan,
  run,
};
