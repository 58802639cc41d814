// Local services for the tests and the benchmark: a free loopback port, and a private, real
// MariaDB server (a fresh data dir in a temp dir, loopback only, a free port, a root password;
// stop() shuts it down and removes everything).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

const MARIADBD = process.env.MARIADBD ?? '/usr/sbin/mariadbd';
const INSTALL_DB = process.env.MARIADB_INSTALL_DB ?? 'mariadb-install-db';

/** A TCP port free on loopback right now. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function runToEnd(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d.toString()));
    child.stderr.on('data', (d) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function exited(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** A fresh data directory (mariadb-install-db) in `dir`; throws with its output when it fails. */
async function installDataDir(dir) {
  const install = await runToEnd(INSTALL_DB, [
    '--no-defaults',
    `--datadir=${path.join(dir, 'data')}`,
    '--user=root',
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    `--tmpdir=${path.join(dir, 'tmp')}`,
  ]);
  if (install.code !== 0) throw new Error(`mariadb-install-db failed (exit ${install.code}):\n${install.output.slice(-3000)}`);
}

function spawnServer(dir, host, port) {
  return spawn(
    MARIADBD,
    [
      '--no-defaults',
      `--datadir=${path.join(dir, 'data')}`,
      `--socket=${path.join(dir, 'mysqld.sock')}`,
      `--pid-file=${path.join(dir, 'mysqld.pid')}`,
      `--log-error=${path.join(dir, 'error.log')}`,
      `--tmpdir=${path.join(dir, 'tmp')}`,
      '--user=root',
      `--port=${port}`,
      `--bind-address=${host}`,
      '--skip-log-bin',
      '--innodb-buffer-pool-size=32M',
      '--innodb-log-file-size=48M',
      '--skip-innodb-use-native-aio',
    ],
    { stdio: 'ignore' },
  );
}

/** Sets root's password (the fresh root has none: through the private socket first), then proves TCP. */
async function secureRoot(dir, host, port, rootPassword) {
  const conn = await mysql.createConnection({ socketPath: path.join(dir, 'mysqld.sock'), user: 'root', connectTimeout: 2000 });
  await conn.query(`ALTER USER 'root'@'localhost' IDENTIFIED BY ?`, [rootPassword]);
  await conn.query(`CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ?`, [rootPassword]);
  await conn.query(`GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION`);
  // mariadb-install-db also makes root@<hostname> and root@::1 without a password: drop them.
  const [others] = await conn.query(`SELECT Host FROM mysql.user WHERE User = 'root' AND Host NOT IN ('localhost', '127.0.0.1')`);
  for (const row of others) await conn.query('DROP USER ?@?', ['root', row.Host]);
  await conn.end();
  const tcp = await mysql.createConnection({ host, port, user: 'root', password: rootPassword, connectTimeout: 2000 });
  await tcp.end();
}

/** Waits up to a minute for the server to take connections; false when it exited or never did. */
async function becameReady(child, dir, host, port, rootPassword) {
  let gone = false;
  child.once('exit', () => (gone = true));
  const deadline = Date.now() + 60_000;
  while (!gone && Date.now() < deadline) {
    try {
      await secureRoot(dir, host, port, rootPassword);
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return false;
}

/** The handle a caller stops; a test process that dies without stop() leaves no server behind. */
function running(child, dir, host, port, rootPassword) {
  let stopped = false;
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  return {
    host,
    port,
    rootPassword,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited(child);
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startMariaDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-mariadb-'));
  // Its own temporary directory: servers bootstrapping at the same moment in the shared /tmp
  // have been seen to lose each other's temporary tables ("Unknown table 'mysql.tmp_user_sys'").
  fs.mkdirSync(path.join(dir, 'tmp'));
  const rootPassword = `Root-${randomBytes(9).toString('base64url')}`;
  const host = '127.0.0.1';
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await installDataDir(dir);
  } catch (error) {
    cleanup();
    throw error;
  }
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawnServer(dir, host, port);
    if (await becameReady(child, dir, host, port, rootPassword)) return running(child, dir, host, port, rootPassword);
    const errorLog = path.join(dir, 'error.log');
    const log = fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8').slice(-3000) : '';
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    // A port taken between freePort() and the bind: try another one.
    if (attempt < 3 && /Address already in use|Do you already have another/.test(log)) continue;
    cleanup();
    throw new Error(`MariaDB did not start on ${host}:${port}:\n${log}`);
  }
}


/** Stops each named server of a Liberty installation (`<wlp>/bin/server`) that is running. */
export function stopServers(server, names, env = process.env) {
  if (!fs.existsSync(server)) return;
  for (const name of names) {
    if (spawnSync(server, ['status', name], { env }).status === 0) spawnSync(server, ['stop', name], { env });
  }
}
