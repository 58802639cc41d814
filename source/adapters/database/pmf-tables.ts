import type mysql from 'mysql2/promise';
import { createMysqlConnection } from './mysql-client.js';
import type { DbTarget } from './sql.js';

export interface TableListing {
  present: Set<string>;
  /** The first value of the first row of each version table that exists (undefined: empty). */
  versions: Record<string, string | undefined>;
}

/** The tables of a MySQL database (upper case), and the first row of each of `versionTables` present. */
export async function listMysqlTables(target: DbTarget, versionTables: string[]): Promise<TableListing> {
  let connection: mysql.Connection | undefined;
  try {
    connection = await createMysqlConnection({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.name, connectTimeout: 10_000 });
    const [rows] = await connection.query('SELECT UPPER(table_name) AS name FROM information_schema.tables WHERE table_schema = ?', [target.name]);
    const present = new Set((rows as { name: string }[]).map((row) => row.name));
    const versions: Record<string, string | undefined> = {};
    for (const table of versionTables.filter((t) => present.has(t))) {
      const [versionRows] = await connection.query(`SELECT * FROM \`${table}\``);
      const first = (versionRows as Record<string, unknown>[])[0];
      versions[table] = first ? String(Object.values(first)[0]) : undefined;
    }
    return { present, versions };
  } finally {
    await connection?.end().catch(() => undefined);
  }
}
