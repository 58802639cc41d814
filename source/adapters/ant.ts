/**
 * Running PMF's Ant files: `<ant> -f FILE [-propertyfile SECRETS] TARGET`, output streamed by
 * the runner (to the run's log and the screen), then read: `[configuredatabase]` progress,
 * BUILD SUCCESSFUL / BUILD FAILED, and the known failures turned into a sentence and a fix.
 *
 * Secrets never go in argv: they are written to a mode-0600 Java properties file that exists
 * only while Ant runs (`withPropertyFile`). Ant ranks properties given with -propertyfile as
 * user properties, above every `<property>` of the build file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StepFailure } from '../engine/errors.js';
import { propertyFileLine } from './ant-file.js';
import { displayCommand, tailOf, type CommandRunner, type CommandSpec } from './process.js';

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

/** What a failure sentence may name. */
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

/**
 * Writes `values` to a mode-0600 properties file in `dir`, gives its path to `use`, and
 * removes it afterwards, whatever happens. The file is created exclusively (O_EXCL) with
 * mode 0600 from the start, so it is never readable by others, not even for an instant.
 */
export async function withPropertyFile<T>(dir: string, values: Record<string, string>, use: (file: string) => Promise<T>): Promise<T> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `secrets-${process.pid}-${crypto.randomBytes(4).toString('hex')}.properties`);
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

/** Leftover secrets files (a run killed with -9 cannot remove its own): removed, and counted. */
export function removeStalePropertyFiles(dir: string): number {
  let removed = 0;
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (/^secrets-.*\.properties$/.test(name)) {
      fs.rmSync(path.join(dir, name), { force: true });
      removed += 1;
    }
  }
  return removed;
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

/** The message Ant prints after BUILD FAILED (nested "executing this line" frames skipped). */
export function buildFailureMessage(output: string): string | undefined {
  const lines = output.split('\n');
  const index = lines.findIndex((line) => /^BUILD FAILED\b/.test(line));
  if (index < 0) return undefined;
  const rest = lines
    .slice(index + 1)
    .map((line) => line.trim())
    .filter((line) => line && !/^Total time:/.test(line) && !/The following error occurred while executing this line:$/.test(line));
  const last = rest[rest.length - 1] ?? rest[0];
  return last?.replace(/^\S+\.xml:\d+:\s*/, '');
}

// --------------------------------------------------------------------------------------------
// Failures → sentence + fix

export interface Explanation {
  /** A short stable id, for tests and for whoever reads the NDJSON. */
  kind:
    | 'target-missing'
    | 'server-running'
    | 'derby-locked'
    | 'driver-missing'
    | 'wrong-password'
    | 'no-privilege'
    | 'database-unreachable'
    | 'database-missing'
    | 'liberty-server-missing'
    | 'liberty-missing'
    | 'java-missing'
    | 'tasks-missing'
    | 'database-newer'
    | 'derby-not-writable'
    | 'build-file-missing'
    | 'unknown';
  message: string;
  fix: string;
}

const DRIVER_PACKAGE: Record<AntContext['dbType'], string> = {
  mysql: 'MariaDB Connector/J or MySQL Connector/J (Debian: apt-get install libmariadb-java, which puts mariadb-java-client.jar in /usr/share/java)',
  derby: 'derby.jar (Debian: apt-get install libderby-java, which puts it in /usr/share/java)',
  db2: 'db2jcc4.jar and db2jcc_license_cu.jar (from db2_install_dir/java)',
  oracle: 'ojdbc8.jar or another ojdbc*.jar (from $ORACLE_HOME/jdbc/lib)',
};

const DB_LABEL: Record<AntContext['dbType'], string> = { mysql: 'MySQL', derby: 'Derby', db2: 'DB2', oracle: 'Oracle' };

function where(ctx: AntContext): string {
  return ctx.dbType === 'derby' ? `${ctx.dataDir ?? ''}/${ctx.dbName}` : `${ctx.host}:${ctx.port}`;
}

