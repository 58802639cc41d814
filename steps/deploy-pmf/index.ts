/**
 * Step 4: deploy PMF on the first node, as the tutorial does it: the server stopped,
 * `<ant> -f FILE databases` (the tables), `<ant> -f FILE install` (server.xml, the WARs), then
 * `server start`, the ready and application-started messages in messages.log, and
 * "Testing the installation": /mfpconsole answers with the login page, and the administration
 * API accepts the console user.
 *
 * isDone() looks at the real state: the tables (and their version) in the database, the
 * applications and the server.xml.bak backup in server.xml, and the console answering. A re-run
 * therefore never runs Ant again on a deployed node; it only (re)starts what does not serve.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type mysql from 'mysql2/promise';
import { antSpec, antWarnings, describeProgress, removeStalePropertyFiles, runAnt, withPropertyFile, type AntContext, type AntInvocation } from '../../source/adapters/ant.js';
import { serverDir as serverDirOf, serverStatus, startServer, stopServer, serverScript } from '../../source/adapters/liberty.js';
import { markLog, messagesLogOf, waitForStart } from '../../source/adapters/liberty-log.js';
import { checkAdminApi, checkConsole, until } from '../../source/adapters/pmf-console.js';
import { createMysqlConnection } from '../../source/adapters/database/mysql-client.js';
import { lazyXmlParser } from '../../source/adapters/xml-parser.js';
import { StepFailure } from '../../source/engine/errors.js';
import type { PlannedAction } from '../../source/engine/events.js';
import type { DoneCheck, Step, StepContext } from '../../source/engine/step.js';
import { antDirOf, antSecrets, antSetup, type AntSetup, type NodeAntFile } from '../ant-properties/index.js';
import { resolve as resolveDatabase } from '../create-database/index.js';

/** The tables each component creates (pmf.md section 6), and the version table of each. */
export const PMF_TABLES = {
  admin: ['ADMIN_NODE', 'AUDIT_TRAIL', 'CONFIG_LINKS', 'FARM_CONFIG', 'GLOBAL_CONFIG', 'PROJECT', 'PROJECT_LOCK', 'TRANSACTIONS', 'MFPADMIN_VERSION'],
  liveUpdate: ['CS_SCHEMAS', 'CS_CONFIGURATIONS', 'CS_TAGS', 'CS_ATTACHMENTS', 'CS_VERSION'],
  runtime: ['LICENSE_TERMS', 'ADDRESSABLE_DEVICE', 'MFP_PERSISTENT_DATA', 'MFP_PERSISTENT_CUSTOM_ATTR', 'MFP_TRANSIENT_DATA', 'SERVER_VERSION'],
  push: ['PUSH_APPS', 'PUSH_ENV', 'PUSH_TAGS', 'PUSH_DEVICES', 'PUSH_SUBSCRIPTIONS', 'PUSH_MESSAGES', 'PUSH_MESSAGE_SEQUENCE_TABLE', 'PUSH_VERSION'],
} as const;
export const ALL_PMF_TABLES: string[] = Object.values(PMF_TABLES).flat();
const VERSION_TABLES = ['MFPADMIN_VERSION', 'CS_VERSION', 'SERVER_VERSION', 'PUSH_VERSION'];

// ---------------------------------------------------------------------------------------
// The real state

export interface TablesState {
  /** undefined: this DBMS cannot be checked from here. */
  ready: boolean | undefined;
  detail: string;
  count?: number;
  versions?: Record<string, string | undefined>;
}

interface Target {
  setup: AntSetup;
  entry: NodeAntFile;
  serverDir: string;
  serverXml: string;
  baseUrl: string;
  apps: AppExpectation[];
}

interface AppExpectation {
  name: string;
  contextRoot: string;
}

