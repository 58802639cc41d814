import fs from 'node:fs';
import { defaultKeystoreOf } from '../../source/adapters/keystore/default-keystore.js';
import { listEntries } from '../../source/adapters/keystore/keytool.js';
import type { StoreEntry } from '../../source/adapters/keystore/store-entry.js';
import { installedProduct, type ServerState } from '../../source/adapters/liberty.js';
import { messagesLogOf } from '../../source/adapters/liberty-log.js';
import { ltpaConfigOf, ltpaFingerprint, readLtpaKeys, type LtpaKeys } from '../../source/adapters/ltpa.js';
import { readServerXml } from '../../source/adapters/server-xml.js';
import type { StepContext } from '../../source/engine/step.js';
import { answersOf } from '../../source/farm/answers.js';
import { farmSettingsOf, jmxHostOf, type FarmNode } from '../../source/farm/nodes.js';
import { memberStatus } from '../../source/farm/server-start.js';

export type VerifyContext = Pick<StepContext, 'answers' | 'stateDir' | 'runner' | 'signal' | 'addSecret'>;

/** What the checks need to know of one node, read once per pass. */
export interface NodeView {
  farmNode: FarmNode;
  name: string;
  base: string;
  status: ServerState;
  entries: StoreEntry[];
  own?: StoreEntry;
  keystoreError?: string;
  /** Its keystore is declared with updateTrigger="polled": a peer added to it needs no restart. */
  reloadsKeystore: boolean;
  jmxHost: string;
  serverId?: string;
  ltpa: { file: string; password: string; keys?: LtpaKeys; fingerprint?: string };
}

/** CWWKO0221E lines for the node's own ports since the server's last launch. */
export function portErrorsSinceLaunch(farmNode: FarmNode): string[] {
  let text: string;
  try {
    text = fs.readFileSync(messagesLogOf(farmNode.serverDir), 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n');
  let launch = -1;
  lines.forEach((line, i) => {
    if (line.includes('CWWKE0001I')) launch = i;
  });
  const ports = [farmNode.node.httpPort, farmNode.node.httpsPort];
  return lines.slice(launch + 1).filter((line) => line.includes('CWWKO0221E') && ports.some((port) => new RegExp(`port ${port}\\b`).test(line)));
}

async function keystoreOf(ctx: VerifyContext, farmNode: FarmNode): Promise<{ entries: StoreEntry[]; keystoreError?: string; reloadsKeystore: boolean }> {
  const keystore = defaultKeystoreOf(farmNode.serverDir, installedProduct(answersOf(ctx).liberty.installDir)?.version);
  if (!keystore) return { entries: [], keystoreError: `${farmNode.node.name}'s server.xml declares no defaultKeyStore`, reloadsKeystore: false };
  const reloadsKeystore = keystore.reloads === true;
  if (!fs.existsSync(keystore.file)) return { entries: [], keystoreError: `${keystore.file} does not exist`, reloadsKeystore };
  ctx.addSecret(keystore.password);
  try {
    return { entries: await listEntries(ctx.runner, keystore), reloadsKeystore };
  } catch (error) {
    return { entries: [], keystoreError: (error as Error).message, reloadsKeystore };
  }
}

/** Where the checks reach a node's HTTP port. */
export function baseUrlOf(farmNode: FarmNode): string {
  return `http://127.0.0.1:${farmNode.node.httpPort}`;
}

/** `server status` of one node ('missing' before Liberty or the server exists). */
export async function statusOf(ctx: VerifyContext, farmNode: FarmNode): Promise<ServerState> {
  return memberStatus(ctx, farmNode).catch(() => 'missing' as ServerState);
}

/** The rest of what the checks need, from the files (the keystore, the LTPA setup). */
export async function viewOf(ctx: VerifyContext, farmNode: FarmNode, status: ServerState): Promise<NodeView> {
  const { entries, keystoreError, reloadsKeystore } = await keystoreOf(ctx, farmNode);
  const settings = farmSettingsOf(readServerXml(farmNode.serverDir), farmNode.node);
  const config = ltpaConfigOf(farmNode.serverDir);
  const keys = readLtpaKeys(config.file);
  return {
    farmNode,
    name: farmNode.node.name,
    base: baseUrlOf(farmNode),
    status,
    entries,
    own: entries.find((e) => e.alias === 'default' && e.kind === 'key') ?? entries.find((e) => e.kind === 'key'),
    keystoreError,
    reloadsKeystore,
    jmxHost: jmxHostOf(farmNode),
    serverId: settings.serverId,
    ltpa: { file: config.file, password: config.password, keys, fingerprint: keys ? ltpaFingerprint(keys) : undefined },
  };
}