/** The sentence and the fix for a failed Ant run. `resume` is how to continue after the fix. */
export function explainAntFailure(output: string, run: Pick<AntInvocation, 'buildFile' | 'target' | 'antPath'>, ctx: AntContext, resume = 'pmf-wizard --resume'): Explanation {
  const label = DB_LABEL[ctx.dbType];
  const server = path.join(ctx.libertyInstallDir, 'bin', 'server');
  let m: RegExpExecArray | null;
  if ((m = /Target "([^"]+)" does not exist in the project/.exec(output))) {
    return {
      kind: 'target-missing',
      message: `The Ant file ${run.buildFile} has no target "${m[1]}": it is not a PMF configure-liberty file of this version`,
      fix: `Check that pmf.installDir points at the PMF installation (its MobileFoundationServer/configuration-samples/configure-liberty-${ctx.dbType}.xml has the targets databases and install; \`${run.antPath} -f ${run.buildFile}\` lists them), delete ${run.buildFile}, then run ${resume}.`,
    };
  }
  if (/Buildfile: .* does not exist!|Cannot find .*\.xml/.test(output) && !/^Buildfile: .*\.xml$/m.test(output)) {
    return {
      kind: 'build-file-missing',
      message: `The Ant file ${run.buildFile} does not exist`,
      fix: `Run the wizard again with ${resume}: the ant-properties step writes it.`,
    };
  }
  if ((m = /Liberty server (\S+) is running(?: \(process ID (\d+)\))?/.exec(output))) {
    return {
      kind: 'server-running',
      message: `The Liberty server ${m[1]} is running${m[2] ? ` (process ID ${m[2]})` : ''}: PMF can only be installed on a stopped server`,
      fix: `Stop it with \`${server} stop ${m[1]}\`, then run ${resume}.`,
    };
  }
  if (/Another instance of Derby may have already booted the database|XSDB6/.test(output)) {
    return {
      kind: 'derby-locked',
      message: `The Derby database ${where(ctx)} is open in another process (a running Liberty server uses it): Derby allows a single process`,
      fix: `Stop the Liberty server ${ctx.serverName} (\`${server} stop ${ctx.serverName}\`) or whatever process uses ${where(ctx)}, then run ${resume}.`,
    };
  }
  if (ctx.dbType === 'derby' && /XBM0H|XJ041|Failed to create database|cannot be created/.test(output)) {
    return {
      kind: 'derby-not-writable',
      message: `Derby cannot create the database ${where(ctx)}: the directory cannot be written`,
      fix: `Make ${ctx.dataDir ?? 'database.dataDir'} writable by this user (or set database.dataDir to a directory that is), then run ${resume}.`,
    };
  }
  if (/JDBC driver (?:for \S+ )?was not found|Cannot load the JDBC driver|No suitable driver|ClassNotFoundException: (?:com\.mysql|org\.mariadb|com\.ibm\.db2|oracle\.jdbc|org\.apache\.derby)/.test(output)) {
    return {
      kind: 'driver-missing',
      message: `The ${label} JDBC driver was not found in ${ctx.driverDir ?? 'the driver directory'}`,
      fix: `Put ${DRIVER_PACKAGE[ctx.dbType]} in ${ctx.driverDir ?? 'database.driverDir'}, or set database.driverDir to the directory that holds it, then run ${resume}.`,
    };
  }
  if (/Access denied for user '[^']*'@'[^']*' \(using password|ORA-01017|ERRORCODE=-4214|SQLCODE=-30082|SQL30082N|password authentication failed|Invalid authorization specification/.test(output)) {
    return {
      kind: 'wrong-password',
      message: `The ${label} server at ${where(ctx)} refused the user ${ctx.user ?? ''} with the password given: wrong user name or password`,
      fix: `Check database.user and database.password (the environment variable or file it names) against the database, then run ${resume}.`,
    };
  }
  if ((m = /Unknown database '([^']+)'|SQL1013N|ORA-12514|database "?([^"\s]+)"? does not exist/.exec(output))) {
    return {
      kind: 'database-missing',
      message: `The database ${ctx.dbName} does not exist on the ${label} server at ${where(ctx)}`,
      fix: `Create it (the create-database step does, with database.admin; or your DBA), or correct database.name, then run ${resume}.`,
    };
  }
  if (/Access denied for user .* to database|command denied to user|SQLCODE=-551|SQL0551N|ORA-01031|insufficient privileges/i.test(output)) {
    return {
      kind: 'no-privilege',
      message: `The user ${ctx.user ?? ''} may not create the PMF tables in ${ctx.dbName} on ${where(ctx)}`,
      fix: `Grant the user the rights of the create-database step (MySQL: GRANT ALL PRIVILEGES ON ${ctx.dbName}.* TO '${ctx.user ?? 'mfpuser'}'@'%'), then run ${resume}.`,
    };
  }
  if (
    /Connection refused|Communications link failure|Could not connect to address|Socket fail to connect|UnknownHostException|No route to host|connect timed out|ERRORCODE=-4499|SQL30081N|The Network Adapter could not establish|ORA-12541|Connection timed out/.test(
      output,
    )
  ) {
    return {
      kind: 'database-unreachable',
      message: `The ${label} server at ${where(ctx)} cannot be reached: nothing answers there`,
      fix: `Start the ${label} server, or correct database.host and database.port (and check that no firewall blocks the port), then run ${resume}.`,
    };
  }
  if ((m = /Liberty server (\S+) does not exist/.exec(output))) {
    return {
      kind: 'liberty-server-missing',
      message: `The Liberty server ${m[1]} does not exist in ${ctx.libertyInstallDir}`,
      fix: `Create it with \`${server} create ${m[1]}\` (the install-liberty step does), or check liberty.installDir and liberty.userDir, then run ${resume}.`,
    };
  }
  if (/Liberty installation directory .* does not exist/.test(output)) {
    return {
      kind: 'liberty-missing',
      message: `The Liberty installation directory ${ctx.libertyInstallDir} does not exist`,
      fix: `Check liberty.installDir (the install-liberty step installs it there), then run ${resume}.`,
    };
  }
  if (/JAVA_HOME is not defined correctly|JAVA_HOME.*(?:invalid|not found)|Unable to locate tools\.jar|java: (?:command )?not found|Could not find or load main class org\.apache\.tools\.ant/.test(output)) {
    return {
      kind: 'java-missing',
      message: `Ant (${run.antPath}) cannot find a Java runtime`,
      fix: `Install Java 8 or later, or set pmf.javaHome to its directory (the one holding bin/java), then run ${resume}.`,
    };
  }
  if (/failed to create task or type (?:configuredatabase|installmobilefirst\w*)|Could not load definitions from resource com\/ibm\/mfp|taskdef class .* cannot be found|mfp-ant-deployer\.jar/.test(output)) {
    return {
      kind: 'tasks-missing',
      message: `Ant cannot load PMF's task library (mfp-ant-deployer.jar) from ${ctx.pmfInstallDir}`,
      fix: `Check pmf.installDir: it must be the PMF installation (MobileFoundationServer/mfp-ant-deployer.jar), then run ${resume}.`,
    };
  }
  if (/more recent than the version of this product/.test(output)) {
    return {
      kind: 'database-newer',
      message: `The PMF tables in ${ctx.dbName} belong to a newer PMF than the one in ${ctx.pmfInstallDir}`,
      fix: `Use the PMF installation that matches that database (pmf.installDir), or another database (database.name), then run ${resume}.`,
    };
  }
  const last = buildFailureMessage(output);
  return {
    kind: 'unknown',
    message: `ant ${run.target} failed${last ? `: ${last}` : ''}`,
    fix: `Read the Ant output above (and the run's log); correct what it names, then run ${resume}.`,
  };
}

// --------------------------------------------------------------------------------------------
// Running

export interface AntResult {
  output: string;
  progress: ComponentOutcome[];
}

/**
 * Runs one target; success means exit 0 and BUILD SUCCESSFUL. Anything else is a StepFailure
 * with the sentence, the fix, the command (no secret in it) and the tail of the output.
 */
export async function runAnt(runner: CommandRunner, run: AntInvocation, ctx: AntContext, resume?: string): Promise<AntResult> {
  const spec = antSpec(run);
  const result = await runner.run(spec);
  const progress = configureDatabaseProgress(result.output);
  if (result.exitCode === 0 && buildSucceeded(result.output)) return { output: result.output, progress };
  const explained = explainAntFailure(result.output, run, ctx, resume);
  throw new StepFailure(explained.message, explained.fix, { command: displayCommand(spec), outputTail: tailOf(result.output, 20) });
}
