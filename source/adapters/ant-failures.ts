/**
 * A failed Ant run turned into a kind and a sentence: the known failures of PMF's Ant tasks,
 * recognised in the output, first match wins; anything else quotes Ant's own message. The fix
 * each carries speaks of commands and files; the step that ran Ant says which answer to change.
 */
import path from 'node:path';
import { ExternalError } from '../engine/errors.js';
import { causeFix, causePhrase, type SystemCauseKind } from '../engine/system-cause.js';
import type { AntContext, AntInvocation } from './ant.js';
import { serverScript } from './liberty.js';
import { sampleFile } from './pmf-install.js';
import { ownerOf, systemCause } from './system-failure.js';

export type AntFailureKind =
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
  /** A full disk, a read-only file system or a missing permission: the sentence names it and the path. */
  | SystemCauseKind
  /** Not one of the known failures: the sentence quotes Ant's message after BUILD FAILED. */
  | 'unknown';

export type AntFailure = ExternalError<AntFailureKind>;

/** A Java stack frame or its summary line: never the message. */
const STACK_LINE = /^(?:at \S+\(.*\)|\.\.\. \d+ (?:more|common frames omitted))$/;

/** The message Ant prints after BUILD FAILED (nested "executing this line" frames and Java stack frames skipped). */
export function buildFailureMessage(output: string): string | undefined {
  const lines = output.split('\n');
  const index = lines.findIndex((line) => /^BUILD FAILED\b/.test(line));
  if (index < 0) return undefined;
  const rest = lines
    .slice(index + 1)
    .map((line) => line.trim())
    .filter((line) => line && !STACK_LINE.test(line) && !/^Total time:/.test(line) && !/The following error occurred while executing this line:$/.test(line));
  const last = rest[rest.length - 1] ?? rest[0];
  return last?.replace(/^\S+\.xml:\d+:\s*/, '');
}

/** The JDBC driver PMF's Ant task needs, and where it comes from. */
export const DRIVER_PACKAGE: Record<AntContext['dbType'], string> = {
  mysql: 'MariaDB Connector/J or MySQL Connector/J (Debian: apt-get install libmariadb-java, which puts mariadb-java-client.jar in /usr/share/java)',
  derby: 'derby.jar (Debian: apt-get install libderby-java, which puts it in /usr/share/java)',
  db2: 'db2jcc4.jar and db2jcc_license_cu.jar (from db2_install_dir/java)',
  oracle: 'ojdbc8.jar or another ojdbc*.jar (from $ORACLE_HOME/jdbc/lib)',
};

export const DB_LABEL: Record<AntContext['dbType'], string> = { mysql: 'MySQL', derby: 'Derby', db2: 'DB2', oracle: 'Oracle' };

type AntRun = Pick<AntInvocation, 'buildFile' | 'target' | 'antPath'>;

/** What a sentence may name. */
interface Facts {
  run: AntRun;
  ctx: AntContext;
  /** MySQL, DB2, ... */
  label: string;
  /** The Liberty server script. */
  server: string;
  /** The database's host:port, or the Derby database's directory. */
  where: string;
}

type Groups = ArrayLike<string | undefined>;

interface FailureCase {
  kind: Exclude<AntFailureKind, 'unknown'>;
  /** The failure's mark in the output; the groups are what the sentence quotes. */
  match(output: string, ctx: AntContext): Groups | null;
  explain(m: Groups, facts: Facts): { message: string; fix: string };
}

const seen = (pattern: RegExp) => (output: string) => pattern.exec(output);

