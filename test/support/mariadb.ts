/**
 * A private, real MariaDB server for the tests (scripts/local-services.mjs, shared with the
 * benchmark), and its lifecycle around the tests of one file.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll } from 'vitest';
import { freePort, startMariaDb, type RunningMariaDb } from '../../scripts/local-services.mjs';

export { freePort, startMariaDb, type RunningMariaDb };

/**
 * A MariaDB server for the tests of one file: started before them (beforeAll) with a root
 * connection, both closed after them (afterAll). The fields are set once beforeAll has run.
 */
export function mariaDbForTests(): { server: RunningMariaDb; root: mysql.Connection } {
  const db = {} as { server: RunningMariaDb; root: mysql.Connection };
  beforeAll(async () => {
    db.server = await startMariaDb();
    db.root = await mysql.createConnection({ host: db.server.host, port: db.server.port, user: 'root', password: db.server.rootPassword });
  });
  afterAll(async () => {
    await db.root?.end();
    await db.server?.stop();
  });
  return db;
}
