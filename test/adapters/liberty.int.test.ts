/**
 * What real Liberty (the pinned runtime, extracted once) teaches the adapters: `server create`
 * and `status` exit codes, the default keystore as key.p12 opened with server.env's
 * keystore_password, LTPA keys written with the release's default keysPassword, files written
 * after "ready", and a server that says "ready" with no features after a server.xml error.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultKeystoreOf } from '../../source/adapters/keystore/default-keystore.js';
import { listEntries } from '../../source/adapters/keystore/keytool.js';
import { createServer, installedProduct, serverDir, serverStatus, startServer, stopServer } from '../../source/adapters/liberty.js';
import { markLog, messagesLogOf, waitForFiles, waitForStart } from '../../source/adapters/liberty-log.js';
import { DEFAULT_LTPA_PASSWORD, ltpaConfigOf, ltpaPasswordOpens, readLtpaKeys } from '../../source/adapters/ltpa.js';
import { freePort } from '../../scripts/local-services.mjs';
import { CommandRunner } from '../../source/adapters/process.js';
import { RunLog } from '../../source/engine/log.js';
import { Redactor } from '../../source/engine/redact.js';
import { libertyArchive } from '../support/liberty.js';

const runner = new CommandRunner({ log: new RunLog(new Redactor()), redactor: new Redactor() });
let dir: string;
let wlp: string;
const started: string[] = [];

async function serverXml(name: string, body: string): Promise<{ http: number; https: number }> {
  const ports = { http: await freePort(), https: await freePort() };
  fs.writeFileSync(
    path.join(serverDir(wlp, name), 'server.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<server>\n  <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="${ports.http}" httpsPort="${ports.https}"/>\n${body}\n</server>\n`,
  );
  return ports;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liberty-real-'));
  execFileSync('unzip', ['-q', libertyArchive, '-d', dir]);
  wlp = path.join(dir, 'wlp');
});

afterAll(async () => {
  for (const name of started) await stopServer(runner, wlp, name).catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('real Liberty under the adapters', () => {
  it('says what it is, creates a server once and tells a missing server from a stopped one', async () => {
    expect(installedProduct(wlp)).toMatchObject({ name: 'Open Liberty', version: '26.0.0.3' });
    expect(await serverStatus(runner, wlp, 'secure')).toBe('missing');
    expect(await createServer(runner, wlp, 'secure')).toBe('created');
    expect(await createServer(runner, wlp, 'secure')).toBe('exists');
    expect(await serverStatus(runner, wlp, 'secure')).toBe('stopped');
    expect(fs.readFileSync(path.join(serverDir(wlp, 'secure'), 'server.env'), 'utf8')).toMatch(/^keystore_password=\w{23}/);
  });

  it('makes key.p12 with server.env\'s keystore_password and LTPA keys with the default keysPassword, some of it after "ready"', async () => {
    const ports = await serverXml('secure', '  <featureManager><feature>appSecurity-3.0</feature><feature>ssl-1.0</feature><feature>servlet-4.0</feature></featureManager>');
    const home = serverDir(wlp, 'secure');
    const keystore = defaultKeystoreOf(home, installedProduct(wlp)!.version)!;
    expect(path.basename(keystore.file)).toBe('key.p12');
    const mark = markLog(messagesLogOf(home));
    started.push('secure');
    expect(await startServer(runner, wlp, 'secure')).toBe('started');
    expect((await waitForStart({ mark, apps: [], ports: [ports.http, ports.https], timeoutMs: 120_000 })).status).toBe('started');
    // What the server caches under workarea/ (its configuration's passwords too) is closed to other users.
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    const ltpa = ltpaConfigOf(home);
    expect(await waitForFiles([keystore.file, ltpa.file], 60_000)).toEqual([]);
    const entries = await listEntries(runner, keystore);
    expect(entries.find((entry) => entry.alias === 'default')).toMatchObject({ kind: 'key', subject: expect.stringContaining('OU=secure') });
    expect(ltpa).toMatchObject({ password: DEFAULT_LTPA_PASSWORD, explicit: false });
    expect(ltpaPasswordOpens(readLtpaKeys(ltpa.file)!, DEFAULT_LTPA_PASSWORD)).toBe(true);
    expect(await serverStatus(runner, wlp, 'secure')).toBe('running');
    expect(await startServer(runner, wlp, 'secure')).toBe('already-running');
    expect(await stopServer(runner, wlp, 'secure')).toBe('stopped');
    expect(await stopServer(runner, wlp, 'secure')).toBe('not-running');
  });

  it('a server.xml error: Liberty says "ready" with no features, the adapter says configuration error', async () => {
    await createServer(runner, wlp, 'broken');
    const ports = await serverXml('broken', '  <featureManager><feature>servlet-4.0</feature></featureManager>\n  <jndiEntry jndiName="unclosed" value="1">');
    const mark = markLog(messagesLogOf(serverDir(wlp, 'broken')));
    started.push('broken');
    await startServer(runner, wlp, 'broken');
    const outcome = await waitForStart({ mark, apps: ['mfpconsole'], ports: [ports.http, ports.https], timeoutMs: 120_000 });
    expect(outcome.status).toBe('config-error');
    expect(outcome.state.configErrors.join('\n')).toMatch(/CWWKG0014E/);
    await stopServer(runner, wlp, 'broken');
  });
});