const FAILURES: FailureCase[] = [
  {
    kind: 'target-missing',
    match: seen(/Target "([^"]+)" does not exist in the project/),
    explain: (m, { run, ctx }) => ({
      message: `The Ant file ${run.buildFile} has no target "${m[1]}": it is not a PMF configure-liberty file of this version`,
      fix: `Check that ${run.buildFile} is a copy of the PMF sample configure-liberty-${ctx.dbType}.xml with the targets databases and install (\`${run.antPath} -f ${run.buildFile}\` lists them).`,
    }),
  },
  {
    kind: 'build-file-missing',
    match: (output) => (/Buildfile: .* does not exist!|Cannot find .*\.xml/.test(output) && !/^Buildfile: .*\.xml$/m.test(output) ? [] : null),
    explain: (_, { run, ctx }) => ({
      message: `The Ant file ${run.buildFile} does not exist`,
      fix: `Copy ${sampleFile(ctx.pmfInstallDir, ctx.dbType)} to ${run.buildFile}.`,
    }),
  },
  {
    kind: 'server-running',
    match: seen(/Liberty server (\S+) is running(?: \(process ID (\d+)\))?/),
    explain: (m, { server }) => ({
      message: `The Liberty server ${m[1]} is running${m[2] ? ` (process ID ${m[2]})` : ''}: PMF can only be installed on a stopped server`,
      fix: `Stop it with \`${server} stop ${m[1]}\`.`,
    }),
  },
  {
    kind: 'derby-locked',
    match: seen(/Another instance of Derby may have already booted the database|XSDB6/),
    explain: (_, { ctx, server, where }) => ({
      message: `The Derby database ${where} is open in another process (a running Liberty server uses it): Derby allows a single process`,
      fix: `Stop the Liberty server ${ctx.serverName} (\`${server} stop ${ctx.serverName}\`) or whatever process uses ${where}.`,
    }),
  },
  {
    kind: 'derby-not-writable',
    match: (output, ctx) => (ctx.dbType === 'derby' ? /XBM0H|XJ041|Failed to create database|cannot be created/.exec(output) : null),
    explain: (_, { ctx, where }) => ({
      message: `Derby cannot create the database ${where}: the directory cannot be written`,
      fix: `Make ${ctx.dataDir ?? path.dirname(where)} writable by this user.`,
    }),
  },
  {
    kind: 'driver-missing',
    match: seen(/JDBC driver (?:for \S+ )?was not found|Cannot load the JDBC driver|No suitable driver|ClassNotFoundException: (?:com\.mysql|org\.mariadb|com\.ibm\.db2|oracle\.jdbc|org\.apache\.derby)/),
    explain: (_, { ctx, label }) => ({
      message: `The ${label} JDBC driver was not found in ${ctx.driverDir ?? 'the driver directory'}`,
      fix: `Put ${DRIVER_PACKAGE[ctx.dbType]} in ${ctx.driverDir ?? 'the driver directory Ant is given'}.`,
    }),
  },
  {
    kind: 'wrong-password',
    match: seen(/Access denied for user '[^']*'@'[^']*' \(using password|ORA-01017|ERRORCODE=-4214|SQLCODE=-30082|SQL30082N|password authentication failed|Invalid authorization specification/),
    explain: (_, { ctx, label, where }) => ({
      message: `The ${label} server at ${where} refused the user ${ctx.user ?? ''} with the password given: wrong user name or password`,
      fix: `Check the user name and the password against the ${label} server.`,
    }),
  },
  {
    kind: 'database-missing',
    match: seen(/Unknown database '([^']+)'|SQL1013N|ORA-12514|database "?([^"\s]+)"? does not exist/),
    explain: (_, { ctx, label, where }) => ({
      message: `The database ${ctx.dbName} does not exist on the ${label} server at ${where}`,
      fix: `Create the database ${ctx.dbName} on the ${label} server at ${where}.`,
    }),
  },
  {
    kind: 'no-privilege',
    match: seen(/Access denied for user .* to database|command denied to user|SQLCODE=-551|SQL0551N|ORA-01031|insufficient privileges/i),
    explain: (_, { ctx, where }) => ({
      message: `The user ${ctx.user ?? ''} may not create the PMF tables in ${ctx.dbName} on ${where}`,
      fix: `Grant the user the right to create tables in ${ctx.dbName} (MySQL: GRANT ALL PRIVILEGES ON ${ctx.dbName}.* TO '${ctx.user ?? 'mfpuser'}'@'%').`,
    }),
  },
  {
    kind: 'database-unreachable',
    match: seen(
      /Connection refused|Communications link failure|Could not connect to address|Socket fail to connect|UnknownHostException|No route to host|connect timed out|ERRORCODE=-4499|SQL30081N|The Network Adapter could not establish|ORA-12541|Connection timed out/,
    ),
    explain: (_, { label, where }) => ({
      message: `The ${label} server at ${where} cannot be reached: nothing answers there`,
      fix: `Start the ${label} server at ${where}, and check that no firewall blocks the port.`,
    }),
  },
  {
    kind: 'liberty-server-missing',
    match: seen(/Liberty server (\S+) does not exist/),
    explain: (m, { ctx, server }) => ({
      message: `The Liberty server ${m[1]} does not exist in ${ctx.libertyInstallDir}`,
      fix: `Create it with \`${server} create ${m[1]}\`.`,
    }),
  },
  {
    kind: 'liberty-missing',
    match: seen(/Liberty installation directory .* does not exist/),
    explain: (_, { ctx }) => ({
      message: `The Liberty installation directory ${ctx.libertyInstallDir} does not exist`,
      fix: `Install Liberty in ${ctx.libertyInstallDir}.`,
    }),
  },
  {
    kind: 'java-missing',
    match: seen(/JAVA_HOME is not defined correctly|JAVA_HOME.*(?:invalid|not found)|Unable to locate tools\.jar|java: (?:command )?not found|Could not find or load main class org\.apache\.tools\.ant/),
    explain: (_, { run }) => ({
      message: `Ant (${run.antPath}) cannot find a Java runtime`,
      fix: 'Install Java 8 or later, or give Ant its directory (the one holding bin/java) as JAVA_HOME.',
    }),
  },
  {
    kind: 'tasks-missing',
    match: seen(/failed to create task or type (?:configuredatabase|installmobilefirst\w*)|Could not load definitions from resource com\/ibm\/mfp|taskdef class .* cannot be found|mfp-ant-deployer\.jar/),
    explain: (_, { ctx }) => ({
      message: `Ant cannot load PMF's task library (mfp-ant-deployer.jar) from ${ctx.pmfInstallDir}`,
      fix: `Check that ${ctx.pmfInstallDir} is the PMF installation (it holds MobileFoundationServer/mfp-ant-deployer.jar).`,
    }),
  },
  {
    kind: 'database-newer',
    match: seen(/more recent than the version of this product/),
    explain: (_, { ctx }) => ({
      message: `The PMF tables in ${ctx.dbName} belong to a newer PMF than the one in ${ctx.pmfInstallDir}`,
      fix: 'Use the PMF installation that matches that database, or another database.',
    }),
  },
];

