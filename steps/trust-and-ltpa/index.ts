/**
 * Step 6: every member trusts every other member's HTTPS certificate, and all members share one
 * set of LTPA keys protected by one keysPassword (tutorial: "Enable the JMX communication" and the
 * LTPA copy; pmf.md section 8; liberty.md sections 5 and 6).
 *
 * O(N) keytool runs instead of the tutorial's per-pair commands: each keystore is read once
 * (its own certificate and what it trusts), and each keystore that lacks peers gets all of them
 * in one `keytool -importkeystore` from a bundle. A keystore Liberty has not generated yet (a
 * server never started) is created offline exactly as Liberty would, so a new server starts for
 * the first time with its final configuration.
 *
 * Restarts: only a server whose files change while it runs is stopped, changed and started
 * again, once, whatever the number of changes. Servers that are stopped are changed and then
 * started. In a fresh farm only the first node restarts (it runs since step 4); the tutorial
 * restarts every server twice (after the LTPA copy and after the certificate exchange).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { defaultKeystoreOf, type KeystoreRef } from '../../source/adapters/keystore/default-keystore.js';
import { createDefaultCertificate, deleteEntry, importTrustedCertificates, listEntries } from '../../source/adapters/keystore/keytool.js';
import type { StoreEntry } from '../../source/adapters/keystore/store-entry.js';
import { readServerXml, writeServerXml } from '../../source/adapters/server-xml.js';
import { installedProduct, serverScript, serverStatus, stopServer, type ServerState } from '../../source/adapters/liberty.js';
import { messagesLogOf, waitForFiles } from '../../source/adapters/liberty-log.js';
import { ltpaConfigOf, ltpaFingerprint, ltpaPasswordOpens, readLtpaKeys, reencryptLtpaKeys, withLtpaKeysPassword, writeLtpaKeys, type LtpaKeys } from '../../source/adapters/ltpa.js';
import { tlsHandshake } from '../../source/adapters/tls.js';
import { StepFailure } from '../../source/engine/errors.js';
import type { PlannedAction } from '../../source/engine/events.js';
import type { Step, StepContext, StepOutputs } from '../../source/engine/step.js';
import { inParallel } from '../../source/engine/parallel.js';
import { answersOf, isFarm } from '../../source/farm/answers.js';
import { startNode } from '../../source/farm/server-start.js';
import { farmNodes, jmxHostOf, type FarmNode } from '../../source/farm/nodes.js';
import type { AntSetup } from '../../source/farm/ant.js';

/** Name of the generated keysPassword in the state dir (mode 0600, never in the checkpoint). */
export const LTPA_SECRET = 'ltpa-keys-password';

export function peerAlias(nodeName: string): string {
  return `farm-${nodeName}`.toLowerCase();
}

// ---------------------------------------------------------------------------------------
// What the files say

export interface NodeFacts {
  farmNode: FarmNode;
  status: ServerState;
  keystore?: KeystoreRef;
  keystoreExists: boolean;
  entries: StoreEntry[];
  /** The node's own certificate (the "default" key entry). */
  own?: StoreEntry;
  ltpaFile: string;
  ltpaKeys?: LtpaKeys;
  ltpaPassword: string;
  /** The name the other members reach it by (mfp.admin.jmx.host). */
  jmxHost: string;
  /** Whether its certificate names that host (host name verification of the members' JMX client). */
  namesHost?: boolean;
  /** Running servers: false when its HTTPS port presents another certificate than its keystore's (changed on disk, not restarted). */
  servesOwn?: boolean;
}

export interface FarmAnalysis {
  facts: NodeFacts[];
  /** Per node: the peers whose current certificate its keystore lacks. */
  trustGaps: Map<string, NodeFacts[]>;
  /** The LTPA keys every node must hold, and from which node they come. */
  reference?: { from: NodeFacts; keys: LtpaKeys; fingerprint: string; needsReencrypt: boolean };
  /** Per node: why its LTPA setup must change. */
  ltpaWrong: Map<string, string[]>;
  /** Nodes whose certificate does not name the host the members use: a new one is made. */
  misnamed: Set<string>;
  /** Running servers that present another certificate than their keystore's (they need a restart). */
  staleServing: Set<string>;
  problems: string[];
}

