/**
 * The nodes' ports another process holds on this machine: found once, for the run's preflight
 * (an answers file's words) and for the check of the nodes question (the form's words).
 */
import fs from 'node:fs';
import { serverScript, serverStatus } from '../../source/adapters/liberty.js';
import { isPortFree, nextFreePair, type PortPair } from '../../source/adapters/ports.js';
import { readServerXml } from '../../source/adapters/server-xml.js';
import type { FieldProblem } from '../../source/engine/errors.js';
import { keyWords } from '../../source/engine/issue-words.js';
import type { Runner } from '../../source/engine/runner.js';
import type { LibertyAnswers, NodeAnswer } from '../../source/farm/answers.js';
import { portsMatch, serverDirOf } from '../../source/farm/nodes.js';

export interface TakenPorts {
  index: number;
  node: NodeAnswer;
  /** Its ports in use, HTTP first. */
  taken: number[];
  /** The next pair free on this machine and in no other node, if any. */
  pair?: PortPair;
}

type Where = Pick<LibertyAnswers, 'installDir' | 'userDir'>;

/** The node's own server exists with these ports and runs: its listener is no conflict. */
async function ownServerRuns(runner: Runner, liberty: Where, node: NodeAnswer): Promise<boolean> {
  const { installDir } = liberty;
  if (!installDir || !fs.existsSync(serverScript(installDir))) return false;
  const xml = readServerXml(serverDirOf(liberty, node.name));
  if (!xml || !portsMatch(xml, node)) return false;
  return (await serverStatus(runner, installDir, node.name).catch(() => 'stopped')) === 'running';
}

/** Every node whose ports another process holds, each with the next free pair (pairs already proposed are reserved). */
export async function takenNodePorts(runner: Runner, liberty: Where, nodes: NodeAnswer[]): Promise<TakenPorts[]> {
  const reserved = new Set(nodes.flatMap((node) => [node.httpPort, node.httpsPort]));
  const found: TakenPorts[] = [];
  for (const [index, node] of nodes.entries()) {
    let ownRunning: boolean | undefined;
    const taken: number[] = [];
    for (const port of [node.httpPort, node.httpsPort]) {
      if (await isPortFree(port)) continue;
      ownRunning ??= await ownServerRuns(runner, liberty, node);
      if (!ownRunning) taken.push(port);
    }
    if (!taken.length) continue;
    const pair = await nextFreePair(node, reserved);
    if (pair) {
      reserved.add(pair.httpPort);
      reserved.add(pair.httpsPort);
    }
    found.push({ index, node, taken, pair });
  }
  return found;
}

const keyOf = (t: TakenPorts, port: number) => (port === t.node.httpPort ? 'httpPort' : 'httpsPort');

/** As the preflight says it: the answers file's keys and values. */
export function portProblem(t: TakenPorts): FieldProblem {
  const { node, taken, pair } = t;
  const which = taken.map((port) => `${keyOf(t, port)} ${port}`).join(' and ');
  return {
    path: `nodes[${t.index}].${keyOf(t, taken[0])}`,
    atTheQuestion: portWords(t),
    message: `${node.name}'s ${which} ${taken.length > 1 ? 'are' : 'is'} already in use by another process on this machine`,
    fix: pair
      ? `Use the next free pair for ${node.name}: "httpPort": ${pair.httpPort}, "httpsPort": ${pair.httpsPort} (or stop the process on ${taken.join(' and ')}: \`ss -ltnp 'sport = :${taken[0]}'\` shows it).`
      : `Choose other ports for ${node.name}, or stop the process on ${taken.join(' and ')}.`,
  };
}

/** As the nodes question says it: "pmf2's HTTPS port 9444 is already in use …: use 9445 and 9446 …". */
export function portWords(t: TakenPorts): string {
  const { node, taken, pair } = t;
  const which = taken.map((port) => `${keyWords(keyOf(t, port))} ${port}`).join(' and ');
  const stop = `stop the process on ${taken.join(' and ')} (\`ss -ltnp 'sport = :${taken[0]}'\` shows it)`;
  const fix = pair ? `give ${node.name} the free ports ${pair.httpPort} (HTTP) and ${pair.httpsPort} (HTTPS), or ${stop}` : `choose other ports for ${node.name}, or ${stop}`;
  return `${node.name}'s ${which} ${taken.length > 1 ? 'are' : 'is'} already in use by another process on this machine: ${fix}.`;
}
