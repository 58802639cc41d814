/**
 * Doing it: certificates first (from the files alone), then everything else from the files as
 * they are then, written while the servers concerned are stopped; then every stopped server
 * starts, in parallel. In a fresh farm only the first node restarts (it runs since step 4); the
 * tutorial restarts every server twice (after the LTPA copy and after the certificate exchange).
 */
import { inParallel } from '../../source/engine/parallel.js';
import type { StepContext, StepOutputs } from '../../source/engine/step.js';
import { farmNodes } from '../../source/farm/nodes.js';
import { analyse, changesOf, complete, describe, farmKeysPassword } from './analysis.js';
import { stillInconsistent } from './fixes.js';
import { importPeerCertificates, prepareCertificates } from './keystores.js';
import { analyseWithLtpaKeys, shareLtpaKeys } from './ltpa-keys.js';
import { Restarts, startAndWait } from './restarts.js';

export async function run(ctx: StepContext): Promise<StepOutputs> {
  const started = Date.now();
  const { setup, nodes } = farmNodes(ctx);
  const password = farmKeysPassword(ctx);
  const restarts = new Restarts(ctx);

  const created = await prepareCertificates(ctx, restarts);
  const { analysis, reference } = await analyseWithLtpaKeys(ctx, setup, restarts, password);
  const toChange = analysis.facts.filter((f) => changesOf(analysis, f).length > 0);
  await inParallel(toChange, 4, (f) => restarts.stop(f, changesOf(analysis, f).join('; ')));
  const exported = await importPeerCertificates(ctx, analysis, toChange);
  const ltpaCopied = await shareLtpaKeys(ctx, analysis, reference, toChange, password);

  const toStart = analysis.facts.filter((f) => f.status !== 'running');
  await inParallel(toStart, 4, (f) => startAndWait(ctx, setup, f.farmNode));
  const restarted = restarts.restarted(toStart);

  const final = await analyse(ctx, true);
  if (!complete(final)) throw stillInconsistent(describe(final));
  ctx.report(`Trust and LTPA done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${restarted.length} restart${restarted.length === 1 ? '' : 's'} (${restarted.join(', ') || 'none'}); the tutorial's procedure restarts every server twice (${2 * nodes.length} for ${nodes.length} nodes)`);
  return {
    restarts: restarted.length,
    restartedNodes: restarted,
    started: toStart.map((f) => f.farmNode.node.name),
    keystoresCreated: created.map((f) => f.farmNode.node.name),
    certificatesExported: exported,
    keystoresUpdated: toChange.filter((f) => analysis.trustGaps.get(f.farmNode.node.name)?.length).map((f) => f.farmNode.node.name),
    ltpaFrom: reference.from.farmNode.node.name,
    ltpaCopiedTo: ltpaCopied,
    ltpaFingerprint: reference.fingerprint,
    tutorialRestarts: 2 * nodes.length,
  };
}
