import { messagesLogOf } from '../../source/adapters/liberty-log.js';
import { ltpaPasswordOpens } from '../../source/adapters/ltpa.js';
import { farmMembers, sessionAccepted, type FarmAnswer, type LoginAnswer } from '../../source/adapters/pmf-admin.js';
import { checkConsole } from '../../source/adapters/pmf-console.js';
import { tlsHandshake, type HandshakeResult } from '../../source/adapters/tls.js';
import type { CheckCell, CheckName, FarmFailure } from './report.js';
import type { ServerState } from '../../source/adapters/liberty.js';
import { portErrorsSinceLaunch, type NodeView } from './views.js';

/** One check of one node: its table cell and what failed, each with its repair. */
export interface CheckResult {
  cell: CheckCell;
  failures: FarmFailure[];
}

type Failure = Omit<FarmFailure, 'check' | 'node'>;

/** A failed pair; `repair` absent when the failure is reported from the other side. */
type PairFailure = Omit<Failure, 'repair'> & { repair?: string };

function result(check: CheckName, a: NodeView, cell: CheckCell, failures: Failure[] = []): CheckResult {
  return { cell, failures: failures.map((f) => ({ check, node: a.name, ...f })) };
}

function cellOf(ok: boolean, failedPeers: string[], detail: string, okText = 'ok'): CheckCell {
  return { ok, cell: ok ? okText : failedPeers.length ? `FAIL→${failedPeers.join(',')}` : 'FAIL', detail };
}

export function runningCheck(a: NodeView): CheckResult {
  const ok = a.status === 'running';
  const cell = { ok, cell: ok ? 'ok' : a.status.toUpperCase(), detail: `server status ${a.name}: ${a.status}` };
  if (ok) return result('running', a, cell);
  const missing = a.status === 'missing';
  return result('running', a, cell, [
    {
      detail: `${a.name} is ${missing ? 'missing (no such server)' : 'not running'}`,
      repair: missing ? `pmf-wizard --resume creates and installs ${a.name} (step add-nodes)` : `pmf-wizard --resume starts ${a.name} (step trust-and-ltpa)`,
    },
  ]);
}

export async function consoleCheck(a: NodeView): Promise<CheckResult> {
  const portErrors = portErrorsSinceLaunch(a.farmNode);
  const serves = a.status === 'running' ? await checkConsole(a.base, '/mfpconsole') : { ok: false, detail: `${a.name} is not running` };
  const ok = serves.ok && portErrors.length === 0;
  const cell = { ok, cell: ok ? 'ok' : 'FAIL', detail: portErrors.length ? portErrors[0] : serves.detail };
  if (ok || a.status !== 'running') return result('console', a, cell);
  return result('console', a, cell, [
    portErrors.length
      ? { detail: `${a.name}: a port is taken by another process: ${portErrors[0].trim()}`, repair: `stop the process holding the port (ss -ltnp), then pmf-wizard --resume restarts ${a.name}` }
      : { detail: `${a.name} does not serve /mfpconsole: ${serves.detail}`, repair: `read ${messagesLogOf(a.farmNode.serverDir)}; pmf-wizard --resume re-checks the install of ${a.name}` },
  ]);
}

/** The repair of a keystore lacking a peer: a server that reloads its keystore is not restarted. */
function importRepair(a: NodeView, peerName: string): string {
  return `pmf-wizard --resume imports ${peerName}'s certificate into ${a.name}'s keystore and ${a.reloadsKeystore && a.status === 'running' ? `${a.name} reloads it (no restart)` : `restarts ${a.name}`}`;
}

function trustRepair(a: NodeView, b: NodeView, knowsCurrent: boolean, handshake: HandshakeResult): string {
  if (handshake.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `pmf-wizard --resume gives ${b.name} a certificate for ${b.jmxHost} (the host the members use, mfp.admin.jmx.host), imports it into the other keystores and restarts what changes`;
  }
  if (!knowsCurrent) return importRepair(a, b.name);
  return b.status === 'running' ? `pmf-wizard --resume restarts ${b.name} so that it serves the certificate of its keystore` : `pmf-wizard --resume starts ${b.name}`;
}

