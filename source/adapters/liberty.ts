import fs from 'node:fs';
import path from 'node:path';
import { ExternalError } from '../engine/errors.js';
import { readEnvFile } from './env-file.js';
import { displayCommand, tailOf } from './process.js';
import { commandLineOf, processStartTime, stopProcess } from './process-table.js';
import { withSystemCause } from './system-failure.js';
import type { CommandResult, CommandSpec, Runner } from '../engine/runner.js';

/** Where bin/server puts things, computed the way the script does (liberty.md section 0). */
export function serverScript(installDir: string): string {
  return path.join(installDir, 'bin', 'server');
}

export function installEnvFile(installDir: string): string {
  return path.join(installDir, 'etc', 'server.env');
}

/** etc/server.env wins over the environment, which wins over <install>/usr. */
export function effectiveUserDir(installDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return readEnvFile(installEnvFile(installDir)).WLP_USER_DIR || env.WLP_USER_DIR || path.join(installDir, 'usr');
}

export function serverDir(installDir: string, name: string): string {
  return path.join(effectiveUserDir(installDir), 'servers', name);
}

/** WLP_OUTPUT_DIR as bin/server computes it: logs, workarea and the pid files live there. */
export function outputDir(installDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return readEnvFile(installEnvFile(installDir)).WLP_OUTPUT_DIR || env.WLP_OUTPUT_DIR || path.join(effectiveUserDir(installDir, env), 'servers');
}

/**
 * `<output>/.pid/<name>.pid`: bin/server writes the JVM's pid there only once its
 * `--status:start` has seen the server start, so a start stopped before that leaves none.
 */
export function serverPidFile(installDir: string, name: string): string {
  return path.join(outputDir(installDir), '.pid', `${name}.pid`);
}

/** Orders Liberty release numbers (8.5.5.9 < 19.0.0.3 < 26.0.0.3), part by part as numbers. */
export function compareReleases(a: string, b: string): number {
  const parts = (version: string) => version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 4; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

export interface InstalledProduct {
  name: string;
  version: string;
  file: string;
}

/** The product Liberty says it is, from lib/versions/*.properties; undefined when not installed. */
export function installedProduct(installDir: string): InstalledProduct | undefined {
  const versions = path.join(installDir, 'lib', 'versions');
  if (!fs.existsSync(serverScript(installDir))) return undefined;
  let files: string[];
  try {
    files = fs.readdirSync(versions).filter((file) => file.endsWith('.properties'));
  } catch {
    return undefined;
  }
  for (const file of files.sort()) {
    const props = Object.fromEntries(
      fs
        .readFileSync(path.join(versions, file), 'utf8')
        .split(/\r?\n/)
        .map((line) => /^\s*([\w.]+)\s*[=:]\s*(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], m[2].trim()]),
    );
    const version = props['com.ibm.websphere.productVersion'];
    if (version) return { name: props['com.ibm.websphere.productName'] ?? 'Liberty', version, file: path.join(versions, file) };
  }
  return undefined;
}

function serverSpec(installDir: string, action: string, name: string): CommandSpec {
  return { command: serverScript(installDir), args: [action, name], cwd: path.join(installDir, 'bin'), timeoutMs: 180_000 };
}

/** How a `server` command can fail: a name Liberty refuses, a user directory it cannot write, or anything else. */
export type ServerCommandFailure = 'bad-server-name' | 'not-writable' | 'server-command-failed';

function failure(kind: ServerCommandFailure, spec: CommandSpec, what: string, result: CommandResult, fix: string): ExternalError<ServerCommandFailure> {
  return withSystemCause(new ExternalError(kind, `${what} failed (exit ${result.exitCode})`, { command: displayCommand(spec), outputTail: tailOf(result.output), fix }), result.output, spec.cwd);
}