/** The kind, the sentence and a fix in terms of commands and files, for a failed Ant run. */
export function antFailure(output: string, run: AntRun, ctx: AntContext, details: { command?: string; outputTail?: string } = {}): AntFailure {
  const facts: Facts = {
    run,
    ctx,
    label: DB_LABEL[ctx.dbType],
    server: serverScript(ctx.libertyInstallDir),
    where: ctx.dbType === 'derby' ? `${ctx.dataDir ?? ''}/${ctx.dbName}` : `${ctx.host}:${ctx.port}`,
  };
  // A full disk, a read-only directory or a permission is the cause whatever PMF's task then said of it.
  const cause = systemCause(output);
  if (cause) return new ExternalError<AntFailureKind>(cause.kind, `ant ${run.target} failed: ${causePhrase(cause)}`, { ...details, fix: causeFix(cause, ownerOf(cause, path.dirname(run.buildFile))), systemCause: cause.kind });
  for (const failure of FAILURES) {
    const m = failure.match(output, ctx);
    if (m) {
      const { message, fix } = failure.explain(m, facts);
      return new ExternalError<AntFailureKind>(failure.kind, message, { ...details, fix });
    }
  }
  const last = buildFailureMessage(output);
  return new ExternalError<AntFailureKind>('unknown', `ant ${run.target} failed${last ? `: ${last}` : ''}`, {
    ...details,
    fix: "Read the Ant output above (and the run's log); correct what it names.",
  });
}