/** A → B as A's JMX client makes it: only A's truststore, B's JMX host name checked. */
async function trustPair(a: NodeView, b: NodeView): Promise<PairFailure | undefined> {
  if (a.keystoreError) return { peer: b.name, detail: `${a.name} → ${b.name}: ${a.keystoreError}` };
  const knowsCurrent = b.own ? a.entries.some((e) => e.sha256 === b.own!.sha256) : false;
  const handshake: HandshakeResult =
    b.status === 'running' ? await tlsHandshake({ host: b.jmxHost, port: b.farmNode.node.httpsPort, ca: a.entries.map((e) => e.pem), timeoutMs: 8000 }) : { ok: false, detail: `${b.name} is not running` };
  if (knowsCurrent && handshake.ok) return undefined;
  const why = !b.own
    ? `${b.name} has no certificate (${b.keystoreError ?? 'no default entry'})`
    : !knowsCurrent
      ? `${a.name}'s keystore lacks ${b.name}'s current certificate (SHA-256 ${b.own.sha256.slice(0, 23)}…)${handshake.ok ? '' : `; handshake: ${handshake.detail}`}`
      : `handshake from ${a.name}'s truststore to ${b.jmxHost}:${b.farmNode.node.httpsPort} failed: ${handshake.detail}`;
  return { peer: b.name, detail: why, repair: trustRepair(a, b, knowsCurrent, handshake) };
}

export async function trustCheck(a: NodeView, views: NodeView[]): Promise<CheckResult> {
  const peers = views.filter((b) => b !== a);
  const failed = (await Promise.all(peers.map((b) => trustPair(a, b)))).filter((f): f is PairFailure => f !== undefined);
  const ok = failed.length === 0;
  const cell = cellOf(ok, failed.map((f) => f.peer ?? ''), ok ? `${a.name} trusts ${peers.length} peer${peers.length === 1 ? '' : 's'} (TLS handshakes succeeded)` : failed.map((f) => (f.detail.startsWith(`${a.name} → `) ? f.detail : `${a.name} → ${f.peer}: ${f.detail}`)).join('; '));
  // A keystore that cannot be read fails every pair in A's cell; the failure is counted where the
  // peers find no certificate of A.
  return result('trust', a, cell, failed.flatMap((f) => (f.repair === undefined ? [] : [{ ...f, repair: f.repair }])));
}

/** The LTPA keys most nodes hold (ties: the first node's). */
export function ltpaReference(views: NodeView[]): NodeView | undefined {
  const counts = new Map<string, number>();
  for (const v of views) if (v.ltpa.fingerprint) counts.set(v.ltpa.fingerprint, (counts.get(v.ltpa.fingerprint) ?? 0) + 1);
  const best = Math.max(0, ...counts.values());
  return views.find((v) => v.ltpa.fingerprint && counts.get(v.ltpa.fingerprint) === best);
}

export function ltpaCheck(a: NodeView, reference: NodeView | undefined): CheckResult {
  const mine = a.ltpa;
  const problems: string[] = [];
  if (!mine.keys) problems.push(`${a.name} has no ${mine.file}`);
  else {
    if (reference && mine.fingerprint !== reference.ltpa.fingerprint) problems.push(`${a.name}'s ltpa.keys (${mine.fingerprint}) differs from ${reference.name}'s (${reference.ltpa.fingerprint})`);
    if (!ltpaPasswordOpens(mine.keys, mine.password)) problems.push(`${a.name}'s keysPassword does not open its ltpa.keys (Liberty logs CWWKS4106E)`);
  }
  if (reference && mine.password !== reference.ltpa.password) problems.push(`${a.name}'s <ltpa keysPassword> differs from ${reference.name}'s`);
  const cell = { ok: problems.length === 0, cell: problems.length ? 'FAIL' : 'ok', detail: problems.length ? problems.join('; ') : `ltpa.keys ${mine.fingerprint}, opened by the farm keysPassword` };
  return result('ltpa', a, cell, problems.map((detail) => ({ detail, repair: `pmf-wizard --resume stops ${a.name}, gives it the farm's LTPA keys and keysPassword, and starts it` })));
}

