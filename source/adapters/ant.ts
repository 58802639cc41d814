/**
 * Running PMF's Ant files: `<ant> -f FILE [-propertyfile SECRETS] TARGET`, output streamed by
 * the runner (to the run's log and the screen), then read: `[configuredatabase]` progress,
 * BUILD SUCCESSFUL / BUILD FAILED; a failure is classified by ant-failures.ts.
 *
 * Secrets never go in argv: they are written to a mode-0600 Java properties file that exists
 * only while Ant runs (`withPropertyFile`), in the run's 0700 temporary directory, which every
 * run empties when it starts and ends (engine/temporary-files.ts: a run killed with -9 cannot
 * remove its own). Ant ranks properties given with -propertyfile as user properties, above every
 * `<property>` of the build file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { antFailure } from './ant-failures.js';
import { propertyFileLine } from './ant-file.js';
import { displayCommand, tailOf } from './process.js';
import type { CommandSpec, Runner } from '../engine/runner.js';
import { ensureTemporaryDir } from '../engine/temporary-files.js';

export interface AntInvocation {
  antPath: string;
  buildFile: string;
  target: string;
  /** A properties file Ant reads with -propertyfile (the secrets). */
  propertyFile?: string;
  /** JAVA_HOME for Ant; the environment's when absent. */
  javaHome?: string;
  timeoutMs?: number;
}

/** What the build works on: the facts a failure's sentence names. */
export interface AntContext {
  dbType: 'mysql' | 'db2' | 'oracle' | 'derby';
  dbName: string;
  host?: string;
  port?: number;
  user?: string;
  driverDir?: string;
  dataDir?: string;
  serverName: string;
  libertyInstallDir: string;
  pmfInstallDir: string;
}

export function antSpec(run: AntInvocation): CommandSpec {
  const args = ['-f', run.buildFile];
  if (run.propertyFile) args.push('-propertyfile', run.propertyFile);
  args.push(run.target);
  return {
    command: run.antPath,
    args,
    cwd: path.dirname(run.buildFile),
    env: run.javaHome ? { JAVA_HOME: run.javaHome } : undefined,
    timeoutMs: run.timeoutMs ?? 15 * 60_000,
  };
}

// --------------------------------------------------------------------------------------------
// The secrets file

/** The secrets file of one Ant run in `dir`; `id` makes it unique (a plan shows a placeholder). */
export function propertyFileIn(dir: string, id: string): string {
  return path.join(dir, `secrets-${id}.properties`);
}

/**
 * Writes `values` to a mode-0600 properties file in `dir`, gives its path to `use`, and
 * removes it afterwards, whatever happens. The file is created exclusively (O_EXCL) with
 * mode 0600 from the start, so it is never readable by others, not even for an instant.
 */
export async function withPropertyFile<T>(dir: string, values: Record<string, string>, use: (file: string) => Promise<T>): Promise<T> {
  ensureTemporaryDir(dir);
  const file = propertyFileIn(dir, `${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  const text = `# pmf-wizard: secrets for one Ant run; removed when it ends\n${Object.entries(values)
    .map(([name, value]) => propertyFileLine(name, value))
    .join('\n')}\n`;
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  try {
    fs.fchmodSync(fd, 0o600);
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
  try {
    return await use(file);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

// --------------------------------------------------------------------------------------------
// Reading the output

export interface ComponentOutcome {
  /** MobileFirstAdmin, MobileFirstConfig, MobileFirstRuntime, push. */
  component: string;
  database: string;
  state: 'created' | 'up-to-date' | 'upgraded' | 'completed' | 'failed' | 'unknown';
  tablesCreated: number;
  version?: string;
}

/** The `[configuredatabase]` lines of a run, component by component. */
export function configureDatabaseProgress(output: string): ComponentOutcome[] {
  const outcomes: ComponentOutcome[] = [];
  let current: ComponentOutcome | undefined;
  for (const raw of output.split('\n')) {
    const match = /^\s*\[configuredatabase\]\s?(.*)$/.exec(raw);
    if (!match) continue;
    const line = match[1].trim();
    let m: RegExpExecArray | null;
    if ((m = /^Checking connectivity to (\S+) database (\S+)/.exec(line))) {
      current = { component: m[1], database: m[2], state: 'unknown', tablesCreated: 0 };
      outcomes.push(current);
      continue;
    }
    if (!current) continue;
    if ((m = /GetSQLQueryResult => \S+ = (\S*)/.exec(line))) current.version = m[1] || undefined;
    else if (/^Table \S+ created\.?$/.test(line)) current.tablesCreated += 1;
    else if ((m = /latest version \(([^)]+)\)/.exec(line))) {
      current.state = 'up-to-date';
      current.version = m[1];
    } else if (/^Creating the tables/.test(line)) current.state = 'created';
    else if (/upgrading it to version/.test(line)) current.state = 'upgraded';
    else if ((m = /^The database is in version (\S+?)\.?$/.exec(line))) {
      current.version = m[1];
      if (current.state === 'unknown') current.state = 'completed';
    } else if (/^Configuration of .* failed\.?$/.test(line) || /^Connection to .* failed\.?$/.test(line)) current.state = 'failed';
  }
  return outcomes;
}

/** One line per component, for the person watching. */
export function describeProgress(outcomes: ComponentOutcome[]): string[] {
  return outcomes.map((o) => {
    const version = o.version ? ` (version ${o.version})` : '';
    switch (o.state) {
      case 'created':
        return `${o.component} tables created in ${o.database}: ${o.tablesCreated} table${o.tablesCreated === 1 ? '' : 's'}${version}`;
      case 'upgraded':
        return `${o.component} tables in ${o.database} upgraded${version}`;
      case 'up-to-date':
        return `${o.component} tables in ${o.database} already there and up to date${version}: nothing created`;
      case 'completed':
        return `${o.component} tables in ${o.database} completed: ${o.tablesCreated} missing table${o.tablesCreated === 1 ? '' : 's'} created${version}`;
      case 'failed':
        return `${o.component} database ${o.database}: configuration failed`;
      default:
        return `${o.component} database ${o.database}: checked`;
    }
  });
}

/** Warnings the tasks print (e.g. MySQL's max_allowed_packet below the recommended 256M). */
export function antWarnings(output: string): string[] {
  return output
    .split('\n')
    .map((line) => /^\s*\[\w+\]\s*Warning:\s*(.*)$/i.exec(line)?.[1])
    .filter((text): text is string => Boolean(text));
}

export function buildSucceeded(output: string): boolean {
  return /^BUILD SUCCESSFUL\b/m.test(output);
}

// --------------------------------------------------------------------------------------------
// Running

export interface AntResult {
  output: string;
  progress: ComponentOutcome[];
}

/**
 * Runs one target; success means exit 0 and BUILD SUCCESSFUL. Anything else is an ExternalError
 * of an AntFailureKind with the sentence, the command (no secret in it) and the tail of the output.
 */
export async function runAnt(runner: Runner, run: AntInvocation, ctx: AntContext): Promise<AntResult> {
  const spec = antSpec(run);
  const result = await runner.run(spec);
  const progress = configureDatabaseProgress(result.output);
  if (result.exitCode === 0 && buildSucceeded(result.output)) return { output: result.output, progress };
  throw antFailure(result.output, run, ctx, { command: displayCommand(spec), outputTail: tailOf(result.output, 20) });
}
