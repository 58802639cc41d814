/**
 * Step 7 (and `pmf-wizard verify`): prove the farm is healthy instead of assuming it.
 * For every node: `server status` says running; it serves /mfpconsole (and no CWWKO0221E says a
 * port of it was taken); for every ordered pair (A, B) a TLS handshake to B's HTTPS port, as A's
 * JMX client makes it (only A's truststore, B's JMX host name checked), succeeds; all ltpa.keys
 * are the same and open with the same keysPassword; a session made by logging in on A is
 * accepted by every B; the first running node's Server Farm Nodes lists all N members ALIVE.
 * The result is a node × check table; every failure names the node or pair and what
 * `pmf-wizard --resume` repairs.
 */
import { consoleLogin } from '../../source/adapters/pmf-admin.js';
import { InterruptedError } from '../../source/engine/errors.js';
import type { Step } from '../../source/engine/step.js';
import { answersOf } from '../../source/farm/answers.js';
import type { AntSetup } from '../../source/farm/ant.js';
import { farmNodes, type FarmNode } from '../../source/farm/nodes.js';
import { verifyFarmDeclaration } from './declaration.js';
import { askFarmMembers, consoleCheck, farmCheck, ltpaCheck, ltpaReference, runningCheck, sessionCheck, trustCheck, type AdminApi, type FarmListing } from './checks.js';
import { CHECKS, formatFarmReport, reportTable, verifyFailure, type CheckCell, type CheckName, type FarmFailure, type FarmReport } from './report.js';
import { baseUrlOf, statusOf, viewOf, type NodeView, type VerifyContext } from './views.js';

export { formatFarmReport, verifyFailure, type FarmReport } from './report.js';
export type { VerifyContext } from './views.js';

/** Every check of one node; the pair checks (A → each B) run at the same time. */
async function checkNode(a: NodeView, views: NodeView[], reference: NodeView | undefined, api: AdminApi, listing: Promise<FarmListing | undefined>) {
  const login = a.status === 'running' ? await consoleLogin(a.base, '/mfpconsole', api.user, api.password) : undefined;
  const [consoleResult, trust, session, farmList] = await Promise.all([consoleCheck(a), trustCheck(a, views), sessionCheck(a, views, login), listing]);
  const results = { running: runningCheck(a), console: consoleResult, trust, ltpa: ltpaCheck(a, reference), session, farm: farmCheck(a, views, farmList) };
  const row = Object.fromEntries(CHECKS.map((check) => [check, results[check].cell])) as Record<CheckName, CheckCell>;
  return { row, failures: CHECKS.flatMap((check) => results[check].failures) };
}

/** One pass of every check, every node at once (the checks wait on sockets, not on the CPU). */
async function checkOnce(ctx: VerifyContext, setup: AntSetup, nodes: FarmNode[]): Promise<Omit<FarmReport, 'durationMs' | 'attempts' | 'checkedAt'>> {
  const { pmf } = answersOf(ctx);
  const api: AdminApi = { adminContextRoot: setup.adminContextRoot, runtime: setup.runtimeContextRoot.slice(1), user: pmf.adminUser, password: pmf.adminPassword ?? '' };
  const statuses = await Promise.all(nodes.map((n) => statusOf(ctx, n)));
  const asked = askFarmMembers(nodes.map((n, i) => ({ status: statuses[i], base: baseUrlOf(n) })), api);
  // One turn of the event loop, so that the request is on the wire before the views' synchronous work (keystores, {aes} keys).
  await new Promise((resolve) => setImmediate(resolve));
  const views = await Promise.all(nodes.map((n, i) => viewOf(ctx, n, statuses[i])));
  const listing: Promise<FarmListing | undefined> = asked.then((found) => found && { asked: views[found.index], answer: found.answer });
  const reference = ltpaReference(views);
  const checked = await Promise.all(views.map((a) => checkNode(a, views, reference, api, listing)));
  const failures: FarmFailure[] = checked.flatMap((c) => c.failures);
  const table = Object.fromEntries(views.map((v, i) => [v.name, checked[i].row]));
  return { healthy: failures.length === 0, nodes: views.map((v) => v.name), checks: CHECKS, table, failures };
}

/** The pass, or InterruptedError as soon as the run is interrupted (its checks wait on sockets for up to 30 s). */
function unlessInterrupted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new InterruptedError());
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new InterruptedError());
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/**
 * Runs the verification; when `waitMs` is set, checks again until healthy or the time is up
 * (members register and become ALIVE a little after their start).
 */
export async function verifyFarm(ctx: VerifyContext, options: { waitMs?: number; onAttempt?: (report: FarmReport) => void } = {}): Promise<FarmReport> {
  const started = Date.now();
  const { setup, nodes } = farmNodes(ctx);
  const deadline = started + (options.waitMs ?? 0);
  for (let attempt = 1; ; attempt++) {
    const pass = await unlessInterrupted(checkOnce(ctx, setup, nodes), ctx.signal);
    const report: FarmReport = { ...pass, checkedAt: new Date().toISOString(), durationMs: Date.now() - started, attempts: attempt };
    if (report.healthy || Date.now() >= deadline) return report;
    options.onAttempt?.(report);
    await unlessInterrupted(new Promise((resolve) => setTimeout(resolve, 1000)), ctx.signal);
  }
}

export const verifyFarmStep: Step = {
  ...verifyFarmDeclaration,

  async isDone() {
    return { done: false, detail: 'the farm is verified on every run' };
  },

  async plan(ctx) {
    const { nodes } = farmNodes(ctx);
    return [
      {
        summary: `Check ${nodes.length} nodes: server status, /mfpconsole, TLS handshakes for the ${nodes.length * (nodes.length - 1)} ordered pairs, the same LTPA keys and keysPassword, a session replayed on every other node, and the farm API listing every member ALIVE`,
      },
    ];
  },

  async run(ctx) {
    let reported = 0;
    const report = await verifyFarm(ctx, {
      waitMs: 120_000,
      onAttempt: (partial) => {
        if (reported++ === 0) ctx.report(`Not healthy yet (${partial.failures.length} failed checks): the members may still be registering; checking again for up to 2 minutes`);
      },
    });
    for (const line of formatFarmReport(report)) ctx.report(line);
    if (!report.healthy) throw verifyFailure(report);
    return { healthy: true, table: reportTable(report), durationMs: report.durationMs };
  },
};
