/**
 * The whole wizard, unattended, on MySQL (a real MariaDB), from nothing to pmf1 serving
 * /mfpconsole: real Liberty from its runtime archive, the database, the Ant properties, and the
 * real Apache Ant running the PMF stand-in tasks. Then: a second run changes nothing, and the
 * database failing while Ant runs (unreachable, a wrong password, no JDBC driver) gives its
 * sentence and exit 1, and --resume after the fix finishes.
 *
 * The wizard is the built CLI, `node dist/cli.js --answers FILE --state DIR`; with one node the
 * farm steps (5-7) do not apply, so the run is steps 1-4.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startMariaDb, type RunningMariaDb } from '../support/mariadb.js';
import { DB_PASSWORD, expectNoSecretLeft, expectServing, prepare, singleNodeLifecycle, timings, whenAntCopyExists, wizard } from '../support/single-node.js';
import { sha } from '../support/tree.js';

singleNodeLifecycle();

/** A TCP proxy in front of MariaDB that can be switched off: "the database is unreachable". */
async function proxyTo(port: number): Promise<{ port: number; off(): Promise<void>; on(): Promise<void>; close(): Promise<void> }> {
  const listenPort = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const on = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(port, '127.0.0.1');
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      server.listen(listenPort, '127.0.0.1', () => resolve());
    });
  const off = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  await on();
  return { port: listenPort, on, off, close: off };
}

describe('single node on MySQL (a real MariaDB)', () => {
  let maria: RunningMariaDb;
  beforeAll(async () => {
    maria = await startMariaDb();
  }, 120_000);
  afterAll(async () => {
    await maria?.stop();
  });

  async function tableCount(dbName: string): Promise<number> {
    const connection = await mysql.createConnection({ host: maria.host, port: maria.port, user: 'root', password: maria.rootPassword });
    try {
      const [rows] = await connection.query('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?', [dbName]);
      return Number((rows as { n: number }[])[0].n);
    } finally {
      await connection.end();
    }
  }

  async function asRoot(sql: string, params: unknown[] = []): Promise<void> {
    const connection = await mysql.createConnection({ host: maria.host, port: maria.port, user: 'root', password: maria.rootPassword });
    try {
      await connection.query(sql, params);
    } finally {
      await connection.end();
    }
  }

  it('from nothing to pmf1 serving /mfpconsole; a second run changes nothing and runs no Ant', async () => {
    const farm = await prepare('mysql', { maria });
    const first = await wizard(farm);
    timings.push(`mysql first run: ${first.ms} ms`);
    expect(first.exitCode, first.all).toBe(0);
    expect(first.all).toMatch(/push tables created in MFP\w+: 8 tables/);
    await expectServing(farm);
    const tables = await tableCount(farm.dbName);
    expect(tables).toBe(28);
    const xml = path.join(farm.serverDir, 'server.xml');
    const hash = sha(xml);
    const second = await wizard(farm);
    timings.push(`mysql second run: ${second.ms} ms`);
    expect(second.exitCode, second.all).toBe(0);
    expect(second.all).toContain('Nothing to do');
    expect(second.all).toContain('28 PMF tables');
    expect(second.all).not.toContain('Buildfile:');
    expect(sha(xml)).toBe(hash);
    expect(await tableCount(farm.dbName)).toBe(tables);
    expectNoSecretLeft(farm, [first, second]);
  });

  it('the database unreachable when Ant runs: its sentence, exit 1; --resume once it answers finishes', async () => {
    const proxy = await proxyTo(maria.port);
    try {
      const farm = await prepare('mysql', { maria, dbPort: proxy.port });
      const failed = await wizard(farm, [], async (child) => {
        await whenAntCopyExists(farm, 'mysql', child);
        await proxy.off();
      });
      expect(failed.exitCode, failed.all).toBe(1);
      expect(failed.all).toContain(`The MySQL server at 127.0.0.1:${proxy.port} cannot be reached: nothing answers there`);
      expect(failed.all).toContain('correct database.host and database.port');
      await proxy.on();
      const resumed = await wizard(farm, ['--resume']);
      expect(resumed.exitCode, resumed.all).toBe(0);
      await expectServing(farm);
      expectNoSecretLeft(farm, [failed, resumed]);
    } finally {
      await proxy.close();
    }
  });

  it('a wrong database password when Ant runs: its sentence, exit 1; --resume after the fix finishes', async () => {
    const farm = await prepare('mysql', { maria });
    const failed = await wizard(farm, [], async (child) => {
      await whenAntCopyExists(farm, 'mysql', child);
      for (const host of ['%', 'localhost']) await asRoot(`ALTER USER 'mfpuser'@'${host}' IDENTIFIED BY 'someone-changed-it'`);
    });
    expect(failed.exitCode, failed.all).toBe(1);
    expect(failed.all).toContain(`The MySQL server at ${maria.host}:${maria.port} refused the user mfpuser with the password given: wrong user name or password`);
    for (const host of ['%', 'localhost']) await asRoot(`ALTER USER 'mfpuser'@'${host}' IDENTIFIED BY ?`, [DB_PASSWORD]);
    const resumed = await wizard(farm, ['--resume']);
    expect(resumed.exitCode, resumed.all).toBe(0);
    await expectServing(farm);
    expectNoSecretLeft(farm, [failed, resumed]);
  });

  it('the JDBC driver gone when Ant runs: its sentence, exit 1; --resume after putting it back finishes', async () => {
    const driverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drivers-'));
    const jar = path.join(driverDir, 'mariadb-java-client.jar');
    fs.copyFileSync('/usr/share/java/mariadb-java-client.jar', jar);
    const farm = await prepare('mysql', { maria, driverDir });
    const failed = await wizard(farm, [], async (child) => {
      await whenAntCopyExists(farm, 'mysql', child);
      fs.renameSync(jar, `${jar}.away`);
    });
    expect(failed.exitCode, failed.all).toBe(1);
    expect(failed.all).toContain(`The MySQL JDBC driver was not found in ${driverDir}`);
    expect(failed.all).toContain('libmariadb-java');
    fs.renameSync(`${jar}.away`, jar);
    const resumed = await wizard(farm, ['--resume']);
    expect(resumed.exitCode, resumed.all).toBe(0);
    await expectServing(farm);
    expectNoSecretLeft(farm, [failed, resumed]);
  });
});