async function factsOf(ctx: StepContext, farmNode: FarmNode, withServed: boolean): Promise<NodeFacts> {
  const installDir = answersOf(ctx).liberty.installDir;
  // Nothing to ask before Liberty is installed (a dry run from nothing).
  const status: ServerState = fs.existsSync(serverScript(installDir)) && fs.existsSync(farmNode.serverXml) ? await serverStatus(ctx.runner, installDir, farmNode.node.name) : 'missing';
  const keystore = defaultKeystoreOf(farmNode.serverDir, installedProduct(answersOf(ctx).liberty.installDir)?.version);
  if (keystore) ctx.addSecret(keystore.password);
  const keystoreExists = Boolean(keystore && fs.existsSync(keystore.file));
  const entries = keystore && keystoreExists ? await listEntries(ctx.runner, keystore) : [];
  const ltpa = ltpaConfigOf(farmNode.serverDir);
  const own = entries.find((entry) => entry.alias === 'default' && entry.kind === 'key') ?? entries.find((entry) => entry.kind === 'key');
  let servesOwn: boolean | undefined;
  if (withServed && status === 'running' && own) {
    // Trusting only its own keystore certificate: an "untrusted" answer means it serves another one.
    const probe = await tlsHandshake({ host: jmxHostOf(farmNode), port: farmNode.node.httpsPort, ca: [own.pem], timeoutMs: 5000 });
    servesOwn = probe.ok ? true : /not in the truststore/.test(probe.detail) ? false : undefined;
  }
  const jmxHost = jmxHostOf(farmNode);
  return {
    farmNode,
    status,
    jmxHost,
    namesHost: own ? new crypto.X509Certificate(own.pem).checkHost(jmxHost) !== undefined : undefined,
    keystore,
    keystoreExists,
    entries,
    own,
    ltpaFile: ltpa.file,
    ltpaKeys: readLtpaKeys(ltpa.file),
    ltpaPassword: ltpa.password,
    servesOwn,
  };
}

/** The keys most nodes already hold and can open with the farm's password; else the first node's. */
function chooseReference(facts: NodeFacts[], password: string): FarmAnalysis['reference'] {
  const usable = facts.filter((f) => f.ltpaKeys && ltpaPasswordOpens(f.ltpaKeys, password));
  if (usable.length) {
    const counts = new Map<string, number>();
    for (const f of usable) counts.set(ltpaFingerprint(f.ltpaKeys!), (counts.get(ltpaFingerprint(f.ltpaKeys!)) ?? 0) + 1);
    const best = Math.max(...counts.values());
    const from = usable.find((f) => counts.get(ltpaFingerprint(f.ltpaKeys!)) === best)!;
    return { from, keys: from.ltpaKeys!, fingerprint: ltpaFingerprint(from.ltpaKeys!), needsReencrypt: false };
  }
  const from = facts.find((f) => f.ltpaKeys && ltpaPasswordOpens(f.ltpaKeys, f.ltpaPassword));
  if (!from) return undefined;
  const keys = reencryptLtpaKeys(from.ltpaKeys!, from.ltpaPassword, password);
  return { from, keys, fingerprint: ltpaFingerprint(keys), needsReencrypt: true };
}

export async function analyse(ctx: StepContext, withServed = true): Promise<FarmAnalysis> {
  const { nodes } = farmNodes(ctx);
  const password = ctx.generatedSecret(LTPA_SECRET);
  ctx.addSecret(password);
  const facts = await inParallel(nodes, 4, (farmNode) => factsOf(ctx, farmNode, withServed));
  const problems: string[] = [];
  const trustGaps = new Map<string, NodeFacts[]>();
  for (const a of facts) {
    if (!a.keystore) problems.push(`${a.farmNode.node.name}: server.xml declares no <keyStore id="defaultKeyStore"> (PMF is not installed on it?)`);
    const gaps = facts.filter((b) => b !== a && b.own && !a.entries.some((entry) => entry.sha256 === b.own!.sha256));
    if (gaps.length) trustGaps.set(a.farmNode.node.name, gaps);
  }
  const reference = chooseReference(facts, password);
  const ltpaWrong = new Map<string, string[]>();
  for (const f of facts) {
    const why: string[] = [];
    if (f.ltpaPassword !== password) why.push("keysPassword is not the farm's");
    if (reference && (!f.ltpaKeys || ltpaFingerprint(f.ltpaKeys) !== reference.fingerprint)) {
      why.push(!f.ltpaKeys ? 'no ltpa.keys' : reference.needsReencrypt && f === reference.from ? 'its keys get the farm keysPassword' : `ltpa.keys differs from ${reference.from.farmNode.node.name}'s`);
    }
    if (!reference) why.push('no node has LTPA keys yet');
    if (why.length) ltpaWrong.set(f.farmNode.node.name, why);
  }
  const staleServing = new Set(facts.filter((f) => f.servesOwn === false).map((f) => f.farmNode.node.name));
  const misnamed = new Set(facts.filter((f) => f.namesHost === false).map((f) => f.farmNode.node.name));
  return { facts, trustGaps, reference, ltpaWrong, staleServing, misnamed, problems };
}

