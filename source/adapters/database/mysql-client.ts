import type { Connection, ConnectionOptions } from 'mysql2/promise';

/** A mysql2 connection; mysql2 is imported on the first one, so commands that connect to nothing never load it. */
export async function createMysqlConnection(options: ConnectionOptions): Promise<Connection> {
  const { default: mysql } = await import('mysql2/promise');
  return mysql.createConnection(options);
}