function targetOf(ctx: StepContext): Target {
  const setup = antSetup(ctx);
  const entry = setup.nodes[0];
  const { liberty } = ctx.answers;
  // As step 1 makes it: liberty.userDir when given (etc/server.env will say so), else what bin/server uses.
  const serverDir = liberty.userDir ? path.join(liberty.userDir, 'servers', entry.node.name) : serverDirOf(liberty.installDir, entry.node.name);
  const admin = setup.adminContextRoot;
  const runtime = setup.runtimeContextRoot;
  return {
    setup,
    entry,
    serverDir,
    serverXml: path.join(serverDir, 'server.xml'),
    baseUrl: `http://127.0.0.1:${entry.node.httpPort}`,
    apps: [
      { name: admin.slice(1), contextRoot: admin },
      { name: `${admin.slice(1)}config`, contextRoot: `${admin}config` },
      { name: 'mfpconsole', contextRoot: '/mfpconsole' },
      { name: 'mfp-dev-artifacts', contextRoot: '/mfp-dev-artifacts' },
      { name: runtime.slice(1), contextRoot: runtime },
      { name: 'imfpush', contextRoot: '/imfpush' },
    ],
  };
}

/** The PMF tables in the database: MySQL through mysql2, Derby by its files. */
export async function tablesState(ctx: StepContext): Promise<TablesState> {
  const db = resolveDatabase(ctx.answers);
  const { target } = db;
  if (target.type === 'derby') {
    const dir = path.join(db.dataDir ?? '', target.name);
    const exists = fs.existsSync(path.join(dir, 'service.properties')) && fs.existsSync(path.join(dir, 'seg0'));
    // Files alone do not prove the tables are complete: an existing database counts as ready only
    // together with a finished install (Ant's databases target is idempotent when run again).
    return { ready: exists ? undefined : false, detail: exists ? `the Derby database ${dir} exists` : `no Derby database in ${dir} yet` };
  }
  if (target.type === 'mysql') {
    let connection: mysql.Connection | undefined;
    try {
      connection = await createMysqlConnection({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.name, connectTimeout: 10_000 });
      const [rows] = await connection.query('SELECT UPPER(table_name) AS name FROM information_schema.tables WHERE table_schema = ?', [target.name]);
      const present = new Set((rows as { name: string }[]).map((row) => row.name));
      const missing = ALL_PMF_TABLES.filter((table) => !present.has(table));
      const versions: Record<string, string | undefined> = {};
      for (const table of VERSION_TABLES.filter((t) => present.has(t))) {
        const [versionRows] = await connection.query(`SELECT * FROM \`${present.has(table) ? table : 'x'}\``);
        const first = (versionRows as Record<string, unknown>[])[0];
        versions[table] = first ? String(Object.values(first)[0]) : undefined;
      }
      const emptyVersions = VERSION_TABLES.filter((table) => present.has(table) && versions[table] === undefined);
      const ready = missing.length === 0 && emptyVersions.length === 0;
      const count = ALL_PMF_TABLES.length - missing.length;
      const versionText = [...new Set(Object.values(versions).filter(Boolean))].join(', ');
      return {
        ready,
        count,
        versions,
        detail: ready
          ? `${count} PMF tables in ${target.name} on ${target.host}:${target.port} (version ${versionText})`
          : missing.length === ALL_PMF_TABLES.length
            ? `no PMF tables in ${target.name} on ${target.host}:${target.port} yet`
            : `${target.name} lacks ${missing.length ? `${missing.length} PMF tables (${missing.slice(0, 3).join(', ')}…)` : `version rows in ${emptyVersions.join(', ')}`}`,
      };
    } catch (error) {
      return { ready: false, detail: `cannot read the tables of ${target.name} on ${target.host}:${target.port} as ${target.user}: ${(error as { code?: string }).code ?? (error as Error).message}` };
    } finally {
      await connection?.end().catch(() => undefined);
    }
  }
  return { ready: undefined, detail: `the ${target.type.toUpperCase()} tables are not checked from here (no ${target.type} table adapter): Ant's databases target checks and completes them` };
}

const xmlParser = lazyXmlParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['application', 'webApplication'].includes(name) });

