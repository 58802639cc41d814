/**
 * What can be found on this machine without asking: synchronous looks at the filesystem only
 * (no process is started), cheap enough to run each time a question's default is computed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkDriver } from './database/driver.js';
import type { Dbms } from './database/sql.js';
import { isFileWith, statOf } from './file-access.js';
import { isPmfInstallation } from './pmf-install.js';
import { findCommand } from './which.js';

type Env = NodeJS.ProcessEnv;

const homeOf = (env: Env) => env.HOME || os.homedir();

/** The directories inside `dir`, by name, or none when it cannot be read. */
function subdirectories(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(dir, entry.name))
      .sort();
  } catch {
    return [];
  }
}

/** Installation Manager's command line: on PATH, else where its installer puts it (this user's own first, then the admin's). */
export function findImcl(env: Env = process.env): string | undefined {
  const tools = path.join('InstallationManager', 'eclipse', 'tools', 'imcl');
  const home = homeOf(env);
  return findCommand('imcl', [path.join(home, 'IBM'), path.join(home, 'ibm'), '/opt/IBM', '/opt/ibm'].map((root) => path.join(root, tools)), env.PATH);
}

const PMF_NAMES = ['PMF', 'MobileFirst_Platform_Server', 'MobileFoundation', 'PersistentMobileFoundation'];

/**
 * The PMF installation directory: in the home directory, ~/IBM, then /opt/IBM (this user's own
 * first), the usual names, then under ~/IBM and /opt/IBM any directory holding the configuration samples.
 */
export function findPmfInstallation(env: Env = process.env): string | undefined {
  const home = homeOf(env);
  const roots = [home, path.join(home, 'IBM'), '/opt/IBM', '/opt/ibm'];
  const candidates = roots.flatMap((root) => [...PMF_NAMES.map((name) => path.join(root, name)), ...(root === home ? [] : subdirectories(root))]);
  return candidates.find(isPmfInstallation);
}

const hasJava = (home: string) => isFileWith(path.join(home, 'bin', 'java'), fs.constants.X_OK);

/** JAVA_HOME when it holds bin/java, else the installation the `java` on PATH belongs to (its links followed). */
export function findJavaHome(env: Env = process.env): string | undefined {
  if (env.JAVA_HOME && hasJava(env.JAVA_HOME)) return path.resolve(env.JAVA_HOME);
  const java = findCommand('java', [], env.PATH);
  if (!java) return undefined;
  let real: string;
  try {
    real = fs.realpathSync(java);
  } catch {
    return undefined;
  }
  const home = path.dirname(path.dirname(real));
  return hasJava(home) ? home : undefined;
}

/** Directories of the CLASSPATH's entries: a jar's directory, or the directory itself. */
function classpathDirs(env: Env): string[] {
  return (env.CLASSPATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((entry) => (statOf(entry)?.isDirectory() ? entry : path.dirname(entry)));
}

/** Where each DBMS's JDBC driver is usually installed, after the CLASSPATH's directories. */
function driverCandidates(type: Dbms, env: Env): string[] {
  const home = homeOf(env);
  const system = ['/usr/share/java', '/usr/local/share/java', '/usr/local/lib/java'];
  switch (type) {
    case 'derby':
      return [...(env.DERBY_HOME ? [path.join(env.DERBY_HOME, 'lib')] : []), ...system];
    case 'mysql':
      return system;
    case 'db2':
      return [
        path.join(home, 'sqllib', 'java'),
        '/home/db2inst1/sqllib/java',
        ...subdirectories('/opt/ibm/db2').map((dir) => path.join(dir, 'java')),
        ...system,
      ];
    case 'oracle':
      return [
        ...(env.ORACLE_HOME ? [path.join(env.ORACLE_HOME, 'jdbc', 'lib')] : []),
        ...subdirectories('/usr/lib/oracle').map((dir) => path.join(dir, 'client64', 'lib')),
        ...subdirectories('/opt/oracle').filter((dir) => path.basename(dir).startsWith('instantclient')),
        ...system,
      ];
  }
}

/** The first directory that holds every jar the DBMS's driver needs (the same rule as the driver check). */
export function findDriverDir(type: Dbms, env: Env = process.env): string | undefined {
  const candidates = [...new Set([...classpathDirs(env), ...driverCandidates(type, env)])];
  return candidates.find((dir) => checkDriver(type, dir).ok);
}

/** The local ports of the listening sockets in a /proc/net/tcp (or tcp6) table. */
export function listeningPortsIn(table: string): number[] {
  const LISTEN = '0A';
  return table
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === LISTEN && fields[1]?.includes(':'))
    .map((fields) => Number.parseInt(fields[1].split(':')[1], 16));
}

/**
 * The TCP ports something listens on here, read from /proc (Linux): a proposal can skip them
 * without binding anything. Elsewhere none are known, and the check at the question still binds.
 */
export function listeningTcpPorts(): Set<number> {
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const port of listeningPortsIn(fs.readFileSync(table, 'utf8'))) ports.add(port);
    } catch {
      // No such table (IPv6 off, not Linux).
    }
  }
  return ports;
}

/** The first node's proposal: pmf1 on the first HTTP/HTTPS pair from 9080/9443 on that nothing listens on. */
export function firstFreeNode(taken: Set<number> = listeningTcpPorts()): { name: string; httpPort: number; httpsPort: number } {
  let step = 0;
  while (step < 300 && (taken.has(9080 + step) || taken.has(9443 + step))) step += 1;
  return { name: 'pmf1', httpPort: 9080 + step, httpsPort: 9443 + step };
}