function changesOf(analysis: FarmAnalysis, f: NodeFacts): string[] {
  const name = f.farmNode.node.name;
  const changes: string[] = [];
  if (!f.keystoreExists) changes.push('create its keystore');
  if (analysis.misnamed.has(name)) changes.push(`its certificate (${f.own?.subject}) does not name ${f.jmxHost}, the host the members use: a new one is made`);
  const gaps = analysis.trustGaps.get(name);
  if (gaps?.length) changes.push(`trust ${gaps.map((g) => g.farmNode.node.name).join(', ')}`);
  const ltpa = analysis.ltpaWrong.get(name);
  if (ltpa?.length) changes.push(`LTPA: ${ltpa.join(', ')}`);
  if (analysis.staleServing.has(name)) changes.push('serves an old certificate');
  return changes;
}

function describe(analysis: FarmAnalysis): string {
  const lines = analysis.facts.map((f) => {
    const changes = changesOf(analysis, f);
    return `${f.farmNode.node.name} (${f.status}): ${changes.length ? changes.join('; ') : 'trusts every peer, shares the LTPA keys'}`;
  });
  return [...analysis.problems, ...lines].join('; ');
}

function complete(analysis: FarmAnalysis): boolean {
  return analysis.problems.length === 0 && analysis.facts.every((f) => f.status === 'running' && changesOf(analysis, f).length === 0);
}

// ---------------------------------------------------------------------------------------
// Doing it

