/** One set of LTPA keys and one keysPassword on every member, written while the servers are stopped. */
import { ltpaFingerprint, writeLtpaKeys } from '../../source/adapters/ltpa.js';
import type { StepContext } from '../../source/engine/step.js';
import type { AntSetup } from '../../source/farm/ant.js';
import { setKeysPassword } from '../../source/farm/member-security.js';
import { analyse, type FarmAnalysis, type LtpaReference } from './analysis.js';
import type { NodeFacts } from './facts.js';
import { noOpenableLtpaKeys } from './fixes.js';
import { startAndWait, type Restarts } from './restarts.js';

/**
 * The analysis with the keys every member must hold. When no server ever started, the first one
 * generates them with the farm's keysPassword.
 */
export async function analyseWithLtpaKeys(ctx: StepContext, setup: AntSetup, restarts: Restarts, password: string): Promise<{ analysis: FarmAnalysis; reference: LtpaReference }> {
  let analysis = await analyse(ctx, true);
  if (!analysis.reference && analysis.facts.every((f) => !f.ltpaKeys)) {
    const first = analysis.facts[0];
    await restarts.stop(first, 'let Liberty generate the LTPA keys with the farm keysPassword');
    await setKeysPassword(ctx, first.farmNode, password);
    await startAndWait(ctx, setup, first.farmNode);
    analysis = await analyse(ctx, true);
  }
  if (!analysis.reference) throw noOpenableLtpaKeys(analysis.facts[0].farmNode.node.name);
  return { analysis, reference: analysis.reference };
}

/** Gives each member that needs it the reference keys and the farm keysPassword; returns the members the keys were copied to. */
export async function shareLtpaKeys(ctx: StepContext, analysis: FarmAnalysis, reference: LtpaReference, toChange: NodeFacts[], password: string): Promise<string[]> {
  const copied: string[] = [];
  for (const f of toChange) {
    const why = analysis.ltpaWrong.get(f.farmNode.node.name);
    if (!why?.length) continue;
    if (f.ltpaPassword !== password) await setKeysPassword(ctx, f.farmNode, password);
    if (!f.ltpaKeys || ltpaFingerprint(f.ltpaKeys) !== reference.fingerprint) {
      writeLtpaKeys(f.ltpaFile, reference.keys);
      copied.push(f.farmNode.node.name);
    }
    ctx.report(`${f.farmNode.node.name}: LTPA keys of ${reference.from.farmNode.node.name}${reference.needsReencrypt ? ' (re-encrypted with the farm keysPassword)' : ''} and the farm keysPassword (${why.join(', ')})`);
  }
  return copied;
}
