/** Step 2 without a DBMS: questions through the engine's resolution, validate(), the driver check, Derby. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { checkDriver } from '../../../source/adapters/database/driver.js';
import { creationStatements, render, type DbTarget } from '../../../source/adapters/database/sql.js';
import { resolveAnswers } from '../../../source/engine/answers.js';
import { getAt } from '../../../source/engine/questions.js';
import { modeOf } from '../../../source/farm/database.js';
import type { Step } from '../../../source/engine/step.js';
import { dbaScript } from '../../../steps/create-database/dba-script.js';
import { createDatabaseStep } from '../../../steps/create-database/index.js';
import { makeStepContext } from '../../support/step-context.js';

const oneNode = [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }];
const twoNodes = [...oneNode, { name: 'pmf2', httpPort: 9081, httpsPort: 9444 }];

/** The `nodes` answer belongs to step 1: a stand-in step declares it here. */
const nodesStep: Step = {
  id: 'nodes',
  title: 'nodes',
  questions: [{ path: 'nodes', kind: 'nodes', schema: z.array(z.looseObject({ name: z.string() })), prompt: 'Nodes', help: 'The farm nodes.' }],
  isDone: async () => ({ done: true, detail: '' }),
  plan: async () => [],
  run: async () => {},
};

/** The engine's resolution with this step's questions. */
function resolve(database: Record<string, unknown>, nodes = twoNodes, env: NodeJS.ProcessEnv = {}) {
  const r = resolveAnswers({ database, nodes }, [nodesStep, createDatabaseStep], { baseDir: '/answers', env });
  const problems = r.problems;
  return { ...r, problems, db: getAt(r.answers, 'database') as Record<string, unknown>, missing: r.missing.map((q) => q.path) };
}

