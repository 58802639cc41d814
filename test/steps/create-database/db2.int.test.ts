/** Step 2 with DB2, against the CLP stand-in: create, re-run, failures, the DBA hand-off. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { PauseRun } from '../../../source/engine/errors.js';
import { createDatabaseStep } from '../../../steps/create-database/index.js';
import { failureOf, standinSandbox, twoNodes } from '../../support/create-database.js';
import { makeStepContext } from '../../support/step-context.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLP = path.join(root, 'fixtures', 'db2', 'db2');
const ADMIN_PW = 'Db2-admin-pw';
const USER_PW = 'Mfp-user-pw1';

let work: string;
let dataDir: string;
let driverDir: string;
let wrapper: string;
let argvLog: string;

function seed(users: Record<string, string> = { db2inst1: ADMIN_PW, mfpuser: USER_PW }) {
  fs.writeFileSync(
    path.join(dataDir, 'state.json'),
    JSON.stringify({ instance: 'db2inst1', started: true, sysadm: ['DB2INST1'], users, databases: {} }, null, 2),
  );
}

function state() {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'state.json'), 'utf8'));
}

beforeEach(() => {
  ({ work, dataDir, driverDir, wrapper, argvLog } = standinSandbox({
    prefix: 'pmf-db2-test-',
    standin: CLP,
    dataEnv: 'DB2_STANDIN_DATA',
    dataName: 'db2data',
    driverName: 'java',
    jars: ['db2jcc4.jar', 'db2jcc_license_cu.jar'],
  }));
  seed();
});

function answers(database: Record<string, unknown> = {}) {
  return {
    database: {
      type: 'db2',
      host: 'localhost',
      port: 50000,
      name: 'MFPDATA',
      user: 'mfpuser',
      password: USER_PW,
      driverDir,
      db2Path: wrapper,
      admin: { user: 'db2inst1', password: ADMIN_PW },
      ...database,
    },
    nodes: twoNodes(),
  };
}

const tempScripts = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('pmf-db2-') && !f.startsWith('pmf-db2-test-'));

describe('create-database with DB2 (CLP stand-in), mode create', () => {
  it('creates MFPDATA with page size 32768, grants CONNECT, CREATETAB, IMPLICIT_SCHEMA, and proves mfpuser can use a table', async () => {
    const leftBefore = tempScripts().length;
    const t = makeStepContext(answers(), { secrets: [ADMIN_PW, USER_PW] });
    const before = await createDatabaseStep.isDone(t.ctx);
    expect(before.done).toBe(false);
    expect(before.detail).toMatch(/^database MFPDATA does not exist \(SQL1013N\)/);

    const outputs = await createDatabaseStep.run(t.ctx);
    expect(outputs).toMatchObject({
      type: 'db2',
      schema: 'MFPDATA',
      jdbcUrl: 'jdbc:db2://localhost:50000/MFPDATA',
      driverJars: ['db2jcc4.jar', 'db2jcc_license_cu.jar'],
      changed: ['created database MFPDATA (PAGESIZE 32768)', 'granted CONNECT on MFPDATA to mfpuser', 'granted CREATETAB on MFPDATA to mfpuser', 'granted IMPLICIT_SCHEMA on MFPDATA to mfpuser'],
    });
    const db = state().databases.MFPDATA;
    expect(db.pagesize).toBe(32768);
    expect(db.auth.MFPUSER.sort()).toEqual(['CONNECT', 'CREATETAB', 'IMPLICIT_SCHEMA']);
    expect(db.tables).toEqual({});
    expect(t.reports).toContain('ibm_db is not installed (to use it: npm install ibm_db); using the DB2 command line processor ' + wrapper);
    expect(t.reports.some((r) => /mfpuser can connect to DB2 database MFPDATA \(page size 32768\) and create, use and drop a table in MFPDATA/.test(r))).toBe(true);
    expect((await createDatabaseStep.isDone(t.ctx)).done).toBe(true);

    // No password on any command line, in the log, or in a file left behind.
    const argv = fs.readFileSync(argvLog, 'utf8');
    expect(argv).toMatch(/^-stvf \/.*\/script\.sql$/m);
    expect(argv).not.toContain(ADMIN_PW);
    expect(argv).not.toContain(USER_PW);
    const log = t.logText();
    expect(log).toContain('db2> ATTACH TO db2inst1 USER db2inst1 USING ****');
    expect(log).not.toContain(ADMIN_PW);
    expect(log).not.toContain(USER_PW);
    expect(tempScripts().length).toBe(leftBefore);
    t.close();
  });

  it('a re-run changes nothing and says so', async () => {
    await createDatabaseStep.run(makeStepContext(answers()).ctx);
    const before = fs.readFileSync(path.join(dataDir, 'state.json'), 'utf8');
    const t = makeStepContext(answers(), { secrets: [ADMIN_PW, USER_PW] });
    expect((await createDatabaseStep.isDone(t.ctx)).done).toBe(true);
    const outputs = (await createDatabaseStep.run(t.ctx)) as { changed: string[]; unchanged: string[] };
    expect(outputs.changed).toEqual([]);
    expect(outputs.unchanged).toEqual(['database MFPDATA', 'CONNECT of mfpuser', 'CREATETAB of mfpuser', 'IMPLICIT_SCHEMA of mfpuser']);
    expect(t.reports).toContain('Nothing to change: database MFPDATA, CONNECT of mfpuser, CREATETAB of mfpuser, IMPLICIT_SCHEMA of mfpuser already in place');
    expect(t.logText()).not.toMatch(/db2> GRANT/);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'state.json'), 'utf8'))).toEqual(JSON.parse(before));
    t.close();
  });

  it('a wrong admin password fails at ATTACH, with the fix, and creates nothing', async () => {
    const t = makeStepContext(answers({ admin: { user: 'db2inst1', password: 'wrong-one' } }));
    const failure = await failureOf(createDatabaseStep.run(t.ctx));
    expect(failure.message).toBe('DB2 refused the admin user db2inst1: SQL30082N  Security processing failed with reason "24" ("USERNAME AND/OR PASSWORD INVALID").  SQLSTATE=08001');
    expect(failure.fix).toMatch(/^Correct database\.admin\.password/);
    expect(failure.command).toBe('ATTACH TO db2inst1 USER db2inst1 USING ****');
    expect(state().databases).toEqual({});
    t.close();
  });

  it('an admin without SYSADM cannot create the database: SQL1092N, with the fix', async () => {
    seed({ db2inst1: ADMIN_PW, mfpuser: USER_PW, bob: 'Bob-pw-123' });
    const t = makeStepContext(answers({ admin: { user: 'bob', password: 'Bob-pw-123' }, db2Instance: 'db2inst1' }));
    const failure = await failureOf(createDatabaseStep.run(t.ctx));
    expect(failure.message).toMatch(/^bob may not create a DB2 database: SQL1092N/);
    expect(failure.fix).toMatch(/instance owner/);
    expect(state().databases).toEqual({});
    t.close();
  });

  it('a PMF user that is not an operating-system user of the DB2 server: the fix says to create it', async () => {
    seed({ db2inst1: ADMIN_PW });
    const t = makeStepContext(answers());
    const failure = await failureOf(createDatabaseStep.run(t.ctx));
    expect(failure.message).toContain('mfpuser cannot log in to DB2 (SQL30082N)');
    expect(failure.fix).toMatch(/useradd mfpuser; passwd mfpuser/);
    t.close();
  });

  it('an existing database with another code set: kept, and a warning says what the reference asks', async () => {
    execFileSync(CLP, ['CREATE DATABASE MFPDATA USING CODESET ISO-8859-1 TERRITORY US PAGESIZE 32 K'], { env: { ...process.env, DB2_STANDIN_OS_USER: 'db2inst1' } });
    const t = makeStepContext(answers());
    const outputs = (await createDatabaseStep.run(t.ctx)) as { unchanged: string[] };
    expect(outputs.unchanged).toContain('database MFPDATA');
    expect(t.reports).toContain('Warning: DB2 database MFPDATA has code set ISO-8859-1; the reference asks for UTF-8 (a new database gets it with CREATE DATABASE ... USING CODESET UTF-8).');
  });

  it('plan() shows the statements with the passwords as ****', async () => {
    const t = makeStepContext(answers(), { dryRun: true });
    const actions = await createDatabaseStep.plan(t.ctx);
    expect(JSON.stringify(actions)).not.toContain(ADMIN_PW);
    expect(JSON.stringify(actions)).not.toContain(USER_PW);
    expect(actions[1].detail).toBe(
      [
        'ATTACH TO db2inst1 USER db2inst1 USING ****;',
        'CREATE DATABASE MFPDATA COLLATE USING SYSTEM PAGESIZE 32768;',
        'DETACH;',
        'CONNECT TO MFPDATA USER db2inst1 USING ****;',
        'GRANT CONNECT ON DATABASE TO USER MFPUSER;',
        'GRANT CREATETAB ON DATABASE TO USER MFPUSER;',
        'GRANT IMPLICIT_SCHEMA ON DATABASE TO USER MFPUSER;',
        'CONNECT RESET;',
      ].join('\n'),
    );
    expect(state().databases).toEqual({});
    t.close();
  });
});

describe('create-database with DB2 (CLP stand-in), DBA hand-off', () => {
  /** The DBA runs a script with the CLP as the instance owner db2inst1. */
  function dbaRuns(file: string): string {
    try {
      return execFileSync(CLP, ['-tvf', file], { env: { ...process.env, DB2_STANDIN_OS_USER: 'db2inst1' }, encoding: 'utf8' });
    } catch (error) {
      return String((error as { stdout?: string }).stdout);
    }
  }

  it('writes the tutorial statements, pauses, lists what is missing, then verifies what the DBA did', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-state-'));
    const a = answers({ mode: 'dba', admin: undefined });
    const t = makeStepContext(a, { stateDir, secrets: [USER_PW] });
    let pause: PauseRun | undefined;
    await createDatabaseStep.run(t.ctx).catch((error) => (pause = error));
    expect(pause).toBeInstanceOf(PauseRun);
    const file = path.join(stateDir, 'dba', 'create-MFPDATA.db2.sql');
    expect(pause!.instructions).toContain(`db2 -tvf ${file}`);
    expect(pause!.instructions).toContain('pmf-wizard --resume');
    const script = fs.readFileSync(file, 'utf8');
    expect(script.split('\n').filter((l) => !l.startsWith('--'))).toEqual([
      'CREATE DATABASE MFPDATA COLLATE USING SYSTEM PAGESIZE 32768;',
      'CONNECT TO MFPDATA;',
      'GRANT CONNECT ON DATABASE TO USER MFPUSER;',
      'GRANT CREATETAB ON DATABASE TO USER MFPUSER;',
      'GRANT IMPLICIT_SCHEMA ON DATABASE TO USER MFPUSER;',
      'CONNECT RESET;',
      'TERMINATE;',
      '',
    ]);
    expect(script).not.toContain(USER_PW);

    // Nothing done yet.
    const none = await failureOf(createDatabaseStep.run(t.ctx));
    expect(none.message).toBe('The database is not ready for PMF yet; missing:\n  - database MFPDATA does not exist (SQL1013N)');

    // A cautious DBA made a RESTRICTIVE database and granted only CONNECT.
    const partial = path.join(work, 'partial.sql');
    fs.writeFileSync(partial, 'CREATE DATABASE MFPDATA COLLATE USING SYSTEM PAGESIZE 32768 RESTRICTIVE;\nCONNECT TO MFPDATA;\nGRANT CONNECT ON DATABASE TO USER MFPUSER;\nTERMINATE;\n');
    expect(dbaRuns(partial)).toContain('DB20000I  The CREATE DATABASE command completed successfully.');
    const missing = await failureOf(createDatabaseStep.run(t.ctx));
    expect(missing.message).toBe(
      'The database is not ready for PMF yet; missing:\n  - mfpuser lacks CREATETAB on MFPDATA\n  - mfpuser lacks IMPLICIT_SCHEMA on MFPDATA (needed to create the schema MFPDATA)',
    );
    expect(missing.fix).toContain(`Ask your DBA to run ${file}`);
    expect((await createDatabaseStep.isDone(t.ctx)).done).toBe(false);

    // The DBA runs the script: CREATE DATABASE answers SQL1005N, the grants go through.
    const out = dbaRuns(file);
    expect(out).toContain('SQL1005N  The database alias "MFPDATA" already exists');
    expect(await createDatabaseStep.isDone(t.ctx)).toMatchObject({ done: true });
    expect(await createDatabaseStep.run(t.ctx)).toMatchObject({ mode: 'dba', dbaScript: file });
    expect(fs.readFileSync(argvLog, 'utf8')).not.toContain(USER_PW);
    t.close();
  });
});