export interface ServerXmlState {
  ready: boolean;
  detail: string;
  hash?: string;
}

/** The PMF applications declared in server.xml with their context roots, and the install backup next to it. */
export function serverXmlState(serverXml: string, apps: AppExpectation[]): ServerXmlState {
  let text: string;
  try {
    text = fs.readFileSync(serverXml, 'utf8');
  } catch {
    return { ready: false, detail: `${serverXml} does not exist` };
  }
  const hash = crypto.createHash('sha256').update(text).digest('hex');
  let declared: Record<string, string>[] = [];
  try {
    const server = (xmlParser.parse(text) as { server?: Record<string, unknown> }).server ?? {};
    declared = [...((server.application as Record<string, string>[] | undefined) ?? []), ...((server.webApplication as Record<string, string>[] | undefined) ?? [])];
  } catch (error) {
    return { ready: false, hash, detail: `${serverXml} cannot be read: ${(error as Error).message}` };
  }
  const missing = apps.filter((app) =>
    !declared.some((d) => (d.id === app.name || d.name === app.name) && (d['context-root'] ?? d.contextRoot ?? `/${d.name}`) === app.contextRoot),
  );
  const backup = fs.existsSync(`${serverXml}.bak`);
  if (missing.length === 0 && backup) return { ready: true, hash, detail: `server.xml declares the ${apps.length} PMF applications and server.xml.bak exists` };
  return {
    ready: false,
    hash,
    detail: [missing.length ? `server.xml lacks ${missing.map((app) => `${app.name} (${app.contextRoot})`).join(', ')}` : '', backup ? '' : 'no server.xml.bak (PMF install never ran)']
      .filter(Boolean)
      .join('; '),
  };
}

async function serving(t: Target, ctx: StepContext, timeoutMs = 0): Promise<{ ok: boolean; detail: string }> {
  const adminPassword = String(ctx.answers.pmf.adminPassword ?? '');
  // A quick look (isDone, before a start) must not wait on a port some other program holds open.
  const options = { timeoutMs: timeoutMs ? 10_000 : 3_000, signal: ctx.signal };
  const consoleOnce = () => checkConsole(t.baseUrl, '/mfpconsole', options);
  const apiOnce = () => checkAdminApi(t.baseUrl, t.setup.adminContextRoot, t.setup.adminUser, adminPassword, options);
  const consoleCheck = timeoutMs ? await until(consoleOnce, timeoutMs, ctx.signal) : await consoleOnce();
  if (!consoleCheck.ok) return { ok: false, detail: consoleCheck.detail };
  const api = timeoutMs ? await until(apiOnce, timeoutMs, ctx.signal) : await apiOnce();
  return { ok: api.ok, detail: api.ok ? `${consoleCheck.detail}; ${api.detail}` : api.detail };
}

// ---------------------------------------------------------------------------------------
// Ant

function antContext(ctx: StepContext, setup: AntSetup, node: string): AntContext {
  const db = resolveDatabase(ctx.answers);
  return {
    dbType: db.target.type,
    dbName: db.target.name,
    host: db.target.host,
    port: db.target.port,
    user: db.target.user,
    driverDir: db.driverDir,
    dataDir: db.dataDir,
    serverName: node,
    libertyInstallDir: ctx.answers.liberty.installDir,
    pmfInstallDir: setup.pmfInstallDir,
  };
}

export function antInvocation(setup: AntSetup, entry: NodeAntFile, target: string, propertyFile?: string): AntInvocation {
  return { antPath: setup.antPath ?? 'ant', buildFile: entry.file, target, propertyFile, javaHome: setup.javaHome };
}

/**
 * One Ant run on one node's copy of the properties, the secrets in a 0600 property file that
 * exists only while Ant runs. Steps 4 and 5 both install this way. `label` prefixes the
 * progress lines when several nodes report at once.
 */
