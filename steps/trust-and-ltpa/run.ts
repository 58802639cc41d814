/**
 * Doing it: certificates first (from the files alone), then everything else from the files as
 * they are then, written while the servers concerned are stopped; then every stopped server
 * starts, in parallel. A running member that only gains peers' certificates reloads its keystore
 * instead (updateTrigger="polled", set before its first start): in a fresh farm no server
 * restarts. The tutorial restarts every server twice (after the LTPA copy and after the
 * certificate exchange).
 */
import { inParallel } from '../../source/engine/parallel.js';
import type { StepContext, StepOutputs } from '../../source/engine/step.js';
import { farmKeysPassword, letKeystoreReload } from '../../source/farm/member-security.js';
import { farmNodes } from '../../source/farm/nodes.js';
import { analyse, changesOf, complete, describe, trustsInPlace } from './analysis.js';
import { stillInconsistent } from './fixes.js';
import { importPeerCertificates, prepareCertificates } from './keystores.js';
import { analyseWithLtpaKeys, shareLtpaKeys } from './ltpa-keys.js';
import { awaitReloads, markReloads, Restarts, startAndWait } from './restarts.js';

const names = (facts: { farmNode: { node: { name: string } } }[]) => facts.map((f) => f.farmNode.node.name);

export async function run(ctx: StepContext): Promise<StepOutputs> {
  const started = Date.now();
  const { setup, nodes } = farmNodes(ctx);
  const password = farmKeysPassword(ctx);
  const restarts = new Restarts(ctx);

  const created = await prepareCertificates(ctx, restarts);
  const { analysis, reference } = await analyseWithLtpaKeys(ctx, setup, restarts, password);
  const toChange = analysis.facts.filter((f) => changesOf(analysis, f).length > 0);
  const inPlace = toChange.filter((f) => trustsInPlace(analysis, f));
  await inParallel(
    toChange.filter((f) => !inPlace.includes(f)),
    4,
    (f) => restarts.stop(f, changesOf(analysis, f).join('; ')),
  );
  const reloads = markReloads(inPlace);
  const exported = await importPeerCertificates(ctx, analysis, toChange);
  const ltpaCopied = await shareLtpaKeys(ctx, analysis, reference, toChange, password);

  const toStart = analysis.facts.filter((f) => f.status !== 'running');
  for (const f of toStart) letKeystoreReload(ctx, f.farmNode);
  const [notReloaded] = await Promise.all([awaitReloads(ctx, reloads), inParallel(toStart, 4, (f) => startAndWait(ctx, setup, f.farmNode))]);
  for (const f of notReloaded) {
    await restarts.stop(f, 'have it read its keystore');
    await startAndWait(ctx, setup, f.farmNode);
  }
  const restarted = restarts.restarted([...toStart, ...notReloaded]);
  const reloaded = names(inPlace.filter((f) => !notReloaded.includes(f)));

  const final = await analyse(ctx, true);
  if (!complete(final)) throw stillInconsistent(describe(final));
  const reloadedSentence = reloaded.length ? `; ${reloaded.join(', ')} reloaded ${reloaded.length === 1 ? 'its keystore' : 'their keystores'} in place` : '';
  ctx.report(`Trust and LTPA done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${restarted.length} restart${restarted.length === 1 ? '' : 's'} (${restarted.join(', ') || 'none'})${reloadedSentence}; the tutorial's procedure restarts every server twice (${2 * nodes.length} for ${nodes.length} nodes)`);
  return {
    restarts: restarted.length,
    restartedNodes: restarted,
    reloadedNodes: reloaded,
    started: names(toStart),
    keystoresCreated: names(created),
    certificatesExported: exported,
    keystoresUpdated: names(toChange.filter((f) => analysis.trustGaps.get(f.farmNode.node.name)?.length)),
    ltpaFrom: reference.from.farmNode.node.name,
    ltpaCopiedTo: ltpaCopied,
    ltpaFingerprint: reference.fingerprint,
    tutorialRestarts: 2 * nodes.length,
  };
}
