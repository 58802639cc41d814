/**
 * Step 2's preflight log-in through the DB2 CLP and sqlplus stand-ins: the same route and the
 * same statements as the step (ATTACH as the admin, CONNECT as the PMF user, a sqlplus log-on on
 * stdin), each refusal on its question, nothing changed, no password on a command line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDatabaseStep } from '../../../steps/create-database/index.js';
import { standinSandbox, twoNodes, type StandinSandbox } from '../../support/create-database.js';
import { makeStepContext } from '../../support/step-context.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ADMIN_PW = 'Admin-pw-77';
const USER_PW = 'User-pw-77';

async function preflight(database: Record<string, unknown>) {
  const t = makeStepContext({ database, nodes: twoNodes() }, { secrets: [ADMIN_PW, USER_PW] });
  const problems = await createDatabaseStep.preflight!(t.ctx);
  return { problems, log: t.logText() };
}

function noPasswordOnArgv(box: StandinSandbox): void {
  const argv = fs.existsSync(box.argvLog) ? fs.readFileSync(box.argvLog, 'utf8') : '';
  expect(argv).not.toContain(ADMIN_PW);
  expect(argv).not.toContain(USER_PW);
}

describe('DB2 (CLP stand-in)', () => {
  let box: StandinSandbox;
  const seed = (change: (s: Record<string, unknown>) => void = () => {}) => {
    const s: Record<string, unknown> = { instance: 'db2inst1', started: true, sysadm: ['DB2INST1'], users: { db2inst1: ADMIN_PW }, databases: {} };
    change(s);
    fs.writeFileSync(path.join(box.dataDir, 'state.json'), JSON.stringify(s));
  };
  const state = () => fs.readFileSync(path.join(box.dataDir, 'state.json'), 'utf8');
  beforeEach(() => {
    box = standinSandbox({ prefix: 'pmf-db2-pre-', standin: path.join(root, 'fixtures', 'db2', 'db2'), dataEnv: 'DB2_STANDIN_DATA', dataName: 'db2data', driverName: 'java', jars: ['db2jcc4.jar', 'db2jcc_license_cu.jar'] });
    seed();
  });
  const answers = (database: Record<string, unknown> = {}) => ({
    type: 'db2', host: 'localhost', port: 50000, name: 'MFPDATA', user: 'mfpuser', password: USER_PW, driverDir: box.driverDir, db2Path: box.wrapper,
    admin: { user: 'db2inst1', password: ADMIN_PW }, ...database,
  });

  it('mode create: the admin attaches and nothing is created; a wrong password is the admin password question', async () => {
    const before = state();
    expect((await preflight(answers())).problems).toEqual([]);
    expect(state()).toBe(before);
    const { problems, log } = await preflight(answers({ admin: { user: 'db2inst1', password: 'Wrong-pw-1' } }));
    expect(problems).toEqual([
      {
        path: 'database.admin.password',
        message: 'DB2 refused the admin user db2inst1: SQL30082N  Security processing failed with reason "24" ("USERNAME AND/OR PASSWORD INVALID").  SQLSTATE=08001',
        fix: 'Correct database.admin.password (and database.admin.user: the instance owner, e.g. db2inst1), then run again. Nothing was changed.',
      },
    ]);
    expect(log).toContain('ATTACH TO db2inst1 USER db2inst1 USING ****');
    expect(log).not.toContain(ADMIN_PW);
    noPasswordOnArgv(box);
  });

  it('mode create: an unknown instance, a stopped one, no CLP: each on its question', async () => {
    expect((await preflight(answers({ db2Instance: 'db2other' }))).problems.map((p) => [p.path, p.message])).toEqual([
      ['database.db2Instance', expect.stringContaining('DB2 has no instance or node named db2other: SQL1097N')],
    ]);
    seed((s) => (s.started = false));
    expect((await preflight(answers())).problems.map((p) => [p.path, p.fix])).toEqual([['database.host', expect.stringContaining('db2start')]]);
    const missing = path.join(box.work, 'no-such-db2');
    expect((await preflight(answers({ db2Path: missing }))).problems.map((p) => p.path)).toEqual(['database.db2Path']);
  });

  it('mode dba: the PMF user connects; before the DBA ran the script, a refusal or no database is no problem', async () => {
    const dba = answers({ mode: 'dba', admin: undefined });
    expect((await preflight(dba)).problems).toEqual([]);
    seed((s) => (s.users = { db2inst1: ADMIN_PW, mfpuser: USER_PW }));
    expect((await preflight(dba)).problems).toEqual([]);
    seed((s) => (s.started = false));
    expect((await preflight(dba)).problems.map((p) => p.path)).toEqual(['database.host']);
    noPasswordOnArgv(box);
  });
});

describe('Oracle (sqlplus stand-in)', () => {
  let box: StandinSandbox;
  const writeState = (listener: Record<string, unknown> = {}, users: Record<string, unknown> = {}) =>
    fs.writeFileSync(
      path.join(box.dataDir, 'state.json'),
      JSON.stringify({
        listener: { up: true, port: 1521, hosts: ['localhost', '127.0.0.1', 'dbhost'], services: ['ORCL'], ...listener },
        tablespaces: ['SYSTEM', 'SYSAUX', 'USERS', 'TEMP'],
        users: { SYSTEM: { password: ADMIN_PW, privileges: ['DBA'], defaultTablespace: 'SYSTEM', quotas: {} }, ...users },
        tables: {},
      }),
    );
  beforeEach(() => {
    box = standinSandbox({ prefix: 'pmf-ora-pre-', standin: path.join(root, 'fixtures', 'oracle', 'sqlplus'), dataEnv: 'ORACLE_STANDIN_DATA', dataName: 'oradata', driverName: 'jdbc', jars: ['ojdbc8.jar'] });
    writeState();
  });
  const answers = (database: Record<string, unknown> = {}) => ({
    type: 'oracle', host: 'dbhost', port: 1521, name: 'ORCL', user: 'MFPUSER', password: USER_PW, driverDir: box.driverDir, sqlplusPath: box.wrapper,
    admin: { user: 'SYSTEM', password: ADMIN_PW }, ...database,
  });

  it('mode create: SYSTEM logs on; a wrong password, a port with no listener, an unknown host or service: each on its question', async () => {
    expect((await preflight(answers())).problems).toEqual([]);
    const denied = await preflight(answers({ admin: { user: 'SYSTEM', password: 'Wrong-pw-1' } }));
    expect(denied.problems).toEqual([
      expect.objectContaining({
        path: 'database.admin.password',
        message: 'Oracle refused the admin user SYSTEM: ORA-01017: invalid username/password; logon denied',
      }),
    ]);
    expect(denied.log).toContain('CONNECT SYSTEM/****@//dbhost:1521/ORCL');
    expect((await preflight(answers({ port: 1522 }))).problems.map((p) => [p.path, p.message])).toEqual([
      ['database.port', 'No Oracle listener at dbhost:1522 (ORA-12541: TNS:no listener)'],
    ]);
    expect((await preflight(answers({ host: 'nohost' }))).problems.map((p) => [p.path, p.fix])).toEqual([['database.host', 'Correct database.host, then run again.']]);
    expect((await preflight(answers({ name: 'NOSUCH' }))).problems.map((p) => p.path)).toEqual(['database.name']);
    noPasswordOnArgv(box);
  });

  it('mode dba: MFPUSER not created yet is no problem; a service the listener does not know is the database name', async () => {
    const dba = answers({ mode: 'dba', admin: undefined });
    expect((await preflight(dba)).problems).toEqual([]);
    writeState({}, { MFPUSER: { password: USER_PW, privileges: ['CREATE SESSION'], defaultTablespace: 'USERS', quotas: {}, locked: true } });
    expect((await preflight(dba)).problems.map((p) => p.path)).toEqual(['database.user']);
    writeState({ services: ['OTHER'] });
    expect((await preflight(dba)).problems.map((p) => p.path)).toEqual(['database.name']);
    noPasswordOnArgv(box);
  });
});
