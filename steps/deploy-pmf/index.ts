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
import path from 'node:path';
import { clearInterruptedCreation } from '../../source/adapters/database/derby.js';
import { serverStatus, stopServer, serverScript } from '../../source/adapters/liberty.js';
import { messagesLogOf } from '../../source/adapters/liberty-log.js';
import { checkAdminApi, checkConsole, until } from '../../source/adapters/pmf-console.js';
import { StepFailure } from '../../source/engine/errors.js';
import type { PlannedAction } from '../../source/engine/events.js';
import type { DoneCheck, Step, StepContext, StepOutputs } from '../../source/engine/step.js';
import { antSecrets, type AntSetup } from '../../source/farm/ant.js';
import { answersOf } from '../../source/farm/answers.js';
import { derbyDatabaseDir, plannedAntCommand, plannedSecretsFile, requireAntFiles, runNodeAnt, serverXmlState, tablesState } from '../../source/farm/deployment.js';
import { defaultDn, prepareFirstStart } from '../../source/farm/member-security.js';
import { farmNodes, pmfApps, type FarmNode, type PmfApp } from '../../source/farm/nodes.js';
import { startNode } from '../../source/farm/server-start.js';
import { deployPmfDeclaration } from './declaration.js';

// ---------------------------------------------------------------------------------------
// The real state

/** How long a refusal of the console user right after a start may be Liberty still starting its security. */
const ADMIN_REFUSAL_GRACE_MS = 20_000;

/** The first node, with what deploying on it needs. */
interface Target extends FarmNode {
  setup: AntSetup;
  baseUrl: string;
  apps: PmfApp[];
  /** It is the first member of a farm: its security files are made as the farm wants them before it starts. */
  inFarm: boolean;
}

/** The first node, where PMF is deployed first (the tables with it). */
function targetOf(ctx: StepContext): Target {
  const { setup, nodes } = farmNodes(ctx);
  const first = nodes[0];
  return { ...first, setup, baseUrl: `http://127.0.0.1:${first.node.httpPort}`, apps: pmfApps(setup), inFarm: nodes.length > 1 };
}

async function serving(t: Target, ctx: StepContext, timeoutMs = 0): Promise<{ ok: boolean; detail: string }> {
  const adminPassword = answersOf(ctx).pmf.adminPassword ?? '';
  // A quick look (isDone, before a start) must not wait on a port some other program holds open.
  const options = { timeoutMs: timeoutMs ? 10_000 : 3_000, signal: ctx.signal };
  const consoleOnce = () => checkConsole(t.baseUrl, '/mfpconsole', options);
  const apiOnce = () => checkAdminApi(t.baseUrl, t.setup.adminContextRoot, t.setup.adminUser, adminPassword, options);
  const consoleCheck = timeoutMs ? await until(consoleOnce, timeoutMs, ctx.signal) : await consoleOnce();
  if (!consoleCheck.ok) return { ok: false, detail: consoleCheck.detail };
  const api = timeoutMs ? await until(apiOnce, timeoutMs, ctx.signal, ADMIN_REFUSAL_GRACE_MS) : await apiOnce();
  return { ok: api.ok, detail: api.ok ? `${consoleCheck.detail}; ${api.detail}` : api.detail };
}

/** A Derby database whose creation a crash or Ctrl+C interrupted is removed before Ant creates it again. */
function clearInterruptedDerby(ctx: StepContext): void {
  const dir = derbyDatabaseDir(ctx);
  if (dir === undefined) return;
  try {
    if (clearInterruptedCreation(dir) === 'cleared') ctx.report(`Removed ${dir}: a Derby database whose creation was interrupted (it has no service.properties)`);
  } catch (error) {
    throw new StepFailure((error as Error).message, `Move ${dir} away, or set database.dataDir (or database.name) so that Derby creates the database elsewhere, then run pmf-wizard --resume.`);
  }
}

async function ant(ctx: StepContext, t: Target, targetName: 'databases' | 'install'): Promise<string> {
  return runNodeAnt(ctx, t.setup, t.entry, targetName);
}

async function startAndCheck(ctx: StepContext, t: Target): Promise<string> {
  // What Liberty would generate at this first start is made for the farm now, so that step 6 need not restart this node.
  if (t.inFarm) await prepareFirstStart(ctx, t);
  const outcome = await startNode(ctx, t.setup, t);
  ctx.report(`Server ${t.node.name} is ready (CWWKF0011I) with ${outcome.state.started.length} applications started (${outcome.state.started.join(', ')})`);
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
  const installDir = answersOf(ctx).liberty.installDir;
  const tables = await tablesState(ctx);
  const xml = serverXmlState(t.serverXml, t.apps);
  const secretsFile = plannedSecretsFile(ctx.stateDir);
  const actions: PlannedAction[] = [];
  if (!(tables.ready ?? xml.ready) || !xml.ready) {
    actions.push({ summary: `Stop server ${node.name} if it runs: PMF is installed on a stopped server`, command: [serverScript(installDir), 'stop', node.name] });
    actions.push({ summary: `Write the Ant secrets (mode 0600) for the runs below, removed after each`, file: secretsFile, detail: Object.keys(antSecrets(ctx)).map((name) => `${name}=****`).join('\n') });
  }
  if (!(tables.ready ?? xml.ready)) {
    actions.push({ summary: `Create the PMF tables (${tables.detail})`, command: plannedAntCommand(ctx, t.setup, t.entry, 'databases') });
  }
  if (!xml.ready) {
    actions.push({ summary: `Install the PMF applications in ${node.name} (${xml.detail})`, command: plannedAntCommand(ctx, t.setup, t.entry, 'install'), file: t.serverXml });
  }
  if (t.inFarm) {
    actions.push({ summary: `Before its first start, as a farm member: create ${node.name}'s keystore for the host the members use (${defaultDn(t)}), set the farm's <ltpa keysPassword="****">, and let it reload its keystore (updateTrigger="polled")`, file: t.serverXml });
  }
  actions.push({ summary: `Start server ${node.name} and wait for CWWKF0011I and CWWKZ0001I for ${t.apps.map((app) => app.name).join(', ')} in messages.log`, command: [serverScript(installDir), 'start', node.name] });
  actions.push({ summary: `Check ${t.baseUrl}/mfpconsole answers 200 with the login page, and ${t.baseUrl}${t.setup.adminContextRoot}/management-apis/2.0/runtimes accepts ${t.setup.adminUser}` });
  return actions;
}

async function run(ctx: StepContext): Promise<StepOutputs> {
  const t = targetOf(ctx);
  const { node } = t.entry;
  const installDir = answersOf(ctx).liberty.installDir;
  requireAntFiles(t.setup, [t.entry]);

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
      clearInterruptedDerby(ctx);
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
  ...deployPmfDeclaration,
  isDone,
  plan,
  run,
};
