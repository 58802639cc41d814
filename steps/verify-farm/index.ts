/**
 * Step 7 (and `pmf-wizard verify`): prove the farm is healthy instead of assuming it.
 * For every node: `server status` says running; it serves /mfpconsole (and no CWWKO0221E says a
 * port of it was taken); for every ordered pair (A, B) a TLS handshake to B's HTTPS port, as A's
 * JMX client makes it (only A's truststore, B's JMX host name checked), succeeds; all ltpa.keys
 * are the same and open with the same keysPassword; a session made by logging in on A is
 * accepted by every B; the administration API of every node lists all N members ALIVE.
 * The result is a node × check table; every failure names the node or pair and what
 * `pmf-wizard --resume` repairs.
 */
import fs from 'node:fs';
import { defaultKeystoreOf } from '../../source/adapters/keystore/default-keystore.js';
import { listEntries } from '../../source/adapters/keystore/keytool.js';
import type { StoreEntry } from '../../source/adapters/keystore/store-entry.js';
import { readServerXml } from '../../source/adapters/server-xml.js';
import { installedProduct, serverScript, serverStatus, type ServerState } from '../../source/adapters/liberty.js';
import { messagesLogOf } from '../../source/adapters/liberty-log.js';
import { ltpaConfigOf, ltpaFingerprint, ltpaPasswordOpens, readLtpaKeys } from '../../source/adapters/ltpa.js';
import { consoleLogin, farmMembers, sessionAccepted } from '../../source/adapters/pmf-admin.js';
import { checkConsole } from '../../source/adapters/pmf-console.js';
import { tlsHandshake } from '../../source/adapters/tls.js';
import { ExitCode, WizardError } from '../../source/engine/errors.js';
import type { OutputTable, Step, StepContext } from '../../source/engine/step.js';
import { inParallel } from '../../source/engine/parallel.js';
import { answersOf, isFarm } from '../../source/farm/answers.js';
import { farmNodes, farmSettingsOf, jmxHostOf, type FarmNode } from '../../source/farm/nodes.js';
import type { AntSetup } from '../../source/farm/ant.js';

export const CHECKS = ['running', 'console', 'trust', 'ltpa', 'session', 'farm'] as const;
export type CheckName = (typeof CHECKS)[number];

export interface CheckCell {
  ok: boolean;
  /** Short text for the table cell. */
  cell: string;
  detail: string;
}

export interface FarmFailure {
  check: CheckName;
  node: string;
  /** For pair checks: the other node (A → B). */
  peer?: string;
  detail: string;
  /** What `pmf-wizard --resume` does about it (or what the person must do). */
  repair: string;
}

export interface FarmReport {
  healthy: boolean;
  nodes: string[];
  checks: readonly CheckName[];
  table: Record<string, Record<CheckName, CheckCell>>;
  failures: FarmFailure[];
  checkedAt: string;
  durationMs: number;
  attempts: number;
}

export type VerifyContext = Pick<StepContext, 'answers' | 'stateDir' | 'runner' | 'signal' | 'addSecret'>;

interface NodeView {
  farmNode: FarmNode;
  name: string;
  base: string;
  status: ServerState;
  entries: StoreEntry[];
  own?: StoreEntry;
  keystoreError?: string;
  jmxHost: string;
  serverId?: string;
}