describe('create-database questions, resolved by the engine', () => {
  it('MySQL with admin credentials: mode create, per-DBMS defaults, secrets resolved from env and file', () => {
    const pwFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-secret-')), 'admin-pw');
    fs.writeFileSync(pwFile, 'Root-pw-1\n', { mode: 0o600 });
    const r = resolve(
      { type: 'mysql', host: '127.0.0.1', password: { env: 'PMF_DB_PASSWORD' }, driverDir: '/usr/share/java', admin: { user: 'root', password: { file: pwFile } } },
      twoNodes,
      { PMF_DB_PASSWORD: 'User-pw-1' },
    );
    expect(r.problems).toEqual([]);
    expect(r.missing).toEqual([]);
    expect(r.db).toEqual({
      type: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      name: 'MFPDATA',
      user: 'mfpuser',
      password: 'User-pw-1',
      clientHost: '%',
      driverDir: '/usr/share/java',
      admin: { password: 'Root-pw-1', user: 'root' },
    });
    // An answers file that gives the admin and no mode: the wizard creates the database (the mode is asked first at the terminal, so it is derived here).
    expect(modeOf(r.answers)).toBe('create');
    expect(r.secrets.sort()).toEqual(['Root-pw-1', 'User-pw-1']);
    expect(JSON.stringify(r.persisted)).not.toContain('pw-1');
  });

  it('no admin: mode dba, and nothing about the admin is asked', () => {
    const r = resolve({ type: 'db2', password: { env: 'P' }, driverDir: '/opt/ibm/db2/java' }, twoNodes, { P: 'Db2-user-1' });
    expect(r.problems).toEqual([]);
    expect(r.missing).toEqual([]);
    expect(r.db).toMatchObject({ type: 'db2', host: 'localhost', port: 50000, name: 'MFPDATA', schema: 'MFPDATA', user: 'mfpuser' });
    expect(modeOf(r.answers)).toBe('dba');
    expect(r.db.admin).toBeUndefined();
    expect(r.db.db2Instance).toBeUndefined();
  });

  it('DB2 with admin: db2Instance defaults to the admin user; Oracle: ORCL, MFPUSER, 1521, USERS, SYSTEM', () => {
    const db2 = resolve({ type: 'db2', password: 'x-pw', driverDir: '/j', admin: { password: 'a-pw' } });
    expect(db2.db).toMatchObject({ admin: { user: 'db2inst1', password: 'a-pw' }, db2Instance: 'db2inst1' });
    expect(modeOf(db2.answers)).toBe('create');
    const ora = resolve({ type: 'oracle', password: 'x-pw', driverDir: '/j', admin: { password: 'a-pw' } });
    expect(ora.db).toMatchObject({ port: 1521, name: 'ORCL', user: 'MFPUSER', tablespace: 'USERS', admin: { user: 'SYSTEM' } });
    expect(modeOf(ora.answers)).toBe('create');
  });

  it('mode create without the admin password is a problem with the fix', () => {
    const r = resolve({ type: 'mysql', password: 'x-pw', driverDir: '/j', mode: 'create' });
    expect(r.problems).toEqual([
      {
        path: 'database.admin.password',
        question: 'Password of the DBMS admin user',
        message: 'mode "create" needs the DBMS admin credentials',
        fix: 'Give database.admin.user and database.admin.password, or use "mode": "dba" to hand the script to your DBA.',
      },
    ]);
  });

  it('Derby with more than one node is rejected with the tutorial’s reason; with one node it is fine', () => {
    const farm = resolve({ type: 'derby', dataDir: '/var/lib/pmf/derby', driverDir: '/usr/share/java' }, twoNodes);
    expect(farm.problems).toEqual([
      {
        path: 'database.type',
        question: 'Which database management system will PMF use?',
        message: 'Derby cannot be used for a farm of 2 nodes: the Derby database cannot be accessed by multiple Liberty servers',
        fix: 'Use mysql, db2 or oracle for a farm, or keep a single entry in nodes.',
      },
    ]);
    const single = resolve({ type: 'derby', dataDir: '/var/lib/pmf/derby', driverDir: '/usr/share/java' }, oneNode);
    expect(single.problems).toEqual([]);
    expect(single.missing).toEqual([]);
    expect(single.db).toEqual({ type: 'derby', name: 'MFPDATA', driverDir: '/usr/share/java', dataDir: '/var/lib/pmf/derby' });
  });

  it('per-DBMS checks: Oracle user in upper case, DB2 name of 8 characters, passwords the quoting cannot carry', () => {
    expect(resolve({ type: 'oracle', user: 'mfpuser', password: 'p-w-1', driverDir: '/j' }).problems).toEqual([
      { path: 'database.user', question: 'Database user PMF creates and uses its tables with', message: 'Oracle user names are case-sensitive for PMF: "mfpuser" would be created as MFPUSER', fix: 'Write it in upper case: MFPUSER.' },
    ]);
    expect(resolve({ type: 'db2', name: 'MFPDATABASE', password: 'p-w-1', driverDir: '/j' }).problems.map((p) => p.path)).toEqual(['database.name']);
    expect(resolve({ type: 'db2', password: 'has space', driverDir: '/j' }).problems.map((p) => p.path)).toEqual(['database.password']);
    expect(resolve({ type: 'oracle', password: 'has"quote', driverDir: '/j' }).problems.map((p) => p.path)).toEqual(['database.password']);
    expect(resolve({ type: 'mysql', port: 70000, password: 'p-w-1', driverDir: '/j' }).problems.map((p) => p.path)).toEqual(['database.port']);
    expect(resolve({ type: 'sqlite', password: 'p-w-1' }).problems.map((p) => p.path)).toEqual(['database.type']);
  });
});

describe('the JDBC driver check', () => {
  const dirWith = (...files: string[]) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-jdbc-'));
    for (const f of files) fs.writeFileSync(path.join(dir, f), '');
    return dir;
  };
  it('names the jars the reference names, per DBMS', () => {
    expect(checkDriver('db2', dirWith('db2jcc4.jar', 'db2jcc_license_cu.jar')).ok).toBe(true);
    const noLicense = dirWith('db2jcc4.jar');
    expect(checkDriver('db2', noLicense)).toMatchObject({ ok: false, detail: `${noLicense} lacks db2jcc_license_cu.jar` });
    expect(checkDriver('mysql', dirWith('mysql-connector-j-8.4.0.jar')).found).toEqual(['mysql-connector-j-8.4.0.jar']);
    expect(checkDriver('mysql', dirWith('mysql-connector-java-5.1.49.jar')).ok).toBe(true);
    expect(checkDriver('mysql', dirWith('mariadb-java-client-3.3.0.jar')).ok).toBe(true);
    expect(checkDriver('oracle', dirWith('ojdbc11.jar')).ok).toBe(true);
    expect(checkDriver('oracle', dirWith('mysql-connector-j-8.jar')).ok).toBe(false);
    expect(checkDriver('derby', dirWith('derby-10.14.2.0.jar')).ok).toBe(true);
    expect(checkDriver('derby', dirWith('derbyclient.jar')).ok).toBe(false);
    expect(checkDriver('mysql', '/nonexistent/dir')).toMatchObject({ ok: false, detail: 'JDBC driver directory /nonexistent/dir: does not exist' });
    // The real Debian packages.
    expect(checkDriver('mysql', '/usr/share/java').found).toEqual(['mariadb-java-client-2.7.6.jar']);
    expect(checkDriver('derby', '/usr/share/java').ok).toBe(true);
  });
});