describe('create-database with DB2: finding the CLP, changed answers', () => {
  it('without a db2 command: says where it looked and how to fix it', async () => {
    const saved = { PATH: process.env.PATH, HOME: process.env.HOME };
    process.env.PATH = path.join(work, 'empty-bin');
    process.env.HOME = work;
    try {
      const t = makeStepContext(answers({ db2Path: undefined }));
      const failure = await failureOf(createDatabaseStep.run(t.ctx));
      expect(failure.message).toBe('The DB2 command line processor (db2) was not found: not on PATH nor in ~/sqllib/bin');
      expect(failure.fix).toMatch(/Set database\.db2Path .*npm install ibm_db/);
      expect(await createDatabaseStep.isDone(t.ctx)).toMatchObject({ done: false, detail: expect.stringContaining('was not found') });
    } finally {
      process.env.PATH = saved.PATH;
      process.env.HOME = saved.HOME;
    }
  });

  it('DBA mode: answers changed after the pause, so the script is written again and the run pauses again', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-state-'));
    const first = makeStepContext(answers({ mode: 'dba', admin: undefined }), { stateDir });
    await expect(createDatabaseStep.run(first.ctx)).rejects.toBeInstanceOf(PauseRun);
    const file = path.join(stateDir, 'dba', 'create-MFPDATA.db2.sql');
    const second = makeStepContext(answers({ mode: 'dba', admin: undefined, user: 'pmfapp' }), { stateDir });
    await expect(createDatabaseStep.run(second.ctx)).rejects.toBeInstanceOf(PauseRun);
    expect(fs.readFileSync(file, 'utf8')).toContain('GRANT CREATETAB ON DATABASE TO USER PMFAPP;');
  });
});

