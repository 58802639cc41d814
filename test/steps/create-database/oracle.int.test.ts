/** Step 2 with Oracle, against the sqlplus stand-in: create, re-run, failures, the DBA hand-off. */
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
const SQLPLUS = path.join(root, 'fixtures', 'oracle', 'sqlplus');
const SYSTEM_PW = 'Oracle-system-pw';
const USER_PW = 'Mfp-oracle-pw1';

let dataDir: string;
let driverDir: string;
let wrapper: string;
let argvLog: string;

interface OracleState {
  listener: { up: boolean; port: number; hosts: string[]; services: string[] };
  tablespaces: string[];
  users: Record<string, { password: string; privileges: string[]; defaultTablespace: string; quotas: Record<string, number>; locked?: boolean }>;
  tables: Record<string, unknown>;
}

function writeState(change: (s: OracleState) => void = () => {}) {
  const s: OracleState = {
    listener: { up: true, port: 1521, hosts: ['localhost', '127.0.0.1', 'dbhost'], services: ['ORCL'] },
    tablespaces: ['SYSTEM', 'SYSAUX', 'USERS', 'TEMP'],
    users: { SYSTEM: { password: SYSTEM_PW, privileges: ['DBA'], defaultTablespace: 'SYSTEM', quotas: {} } },
    tables: {},
  };
  change(s);
  fs.writeFileSync(path.join(dataDir, 'state.json'), JSON.stringify(s, null, 2));
}
const state = (): OracleState => JSON.parse(fs.readFileSync(path.join(dataDir, 'state.json'), 'utf8'));

beforeEach(() => {
  ({ dataDir, driverDir, wrapper, argvLog } = standinSandbox({
    prefix: 'pmf-ora-test-',
    standin: SQLPLUS,
    dataEnv: 'ORACLE_STANDIN_DATA',
    dataName: 'oradata',
    driverName: 'jdbc',
    jars: ['ojdbc8.jar'],
  }));
  writeState();
});

function answers(database: Record<string, unknown> = {}) {
  return {
    database: {
      type: 'oracle',
      host: 'dbhost',
      port: 1521,
      name: 'ORCL',
      user: 'MFPUSER',
      password: USER_PW,
      driverDir,
      sqlplusPath: wrapper,
      admin: { user: 'SYSTEM', password: SYSTEM_PW },
      ...database,
    },
    nodes: twoNodes(),
  };
}