export async function runNodeAnt(ctx: StepContext, setup: AntSetup, entry: NodeAntFile, targetName: 'databases' | 'install', label = ''): Promise<string> {
  const secrets = antSecrets(ctx);
  for (const value of Object.values(secrets)) ctx.addSecret(value);
  const dir = antDirOf(ctx.stateDir, entry.node.name);
  return withPropertyFile(dir, secrets, async (propertyFile) => {
    const run = antInvocation(setup, entry, targetName, propertyFile);
    const spec = antSpec(run);
    ctx.report(`${label}Running ${[spec.command, ...spec.args].join(' ')} (the secrets are in that 0600 file until Ant ends)`);
    const result = await runAnt(ctx.runner, run, antContext(ctx, setup, entry.node.name));
    for (const line of describeProgress(result.progress)) ctx.report(`${label}${line}`);
    for (const warning of [...new Set(antWarnings(result.output))]) ctx.report(`${label}Warning from Ant: ${warning}`);
    return result.output;
  });
}

async function ant(ctx: StepContext, t: Target, targetName: 'databases' | 'install'): Promise<string> {
  return runNodeAnt(ctx, t.setup, t.entry, targetName);
}

function failureFixFor(line: string, t: Target): string {
  if (/SQL|JDBC|database|datasource|data source/i.test(line)) {
    return `The application cannot use its database: check that the database server is up and database.user/password still work, then run pmf-wizard --resume.`;
  }
  return `Read ${messagesLogOf(t.serverDir)} around that line, correct the cause, then run pmf-wizard --resume.`;
}

async function startAndCheck(ctx: StepContext, t: Target): Promise<string> {
  const { node } = t.entry;
  const installDir = ctx.answers.liberty.installDir;
  const timeoutMs = t.setup.startTimeoutSeconds * 1000;
  const mark = markLog(messagesLogOf(t.serverDir));
  ctx.report(`Starting server ${node.name}`);
  await startServer(ctx.runner, installDir, node.name);
  const outcome = await waitForStart({ mark, apps: t.apps.map((app) => app.name), ports: [node.httpPort, node.httpsPort], timeoutMs, signal: ctx.signal });
  const log = messagesLogOf(t.serverDir);
  if (outcome.status === 'port-taken') {
    const ports = [...new Set(outcome.state.portsTaken.map((problem) => problem.port))];
    await stopServer(ctx.runner, installDir, node.name);
    const which = ports.map((port) => (port === node.httpPort ? `HTTP port ${port}` : `HTTPS port ${port}`)).join(' and ');
    throw new StepFailure(
      `Server ${node.name} started, but its ${which} ${ports.length > 1 ? 'are' : 'is'} taken by another process (CWWKO0221E in ${log}): it cannot serve PMF; it was stopped again`,
      `Stop the process listening on ${ports.map((port) => `port ${port}`).join(' and ')} (\`ss -ltnp 'sport = :${ports[0]}'\` shows which one), then run pmf-wizard --resume.`,
      { command: `${serverScript(installDir)} start ${node.name}`, outputTail: outcome.state.portsTaken.map((problem) => problem.line).join('\n') },
    );
  }
  if (outcome.status === 'app-failed') {
    const first = outcome.state.failedApps[0];
    throw new StepFailure(
      `Server ${node.name} started, but the application${outcome.state.failedApps.length > 1 ? 's' : ''} ${outcome.state.failedApps.map((problem) => problem.app).join(', ')} did not start`,
      failureFixFor(first.line, t),
      { command: `${serverScript(installDir)} start ${node.name}`, outputTail: outcome.state.failedApps.map((problem) => problem.line).join('\n') },
    );
  }
  if (outcome.status === 'config-error') {
    throw new StepFailure(
      `Server ${node.name} started without its configuration: ${outcome.state.configErrors[0]}`,
      `Correct ${t.serverXml} as the message says (the Ant install keeps the previous one as server.xml.bak), then run pmf-wizard --resume.`,
      { command: `${serverScript(installDir)} start ${node.name}`, outputTail: outcome.state.configErrors.slice(-10).join('\n') },
    );
  }
  if (outcome.status === 'timeout') {
    throw new StepFailure(
      `Server ${node.name} did not log ${outcome.missing.join(', ')} within ${t.setup.startTimeoutSeconds} s`,
      `Read ${log} (and console.log next to it) for an error; if the machine is only slow, raise pmf.startTimeoutSeconds; then run pmf-wizard --resume.`,
      { command: `${serverScript(installDir)} start ${node.name}`, outputTail: [...outcome.state.errors].slice(-10).join('\n') },
    );
  }
  ctx.report(`Server ${node.name} is ready (CWWKF0011I) with ${outcome.state.started.length} applications started (${outcome.state.started.join(', ')})`);
  return verify(ctx, t);
}

