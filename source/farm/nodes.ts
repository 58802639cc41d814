import os from 'node:os';
import path from 'node:path';
import { effectiveUserDir } from '../adapters/liberty.js';
import { findElements, readHttpEndpoint, readServerXml } from '../adapters/server-xml.js';
import type { StepContext } from '../engine/step.js';
import { antSetup, type AntSetup, type NodeAntFile } from './ant.js';
import { answersOf, type LibertyAnswers, type NodeAnswer } from './answers.js';

/** One member of the farm as every step sees it: its answers, its server directory, its Ant copy. */
export interface FarmNode {
  index: number;
  node: NodeAnswer;
  serverDir: string;
  serverXml: string;
  entry: NodeAntFile;
}

/** The servers' user directory: liberty.userDir when given (step 1 writes it to etc/server.env), else what bin/server uses. */
export function userDirOf(liberty: Pick<LibertyAnswers, 'installDir' | 'userDir'>): string {
  return liberty.userDir ?? effectiveUserDir(liberty.installDir);
}

/** The one rule for where a node's server lives. */
export function serverDirOf(liberty: Pick<LibertyAnswers, 'installDir' | 'userDir'>, nodeName: string): string {
  return path.join(userDirOf(liberty), 'servers', nodeName);
}

export function farmNodes(ctx: Pick<StepContext, 'answers' | 'stateDir'>): { setup: AntSetup; nodes: FarmNode[] } {
  const { liberty } = answersOf(ctx);
  const setup = antSetup(ctx);
  const nodes = setup.nodes.map((entry, index) => {
    const serverDir = serverDirOf(liberty, entry.node.name);
    return { index, node: entry.node, serverDir, serverXml: path.join(serverDir, 'server.xml'), entry };
  });
  return { setup, nodes };
}

export interface PmfApp {
  name: string;
  contextRoot: string;
}

/** The PMF applications `ant install` puts on every node, with their context roots. */
export function pmfApps(setup: Pick<AntSetup, 'adminContextRoot' | 'runtimeContextRoot'>): PmfApp[] {
  const admin = setup.adminContextRoot;
  const runtime = setup.runtimeContextRoot;
  return [
    { name: admin.slice(1), contextRoot: admin },
    { name: `${admin.slice(1)}config`, contextRoot: `${admin}config` },
    { name: 'mfpconsole', contextRoot: '/mfpconsole' },
    { name: 'mfp-dev-artifacts', contextRoot: '/mfp-dev-artifacts' },
    { name: runtime.slice(1), contextRoot: runtime },
    { name: 'imfpush', contextRoot: '/imfpush' },
  ];
}

/** Whether a server.xml's httpEndpoint has the node's ports. */
export function portsMatch(xml: string, node: NodeAnswer): boolean {
  const endpoint = readHttpEndpoint(xml);
  return endpoint?.httpPort === node.httpPort && endpoint?.httpsPort === node.httpsPort;
}

/** Global <jndiEntry> values of a server.xml (quotes Liberty users put around values removed). */
export function jndiEntries(xml: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const element of findElements(xml, 'jndiEntry')) {
    const name = element.attributes.jndiName;
    if (!name) continue;
    values[name] = (element.attributes.value ?? '').replace(/^"(.*)"$/s, '$1');
  }
  return values;
}

export interface FarmSettings {
  ok: boolean;
  detail: string;
  serverId?: string;
  jmxHost?: string;
}

/** Whether server.xml makes this server a farm member (pmf.md section 3). */
export function farmSettingsOf(serverXml: string | undefined, node: NodeAnswer): FarmSettings {
  if (!serverXml) return { ok: false, detail: `${node.name} has no server.xml` };
  const jndi = jndiEntries(serverXml);
  const problems: string[] = [];
  if (jndi['mfp.topology.clustermode'] !== 'Farm') problems.push(`mfp.topology.clustermode is ${jndi['mfp.topology.clustermode'] ?? 'not set'}, not Farm`);
  if (!jndi['mfp.admin.serverid']) problems.push('mfp.admin.serverid is not set');
  if (jndi['mfp.admin.jmx.port'] !== String(node.httpsPort)) problems.push(`mfp.admin.jmx.port is ${jndi['mfp.admin.jmx.port'] ?? 'not set'}, not its HTTPS port ${node.httpsPort}`);
  if (!jndi['mfp.admin.jmx.host']) problems.push('mfp.admin.jmx.host is not set');
  // localhost is fine here: the wizard builds every member on this one machine (nodes share a host).
  return {
    ok: problems.length === 0,
    detail: problems.length ? `${node.name}: ${problems.join('; ')}` : `${node.name} is farm member ${jndi['mfp.admin.serverid']} (JMX ${jndi['mfp.admin.jmx.host']}:${jndi['mfp.admin.jmx.port']})`,
    serverId: jndi['mfp.admin.serverid'],
    jmxHost: jndi['mfp.admin.jmx.host'],
  };
}

/** The name the other members reach a node by (mfp.admin.jmx.host), which its certificate must carry. */
export function jmxHostOf(farmNode: FarmNode): string {
  return farmSettingsOf(readServerXml(farmNode.serverDir), farmNode.node).jmxHost || os.hostname();
}