describe('create-database with Oracle (sqlplus stand-in), mode create', () => {
  it('creates MFPUSER with its quota and grants, then proves it can use a table', async () => {
    const t = makeStepContext(answers(), { secrets: [SYSTEM_PW, USER_PW] });
    const before = await createDatabaseStep.isDone(t.ctx);
    expect(before.detail).toMatch(/^MFPUSER cannot log in to ORCL \(ORA-01017\)/);

    const outputs = await createDatabaseStep.run(t.ctx);
    expect(outputs).toMatchObject({
      type: 'oracle',
      jdbcUrl: 'jdbc:oracle:thin:@//dbhost:1521/ORCL',
      changed: ['created user MFPUSER (DEFAULT TABLESPACE USERS QUOTA UNLIMITED ON USERS)', 'granted CREATE SESSION, CREATE SEQUENCE, CREATE TABLE to MFPUSER'],
    });
    const user = state().users.MFPUSER;
    expect(user).toEqual({ password: USER_PW, privileges: ['CREATE SESSION', 'CREATE SEQUENCE', 'CREATE TABLE'], defaultTablespace: 'USERS', quotas: { USERS: -1 } });
    expect(state().tables).toEqual({});
    expect(t.reports.some((r) => /MFPUSER can log in to \/\/dbhost:1521\/ORCL and create, use and drop a table \(tablespace USERS\)/.test(r))).toBe(true);
    expect((await createDatabaseStep.isDone(t.ctx)).done).toBe(true);

    const argv = fs.readFileSync(argvLog, 'utf8');
    expect(new Set(argv.trim().split('\n'))).toEqual(new Set(['-S -L /nolog']));
    const log = t.logText();
    expect(log).toContain('sqlplus> CONNECT SYSTEM/****@//dbhost:1521/ORCL');
    expect(log).toContain('IDENTIFIED BY "****" DEFAULT TABLESPACE USERS QUOTA UNLIMITED ON USERS;');
    expect(log).not.toContain(SYSTEM_PW);
    expect(log).not.toContain(USER_PW);
    t.close();
  });

  it('a re-run changes nothing and says so; a lost grant or quota is given back', async () => {
    await createDatabaseStep.run(makeStepContext(answers()).ctx);
    const before = state();
    const t = makeStepContext(answers(), { secrets: [SYSTEM_PW, USER_PW] });
    const outputs = (await createDatabaseStep.run(t.ctx)) as { changed: string[] };
    expect(outputs.changed).toEqual([]);
    expect(t.reports).toContain('Nothing to change: user MFPUSER, CREATE SESSION, CREATE SEQUENCE, CREATE TABLE of MFPUSER, quota of MFPUSER on USERS already in place');
    expect(state()).toEqual(before);

    writeState((s) => {
      s.users.MFPUSER = { ...before.users.MFPUSER, privileges: ['CREATE SESSION'], quotas: {} };
    });
    const again = (await createDatabaseStep.run(makeStepContext(answers()).ctx)) as { changed: string[] };
    expect(again.changed).toEqual(['granted CREATE SEQUENCE, CREATE TABLE to MFPUSER', 'gave MFPUSER an unlimited quota on USERS']);
    expect(state().users.MFPUSER.quotas).toEqual({ USERS: -1 });
    expect(state().users.MFPUSER.password).toBe(USER_PW);
  });

  it('a wrong admin password: ORA-01017, the fix, nothing created', async () => {
    const t = makeStepContext(answers({ admin: { user: 'SYSTEM', password: 'wrong' } }));
    const failure = await failureOf(createDatabaseStep.run(t.ctx));
    expect(failure.message).toBe('Oracle refused the admin user SYSTEM: ORA-01017: invalid username/password; logon denied');
    expect(failure.fix).toMatch(/^Correct database\.admin\.password/);
    expect(Object.keys(state().users)).toEqual(['SYSTEM']);
  });

  it('no listener: ORA-12541, with the fix', async () => {
    writeState((s) => {
      s.listener.up = false;
    });
    const t = makeStepContext(answers());
    const failure = await failureOf(createDatabaseStep.run(t.ctx));
    expect(failure.message).toBe('No Oracle listener at dbhost:1521 (ORA-12541: TNS:no listener)');
    expect(failure.fix).toMatch(/lsnrctl start/);
    expect((await createDatabaseStep.isDone(t.ctx)).detail).toMatch(/ORA-12541/);
  });

  it('MFPUSER exists with another password: not reset, fails before changing anything', async () => {
    writeState((s) => {
      s.users.MFPUSER = { password: 'Old-pw-1', privileges: ['CREATE SESSION'], defaultTablespace: 'USERS', quotas: {} };
    });
    const t = makeStepContext(answers());
    const failure = await failureOf(createDatabaseStep.run(t.ctx));
    expect(failure.message).toBe('The Oracle user MFPUSER already exists with a different password than database.password');
    expect(failure.fix).toMatch(/ALTER USER MFPUSER IDENTIFIED BY/);
    expect(state().users.MFPUSER).toEqual({ password: 'Old-pw-1', privileges: ['CREATE SESSION'], defaultTablespace: 'USERS', quotas: {} });
  });

  it('a database character set other than AL32UTF8 is reported as a warning', async () => {
    writeState((s) => {
      (s as OracleState & { charset: string }).charset = 'WE8ISO8859P1';
    });
    const t = makeStepContext(answers());
    await createDatabaseStep.run(t.ctx);
    expect(t.reports).toContain('Warning: Oracle database ORCL has character set WE8ISO8859P1; the reference asks for AL32UTF8 (it is chosen when the database is created).');
  });

  it('plan() shows the SQL with every password as ****', async () => {
    const t = makeStepContext(answers(), { dryRun: true });
    const actions = await createDatabaseStep.plan(t.ctx);
    expect(JSON.stringify(actions)).not.toContain(USER_PW);
    expect(JSON.stringify(actions)).not.toContain(SYSTEM_PW);
    expect(actions[1].detail).toBe(
      [
        'CONNECT SYSTEM/****@//dbhost:1521/ORCL',
        'CREATE USER MFPUSER IDENTIFIED BY "****" DEFAULT TABLESPACE USERS QUOTA UNLIMITED ON USERS;',
        'GRANT CREATE SESSION, CREATE SEQUENCE, CREATE TABLE TO MFPUSER;',
      ].join('\n'),
    );
    expect(Object.keys(state().users)).toEqual(['SYSTEM']);
  });
});

