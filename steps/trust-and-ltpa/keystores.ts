/**
 * The certificate work: a keystore Liberty has not generated yet (a server never started) is
 * created offline exactly as Liberty would, so a new server starts for the first time with its
 * final configuration; then each keystore that lacks peers gets all of them in one
 * `keytool -importkeystore` (O(N) keytool runs instead of the tutorial's per-pair commands).
 */
import { createDefaultCertificate, deleteEntry, importTrustedCertificates } from '../../source/adapters/keystore/keytool.js';
import { inParallel } from '../../source/engine/parallel.js';
import type { StepContext } from '../../source/engine/step.js';
import { createMemberKeystore, defaultDn } from '../../source/farm/member-security.js';
import { analyse, type FarmAnalysis } from './analysis.js';
import type { NodeFacts } from './facts.js';
import { notInstalledEverywhere } from './fixes.js';
import type { Restarts } from './restarts.js';

export function peerAlias(nodeName: string): string {
  return `farm-${nodeName}`.toLowerCase();
}

/**
 * A keystore's key pair made again (its certificate does not name the host the members use, or a
 * crash or a hand deleted it) or made for the first time.
 */
async function makeCertificate(ctx: StepContext, restarts: Restarts, f: NodeFacts): Promise<void> {
  const name = f.farmNode.node.name;
  const keystore = f.keystore;
  // analyse() reports a member without a keystore declaration as a problem, and the caller stops there.
  if (!keystore) return;
  if (f.keystoreExists) {
    await restarts.stop(f, `give it a certificate for ${f.jmxHost}`);
    ctx.report(
      f.own
        ? `${name}'s certificate (${f.own.subject}) does not name ${f.jmxHost}, the host the other members reach it by (mfp.admin.jmx.host): making a new one`
        : `${name}'s keystore ${keystore.file} holds no key pair "default" (its own certificate): making a new one for ${f.jmxHost}`,
    );
    // Also a trusted certificate under that alias: keytool -genkeypair refuses an alias that exists.
    if (f.entries.some((entry) => entry.alias === 'default')) await deleteEntry(ctx.runner, keystore, 'default');
    await createDefaultCertificate(ctx.runner, keystore, defaultDn(f.farmNode));
  } else {
    await restarts.stop(f, 'create its keystore');
    await createMemberKeystore(ctx, f.farmNode, keystore);
  }
}

/** Every member gets a keystore whose certificate names the host the others use; returns those changed. */
export async function prepareCertificates(ctx: StepContext, restarts: Restarts): Promise<NodeFacts[]> {
  const analysis = await analyse(ctx, false);
  if (analysis.problems.length) throw notInstalledEverywhere(analysis.problems);
  const changed = analysis.facts.filter((f) => analysis.renewed.has(f.farmNode.node.name));
  await inParallel(changed, 4, (f) => makeCertificate(ctx, restarts, f));
  return changed;
}

/** One import per keystore, with every peer it lacks; returns the members whose certificates were exported. */
export async function importPeerCertificates(ctx: StepContext, analysis: FarmAnalysis, toChange: NodeFacts[]): Promise<string[]> {
  const exported = new Set<string>();
  await inParallel(toChange, 4, async (f) => {
    // A peer still to be renewed has no certificate to give yet (prepareCertificates runs first).
    const ready = (analysis.trustGaps.get(f.farmNode.node.name) ?? []).filter((g) => !analysis.renewed.has(g.farmNode.node.name));
    const gaps = ready.flatMap((g) => (g.own ? [{ name: g.farmNode.node.name, own: g.own }] : []));
    if (!gaps.length || !f.keystore) return;
    for (const g of gaps) exported.add(g.name);
    ctx.report(`${f.farmNode.node.name} now trusts ${gaps.map((g) => `${g.name} (${g.own.subject}, SHA-256 ${g.own.sha256.slice(0, 14)}…)`).join(', ')}`);
    await importTrustedCertificates(ctx.runner, f.keystore, gaps.map((g) => ({ alias: peerAlias(g.name), pem: g.own.pem })));
  });
  return [...exported].sort();
}
