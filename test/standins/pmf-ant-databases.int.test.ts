// Tests of the PMF stand-in's configure-liberty-*.xml samples on the external databases: the
// databases and install targets run by real Apache Ant against a real MariaDB (MySQL), and the
// failures of DB2 and Oracle without their JDBC drivers. Behaviour pinned: pmf.md sections 1-8 and
// the tutorial's Ant section.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { freePort, startMariaDb, type RunningMariaDb } from '../support/mariadb.js';
import { PMF, TUTORIAL_LINES, ant, antSandbox, copySample, fakeLiberty, serverProps } from '../support/pmf-ant.js';

const sandbox = antSandbox();

describe('MySQL on a real MariaDB', () => {
  let db: RunningMariaDb;
  let dir: string, liberty: string, serverDir: string, file: string;
  const pw = 'Mfp-User-pw1';

  const props = (extra: Record<string, string> = {}) => ({
    ...serverProps(liberty, 'pmf1'),
    'database.mysql.host': db.host,
    'database.mysql.port': String(db.port),
    'database.mysql.driver.dir': '/usr/share/java',
    'database.mysql.mfp.dbname': 'MFPDATA',
    'database.mysql.mfp.username': 'mfpuser',
    'database.mysql.mfp.password': pw,
    ...extra,
  });

  beforeAll(async () => {
    db = await startMariaDb();
    const c = await mysql.createConnection({ host: db.host, port: db.port, user: 'root', password: db.rootPassword });
    await c.query('CREATE DATABASE MFPDATA CHARACTER SET utf8 COLLATE utf8_general_ci');
    for (const h of ['localhost', '127.0.0.1']) {
      await c.query(`CREATE USER 'mfpuser'@'${h}' IDENTIFIED BY ?`, [pw]);
      await c.query(`GRANT ALL PRIVILEGES ON MFPDATA.* TO 'mfpuser'@'${h}'`);
    }
    await c.end();
    dir = path.join(sandbox.tmp, 'mysql');
    liberty = path.join(dir, 'wlp');
    serverDir = fakeLiberty(liberty, 'pmf1');
    file = copySample('mysql', path.join(dir, 'work'));
  }, 120_000);

  afterAll(async () => {
    await db?.stop();
  });

  it('databases creates the 28 tables with version 9.0.0; a second run prints the tutorial lines verbatim', async () => {
    const first = await ant(file, 'databases', props());
    expect(first.code, first.out).toBe(0);
    expect(first.out.match(/Table \S+ created\./g)?.length).toBe(28);
    const c = await mysql.createConnection({ host: db.host, port: db.port, user: 'root', password: db.rootPassword, database: 'MFPDATA' });
    const [tables] = await c.query("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'MFPDATA'");
    expect((tables as Array<{ n: number }>)[0].n).toBe(28);
    const [v] = await c.query('SELECT MFPADMIN_VERSION FROM MFPADMIN_VERSION');
    expect(v).toEqual([{ MFPADMIN_VERSION: '9.0.0' }]);
    await c.end();

    const second = await ant(file, 'databases', props());
    expect(second.code, second.out).toBe(0);
    const lines = second.out.split('\n').map((l) => l.trim());
    const start = lines.indexOf(TUTORIAL_LINES[0]);
    expect(start, second.out).toBeGreaterThanOrEqual(0);
    expect(lines.slice(start, start + TUTORIAL_LINES.length)).toEqual(TUTORIAL_LINES);
    expect(second.out).toContain('[configuredatabase] GetSQLQueryResult => PUSH_VERSION = 9.0.0');
    // the documented MySQL recommendations (the test server has the small defaults): warned once, after the block
    expect(second.out).toContain('[configuredatabase] Warning: the MySQL server variable max_allowed_packet is 16777216 bytes, below the recommended minimum of 256M.');
    expect(second.out).not.toMatch(/created\./);
  });

  it('install declares the MySQL data sources with the driver library', async () => {
    const r = await ant(file, 'install', props());
    expect(r.code, r.out).toBe(0);
    const x = fs.readFileSync(path.join(serverDir, 'server.xml'), 'utf8');
    expect(x).toMatch(new RegExp(`<properties databaseName="MFPDATA" password="\\{xor\\}[^"]+" portNumber="${db.port}" serverName="${db.host}" user="mfpuser"/>`));
    expect(x).toMatch(/<library id="MFPDriverLib_mysql">\s*<fileset dir="\/usr\/share\/java" includes="[^"]*mariadb-java-client[^"]*"\/>/);
    expect(x).not.toContain(pw);
  });

  it('a wrong password fails with the driver message and exit 1', async () => {
    const r = await ant(file, 'databases', props({ 'database.mysql.mfp.password': 'wrong' }));
    expect(r.code).toBe(1);
    expect(r.out).toContain("[configuredatabase] Connection to MobileFirstAdmin database MFPDATA with schema 'MFPDATA' and user 'mfpuser' failed.");
    expect(r.out).toMatch(/BUILD FAILED\n.*: java\.sql\.\w+: .*Access denied for user 'mfpuser'@'(localhost|127\.0\.0\.1)' \(using password: YES\)/);
  });

  it('an unreachable server fails with connection refused', async () => {
    const r = await ant(file, 'databases', props({ 'database.mysql.port': String(await freePort()) }));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/BUILD FAILED/);
    expect(r.out).toMatch(/Connection refused/);
  });
});

describe('DB2 and Oracle: no JDBC driver on this machine', () => {
  it('fails with the message of a missing driver', async () => {
    const dir = path.join(sandbox.tmp, 'db2');
    const liberty = path.join(dir, 'wlp');
    fakeLiberty(liberty, 'pmf1');
    const nodrv = fs.mkdtempSync(path.join(sandbox.tmp, 'db2java-'));
    fs.writeFileSync(path.join(nodrv, 'db2jcc4.jar'), ''); // an empty file named like the driver: not a driver
    const file = copySample('db2', dir);
    const r = await ant(file, 'databases', { 'mfp.server.install.dir': PMF, 'database.db2.driver.dir': nodrv, 'database.db2.mfp.password': 'x' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Cannot load the JDBC driver class com\.ibm\.db2\.jcc\.DB2Driver .*java\.lang\.ClassNotFoundException: com\.ibm\.db2\.jcc\.DB2Driver/);
    const missingDir = await ant(file, 'databases', { 'mfp.server.install.dir': PMF, 'database.db2.driver.dir': path.join(dir, 'nope'), 'database.db2.mfp.password': 'x' });
    expect(missingDir.code).toBe(1);
    expect(missingDir.out).toMatch(/BUILD FAILED[\s\S]*nope does not exist/);
    const ora = await ant(copySample('oracle', dir), 'databases', { 'mfp.server.install.dir': PMF, 'database.oracle.driver.dir': fs.mkdtempSync(path.join(sandbox.tmp, 'ora-')), 'database.oracle.mfp.password': 'x' });
    expect(ora.code).toBe(1);
    expect(ora.out).toContain('The JDBC driver for Oracle was not found');
  });
});