/** `server create NAME`; an existing server is reported, not an error. */
export async function createServer(runner: Runner, installDir: string, name: string): Promise<'created' | 'exists'> {
  const spec = serverSpec(installDir, 'create', name);
  const result = await runner.run(spec);
  if (result.exitCode === 0) return 'created';
  if (result.output.includes('CWWKE0045E')) return 'exists';
  const what = `server create ${name}`;
  if (result.output.includes('CWWKE0012E')) {
    throw failure('bad-server-name', spec, what, result, 'Choose a server name made of letters, digits, _ - + and . that does not start with - or .');
  }
  if (result.output.includes('CWWKE0066E') || /permission|not writable/i.test(result.output)) {
    throw failure('not-writable', spec, what, result, `Make ${effectiveUserDir(installDir)} writable for this user.`);
  }
  throw failure('server-command-failed', spec, what, result, `Read the output above; the server directory would be ${serverDir(installDir, name)}.`);
}

export type ServerState = 'running' | 'stopped' | 'missing';

export async function serverStatus(runner: Runner, installDir: string, name: string): Promise<ServerState> {
  // status:fast answers from the pid file when the process is alive, and asks the JVM launcher only when
  // the files disagree: the same exit codes as `status` without a JVM start per node and check.
  const spec = serverSpec(installDir, 'status:fast', name);
  const result = await runner.run(spec);
  if (result.exitCode === 0) return 'running';
  if (result.exitCode === 1) return 'stopped';
  if (result.exitCode === 2) return 'missing';
  throw failure('server-command-failed', spec, `server status ${name}`, result, `Look at ${path.join(serverDir(installDir, name), 'logs', 'messages.log')}.`);
}

export async function startServer(runner: Runner, installDir: string, name: string): Promise<'started' | 'already-running'> {
  // The running server caches its configuration, passwords included, under workarea/ in files it
  // makes 0640: an owner-only server directory keeps them, and everything else there, from other users.
  const home = serverDir(installDir, name);
  if (fs.existsSync(home)) fs.chmodSync(home, 0o700);
  const spec = serverSpec(installDir, 'start', name);
  const result = await runner.run(spec);
  if (result.exitCode === 0) return 'started';
  if (result.exitCode === 1 && /already running/.test(result.output)) return 'already-running';
  throw failure('server-command-failed', spec, `server start ${name}`, result, `Look at ${path.join(serverDir(installDir, name), 'logs', 'messages.log')} for the reason (an ERROR line with a CWWK message id).`);
}

/** Whether a process is the Liberty JVM of that server (`java … -jar …/ws-server.jar NAME`), not a client JVM of bin/server. */
function isServerJvm(pid: number, name: string): boolean {
  const args = commandLineOf(pid) ?? [];
  const jar = args.findIndex((arg) => arg.endsWith(path.join('bin', 'tools', 'ws-server.jar')));
  return jar >= 0 && args.slice(jar + 1).includes(name) && !args.some((arg) => /^--(status|stop|pid)/.test(arg));
}

/**
 * Stops a server's JVM by its pid file, without bin/server: for a start interrupted by Ctrl+C,
 * when the run may start no command any more. TERM lets Liberty stop cleanly; KILL after 30 s.
 */
export async function stopServerProcess(installDir: string, name: string): Promise<'stopped' | 'not-running'> {
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(serverPidFile(installDir, name), 'utf8').trim(), 10);
  } catch {
    return 'not-running';
  }
  const startTime = processStartTime(pid);
  if (startTime === undefined || !isServerJvm(pid, name)) return 'not-running';
  await stopProcess({ pid, startTime, group: false }, 30_000);
  return 'stopped';
}

export async function stopServer(runner: Runner, installDir: string, name: string): Promise<'stopped' | 'not-running'> {
  const spec = serverSpec(installDir, 'stop', name);
  const result = await runner.run(spec);
  if (result.exitCode === 0) return 'stopped';
  if (result.exitCode === 1) return 'not-running';
  throw failure('server-command-failed', spec, `server stop ${name}`, result, `Look at ${path.join(serverDir(installDir, name), 'logs', 'messages.log')}; \`server stop ${name} --force\` stops it hard.`);
}
