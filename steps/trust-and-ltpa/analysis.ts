/** The farm as the files say it is, and what must change on each member. */
import { ltpaFingerprint, ltpaPasswordOpens, reencryptLtpaKeys, type LtpaKeys } from '../../source/adapters/ltpa.js';
import { inParallel } from '../../source/engine/parallel.js';
import type { StepContext } from '../../source/engine/step.js';
import { farmKeysPassword } from '../../source/farm/member-security.js';
import { farmNodes } from '../../source/farm/nodes.js';
import { factsOf, type NodeFacts } from './facts.js';

export interface LtpaReference {
  from: NodeFacts;
  keys: LtpaKeys;
  fingerprint: string;
  needsReencrypt: boolean;
}

export interface FarmAnalysis {
  facts: NodeFacts[];
  /** Per node: the peers whose current certificate its keystore lacks, and those whose certificate is made again. */
  trustGaps: Map<string, NodeFacts[]>;
  /** The LTPA keys every node must hold, and from which node they come. */
  reference?: LtpaReference;
  /** Per node: why its LTPA setup must change. */
  ltpaWrong: Map<string, string[]>;
  /** Nodes whose certificate does not name the host the members use: a new one is made. */
  misnamed: Set<string>;
  /** Nodes whose keystore exists but holds no key pair "default" (a crash or a hand deleted it): a new one is made. */
  noKeyPair: Set<string>;
  /** Nodes that get a new key pair (no keystore, no key pair, a misnamed certificate): every peer then imports its certificate. */
  renewed: Set<string>;
  /** Running servers not shown to present their keystore's certificate (they need a restart). */
  staleServing: Set<string>;
  problems: string[];
}

/** The keys most nodes already hold and can open with the farm's password; else the first node's. */
function chooseReference(facts: NodeFacts[], password: string): LtpaReference | undefined {
  const usable = facts.flatMap((f) => (f.ltpaKeys && ltpaPasswordOpens(f.ltpaKeys, password) ? [{ from: f, keys: f.ltpaKeys }] : []));
  if (usable.length) {
    const counts = new Map<string, number>();
    for (const { keys } of usable) counts.set(ltpaFingerprint(keys), (counts.get(ltpaFingerprint(keys)) ?? 0) + 1);
    const best = Math.max(...counts.values());
    const { from, keys } = usable.find((u) => counts.get(ltpaFingerprint(u.keys)) === best) ?? usable[0];
    return { from, keys, fingerprint: ltpaFingerprint(keys), needsReencrypt: false };
  }
  for (const from of facts) {
    if (!from.ltpaKeys || !ltpaPasswordOpens(from.ltpaKeys, from.ltpaPassword)) continue;
    const keys = reencryptLtpaKeys(from.ltpaKeys, from.ltpaPassword, password);
    return { from, keys, fingerprint: ltpaFingerprint(keys), needsReencrypt: true };
  }
  return undefined;
}

function trustGapsOf(facts: NodeFacts[], renewed: Set<string>): Map<string, NodeFacts[]> {
  const trustGaps = new Map<string, NodeFacts[]>();
  for (const a of facts) {
    const lacks = (b: NodeFacts) => renewed.has(b.farmNode.node.name) || (b.own !== undefined && !a.entries.some((entry) => entry.sha256 === b.own?.sha256));
    const gaps = facts.filter((b) => b !== a && lacks(b));
    if (gaps.length) trustGaps.set(a.farmNode.node.name, gaps);
  }
  return trustGaps;
}

function ltpaWrongOf(facts: NodeFacts[], reference: LtpaReference | undefined, password: string): Map<string, string[]> {
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
  return ltpaWrong;
}

const namesOf = (facts: NodeFacts[]) => new Set(facts.map((f) => f.farmNode.node.name));

/** What must change, from the members' facts and the farm's keysPassword alone. */
export function analysisOf(facts: NodeFacts[], password: string): FarmAnalysis {
  const problems = facts
    .filter((f) => !f.keystore)
    .map((f) => `${f.farmNode.node.name}: server.xml declares no <keyStore id="defaultKeyStore"> (PMF is not installed on it?)`);
  const reference = chooseReference(facts, password);
  const misnamed = namesOf(facts.filter((f) => f.namesHost === false));
  const noKeyPair = namesOf(facts.filter((f) => f.keystoreExists && !f.own));
  const renewed = namesOf(facts.filter((f) => f.keystore && (!f.keystoreExists || !f.own || f.namesHost === false)));
  return {
    facts,
    trustGaps: trustGapsOf(facts, renewed),
    reference,
    ltpaWrong: ltpaWrongOf(facts, reference, password),
    staleServing: namesOf(facts.filter((f) => f.served?.own === false)),
    misnamed,
    noKeyPair,
    renewed,
    problems,
  };
}

/** Reads every member (four at a time); `withServed` also asks running servers which certificate they present. */
export async function analyse(ctx: StepContext, withServed = true): Promise<FarmAnalysis> {
  const { nodes } = farmNodes(ctx);
  const password = farmKeysPassword(ctx);
  const facts = await inParallel(nodes, 4, (farmNode) => factsOf(ctx, farmNode, withServed));
  return analysisOf(facts, password);
}

/** What must change on one member, in a sentence each (none: it is done). */
export function changesOf(analysis: FarmAnalysis, f: NodeFacts): string[] {
  const name = f.farmNode.node.name;
  const changes: string[] = [];
  if (!f.keystoreExists) changes.push('create its keystore');
  if (analysis.noKeyPair.has(name)) changes.push(`its keystore ${f.keystore?.file} holds no key pair "default" (its own certificate): a new one is made`);
  if (analysis.misnamed.has(name)) changes.push(`its certificate (${f.own?.subject}) does not name ${f.jmxHost}, the host the members use: a new one is made`);
  const gaps = analysis.trustGaps.get(name);
  if (gaps?.length) changes.push(`trust ${gaps.map((g) => g.farmNode.node.name + (analysis.renewed.has(g.farmNode.node.name) ? "'s new certificate" : '')).join(', ')}`);
  const ltpa = analysis.ltpaWrong.get(name);
  if (ltpa?.length) changes.push(`LTPA: ${ltpa.join(', ')}`);
  if (analysis.staleServing.has(name)) changes.push(`${f.served?.detail}: it restarts to serve its keystore's certificate`);
  return changes;
}

/** A running member whose only change is peers to trust, in a keystore it reloads: it needs no stop. */
export function trustsInPlace(analysis: FarmAnalysis, f: NodeFacts): boolean {
  return f.status === 'running' && f.keystore?.reloads === true && analysis.trustGaps.has(f.farmNode.node.name) && changesOf(analysis, f).length === 1;
}

export function describe(analysis: FarmAnalysis): string {
  const lines = analysis.facts.map((f) => {
    const changes = changesOf(analysis, f);
    return `${f.farmNode.node.name} (${f.status}): ${changes.length ? changes.join('; ') : 'trusts every peer, shares the LTPA keys'}`;
  });
  return [...analysis.problems, ...lines].join('; ');
}

export function complete(analysis: FarmAnalysis): boolean {
  return analysis.problems.length === 0 && analysis.facts.every((f) => f.status === 'running' && changesOf(analysis, f).length === 0);
}