describe('the SQL, one place for run, plan and the DBA script', () => {
  const target: DbTarget = {
    type: 'mysql',
    host: 'db',
    port: 3306,
    name: 'MFP_DATA',
    schema: '',
    user: 'mfpuser',
    password: "it's\\secret",
    accountHosts: ['%', 'localhost'],
    tablespace: 'USERS',
  };
  it('renders the password escaped to run, **** to show, a placeholder for the DBA', () => {
    const user = creationStatements(target).find((s) => s.kind === 'create-user')!;
    expect(render(user, 'run', { userPassword: target.password })).toBe("CREATE USER IF NOT EXISTS 'mfpuser'@'%' IDENTIFIED BY 'it''s\\\\secret'");
    expect(render(user, 'show')).toBe("CREATE USER IF NOT EXISTS 'mfpuser'@'%' IDENTIFIED BY '****'");
    expect(render(user, 'script')).toBe("CREATE USER IF NOT EXISTS 'mfpuser'@'%' IDENTIFIED BY '<PMF_USER_PASSWORD>'");
    // `_` is a wildcard in a database-level GRANT: escaped so the grant names this database only.
    expect(render(creationStatements(target).find((s) => s.kind === 'grant')!, 'show')).toBe("GRANT ALL PRIVILEGES ON `MFP\\_DATA`.* TO 'mfpuser'@'%'");
    expect(dbaScript(target, '/s/dba/x.sql')).not.toContain('secret');
  });
});

describe('create-database with Derby', () => {
  it('creates the data directory, checks it is writable, and is done afterwards', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-derby-'));
    const dataDir = path.join(base, 'derby', 'data');
    const t = makeStepContext({ database: { type: 'derby', name: 'MFPDATA', dataDir, driverDir: '/usr/share/java' }, nodes: oneNode });
    expect(await createDatabaseStep.preflight!(t.ctx)).toEqual([]);
    expect(await createDatabaseStep.isDone(t.ctx)).toMatchObject({ done: false });
    const plan = await createDatabaseStep.plan(t.ctx);
    expect(plan.map((a) => a.summary)).toEqual([
      'Check the JDBC driver in /usr/share/java: derby.jar or derby-*.jar',
      `Create the Derby data directory ${dataDir} (if missing) and check that it is writable; the PMF Ant task creates the database MFPDATA in it`,
    ]);
    expect(await createDatabaseStep.run(t.ctx)).toMatchObject({ type: 'derby', dataDir, jdbcUrl: `jdbc:derby:${dataDir}/MFPDATA;create=true`, driverJars: ['derby-10.14.2.0.jar'] });
    expect(fs.statSync(dataDir).isDirectory()).toBe(true);
    expect(fs.readdirSync(dataDir)).toEqual([]);
    expect(t.reports).toContain(`Created the Derby data directory ${dataDir}`);
    expect(await createDatabaseStep.isDone(t.ctx)).toMatchObject({ done: true });
    await createDatabaseStep.run(t.ctx);
    expect(t.reports).toContain(`Derby data directory ${dataDir} exists and is writable: nothing to change`);
  });

  it('a data directory that is a file is a preflight problem', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-derby-')), 'plain-file');
    fs.writeFileSync(file, '');
    const t = makeStepContext({ database: { type: 'derby', name: 'MFPDATA', dataDir: file, driverDir: '/usr/share/java' }, nodes: oneNode });
    const problems = await createDatabaseStep.preflight!(t.ctx);
    expect(problems).toMatchObject([{ path: 'database.dataDir', message: `Derby data directory ${file} exists but is not a directory` }]);
  });
});

describe('the sample answers files', () => {
  const dir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'fixtures', 'answers');
  it.each(['farm-db2.json', 'farm-oracle.json', 'farm-mysql-dba.json', 'single-node-mysql.json', 'single-node-derby.json'])('%s: the database part is valid and complete', (name) => {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    // The admin password file exists on the real machine only.
    if (raw.database.admin) raw.database.admin.password = { env: 'ADMIN_PW' };
    const r = resolveAnswers(raw, [nodesStep, createDatabaseStep], { baseDir: dir, env: { PMF_DB_PASSWORD: 'Sample-pw-1', ADMIN_PW: 'Admin-pw-1' } });
    expect(r.problems.filter((p) => p.path.startsWith('database') || p.path === 'nodes')).toEqual([]);
    expect(r.missing.map((q) => q.path).filter((p) => p.startsWith('database'))).toEqual([]);
  });
});
