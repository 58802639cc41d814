/**
 * Step 5: the other farm members, as the tutorial's "Creating a farm of two Liberty servers"
 * does for pmf2, for every node after the first: `server create`, the httpEndpoint ports set in
 * server.xml BEFORE PMF is installed (mfp.admin.jmx.port is taken from them), then the same Ant
 * `install` as step 4 with the node's own copy of the properties (step 3 wrote one per node,
 * with mfp.farm.configure=true and a unique mfp.farm.server.id, the first node's included).
 * The first node is switched to farm mode too when it was installed stand-alone.
 *
 * The new servers are NOT started here: their keystore and LTPA keys are prepared by step 6
 * before their first start, so that no server has to be restarted for them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createServer, serverScript, serverStatus, stopServer } from '../../source/adapters/liberty.js';
import { hasPmfInstalled, readHttpEndpoint, readServerXml, setHttpEndpointPorts, writeServerXml } from '../../source/adapters/server-xml.js';
import { fixedBy, StepFailure } from '../../source/engine/errors.js';
import type { PlannedAction } from '../../source/engine/events.js';
import { inParallel } from '../../source/engine/parallel.js';
import type { Step, StepContext } from '../../source/engine/step.js';
import type { AntSetup } from '../../source/farm/ant.js';
import { answersOf } from '../../source/farm/answers.js';
import { plannedAntCommand, requireAntFiles, runNodeAnt, serverXmlState, tablesState } from '../../source/farm/deployment.js';
import { farmNodes, farmSettingsOf, pmfApps, portsMatch, type FarmNode, type FarmSettings } from '../../source/farm/nodes.js';
import { createServerFixes } from '../../source/farm/server-fixes.js';
import { addNodesDeclaration } from './declaration.js';

// ---------------------------------------------------------------------------------------
// Ant, the same run as step 4 with the node's own copy

async function antInstall(ctx: StepContext, setup: AntSetup, farmNode: FarmNode): Promise<void> {
  await runNodeAnt(ctx, setup, farmNode.entry, 'install', `${farmNode.node.name}: `);
}

// ---------------------------------------------------------------------------------------
// The state of each node

interface NodeState {
  farmNode: FarmNode;
  xml: string | undefined;
  exists: boolean;
  portsOk: boolean;
  installed: boolean;
  farm: FarmSettings;
  detail: string;
}

function stateOf(setup: AntSetup, farmNode: FarmNode): NodeState {
  const xml = readServerXml(farmNode.serverDir);
  const { node } = farmNode;
  const exists = xml !== undefined;
  const portsOk = exists && portsMatch(xml, node);
  const installed = exists && serverXmlState(farmNode.serverXml, pmfApps(setup)).ready;
  const farm = farmSettingsOf(xml, node);
  const detail = !exists
    ? `server ${node.name} does not exist yet`
    : !portsOk
      ? `server ${node.name}'s ports are not ${node.httpPort}/${node.httpsPort} yet`
      : !installed
        ? `PMF is not installed on ${node.name} yet`
        : farm.detail;
  return { farmNode, xml, exists, portsOk, installed, farm, detail };
}

function needsInstall(state: NodeState): boolean {
  return !state.installed || !state.farm.ok;
}

async function prepareServer(ctx: StepContext, state: NodeState): Promise<boolean> {
  const { node, serverDir } = state.farmNode;
  const installDir = answersOf(ctx).liberty.installDir;
  let created = false;
  let xml = state.xml;
  if (xml === undefined) {
    if (fs.existsSync(serverDir)) {
      throw new StepFailure(`${serverDir} exists but holds no server.xml: it is not a complete Liberty server`, `Move ${serverDir} away (or rename the node), then run pmf-wizard --resume.`);
    }
    ctx.report(`Creating server ${node.name}`);
    created = (await fixedBy(createServer(ctx.runner, installDir, node.name), createServerFixes(installDir))) === 'created';
    xml = readServerXml(serverDir);
    if (xml === undefined) throw new StepFailure(`server create ${node.name} did not write ${path.join(serverDir, 'server.xml')}`, 'Check WLP_USER_DIR in <liberty>/etc/server.env and the environment.');
  }
  if (!portsMatch(xml, node)) {
    const endpoint = readHttpEndpoint(xml);
    if (hasPmfInstalled(xml)) {
      throw new StepFailure(
        `Server ${node.name} already has PMF installed on ports ${endpoint?.httpPort}/${endpoint?.httpsPort}, the answers say ${node.httpPort}/${node.httpsPort}`,
        `Set ${node.name}'s ports in the answers to ${endpoint?.httpPort}/${endpoint?.httpsPort}, or give the node another name for a new server.`,
      );
    }
    writeServerXml(serverDir, setHttpEndpointPorts(xml, node.httpPort, node.httpsPort));
    ctx.report(`Set ${node.name}'s httpEndpoint to ${node.httpPort}/${node.httpsPort} (before PMF is installed: mfp.admin.jmx.port comes from it)`);
  }
  return created;
}

export const addNodesStep: Step = {
  ...addNodesDeclaration,

  async isDone(ctx) {
    const { setup, nodes } = farmNodes(ctx);
    const states = nodes.map((farmNode) => stateOf(setup, farmNode));
    const [first, ...rest] = states;
    const done = first.farm.ok && rest.every((state) => state.exists && state.portsOk && !needsInstall(state));
    return { done, detail: states.map((state) => (state === first ? state.farm.detail : state.detail)).join('; ') };
  },

  async plan(ctx) {
    const { setup, nodes } = farmNodes(ctx);
    const installDir = answersOf(ctx).liberty.installDir;
    const actions: PlannedAction[] = [];
    for (const farmNode of nodes) {
      const state = stateOf(setup, farmNode);
      const { node } = farmNode;
      if (farmNode.index > 0) {
        if (!state.exists) actions.push({ summary: `Create server ${node.name}`, command: [serverScript(installDir), 'create', node.name] });
        if (!state.portsOk) actions.push({ summary: `Set ${node.name}'s httpEndpoint ports to ${node.httpPort}/${node.httpsPort}`, file: farmNode.serverXml });
      }
      // The first node: step 4 installs it with its farm settings; only one installed stand-alone is switched.
      if (farmNode.index === 0 ? state.installed && !state.farm.ok : needsInstall(state)) {
        if (farmNode.index === 0) actions.push({ summary: `Stop server ${node.name} to switch it to farm mode`, command: [serverScript(installDir), 'stop', node.name] });
        actions.push({ summary: `Install PMF on ${node.name} as farm member ${node.name} (mfp.farm.configure=true)`, command: plannedAntCommand(ctx, setup, farmNode.entry, 'install'), file: farmNode.serverXml });
      }
    }
    actions.push({ summary: 'The new servers stay stopped: step 6 prepares their keystore and LTPA keys before their first start' });
    return actions;
  },

  async run(ctx) {
    const { setup, nodes } = farmNodes(ctx);
    const installDir = answersOf(ctx).liberty.installDir;
    requireAntFiles(setup, nodes.map((farmNode) => farmNode.entry));
    const tables = await tablesState(ctx);
    if (tables.ready === false) throw new StepFailure(`The PMF tables are not ready: ${tables.detail}`, 'Run pmf-wizard --resume: the deploy-pmf step creates them on the first node.');

    // 1. The servers and their ports, in parallel (independent directories).
    const [first, ...rest] = nodes;
    const created = (await inParallel(rest.map((n) => stateOf(setup, n)), 4, (state) => prepareServer(ctx, state)))
      .map((wasCreated, i) => (wasCreated ? rest[i].node.name : undefined))
      .filter((name): name is string => Boolean(name));

    // 2. Ant install where PMF or the farm settings are missing; the first node only to switch it to farm mode.
    const toInstall = nodes.map((n) => stateOf(setup, n)).filter((state) => (state.farmNode === first ? !state.farm.ok : needsInstall(state)));
    const stopped: string[] = [];
    for (const state of toInstall) {
      const { node } = state.farmNode;
      if ((await serverStatus(ctx.runner, installDir, node.name)) === 'running') {
        ctx.report(`Stopping server ${node.name}: PMF is installed on a stopped server${state.farmNode === first ? ' (switching it to farm mode)' : ''}`);
        await stopServer(ctx.runner, installDir, node.name);
        stopped.push(node.name);
      }
    }
    await inParallel(toInstall, 2, async (state) => {
      await antInstall(ctx, setup, state.farmNode);
      const after = stateOf(setup, state.farmNode);
      if (!after.installed) throw new StepFailure(`ant install succeeded on ${state.farmNode.node.name}, but ${after.detail}`, `Read the Ant output above and ${state.farmNode.serverXml}; then run pmf-wizard --resume.`);
      if (!after.farm.ok) {
        throw new StepFailure(
          `ant install succeeded on ${state.farmNode.node.name}, but it is not a farm member: ${after.farm.detail}`,
          `Check mfp.farm.configure=true and mfp.farm.server.id in ${state.farmNode.entry.file}, then run pmf-wizard --resume.`,
        );
      }
      ctx.report(after.farm.detail);
    });
    const members = nodes.map((n) => stateOf(setup, n).farm);
    return {
      nodes: nodes.map((n, i) => ({ node: n.node.name, serverDir: n.serverDir, httpPort: n.node.httpPort, httpsPort: n.node.httpsPort, serverId: members[i].serverId, jmxHost: members[i].jmxHost })),
      created,
      installed: toInstall.map((state) => state.farmNode.node.name),
      stopped,
    };
  },
};
