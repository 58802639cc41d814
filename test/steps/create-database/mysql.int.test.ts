/** Step 2 against a real MariaDB: fresh create, re-run, failures, the DBA hand-off, dry run. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { PauseRun } from '../../../source/engine/errors.js';
import { createDatabaseStep } from '../../../steps/create-database/index.js';
import { failureOf, twoNodes } from '../../support/create-database.js';
import { freePort, mariaDbForTests } from '../../support/mariadb.js';
import { makeStepContext } from '../../support/step-context.js';

const db = mariaDbForTests();
const DRIVER_DIR = '/usr/share/java';

function answers(database: Record<string, unknown>) {
  return {
    database: { type: 'mysql', host: db.server.host, port: db.server.port, driverDir: DRIVER_DIR, ...database },
    nodes: twoNodes(),
  };
}

async function schema(name: string) {
  const [rows] = await db.root.query('SELECT DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]);
  return (rows as Array<{ cs: string; co: string }>)[0];
}

async function accounts(user: string): Promise<string[]> {
  const [rows] = await db.root.query('SELECT Host FROM mysql.user WHERE User = ? ORDER BY Host', [user]);
  return (rows as Array<{ Host: string }>).map((r) => r.Host);
}

async function canLogIn(user: string, password: string): Promise<boolean> {
  try {
    const conn = await mysql.createConnection({ host: db.server.host, port: db.server.port, user, password });
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

describe('create-database on MariaDB, mode create', () => {
  const password = "Pmf-user'pw\\1";
  const a = () => answers({ name: 'MFPDATA', user: 'mfpuser', password, admin: { user: 'root', password: db.server.rootPassword } });

  it('creates the database (utf8), the user and the grants, then proves the user can use a table', async () => {
    const t = makeStepContext(a(), { secrets: [password, db.server.rootPassword] });
    const before = await createDatabaseStep.isDone(t.ctx);
    expect(before.done).toBe(false);

    const outputs = await createDatabaseStep.run(t.ctx);
    expect(outputs).toMatchObject({ type: 'mysql', name: 'MFPDATA', user: 'mfpuser', jdbcUrl: `jdbc:mysql://${db.server.host}:${db.server.port}/MFPDATA` });
    expect((outputs as { changed: string[] }).changed).toEqual([
      'created database MFPDATA (CHARACTER SET utf8)',
      "created user 'mfpuser'@'%'",
      "granted ALL PRIVILEGES on MFPDATA.* to 'mfpuser'@'%'",
      "created user 'mfpuser'@'localhost'",
      "granted ALL PRIVILEGES on MFPDATA.* to 'mfpuser'@'localhost'",
    ]);

    expect(await schema('MFPDATA')).toEqual({ cs: 'utf8mb3', co: 'utf8mb3_general_ci' });
    expect(await accounts('mfpuser')).toEqual(['%', 'localhost']);
    for (const host of ['%', 'localhost']) {
      const [grants] = await db.root.query(`SHOW GRANTS FOR 'mfpuser'@'${host}'`);
      const lines = (grants as Array<Record<string, string>>).map((row) => Object.values(row)[0]);
      expect(lines.some((l) => /^GRANT ALL PRIVILEGES ON `MFPDATA`\.\* TO `mfpuser`@/.test(l))).toBe(true);
    }
    expect(await canLogIn('mfpuser', password)).toBe(true);
    // The probe table is gone again.
    const [tables] = await db.root.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'MFPDATA'");
    expect(tables).toEqual([]);

    // The reference's server settings: a private test server has the defaults, so warnings, not failures.
    expect(t.reports.some((r) => /Warning: MySQL max_allowed_packet is 16M; PMF needs at least 256M/.test(r))).toBe(true);
    expect(t.reports.some((r) => /Warning: MySQL innodb_log_file_size is 48M; PMF needs at least 250M/.test(r))).toBe(true);
    expect(t.reports.some((r) => /mfpuser can log in to MySQL .* and create, use and drop a table in MFPDATA/.test(r))).toBe(true);

    const after = await createDatabaseStep.isDone(t.ctx);
    expect(after).toMatchObject({ done: true });
    expect(after.detail).toMatch(/create, use and drop a table in MFPDATA/);

    const log = t.logText();
    expect(log).toContain("IDENTIFIED BY '****'");
    expect(log).not.toContain(password);
    expect(log).not.toContain(db.server.rootPassword);
    expect(JSON.stringify(t.reports)).not.toContain(password);
    t.close();
  });

  it('a re-run changes nothing and says so', async () => {
    const [usersBefore] = await db.root.query("SELECT User, Host, authentication_string FROM mysql.user WHERE User = 'mfpuser' ORDER BY Host");
    const t = makeStepContext(a(), { secrets: [password, db.server.rootPassword] });
    expect((await createDatabaseStep.isDone(t.ctx)).done).toBe(true);
    const outputs = (await createDatabaseStep.run(t.ctx)) as { changed: string[]; unchanged: string[] };
    expect(outputs.changed).toEqual([]);
    expect(outputs.unchanged).toContain('database MFPDATA (utf8mb3)');
    expect(t.reports.some((r) => r.startsWith('Nothing to change: database MFPDATA (utf8mb3), user '))).toBe(true);
    expect(t.logText()).not.toMatch(/SQL> (CREATE DATABASE|CREATE USER|GRANT|FLUSH)/);
    const [usersAfter] = await db.root.query("SELECT User, Host, authentication_string FROM mysql.user WHERE User = 'mfpuser' ORDER BY Host");
    expect(usersAfter).toEqual(usersBefore);
    t.close();
  });

  it('a wrong admin password fails with the fix, and changes nothing', async () => {
    const t = makeStepContext(answers({ name: 'BADADMIN', user: 'badadminuser', password: 'Pw-123456', admin: { user: 'root', password: 'not-the-password' } }));
    const failure = await failureOf(createDatabaseStep.run(t.ctx));
    expect(failure.exitCode).toBe(1);
    expect(failure.message).toMatch(/refused the admin user root: access denied/);
    expect(failure.fix).toMatch(/Correct database\.admin\.password/);
    expect(await schema('BADADMIN')).toBeUndefined();
    expect(await accounts('badadminuser')).toEqual([]);
    t.close();
  });

  it('a server that is down (connection refused) fails with the fix', async () => {
    const port = await freePort();
    const t = makeStepContext({
      database: { type: 'mysql', host: '127.0.0.1', port, driverDir: DRIVER_DIR, password: 'Pw-123456', admin: { user: 'root', password: 'x-root' } },
      nodes: twoNodes(),
    });
    const failure = await failureOf(createDatabaseStep.run(t.ctx));
    expect(failure.exitCode).toBe(1);
    expect(failure.message).toBe(`Cannot connect to MySQL at 127.0.0.1:${port}: connection refused (no server listening there)`);
    expect(failure.fix).toMatch(/Start the MySQL\/MariaDB server .* or correct database\.host and database\.port/);
    const done = await createDatabaseStep.isDone(t.ctx);
    expect(done.done).toBe(false);
    expect(done.detail).toMatch(/connection refused/);
    t.close();
  });

  it('a user that exists with another password is not reset: it fails before changing anything', async () => {
    await db.root.query("CREATE USER 'existing'@'%' IDENTIFIED BY 'Old-password-1'");
    const t = makeStepContext(answers({ name: 'EXISTDB', user: 'existing', password: 'New-password-2', admin: { user: 'root', password: db.server.rootPassword } }), {
      secrets: ['New-password-2', db.server.rootPassword],
    });
    const failure = await failureOf(createDatabaseStep.run(t.ctx));
    expect(failure.message).toBe("MySQL user 'existing'@'%' already exists with a different password than database.password");
    expect(failure.fix).toMatch(/does not reset an existing user's password.*ALTER USER 'existing'@'%' IDENTIFIED BY/);
    expect(await schema('EXISTDB')).toBeUndefined();
    expect(await accounts('existing')).toEqual(['%']);
    expect(await canLogIn('existing', 'Old-password-1')).toBe(true);
    t.close();
  });

  it('a database that exists with a wrong character set fails, naming it and the fix', async () => {
    await db.root.query('CREATE DATABASE LATINDB CHARACTER SET latin1 COLLATE latin1_swedish_ci');
    const t = makeStepContext(answers({ name: 'LATINDB', user: 'latinuser', password: 'Latin-pw-1', admin: { user: 'root', password: db.server.rootPassword } }));
    const failure = await failureOf(createDatabaseStep.run(t.ctx));
    expect(failure.message).toBe('MySQL database LATINDB has character set latin1 (collation latin1_swedish_ci); PMF needs utf8 (utf8_general_ci)');
    expect(failure.fix).toMatch(/DROP DATABASE LATINDB;.*ALTER DATABASE LATINDB CHARACTER SET utf8 COLLATE utf8_general_ci;.*another database\.name/);
    expect(await schema('LATINDB')).toEqual({ cs: 'latin1', co: 'latin1_swedish_ci' });
    expect(await accounts('latinuser')).toEqual([]);
    t.close();
  });

  it('plan() shows the SQL with every password as ****', async () => {
    const t = makeStepContext(answers({ name: 'PLANDB', user: 'planuser', password: 'Plan-secret-77', admin: { user: 'root', password: db.server.rootPassword } }), { dryRun: true });
    const actions = await createDatabaseStep.plan(t.ctx);
    const text = JSON.stringify(actions);
    expect(text).not.toContain('Plan-secret-77');
    expect(text).not.toContain(db.server.rootPassword);
    const create = actions.find((x) => x.summary.startsWith('As root'));
    expect(create?.detail).toBe(
      [
        'CREATE DATABASE IF NOT EXISTS `PLANDB` CHARACTER SET utf8 COLLATE utf8_general_ci;',
        "CREATE USER IF NOT EXISTS 'planuser'@'%' IDENTIFIED BY '****';",
        "CREATE USER IF NOT EXISTS 'planuser'@'localhost' IDENTIFIED BY '****';",
        "GRANT ALL PRIVILEGES ON `PLANDB`.* TO 'planuser'@'%';",
        "GRANT ALL PRIVILEGES ON `PLANDB`.* TO 'planuser'@'localhost';",
        'FLUSH PRIVILEGES;',
      ].join('\n'),
    );
    expect(actions[0].summary).toMatch(/Check the JDBC driver in \/usr\/share\/java/);
    expect(await schema('PLANDB')).toBeUndefined();
    t.close();
  });
});

describe('create-database on MariaDB, DBA hand-off', () => {
  const password = 'Dba-handoff-pw-5';
  const a = () => answers({ name: 'DBADB', user: 'dbauser', password, mode: 'dba' });

  /** What the DBA does: the script, with the placeholder replaced, statement by statement. */
  async function runAsDba(file: string, keep: (statement: string) => boolean = () => true) {
    const script = fs.readFileSync(file, 'utf8').replaceAll('<PMF_USER_PASSWORD>', password);
    const statements = script
      .split('\n')
      .filter((l) => !l.startsWith('--') && l.trim())
      .join('\n')
      .split(/;\n/)
      .map((s) => s.replace(/;$/, '').trim())
      .filter(Boolean);
    for (const statement of statements.filter(keep)) await db.root.query(statement);
  }

  it('writes the script, pauses, lists what is missing, then verifies what the DBA did', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-state-'));
    const t = makeStepContext(a(), { stateDir, secrets: [password] });
    expect((await createDatabaseStep.isDone(t.ctx)).done).toBe(false);

    const plan = await createDatabaseStep.plan(t.ctx);
    const file = path.join(stateDir, 'dba', 'create-DBADB.mysql.sql');
    expect(plan.find((x) => x.file === file)?.detail).toContain("IDENTIFIED BY '<PMF_USER_PASSWORD>'");

    let pause: PauseRun | undefined;
    try {
      await createDatabaseStep.run(t.ctx);
    } catch (error) {
      pause = error as PauseRun;
    }
    expect(pause).toBeInstanceOf(PauseRun);
    expect(pause!.message).toBe(`Waiting for the DBA: the script to create database DBADB and user dbauser is in ${file}`);
    expect(pause!.instructions).toContain(`mysql -h ${db.server.host} -P ${db.server.port} -u root -p < ${file}`);
    expect(pause!.instructions).toContain('pmf-wizard --resume');
    expect(pause!.instructions).toContain('<PMF_USER_PASSWORD>');

    const script = fs.readFileSync(file, 'utf8');
    expect(script).not.toContain(password);
    expect(script.split('\n').filter((l) => !l.startsWith('--'))).toEqual([
      'CREATE DATABASE IF NOT EXISTS `DBADB` CHARACTER SET utf8 COLLATE utf8_general_ci;',
      "CREATE USER IF NOT EXISTS 'dbauser'@'%' IDENTIFIED BY '<PMF_USER_PASSWORD>';",
      "CREATE USER IF NOT EXISTS 'dbauser'@'localhost' IDENTIFIED BY '<PMF_USER_PASSWORD>';",
      "GRANT ALL PRIVILEGES ON `DBADB`.* TO 'dbauser'@'%';",
      "GRANT ALL PRIVILEGES ON `DBADB`.* TO 'dbauser'@'localhost';",
      'FLUSH PRIVILEGES;',
      '',
    ]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);

    // Resumed before the DBA did anything: the precise reason.
    const nothing = await failureOf(createDatabaseStep.run(t.ctx));
    expect(nothing.message).toMatch(/missing:\n {2}- dbauser cannot log in to MySQL at .* \(access denied\)/);
    expect(nothing.fix).toContain(`Ask your DBA to run ${file}`);

    // The DBA created the user but granted only SELECT: what is missing, listed.
    await runAsDba(file, (s) => !s.startsWith('GRANT'));
    await db.root.query("GRANT SELECT ON `DBADB`.* TO 'dbauser'@'%'");
    await db.root.query("GRANT SELECT ON `DBADB`.* TO 'dbauser'@'localhost'");
    const partial = await failureOf(createDatabaseStep.run(t.ctx));
    expect(partial.message).toBe(
      'The database is not ready for PMF yet; missing:\n  - dbauser lacks INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER, CREATE VIEW on DBADB\n  - dbauser cannot create a table in DBADB: CREATE command denied to user \'dbauser\'@\'localhost\' for table `DBADB`.`PMFWIZ_PROBE`',
    );

    // The DBA runs the whole script: the resumed run finds the step done.
    await runAsDba(file);
    const done = await createDatabaseStep.isDone(t.ctx);
    expect(done).toMatchObject({ done: true });
    const outputs = await createDatabaseStep.run(t.ctx);
    expect(outputs).toMatchObject({ mode: 'dba', dbaScript: file });
    expect(t.logText()).not.toContain(password);
    t.close();
  });
});

describe('create-database: the JDBC driver', () => {
  it('a driver directory without Connector/J is a preflight problem and a run failure', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-nodriver-'));
    fs.writeFileSync(path.join(empty, 'ojdbc8.jar'), '');
    const t = makeStepContext(answers({ driverDir: empty, password: 'Pw-123456', admin: { user: 'root', password: db.server.rootPassword } }));
    const problems = await createDatabaseStep.preflight!(t.ctx);
    expect(problems).toEqual([
      {
        path: 'database.driverDir',
        message: `${empty} lacks MySQL Connector/J (mysql-connector-j*.jar) or mysql-connector-java*.jar or MariaDB's mariadb-java-client*.jar`,
        fix: expect.stringMatching(/^Set database\.driverDir to the directory that holds .*libmariadb-java/),
      },
    ]);
    const failure = await failureOf(createDatabaseStep.run(t.ctx));
    expect(failure.message).toMatch(/^JDBC driver missing: /);
    fs.rmSync(empty, { recursive: true, force: true });
    t.close();
  });
});