async function verify(ctx: StepContext, t: Target): Promise<string> {
  const result = await serving(t, ctx, 60_000);
  if (!result.ok) {
    const refused = /not accepted|not in an administration role/.test(result.detail);
    throw new StepFailure(
      refused ? `PMF runs on ${t.entry.node.name}, but ${result.detail}` : `PMF does not answer as it should on ${t.entry.node.name}: ${result.detail}`,
      refused
        ? `The console user was created with another password: set pmf.adminPassword to it (or change the user's password in the basicRegistry of ${t.serverXml}), then run pmf-wizard --resume.`
        : `Read ${messagesLogOf(t.serverDir)} for an error, correct it, then run pmf-wizard --resume.`,
    );
  }
  ctx.report(result.detail);
  return result.detail;
}

// ---------------------------------------------------------------------------------------
// The step

async function isDone(ctx: StepContext): Promise<DoneCheck> {
  const t = targetOf(ctx);
  const [tables, xml] = [await tablesState(ctx), serverXmlState(t.serverXml, t.apps)];
  const deployed = (tables.ready ?? xml.ready) && xml.ready;
  if (!deployed) return { done: false, detail: `${tables.detail}; ${xml.detail}` };
  const live = await serving(t, ctx);
  return { done: live.ok, detail: `${tables.detail}; ${xml.detail}; ${live.ok ? live.detail : `not serving: ${live.detail}`}` };
}

async function plan(ctx: StepContext): Promise<PlannedAction[]> {
  const t = targetOf(ctx);
  const { node } = t.entry;
  const installDir = ctx.answers.liberty.installDir;
  const tables = await tablesState(ctx);
  const xml = serverXmlState(t.serverXml, t.apps);
  const secretsFile = path.join(antDirOf(ctx.stateDir, node.name), 'secrets-<pid>-<random>.properties');
  const actions: PlannedAction[] = [];
  if (!(tables.ready ?? xml.ready) || !xml.ready) {
    actions.push({ summary: `Stop server ${node.name} if it runs: PMF is installed on a stopped server`, command: [serverScript(installDir), 'stop', node.name] });
    actions.push({ summary: `Write the Ant secrets (mode 0600) for the runs below, removed after each`, file: secretsFile, detail: Object.keys(antSecrets(ctx)).map((name) => `${name}=****`).join('\n') });
  }
  if (!(tables.ready ?? xml.ready)) {
    const spec = antSpec(antInvocation(t.setup, t.entry, 'databases', secretsFile));
    actions.push({ summary: `Create the PMF tables (${tables.detail})`, command: [spec.command, ...spec.args] });
  }
  if (!xml.ready) {
    const spec = antSpec(antInvocation(t.setup, t.entry, 'install', secretsFile));
    actions.push({ summary: `Install the PMF applications in ${node.name} (${xml.detail})`, command: [spec.command, ...spec.args], file: t.serverXml });
  }
  actions.push({ summary: `Start server ${node.name} and wait for CWWKF0011I and CWWKZ0001I for ${t.apps.map((app) => app.name).join(', ')} in messages.log`, command: [serverScript(installDir), 'start', node.name] });
  actions.push({ summary: `Check ${t.baseUrl}/mfpconsole answers 200 with the login page, and ${t.baseUrl}${t.setup.adminContextRoot}/management-apis/2.0/runtimes accepts ${t.setup.adminUser}` });
  return actions;
}

