/** What run() would do, member by member, for --dry-run (the keysPassword shown as ****). */
import { serverScript } from '../../source/adapters/liberty.js';
import type { PlannedAction } from '../../source/engine/events.js';
import type { StepContext } from '../../source/engine/step.js';
import { answersOf } from '../../source/farm/answers.js';
import { defaultDn } from '../../source/farm/member-security.js';
import { analyse, changesOf, trustsInPlace, type FarmAnalysis } from './analysis.js';
import type { NodeFacts } from './facts.js';

function fileActions(analysis: FarmAnalysis, f: NodeFacts): PlannedAction[] {
  const name = f.farmNode.node.name;
  const actions: PlannedAction[] = [];
  if (analysis.renewed.has(name) && f.keystoreExists && f.keystore) actions.push({ summary: `Make ${name} a new key pair "default" and certificate for ${f.jmxHost} (${defaultDn(f.farmNode)})`, file: f.keystore.file });
  if (!f.keystoreExists && f.keystore) {
    actions.push({ summary: `Create ${name}'s keystore offline (${defaultDn(f.farmNode)})`, command: ['keytool', '-genkeypair', '-alias', 'default', '-keystore', f.keystore.file, '-storepass:env', 'PMF_WIZARD_STOREPASS', '…'] });
  }
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
  return actions;
}

export async function planActions(ctx: StepContext): Promise<PlannedAction[]> {
  const analysis = await analyse(ctx, true);
  const script = serverScript(answersOf(ctx).liberty.installDir);
  return analysis.facts.flatMap((f) => {
    const changes = changesOf(analysis, f);
    const name = f.farmNode.node.name;
    const reload: PlannedAction[] = f.keystore && !f.keystore.reloads ? [{ summary: `Set updateTrigger="polled" on ${name}'s defaultKeyStore, so that it reloads its keystore when a peer is added`, file: f.farmNode.serverXml }] : [];
    const start: PlannedAction = { summary: `Start server ${name}`, command: [script, 'start', name] };
    if (trustsInPlace(analysis, f)) return [...fileActions(analysis, f), { summary: `Wait for ${name} to reload its keystore (CWPKI0811I in messages.log): no restart` }];
    if (!changes.length) return f.status !== 'running' ? [...reload, start] : [];
    const stop: PlannedAction[] = f.status === 'running' ? [{ summary: `Stop server ${name} (${changes.join('; ')})`, command: [script, 'stop', name] }] : [];
    return [...stop, ...fileActions(analysis, f), ...reload, start];
  });
}