describe('the DB2 CLP stand-in answers like the CLP', () => {
  it('exit codes: 0 ok, 1 no rows, 4 error; SQL0552N for a user without CREATETAB', () => {
    const run = (args: string[], env: Record<string, string> = {}) => {
      try {
        return { code: 0, out: execFileSync(CLP, args, { env: { ...process.env, ...env }, encoding: 'utf8' }) };
      } catch (error) {
        const e = error as { status: number; stdout: string };
        return { code: e.status, out: e.stdout };
      }
    };
    const asOwner = { DB2_STANDIN_OS_USER: 'db2inst1' };
    expect(run(['CREATE DATABASE TESTDB RESTRICTIVE'], asOwner)).toEqual({ code: 0, out: 'DB20000I  The CREATE DATABASE command completed successfully.\n\n' });
    expect(run(['CREATE DATABASE TESTDB'], asOwner).code).toBe(4);
    const script = path.join(work, 's.sql');
    fs.writeFileSync(script, `CONNECT TO TESTDB USER mfpuser USING ${USER_PW};\n`);
    expect(run(['-tvf', script])).toMatchObject({ code: 4, out: expect.stringContaining('SQL1060N  User "MFPUSER" does not have the CONNECT privilege.  SQLSTATE=08004') });
    fs.writeFileSync(script, 'CONNECT TO TESTDB;\nGRANT CONNECT, IMPLICIT_SCHEMA ON DATABASE TO USER MFPUSER;\n');
    expect(run(['-tvf', script], asOwner).code).toBe(0);
    fs.writeFileSync(script, `CONNECT TO TESTDB USER mfpuser USING ${USER_PW};\nCREATE TABLE MFPUSER.T1 (ID INTEGER);\n`);
    const denied = run(['-tvf', script]);
    expect(denied.code).toBe(4);
    expect(denied.out).toContain('SQL0552N  "MFPUSER" does not have the privilege to perform operation "CREATE TABLE".  SQLSTATE=42502');
    expect(denied.out).toContain('CONNECT TO TESTDB USER mfpuser USING\n');
    expect(denied.out).not.toContain(USER_PW);
    fs.writeFileSync(script, 'CONNECT TO TESTDB;\nSELECT SCHEMANAME FROM SYSCAT.SCHEMATA WHERE SCHEMANAME = \'NONE\';\n');
    expect(run(['-tvf', script], asOwner)).toMatchObject({ code: 1, out: expect.stringContaining('SQL0100W') });
    expect(run(['-tvf', path.join(work, 'missing.sql')]).code).toBe(8);
  });
});