/** The DN Liberty gives its default certificate: CN=<host the members use>,OU=<server>,O=ibm,C=us. */
function defaultDn(farmNode: FarmNode): string {
  const esc = (value: string) => value.replace(/([,+"\\<>;=])/g, '\\$1');
  return `CN=${esc(jmxHostOf(farmNode))},OU=${esc(farmNode.node.name)},O=ibm,C=us`;
}

export async function startAndWait(ctx: StepContext, setup: AntSetup, farmNode: FarmNode): Promise<void> {
  const installDir = answersOf(ctx).liberty.installDir;
  const { node, serverDir } = farmNode;
  const log = messagesLogOf(serverDir);
  const command = `${serverScript(installDir)} start ${node.name}`;
  const outcome = await startNode(ctx, setup, farmNode);
  const ltpaError = outcome.state.errors.find((line) => /CWWKS4106E|CWPKI0033E/.test(line));
  if (ltpaError) throw new StepFailure(`Server ${node.name} started with a security error: ${ltpaError}`, `Read ${log}; then run pmf-wizard --resume, which checks the keystore and LTPA files again.`, { command });
  const keystore = defaultKeystoreOf(serverDir, installedProduct(installDir)?.version);
  const files = [ltpaConfigOf(serverDir).file, ...(keystore ? [keystore.file] : [])];
  const missing = await waitForFiles(files, 60_000, ctx.signal);
  if (missing.length) throw new StepFailure(`Server ${node.name} is ready but has not written ${missing.join(' and ')} within 60 s`, `Read ${log} for a CWPKI or CWWKS error, correct it, then run pmf-wizard --resume.`, { command });
  ctx.report(`Server ${node.name} is ready`);
}

async function run(ctx: StepContext): Promise<StepOutputs> {
  const started = Date.now();
  const { setup, nodes } = farmNodes(ctx);
  const installDir = answersOf(ctx).liberty.installDir;
  const password = ctx.generatedSecret(LTPA_SECRET);
  ctx.addSecret(password);
  const stoppedBefore = new Set(((ctx.outputsOf('add-nodes')?.stopped as string[] | undefined) ?? []).filter(Boolean));
  const stoppedHere = new Set<string>();
  const stop = async (f: NodeFacts, why: string) => {
    if (f.status !== 'running') return;
    ctx.report(`Stopping server ${f.farmNode.node.name} to ${why}`);
    await stopServer(ctx.runner, installDir, f.farmNode.node.name);
    f.status = 'stopped';
    stoppedHere.add(f.farmNode.node.name);
  };

  // 1. Keystores Liberty has not generated yet: created offline, as Liberty would at first start;
  //    a certificate that does not name the host the members use is made again for that name.
  let analysis = await analyse(ctx, false);
  if (analysis.problems.length) throw new StepFailure(analysis.problems.join('; '), 'Run pmf-wizard --resume: the add-nodes step installs PMF (and its keystore declaration) on every node.');
  const missing = analysis.facts.filter((f) => !f.keystoreExists || analysis.misnamed.has(f.farmNode.node.name));
  await inParallel(missing, 4, async (f) => {
    const name = f.farmNode.node.name;
    if (f.keystoreExists) {
      await stop(f, `give it a certificate for ${f.jmxHost}`);
      ctx.report(`${name}'s certificate (${f.own?.subject}) does not name ${f.jmxHost}, the host the other members reach it by (mfp.admin.jmx.host): making a new one`);
      await deleteEntry(ctx.runner, f.keystore!, f.own?.alias ?? 'default');
    } else {
      await stop(f, 'create its keystore');
      ctx.report(`Creating ${name}'s keystore ${f.keystore!.file} (${defaultDn(f.farmNode)}), as Liberty does at first start`);
    }
    await createDefaultCertificate(ctx.runner, f.keystore!, defaultDn(f.farmNode));
  });

  // 2. Everything else, from the files as they are now.
  analysis = await analyse(ctx, true);
  if (!analysis.reference && analysis.facts.every((f) => !f.ltpaKeys)) {
    // No server ever started: the first one generates the keys with the farm's password.
    const first = analysis.facts[0];
    await stop(first, 'let Liberty generate the LTPA keys with the farm keysPassword');
    writeServerXml(first.farmNode.serverDir, withLtpaKeysPassword(readServerXml(first.farmNode.serverDir)!, password));
    await startAndWait(ctx, setup, first.farmNode);
    analysis = await analyse(ctx, true);
  }
  if (!analysis.reference) {
    throw new StepFailure(
      'No node has LTPA keys that its keysPassword opens',
      `Stop the servers, delete resources/security/ltpa.keys of ${nodes[0].node.name} (Liberty creates new keys at its next start), then run pmf-wizard --resume.`,
    );
  }
  const reference = analysis.reference;
  const toChange = analysis.facts.filter((f) => changesOf(analysis, f).length > 0);
  await inParallel(toChange, 4, (f) => stop(f, changesOf(analysis, f).join('; ')));

  // Trust: one import per keystore, with every peer it lacks.
  const exported = new Set<string>();
  await inParallel(toChange, 4, async (f) => {
    const gaps = analysis.trustGaps.get(f.farmNode.node.name) ?? [];
    if (!gaps.length) return;
    for (const g of gaps) exported.add(g.farmNode.node.name);
    ctx.report(`${f.farmNode.node.name} now trusts ${gaps.map((g) => `${g.farmNode.node.name} (${g.own!.subject}, SHA-256 ${g.own!.sha256.slice(0, 14)}…)`).join(', ')}`);
    await importTrustedCertificates(ctx.runner, f.keystore!, gaps.map((g) => ({ alias: peerAlias(g.farmNode.node.name), pem: g.own!.pem })));
  });

  // LTPA: one set of keys, one keysPassword, written while the servers are stopped.
  const ltpaCopied: string[] = [];
  for (const f of toChange) {
    const why = analysis.ltpaWrong.get(f.farmNode.node.name);
    if (!why?.length) continue;
    const xml = readServerXml(f.farmNode.serverDir)!;
    const updated = withLtpaKeysPassword(xml, password);
    if (updated !== xml && f.ltpaPassword !== password) writeServerXml(f.farmNode.serverDir, updated);
    if (!f.ltpaKeys || ltpaFingerprint(f.ltpaKeys) !== reference.fingerprint) {
      writeLtpaKeys(f.ltpaFile, reference.keys);
      ltpaCopied.push(f.farmNode.node.name);
    }
    ctx.report(`${f.farmNode.node.name}: LTPA keys of ${reference.from.farmNode.node.name}${reference.needsReencrypt ? ' (re-encrypted with the farm keysPassword)' : ''} and the farm keysPassword (${why.join(', ')})`);
  }

  // 3. Start what is stopped, in parallel.
  const toStart = analysis.facts.filter((f) => f.status !== 'running');
  await inParallel(toStart, 4, (f) => startAndWait(ctx, setup, f.farmNode));
  const restarted = [...new Set([...stoppedHere, ...toStart.map((f) => f.farmNode.node.name).filter((name) => stoppedBefore.has(name))])].sort();

  const final = await analyse(ctx, true);
  if (!complete(final)) throw new StepFailure(`After the changes the farm is still not consistent: ${describe(final)}`, 'Run pmf-wizard --resume; if it says the same, read the messages.log of the nodes named.');
  ctx.report(`Trust and LTPA done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${restarted.length} restart${restarted.length === 1 ? '' : 's'} (${restarted.join(', ') || 'none'}); the tutorial's procedure restarts every server twice (${2 * nodes.length} for ${nodes.length} nodes)`);
  return {
    restarts: restarted.length,
    restartedNodes: restarted,
    started: toStart.map((f) => f.farmNode.node.name),
    keystoresCreated: missing.map((f) => f.farmNode.node.name),
    certificatesExported: [...exported].sort(),
    keystoresUpdated: toChange.filter((f) => analysis.trustGaps.get(f.farmNode.node.name)?.length).map((f) => f.farmNode.node.name),
    ltpaFrom: reference.from.farmNode.node.name,
    ltpaCopiedTo: ltpaCopied,
    ltpaFingerprint: reference.fingerprint,
    tutorialRestarts: 2 * nodes.length,
  };
}

export const trustAndLtpaStep: Step = {
  id: 'trust-and-ltpa',
  title: 'Exchange certificates and share the LTPA keys',
  questions: [],
  applies: isFarm,

  async isDone(ctx) {
    const analysis = await analyse(ctx, true);
    return { done: complete(analysis), detail: describe(analysis) };
  },

  async plan(ctx) {
    const analysis = await analyse(ctx, true);
    const installDir = answersOf(ctx).liberty.installDir;
    const actions: PlannedAction[] = [];
    for (const f of analysis.facts) {
      const changes = changesOf(analysis, f);
      const name = f.farmNode.node.name;
      if (!changes.length) {
        if (f.status !== 'running') actions.push({ summary: `Start server ${name}`, command: [serverScript(installDir), 'start', name] });
        continue;
      }
      if (f.status === 'running') actions.push({ summary: `Stop server ${name} (${changes.join('; ')})`, command: [serverScript(installDir), 'stop', name] });
      if (analysis.misnamed.has(name) && f.keystore) actions.push({ summary: `Make ${name} a new certificate for ${f.jmxHost} (${defaultDn(f.farmNode)})`, file: f.keystore.file });
      if (!f.keystoreExists && f.keystore) actions.push({ summary: `Create ${name}'s keystore offline (${defaultDn(f.farmNode)})`, command: ['keytool', '-genkeypair', '-alias', 'default', '-keystore', f.keystore.file, '-storepass:env', 'PMF_WIZARD_STOREPASS', '…'] });
      const gaps = analysis.trustGaps.get(name) ?? [];
      if (gaps.length || !f.keystoreExists) {
        actions.push({
          summary: `Import the certificates of ${gaps.length ? gaps.map((g) => g.farmNode.node.name).join(', ') : 'every other node'} into ${name}'s keystore in one keytool -importkeystore`,
          file: f.keystore?.file,
        });
      }
      if (analysis.ltpaWrong.get(name)?.length) {
        actions.push({ summary: `Set <ltpa keysPassword="****"> (the farm's) in ${name}'s server.xml and copy the farm's ltpa.keys`, file: f.ltpaFile });
      }
      actions.push({ summary: `Start server ${name}`, command: [serverScript(installDir), 'start', name] });
    }
    return actions;
  },

  run,
};

