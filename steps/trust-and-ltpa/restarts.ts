/**
 * Stopping and starting members: only a server whose files change while it runs is stopped, and
 * each is started once at the end, so a member restarts at most once whatever changes. A running
 * member that only gains peers' certificates, in a keystore it reloads, is not stopped at all.
 */
import { defaultKeystoreOf } from '../../source/adapters/keystore/default-keystore.js';
import { installedProduct, serverScript, stopServer } from '../../source/adapters/liberty.js';
import { markLog, messagesLogOf, waitForFiles, waitForKeystoreReload, type LogMark } from '../../source/adapters/liberty-log.js';
import { ltpaConfigOf } from '../../source/adapters/ltpa.js';
import type { StepContext } from '../../source/engine/step.js';
import type { AntSetup } from '../../source/farm/ant.js';
import { answersOf } from '../../source/farm/answers.js';
import type { FarmNode } from '../../source/farm/nodes.js';
import { startNode } from '../../source/farm/server-start.js';
import type { NodeFacts } from './facts.js';
import { securityErrorAtStart, securityFilesNotWritten } from './fixes.js';

/** The servers add-nodes left stopped after installing PMF on them (their start here is not a restart). */
function stoppedByAddNodes(ctx: StepContext): Set<string> {
  const stopped = ctx.outputsOf('add-nodes')?.stopped;
  return new Set(Array.isArray(stopped) ? stopped.filter((name): name is string => typeof name === 'string' && name !== '') : []);
}

/** The servers this run stops, so that the outputs can count the restarts. */
export class Restarts {
  private readonly stoppedBefore: Set<string>;
  private readonly stoppedHere = new Set<string>();

  constructor(private readonly ctx: StepContext) {
    this.stoppedBefore = stoppedByAddNodes(ctx);
  }

  /** Stops a running server before its files change; its facts then say stopped. */
  async stop(f: NodeFacts, why: string): Promise<void> {
    if (f.status !== 'running') return;
    const name = f.farmNode.node.name;
    this.ctx.report(`Stopping server ${name} to ${why}`);
    await stopServer(this.ctx.runner, answersOf(this.ctx).liberty.installDir, name);
    f.status = 'stopped';
    this.stoppedHere.add(name);
  }

  /** The servers that ran with the old files and run now with the new ones, sorted. */
  restarted(started: NodeFacts[]): string[] {
    const startedAgain = started.map((f) => f.farmNode.node.name).filter((name) => this.stoppedBefore.has(name));
    return [...new Set([...this.stoppedHere, ...startedAgain])].sort();
  }
}

/** Starts a member and waits until it serves PMF and has written its keystore and LTPA keys. */
export async function startAndWait(ctx: StepContext, setup: AntSetup, farmNode: FarmNode): Promise<void> {
  const installDir = answersOf(ctx).liberty.installDir;
  const { node, serverDir } = farmNode;
  const log = messagesLogOf(serverDir);
  const command = `${serverScript(installDir)} start ${node.name}`;
  const outcome = await startNode(ctx, setup, farmNode);
  const ltpaError = outcome.state.errors.find((line) => /CWWKS4106E|CWPKI0033E/.test(line));
  if (ltpaError) throw securityErrorAtStart(node.name, ltpaError, log, command);
  const keystore = defaultKeystoreOf(serverDir, installedProduct(installDir)?.version);
  const files = [ltpaConfigOf(serverDir).file, ...(keystore ? [keystore.file] : [])];
  const missing = await waitForFiles(files, 60_000, ctx.signal);
  if (missing.length) throw securityFilesNotWritten(node.name, missing, log, command);
  ctx.report(`Server ${node.name} is ready`);
}

/** How long a running member may take to log its keystore's reload before it is restarted instead. */
const RELOAD_TIMEOUT_MS = 60_000;

/** Where each member's messages.log is before its keystore changes. */
export function markReloads(members: NodeFacts[]): Map<NodeFacts, LogMark> {
  return new Map(members.map((f) => [f, markLog(messagesLogOf(f.farmNode.serverDir))]));
}

/** Waits for each member to reload its changed keystore (CWPKI0811I); returns those that did not. */
export async function awaitReloads(ctx: StepContext, marks: Map<NodeFacts, LogMark>): Promise<NodeFacts[]> {
  const reloaded = await Promise.all(
    [...marks].map(async ([f, mark]) => {
      const file = f.keystore?.file ?? '';
      const ok = await waitForKeystoreReload(mark, file, RELOAD_TIMEOUT_MS, ctx.signal);
      ctx.report(ok ? `Server ${f.farmNode.node.name} reloaded its keystore (CWPKI0811I): no restart` : `Server ${f.farmNode.node.name} did not log the reload of ${file} (CWPKI0811I) within ${RELOAD_TIMEOUT_MS / 1000} s: it restarts instead`);
      return ok;
    }),
  );
  return [...marks.keys()].filter((_, i) => !reloaded[i]);
}
