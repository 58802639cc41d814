/**
 * Reading a Liberty server's messages.log after a start (liberty.md section 4): the server is
 * ready at CWWKF0011I, each application at CWWKZ0001I. `server start` succeeds even when a port
 * is taken (only CWWKO0221E in the log says so) or an application fails (CWWKZ0002E), so this is
 * how the wizard knows that a node really serves.
 */
import fs from 'node:fs';
import path from 'node:path';

export function messagesLogOf(serverOutputDir: string): string {
  return path.join(serverOutputDir, 'logs', 'messages.log');
}

/** Where a later read starts: the log as it is now. Liberty rolls messages.log at start, so the inode is kept too. */
export interface LogMark {
  file: string;
  offset: number;
  ino?: number;
}

export function markLog(file: string): LogMark {
  try {
    const stat = fs.statSync(file);
    return { file, offset: stat.size, ino: stat.ino };
  } catch {
    return { file, offset: 0 };
  }
}

/** The lines written since the mark (all of a new file when the log was rolled). */
export function linesSince(mark: LogMark): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(mark.file);
  } catch {
    return [];
  }
  const start = stat.ino === mark.ino && stat.size >= mark.offset ? mark.offset : 0;
  if (stat.size <= start) return [];
  const fd = fs.openSync(mark.file, 'r');
  try {
    const buffer = Buffer.alloc(stat.size - start);
    fs.readSync(fd, buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    // A line still being written is left for the next read.
    const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
    return complete.split('\n').filter((line) => line.length > 0);
  } finally {
    fs.closeSync(fd);
  }
}

export interface PortProblem {
  port: number;
  line: string;
}

export interface AppProblem {
  app: string;
  line: string;
}

export interface StartState {
  ready: boolean;
  started: string[];
  failedApps: AppProblem[];
  portsTaken: PortProblem[];
  /**
   * Configuration or feature errors (CWWKG…E, a feature not found or not resolved): real Liberty
   * still says "ready" after them, with the features it could not read left out.
   */
  configErrors: string[];
  /** Error lines (type E) not classified above, for the report. */
  errors: string[];
}

/** What the lines say about a start. */
export function readStart(lines: string[], ports: number[]): StartState {
  const state: StartState = { ready: false, started: [], failedApps: [], portsTaken: [], configErrors: [], errors: [] };
  for (const line of lines) {
    let m: RegExpExecArray | null;
    if (/\bCWWKF0011I\b/.test(line)) {
      state.ready = true;
    } else if ((m = /\bCWWKZ0001I: Application (\S+) started/.exec(line))) {
      state.started.push(m[1]);
    } else if ((m = /\bCWWKZ0002E: An exception occurred while starting the application (\S+?)\.? /.exec(line))) {
      state.failedApps.push({ app: m[1], line });
    } else if ((m = /\bCWWKZ0014W: The application (\S+) could not be started/.exec(line))) {
      state.failedApps.push({ app: m[1], line });
    } else if ((m = /\bSRVE0164E: Web Application (\S+) uses the context root/.exec(line))) {
      state.failedApps.push({ app: m[1], line });
    } else if (/\b(CWWKG\d{4}E|CWWKF000[129][EW]|CWWKF0032E|CWWKE0702E)\b/.test(line)) {
      state.configErrors.push(line);
    } else if (/\bCWWKO0221E\b/.test(line)) {
      const port = Number(/\bport (\d+)/.exec(line)?.[1]);
      if (ports.includes(port)) state.portsTaken.push({ port, line });
      else state.errors.push(line);
    } else if (/\]\s+\S+\s+\S+\s+E\s/.test(line) || /\[ERROR\s*\]/.test(line)) {
      state.errors.push(line);
    }
  }
  return state;
}

export interface WaitOptions {
  mark: LogMark;
  /** Applications that must start (names as in server.xml). */
  apps: string[];
  /** The node's HTTP and HTTPS ports: a CWWKO0221E for one of them is a taken port. */
  ports: number[];
  timeoutMs: number;
  signal?: AbortSignal;
  pollMs?: number;
}

export type WaitOutcome =
  | { status: 'started'; state: StartState }
  /** The server says it is ready, but one of its ports was taken by another process. */
  | { status: 'port-taken'; state: StartState }
  | { status: 'app-failed'; state: StartState }
  /** The server says it is ready, but its configuration or a feature failed (CWWKG0014E, CWWKF0001E, …). */
  | { status: 'config-error'; state: StartState }
  | { status: 'timeout'; state: StartState; missing: string[] };

/** Waits for CWWKF0011I and every application's CWWKZ0001I (or a failure), up to a deadline. */
export async function waitForStart(options: WaitOptions): Promise<WaitOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  const poll = options.pollMs ?? 250;
  for (;;) {
    const state = readStart(linesSince(options.mark), options.ports);
    const failed = new Set(state.failedApps.map((problem) => problem.app));
    const missing = options.apps.filter((app) => !state.started.includes(app) && !failed.has(app));
    if (state.ready && state.configErrors.length) return { status: 'config-error', state };
    if (state.ready && missing.length === 0) {
      if (state.portsTaken.length) return { status: 'port-taken', state };
      if (state.failedApps.length) return { status: 'app-failed', state };
      return { status: 'started', state };
    }
    // A port error or an application failure is final once the server is ready; before that, keep reading.
    if (Date.now() >= deadline || options.signal?.aborted) {
      if (state.portsTaken.length) return { status: 'port-taken', state };
      if (state.failedApps.length) return { status: 'app-failed', state };
      return { status: 'timeout', state, missing: state.ready ? missing : ['CWWKF0011I (server ready)', ...missing] };
    }
    await new Promise((resolve) => setTimeout(resolve, poll));
  }
}

/**
 * Waits until every file is written: real Liberty writes its generated keystore (CWPKI0803A)
 * and its LTPA keys (CWWKS4104A) on other threads, sometimes after it says it is ready, and
 * not atomically: a file that exists may still be empty or half written. A file counts once it
 * is not empty and its size and time have not changed over one poll.
 * Returns the files not yet written at the deadline.
 */
export async function waitForFiles(files: string[], timeoutMs: number, signal?: AbortSignal, pollMs = 200): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  const seen = new Map<string, string>();
  for (;;) {
    const missing = files.filter((file) => {
      const now = fileSignature(file);
      const before = seen.get(file);
      if (now) seen.set(file, now);
      else seen.delete(file);
      return !now || now !== before;
    });
    if (!missing.length || Date.now() >= deadline || signal?.aborted) return missing;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Size and modification time of a file that is not empty; undefined for an absent or empty one. */
function fileSignature(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return stat.size > 0 ? `${stat.size}:${stat.mtimeMs}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Waits until a running server logs that it reloads its keystore (CWPKI0811I, which names the
 * file) after the mark; false at the deadline (a keystore not declared with updateTrigger="polled"
 * is never reloaded).
 */
export async function waitForKeystoreReload(mark: LogMark, keystoreFile: string, timeoutMs: number, signal?: AbortSignal, pollMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (linesSince(mark).some((line) => line.includes('CWPKI0811I') && line.includes(keystoreFile))) return true;
    if (Date.now() >= deadline || signal?.aborted) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