/** A session made by logging in on A, replayed on every other running node. */
export async function sessionCheck(a: NodeView, views: NodeView[], login: LoginAnswer | undefined): Promise<CheckResult> {
  if (!login || !login.ok) {
    const detail = login ? login.detail : `${a.name} is not running`;
    const failures = login ? [{ detail: `login on ${a.name} failed: ${detail}`, repair: `check pmf.adminPassword; pmf-wizard --resume repairs ${a.name}'s LTPA setup if that is the cause` }] : [];
    return result('session', a, { ok: false, cell: 'FAIL', detail }, failures);
  }
  const peers = views.filter((b) => b !== a && b.status === 'running');
  const answers = await Promise.all(peers.map((b) => sessionAccepted(b.base, '/mfpconsole', login.token)));
  const refused = peers.filter((_, i) => !answers[i].ok);
  const details = refused.map((b) => `a session made on ${a.name} is refused by ${b.name}: ${answers[peers.indexOf(b)].detail}`);
  const cell = cellOf(refused.length === 0, refused.map((b) => b.name), refused.length ? details.join('; ') : `a session made on ${a.name} is accepted by every other node`);
  return result(
    'session',
    a,
    cell,
    refused.map((b) => ({
      peer: b.name,
      detail: `a session made on ${a.name} is refused by ${b.name} (a person is logged out when the load balancer switches)`,
      repair: `pmf-wizard --resume gives ${a.name} and ${b.name} the same LTPA keys and keysPassword and restarts the one that changes`,
    })),
  );
}

function memberRepair(a: NodeView, peerName: string, member: { error?: string } | undefined): string {
  if (member?.error && /host name verification|No name matching/i.test(member.error)) {
    return `pmf-wizard --resume gives ${peerName} a certificate for the host the members use (mfp.admin.jmx.host) and restarts what changes`;
  }
  if (member?.error && /SSL|CWPKI0022E|HANDSHAKE|PKIX/i.test(member.error)) return importRepair(a, peerName);
  return !member ? `pmf-wizard --resume starts ${peerName} (a member registers itself at start-up)` : `read the messages.log of ${peerName}; pmf-wizard --resume restarts what is not consistent`;
}

export interface AdminApi {
  adminContextRoot: string;
  runtime: string;
  user: string;
  password: string;
}

/** What one running node's Server Farm Nodes lists: asked once a pass, as an administrator reads one console. */
export interface FarmListing {
  asked: NodeView;
  answer: FarmAnswer;
}

/**
 * Asks the first running node's administration API for the farm members; returns which node was
 * asked. Its server probes every member over JMX, so one listing checks every member; asking each
 * node would make N² probes, and every pair's TLS with the asker's truststore is the trust
 * check's part. A JMX connection takes its server about 2 s whatever the number of members, so
 * the listing is asked as soon as the nodes' status is known, while the rest is read.
 */
export async function askFarmMembers(nodes: { status: ServerState; base: string }[], api: AdminApi): Promise<{ index: number; answer: FarmAnswer } | undefined> {
  const index = nodes.findIndex((n) => n.status === 'running');
  if (index < 0 || nodes.length === 1) return undefined;
  return { index, answer: await farmMembers(nodes[index].base, api.adminContextRoot, api.runtime, api.user, api.password) };
}

/** A is listed ALIVE under Server Farm Nodes. */
export function farmCheck(a: NodeView, views: NodeView[], listing: FarmListing | undefined): CheckResult {
  if (views.length === 1) return result('farm', a, { ok: true, cell: 'n/a', detail: 'a single node is not a farm' });
  // With no node running there is no list to read: the running check names every node.
  if (!listing) return result('farm', a, { ok: false, cell: 'FAIL', detail: 'no node is running to list the farm members' });
  const { asked, answer } = listing;
  if (!answer.ok) {
    const cell = { ok: false, cell: 'FAIL', detail: answer.detail };
    if (a !== asked) return result('farm', a, cell);
    const repair = answer.status === 401 || answer.status === 403 ? 'check pmf.adminUser and pmf.adminPassword' : `read ${messagesLogOf(a.farmNode.serverDir)}`;
    return result('farm', a, cell, [{ detail: `${a.name}'s administration API: ${answer.detail}`, repair }]);
  }
  const id = a.serverId ?? a.name;
  const member = answer.members.find((m) => m.serverId === id);
  const ok = member?.status === 'ALIVE';
  const detail = member
    ? `${asked.name}'s Server Farm Nodes lists ${id} as ${member.status}${member.error ? `: ${member.error}` : ''}`
    : `${asked.name}'s Server Farm Nodes does not list ${id}`;
  const cell = { ok, cell: ok ? 'ALIVE' : member ? member.status || 'FAIL' : 'NOT LISTED', detail };
  return result('farm', a, cell, ok ? [] : [{ detail, repair: memberRepair(asked, a.name, member) }]);
}