describe('create-database with Oracle (sqlplus stand-in), DBA hand-off', () => {
  function dbaRuns(file: string): { code: number; out: string } {
    const script = fs.readFileSync(file, 'utf8').replaceAll('<PMF_USER_PASSWORD>', USER_PW);
    const input = `CONNECT SYSTEM/"${SYSTEM_PW}"@//dbhost:1521/ORCL\n${script}`;
    try {
      return { code: 0, out: execFileSync(SQLPLUS, ['-S', '-L', '/nolog'], { input, encoding: 'utf8' }) };
    } catch (error) {
      const e = error as { status: number; stdout: string };
      return { code: e.status, out: e.stdout };
    }
  }

  it('writes the script, pauses, lists what is missing, then verifies what the DBA did', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-state-'));
    const t = makeStepContext(answers({ mode: 'dba', admin: undefined }), { stateDir, secrets: [USER_PW] });
    let pause: PauseRun | undefined;
    await createDatabaseStep.run(t.ctx).catch((error) => (pause = error));
    expect(pause).toBeInstanceOf(PauseRun);
    const file = path.join(stateDir, 'dba', 'create-ORCL.oracle.sql');
    expect(pause!.instructions).toContain(`sqlplus -L SYSTEM@//dbhost:1521/ORCL @${file}`);
    const script = fs.readFileSync(file, 'utf8');
    expect(script.split('\n').filter((l) => !l.startsWith('--'))).toEqual([
      'WHENEVER SQLERROR EXIT SQL.SQLCODE',
      'CREATE USER MFPUSER IDENTIFIED BY "<PMF_USER_PASSWORD>" DEFAULT TABLESPACE USERS QUOTA UNLIMITED ON USERS;',
      'GRANT CREATE SESSION, CREATE SEQUENCE, CREATE TABLE TO MFPUSER;',
      'EXIT',
      '',
    ]);
    expect(script).not.toContain(USER_PW);

    const none = await failureOf(createDatabaseStep.run(t.ctx));
    expect(none.message).toBe('The database is not ready for PMF yet; missing:\n  - MFPUSER cannot log in to ORCL (ORA-01017): the user does not exist, or its password is not database.password');

    // The DBA made the user without a quota and granted only CREATE SESSION.
    writeState((s) => {
      s.users.MFPUSER = { password: USER_PW, privileges: ['CREATE SESSION'], defaultTablespace: 'USERS', quotas: {} };
    });
    const partial = await failureOf(createDatabaseStep.run(t.ctx));
    expect(partial.message).toBe(
      'The database is not ready for PMF yet; missing:\n  - MFPUSER lacks CREATE SEQUENCE, CREATE TABLE\n  - MFPUSER has no quota on its default tablespace USERS',
    );

    // Running the script now stops at ORA-01920 (the user exists), exit 1920 mod 256.
    const rerun = dbaRuns(file);
    expect(rerun.code).toBe(1920 % 256);
    expect(rerun.out).toContain("ORA-01920: user name 'MFPUSER' conflicts with another user or role name");

    // From scratch, the script is enough.
    writeState();
    expect(dbaRuns(file).code).toBe(0);
    expect(await createDatabaseStep.isDone(t.ctx)).toMatchObject({ done: true });
    expect(await createDatabaseStep.run(t.ctx)).toMatchObject({ mode: 'dba', dbaScript: file });
    expect(t.logText()).not.toContain(USER_PW);
  });
});

describe('the sqlplus stand-in answers like sqlplus', () => {
  const run = (input: string) => {
    try {
      return { code: 0, out: execFileSync(SQLPLUS, ['-S', '-L', '/nolog'], { input, encoding: 'utf8' }) };
    } catch (error) {
      const e = error as { status: number; stdout: string };
      return { code: e.status, out: e.stdout };
    }
  };

  it('ORA-01031 without the privilege, ORA-01950 without a quota, SP2-0640 when not connected', () => {
    writeState((s) => {
      s.users.BOB = { password: 'bob-pw', privileges: ['CREATE SESSION'], defaultTablespace: 'USERS', quotas: {} };
      s.users.ANN = { password: 'ann-pw', privileges: ['CREATE SESSION', 'CREATE TABLE'], defaultTablespace: 'USERS', quotas: {} };
    });
    const bob = run('WHENEVER SQLERROR EXIT SQL.SQLCODE\nCONNECT BOB/"bob-pw"@//localhost:1521/ORCL\nCREATE TABLE T1 (ID NUMBER);\nEXIT\n');
    expect(bob).toEqual({ code: 1031 % 256, out: '\nERROR at line 1:\nORA-01031: insufficient privileges\n\n' });
    const ann = run('CONNECT ANN/"ann-pw"@//localhost:1521/ORCL\nCREATE TABLE T1 (ID NUMBER);\nINSERT INTO T1 (ID) VALUES (1);\nEXIT\n');
    expect(ann.code).toBe(0);
    expect(ann.out).toContain('Table created.');
    expect(ann.out).toContain("ORA-01950: no privileges on tablespace 'USERS'");
    expect(run('SELECT 1 FROM DUAL;\nEXIT\n').out).toContain('SP2-0640: Not connected');
    expect(run('WHENEVER SQLERROR EXIT SQL.SQLCODE\nCONNECT SYSTEM/"x"@//localhost:1522/ORCL\n').code).toBe(12541 % 256);
    expect(run('WHENEVER SQLERROR EXIT SQL.SQLCODE\nCONNECT SYSTEM/"x"@//localhost:1521/NOPE\n').out).toContain('ORA-12514');
  });
});