function portErrorsSinceLaunch(farmNode: FarmNode): string[] {
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

async function viewOf(ctx: VerifyContext, farmNode: FarmNode): Promise<NodeView> {
  const installDir = answersOf(ctx).liberty.installDir;
  const status: ServerState = fs.existsSync(serverScript(installDir)) && fs.existsSync(farmNode.serverXml) ? await serverStatus(ctx.runner, installDir, farmNode.node.name).catch(() => 'missing' as ServerState) : 'missing';
  const keystore = defaultKeystoreOf(farmNode.serverDir, installedProduct(answersOf(ctx).liberty.installDir)?.version);
  let entries: StoreEntry[] = [];
  let keystoreError: string | undefined;
  if (!keystore) keystoreError = `${farmNode.node.name}'s server.xml declares no defaultKeyStore`;
  else if (!fs.existsSync(keystore.file)) keystoreError = `${keystore.file} does not exist`;
  else {
    ctx.addSecret(keystore.password);
    try {
      entries = await listEntries(ctx.runner, keystore);
    } catch (error) {
      keystoreError = (error as Error).message;
    }
  }
  const settings = farmSettingsOf(readServerXml(farmNode.serverDir), farmNode.node);
  return {
    farmNode,
    name: farmNode.node.name,
    base: `http://127.0.0.1:${farmNode.node.httpPort}`,
    status,
    entries,
    own: entries.find((e) => e.alias === 'default' && e.kind === 'key') ?? entries.find((e) => e.kind === 'key'),
    keystoreError,
    jmxHost: jmxHostOf(farmNode),
    serverId: settings.serverId,
  };
}

function cellOf(ok: boolean, failedPeers: string[], detail: string, okText = 'ok'): CheckCell {
  return { ok, cell: ok ? okText : failedPeers.length ? `FAIL→${failedPeers.join(',')}` : 'FAIL', detail };
}

/** One pass of every check. */
async function checkOnce(ctx: VerifyContext, setup: AntSetup, nodes: FarmNode[]): Promise<Omit<FarmReport, 'durationMs' | 'attempts' | 'checkedAt'>> {
  const views = await inParallel(nodes, 4, (n) => viewOf(ctx, n));
  const names = views.map((v) => v.name);
  const failures: FarmFailure[] = [];
  const table: FarmReport['table'] = {};
  const user = answersOf(ctx).pmf.adminUser;
  const password = answersOf(ctx).pmf.adminPassword ?? '';
  const runtime = setup.runtimeContextRoot.slice(1);

  // LTPA reference: the keys most nodes hold (ties: the first node's).
  const ltpa = views.map((v) => {
    const config = ltpaConfigOf(v.farmNode.serverDir);
    const keys = readLtpaKeys(config.file);
    return { v, config, keys, fingerprint: keys ? ltpaFingerprint(keys) : undefined };
  });
  const counts = new Map<string, number>();
  for (const l of ltpa) if (l.fingerprint) counts.set(l.fingerprint, (counts.get(l.fingerprint) ?? 0) + 1);
  const best = Math.max(0, ...counts.values());
  const reference = ltpa.find((l) => l.fingerprint && counts.get(l.fingerprint) === best);

  // Logins, once per node, for the session check.
  const tokens = await inParallel(views, 4, async (v) => (v.status === 'running' ? consoleLogin(v.base, '/mfpconsole', user, password) : undefined));

  await inParallel(views, 4, async (a) => {
    const i = views.indexOf(a);
    const row = {} as Record<CheckName, CheckCell>;
    const fail = (check: CheckName, detail: string, repair: string, peer?: string) => failures.push({ check, node: a.name, peer, detail, repair });

    // running
    row.running = { ok: a.status === 'running', cell: a.status === 'running' ? 'ok' : a.status.toUpperCase(), detail: `server status ${a.name}: ${a.status}` };
    if (!row.running.ok) fail('running', `${a.name} is ${a.status === 'missing' ? 'missing (no such server)' : 'not running'}`, a.status === 'missing' ? `pmf-wizard --resume creates and installs ${a.name} (step add-nodes)` : `pmf-wizard --resume starts ${a.name} (step trust-and-ltpa)`);

    // console
    const portErrors = portErrorsSinceLaunch(a.farmNode);
    const serves = a.status === 'running' ? await checkConsole(a.base, '/mfpconsole') : { ok: false, detail: `${a.name} is not running` };
    const consoleOk = serves.ok && portErrors.length === 0;
    row.console = { ok: consoleOk, cell: consoleOk ? 'ok' : 'FAIL', detail: portErrors.length ? portErrors[0] : serves.detail };
    if (!consoleOk && a.status === 'running') {
      fail(
        'console',
        portErrors.length ? `${a.name}: a port is taken by another process: ${portErrors[0].trim()}` : `${a.name} does not serve /mfpconsole: ${serves.detail}`,
        portErrors.length ? `stop the process holding the port (ss -ltnp), then pmf-wizard --resume restarts ${a.name}` : `read ${messagesLogOf(a.farmNode.serverDir)}; pmf-wizard --resume re-checks the install of ${a.name}`,
      );
    }

    // trust: A → every B
    const trustFailed: string[] = [];
    const trustDetails: string[] = [];
    for (const b of views) {
      if (b === a) continue;
      if (a.keystoreError) {
        trustFailed.push(b.name);
        trustDetails.push(`${a.name} → ${b.name}: ${a.keystoreError}`);
        continue;
      }
      const knowsCurrent = b.own ? a.entries.some((e) => e.sha256 === b.own!.sha256) : false;
      const handshake = b.status === 'running' ? await tlsHandshake({ host: b.jmxHost, port: b.farmNode.node.httpsPort, ca: a.entries.map((e) => e.pem), timeoutMs: 8000 }) : { ok: false, detail: `${b.name} is not running` };
      if (knowsCurrent && handshake.ok) continue;
      trustFailed.push(b.name);
      const why = !b.own
        ? `${b.name} has no certificate (${b.keystoreError ?? 'no default entry'})`
        : !knowsCurrent
          ? `${a.name}'s keystore lacks ${b.name}'s current certificate (SHA-256 ${b.own.sha256.slice(0, 23)}…)${handshake.ok ? '' : `; handshake: ${handshake.detail}`}`
          : `handshake from ${a.name}'s truststore to ${b.jmxHost}:${b.farmNode.node.httpsPort} failed: ${handshake.detail}`;
      trustDetails.push(`${a.name} → ${b.name}: ${why}`);
      const repair = handshake.code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? `pmf-wizard --resume gives ${b.name} a certificate for ${b.jmxHost} (the host the members use, mfp.admin.jmx.host), imports it into the other keystores and restarts what changes`
        : !knowsCurrent
        ? `pmf-wizard --resume imports ${b.name}'s certificate into ${a.name}'s keystore and restarts ${a.name}`
        : b.status === 'running'
          ? `pmf-wizard --resume restarts ${b.name} so that it serves the certificate of its keystore`
          : `pmf-wizard --resume starts ${b.name}`;
      fail('trust', why, repair, b.name);
    }
    row.trust = cellOf(trustFailed.length === 0, trustFailed, trustFailed.length ? trustDetails.join('; ') : `${a.name} trusts ${views.length - 1} peer${views.length === 2 ? '' : 's'} (TLS handshakes succeeded)`);

    // ltpa
    const mine = ltpa[i];
    const ltpaProblems: string[] = [];
    if (!mine.keys) ltpaProblems.push(`${a.name} has no ${mine.config.file}`);
    else {
      if (reference && mine.fingerprint !== reference.fingerprint) ltpaProblems.push(`${a.name}'s ltpa.keys (${mine.fingerprint}) differs from ${reference.v.name}'s (${reference.fingerprint})`);
      if (!ltpaPasswordOpens(mine.keys, mine.config.password)) ltpaProblems.push(`${a.name}'s keysPassword does not open its ltpa.keys (Liberty logs CWWKS4106E)`);
    }
    if (reference && mine.config.password !== reference.config.password) ltpaProblems.push(`${a.name}'s <ltpa keysPassword> differs from ${reference.v.name}'s`);
    row.ltpa = { ok: ltpaProblems.length === 0, cell: ltpaProblems.length ? 'FAIL' : 'ok', detail: ltpaProblems.length ? ltpaProblems.join('; ') : `ltpa.keys ${mine.fingerprint}, opened by the farm keysPassword` };
    for (const problem of ltpaProblems) fail('ltpa', problem, `pmf-wizard --resume stops ${a.name}, gives it the farm's LTPA keys and keysPassword, and starts it`);

    // session: made on A, replayed on every B
    const token = tokens[i];
    const sessionFailed: string[] = [];
    const sessionDetails: string[] = [];
    if (!token || !token.ok) {
      const detail = token ? token.detail : `${a.name} is not running`;
      row.session = { ok: false, cell: 'FAIL', detail };
      if (token) fail('session', `login on ${a.name} failed: ${detail}`, `check pmf.adminPassword; pmf-wizard --resume repairs ${a.name}'s LTPA setup if that is the cause`);
    } else {
      for (const b of views) {
        if (b === a || b.status !== 'running') continue;
        const accepted = await sessionAccepted(b.base, '/mfpconsole', token.token);
        if (accepted.ok) continue;
        sessionFailed.push(b.name);
        sessionDetails.push(`a session made on ${a.name} is refused by ${b.name}: ${accepted.detail}`);
        fail('session', `a session made on ${a.name} is refused by ${b.name} (a person is logged out when the load balancer switches)`, `pmf-wizard --resume gives ${a.name} and ${b.name} the same LTPA keys and keysPassword and restarts the one that changes`, b.name);
      }
      row.session = cellOf(sessionFailed.length === 0, sessionFailed, sessionFailed.length ? sessionDetails.join('; ') : `a session made on ${a.name} is accepted by every other node`);
    }

    // farm: the admin API lists every member ALIVE
    if (views.length === 1) row.farm = { ok: true, cell: 'n/a', detail: 'a single node is not a farm' };
    else if (a.status !== 'running') row.farm = { ok: false, cell: 'FAIL', detail: `${a.name} is not running` };
    else {
      const answer = await farmMembers(a.base, setup.adminContextRoot, runtime, user, password);
      if (!answer.ok) {
        row.farm = { ok: false, cell: 'FAIL', detail: answer.detail };
        fail('farm', `${a.name}'s administration API: ${answer.detail}`, answer.status === 401 || answer.status === 403 ? 'check pmf.adminUser and pmf.adminPassword' : `read ${messagesLogOf(a.farmNode.serverDir)}`);
      } else {
        const expected = views.map((v) => v.serverId ?? v.name);
        const alive = expected.filter((id) => answer.members.some((m) => m.serverId === id && m.status === 'ALIVE'));
        const bad = expected.filter((id) => !alive.includes(id));
        row.farm = { ok: bad.length === 0, cell: `${alive.length}/${expected.length} ALIVE`, detail: answer.members.map((m) => `${m.serverId} ${m.status}${m.error ? ` (${m.error})` : ''}`).join('; ') || 'no members listed' };
        for (const id of bad) {
          const member = answer.members.find((m) => m.serverId === id);
          const peer = views.find((v) => (v.serverId ?? v.name) === id);
          const detail = member ? `${a.name}'s administration API lists ${id} as ${member.status}${member.error ? `: ${member.error}` : ''}` : `${a.name}'s administration API does not list ${id}`;
          const repair = member?.error && /host name verification|No name matching/i.test(member.error)
            ? `pmf-wizard --resume gives ${peer?.name ?? id} a certificate for the host the members use (mfp.admin.jmx.host) and restarts what changes`
            : member?.error && /SSL|CWPKI0022E|HANDSHAKE|PKIX/i.test(member.error)
            ? `pmf-wizard --resume imports ${peer?.name ?? id}'s certificate into ${a.name}'s keystore and restarts ${a.name}`
            : !member
              ? `pmf-wizard --resume starts ${peer?.name ?? id} (a member registers itself at start-up)`
              : `read the messages.log of ${peer?.name ?? id}; pmf-wizard --resume restarts what is not consistent`;
          fail('farm', detail, repair, peer?.name ?? id);
        }
      }
    }
    table[a.name] = row;
  });
  return { healthy: failures.length === 0, nodes: names, checks: CHECKS, table, failures };
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
    const pass = await checkOnce(ctx, setup, nodes);
    const report: FarmReport = { ...pass, checkedAt: new Date().toISOString(), durationMs: Date.now() - started, attempts: attempt };
    if (report.healthy || Date.now() >= deadline || ctx.signal.aborted) return report;
    options.onAttempt?.(report);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** The table and the failures, as lines for a terminal. */
/** The node × check table of a report, as the person sees it. */
export function reportTable(report: FarmReport): OutputTable {
  return { header: ['node', ...report.checks], rows: report.nodes.map((node) => [node, ...report.checks.map((check) => report.table[node]?.[check]?.cell ?? '?')]) };
}

export function formatFarmReport(report: FarmReport): string[] {
  const { header, rows } = reportTable(report);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const line = (row: string[]) => `  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd();
  const out = [`Farm verification: ${report.nodes.length} node${report.nodes.length === 1 ? '' : 's'}, ${report.healthy ? 'healthy' : `${report.failures.length} failed check${report.failures.length === 1 ? '' : 's'}`} (${(report.durationMs / 1000).toFixed(1)} s)`, line(header), ...rows.map(line)];
  for (const failure of report.failures) {
    out.push(`  ✗ ${failure.check} ${failure.peer ? `${failure.node} → ${failure.peer}` : failure.node}: ${failure.detail}`);
    out.push(`      repair: ${failure.repair}`);
  }
  return out;
}

/** Exit 3: the farm was built but is not healthy; carries the report (its table is the output tail). */
export class FarmNotHealthy extends WizardError {
  readonly report: FarmReport;
  readonly outputTail: string;
  constructor(report: FarmReport, message: string, fix: string) {
    super(message, fix, ExitCode.verifyFailed);
    this.report = report;
    this.outputTail = formatFarmReport(report).join('\n');
  }
}

export function verifyFailure(report: FarmReport, resume = 'pmf-wizard --resume'): FarmNotHealthy {
  const named = [...new Set(report.failures.map((f) => `${f.check} ${f.peer ? `${f.node}→${f.peer}` : f.node}`))];
  const repairs = [...new Set(report.failures.map((f) => f.repair))];
  return new FarmNotHealthy(
    report,
    `The farm is built but not healthy: ${named.slice(0, 8).join(', ')}${named.length > 8 ? `, and ${named.length - 8} more` : ''}`,
    `${resume} repairs it: ${repairs.slice(0, 4).join('; ')}${repairs.length > 4 ? '; …' : ''}. Then \`pmf-wizard verify\` shows the table again.`,
  );
}

export const verifyFarmStep: Step = {
  id: 'verify-farm',
  title: 'Verify the farm',
  questions: [],
  applies: isFarm,

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