async function run(ctx: StepContext): Promise<Record<string, unknown>> {
  const t = targetOf(ctx);
  const { node } = t.entry;
  const installDir = ctx.answers.liberty.installDir;
  if (!t.setup.antPath) throw new StepFailure(`No Ant found in ${t.setup.pmfInstallDir}/tools/apache-ant-*/bin/ant`, 'Set pmf.antPath to an Ant 1.9 or later, then run pmf-wizard --resume.');
  if (!fs.existsSync(t.entry.file)) {
    throw new StepFailure(`The Ant file ${t.entry.file} does not exist`, 'Run pmf-wizard --resume: the ant-properties step writes it first.');
  }
  const stale = removeStalePropertyFiles(antDirOf(ctx.stateDir, node.name));
  if (stale) ctx.report(`Removed ${stale} secrets file${stale > 1 ? 's' : ''} left by an interrupted run`);

  const antRuns: string[] = [];
  let tables = await tablesState(ctx);
  let xml = serverXmlState(t.serverXml, t.apps);
  const dbReady = tables.ready ?? xml.ready;
  if (!dbReady || !xml.ready) {
    const status = await serverStatus(ctx.runner, installDir, node.name);
    if (status === 'missing') {
      throw new StepFailure(`The Liberty server ${node.name} does not exist in ${path.dirname(t.serverDir)}`, `Run pmf-wizard --resume: the install-liberty step creates it (check liberty.installDir and liberty.userDir).`);
    }
    if (status === 'running') {
      ctx.report(`Stopping server ${node.name}: PMF must be installed on a stopped server`);
      await stopServer(ctx.runner, installDir, node.name);
    }
    if (!dbReady) {
      ctx.report(`Creating the PMF tables: ${tables.detail}`);
      await ant(ctx, t, 'databases');
      antRuns.push('databases');
    } else {
      ctx.report(`The PMF tables are in place (${tables.detail}): ant databases is not needed`);
    }
    if (!xml.ready) {
      ctx.report(`Installing the PMF applications in ${node.name}: ${xml.detail}`);
      await ant(ctx, t, 'install');
      antRuns.push('install');
    }
    tables = await tablesState(ctx);
    xml = serverXmlState(t.serverXml, t.apps);
    if (tables.ready === false) {
      throw new StepFailure(`ant databases succeeded, but ${tables.detail}`, 'Read the Ant output above; then run pmf-wizard --resume.');
    }
    if (!xml.ready) throw new StepFailure(`ant install succeeded, but ${xml.detail}`, `Read the Ant output above and ${t.serverXml}; then run pmf-wizard --resume.`);
  } else {
    ctx.report(`PMF is already deployed on ${node.name} (${tables.detail}; ${xml.detail}): Ant is not run again`);
  }

  let detail: string;
  const live = await serving(t, ctx);
  if (live.ok) {
    ctx.report(`Server ${node.name} already serves PMF: ${live.detail}`);
    detail = live.detail;
  } else {
    const status = await serverStatus(ctx.runner, installDir, node.name);
    if (status === 'running') {
      ctx.report(`Server ${node.name} runs but does not serve PMF (${live.detail}): restarting it`);
      await stopServer(ctx.runner, installDir, node.name);
    }
    detail = await startAndCheck(ctx, t);
  }
  const finalXml = serverXmlState(t.serverXml, t.apps);
  return {
    node: node.name,
    antFile: t.entry.file,
    antRuns,
    tables: tables.detail,
    tableCount: tables.count,
    serverXml: t.serverXml,
    serverXmlSha256: finalXml.hash,
    consoleUrl: `${t.baseUrl}/mfpconsole`,
    check: detail,
  };
}

export const deployPmfStep: Step = {
  id: 'deploy-pmf',
  title: 'Deploy PMF with Ant and check the console',
  questions: [],
  isDone,
  plan,
  run,
};
