import { test, expect } from 'vitest';
import mysql from 'mysql2/promise';
import { startMariaDb } from './support/mariadb.js';
test('start', async () => {
  const t0 = Date.now();
  const db = await startMariaDb();
  console.log('started in', Date.now() - t0);
  const c = await mysql.createConnection({ host: db.host, port: db.port, user: 'root', password: db.rootPassword });
  const [rows] = await c.query("SELECT user, host, plugin FROM mysql.user");
  console.log(rows);
  const [v] = await c.query("SELECT @@max_allowed_packet, @@innodb_log_file_size, @@version, @@character_set_server");
  console.log(v);
  await c.end();
  await db.stop();
  console.log('total', Date.now() - t0);
});
