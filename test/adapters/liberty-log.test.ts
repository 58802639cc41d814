import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { linesSince, markLog, readStart, waitForFiles, waitForKeystoreReload, waitForStart } from '../../source/adapters/liberty-log.js';

const line = (cls: string, type: string, text: string) => `[11/23/26 10:00:00:000 UTC] 00000001 ${cls.padEnd(60)} ${type} ${text}\n`;
const APPS = ['mfpadmin', 'mfpconsole'];

describe('messages.log: ready, applications, taken ports', () => {
  it('a start after the mark; a rolled log is read from its beginning', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msglog-'));
    const file = path.join(dir, 'messages.log');
    fs.writeFileSync(file, line('k', 'A', 'CWWKF0011I: The server pmf1 is ready to run a smarter planet.'));
    const mark = markLog(file);
    expect(linesSince(mark)).toEqual([]);
    fs.renameSync(file, path.join(dir, 'messages_old.log'));
    fs.writeFileSync(file, line('a', 'A', 'CWWKZ0001I: Application mfpadmin started in 0.5 seconds.'));
    expect(readStart(linesSince(mark), [9080]).started).toEqual(['mfpadmin']);
  });

  it('tells "started but a port is taken" apart from success', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msglog-'));
    const file = path.join(dir, 'messages.log');
    const mark = markLog(file);
    const taken =
      line('com.ibm.ws.tcpchannel.internal.TCPPort', 'E', 'CWWKO0221E: TCP Channel defaultHttpEndpoint initialization did not succeed.  The socket bind did not succeed for host * and port 9080.  The port might already be in use.  Exception Message: Address already in use') +
      line('a', 'A', 'CWWKZ0001I: Application mfpadmin started in 0.5 seconds.') +
      line('a', 'A', 'CWWKZ0001I: Application mfpconsole started in 0.5 seconds.') +
      line('k', 'A', 'CWWKF0011I: The server pmf1 is ready to run a smarter planet.');
    fs.writeFileSync(file, taken);
    const outcome = await waitForStart({ mark, apps: APPS, ports: [9080, 9443], timeoutMs: 2000, pollMs: 20 });
    expect(outcome.status).toBe('port-taken');
    expect(outcome.state.portsTaken.map((p) => p.port)).toEqual([9080]);
    fs.writeFileSync(file, taken.split('\n').slice(1).join('\n'));
    expect((await waitForStart({ mark: markLog(path.join(dir, 'none')), apps: APPS, ports: [9080], timeoutMs: 100, pollMs: 20 })).status).toBe('timeout');
    expect((await waitForStart({ mark: { file, offset: 0 }, apps: APPS, ports: [9080, 9443], timeoutMs: 2000, pollMs: 20 })).status).toBe('started');
  });

  it('an application that fails (CWWKZ0002E) and a deadline without CWWKF0011I', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msglog-'));
    const file = path.join(dir, 'messages.log');
    fs.writeFileSync(
      file,
      line('a', 'E', 'CWWKZ0002E: An exception occurred while starting the application mfpadmin. The exception message was: java.sql.SQLException: no database') +
        line('a', 'A', 'CWWKZ0001I: Application mfpconsole started in 0.5 seconds.') +
        line('k', 'A', 'CWWKF0011I: The server pmf1 is ready to run a smarter planet.'),
    );
    const failed = await waitForStart({ mark: { file, offset: 0 }, apps: APPS, ports: [9080], timeoutMs: 1000, pollMs: 20 });
    expect(failed.status).toBe('app-failed');
    expect(failed.state.failedApps.map((p) => p.app)).toEqual(['mfpadmin']);
    fs.writeFileSync(file, line('a', 'A', 'CWWKZ0001I: Application mfpconsole started in 0.5 seconds.'));
    const late = await waitForStart({ mark: { file, offset: 0 }, apps: APPS, ports: [9080], timeoutMs: 100, pollMs: 20 });
    expect(late).toMatchObject({ status: 'timeout', missing: ['CWWKF0011I (server ready)', 'mfpadmin'] });
  });
});

describe('messages.log: a configuration error real Liberty starts through', () => {
  it('"ready" after CWWKG0014E, with no features, is a configuration error at once, not a wait for the applications', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msglog-'));
    const file = path.join(dir, 'messages.log');
    // The lines Open Liberty 26.0.0.3 wrote for a server.xml with an unclosed element.
    fs.writeFileSync(
      file,
      line('com.ibm.ws.config.xml.internal.XMLConfigParser', 'E', 'CWWKG0014E: The configuration parser detected an XML syntax error while parsing the root of the configuration and the referenced configuration documents. Error: The element type "server" must be terminated by the matching end-tag "</server>".') +
        line('com.ibm.ws.kernel.feature.internal.FeatureManager', 'A', 'CWWKF0012I: The server installed the following features: [].') +
        line('com.ibm.ws.kernel.feature.internal.FeatureManager', 'A', 'CWWKF0011I: The pmf1 server is ready to run a smarter planet. The pmf1 server started in 3.285 seconds.'),
    );
    const started = Date.now();
    const outcome = await waitForStart({ mark: { file, offset: 0 }, apps: APPS, ports: [9080], timeoutMs: 30_000, pollMs: 20 });
    expect(outcome.status).toBe('config-error');
    expect(outcome.state.configErrors[0]).toMatch(/CWWKG0014E/);
    expect(Date.now() - started).toBeLessThan(25_000);
  });

  it('a feature Liberty cannot find (CWWKF0001E) is a configuration error too', () => {
    const state = readStart([line('p', 'E', 'CWWKF0001E: A feature definition could not be found for usr:MFPDecoderFeature-1.0'), line('k', 'A', 'CWWKF0011I: ready')], [9080]);
    expect(state.configErrors).toHaveLength(1);
    expect(state.errors).toEqual([]);
  });

  it('waits for the files Liberty writes after it says it is ready, and names those that never come', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'late-files-'));
    const late = path.join(dir, 'key.p12');
    setTimeout(() => fs.writeFileSync(late, 'x'), 150);
    expect(await waitForFiles([late], 5000, undefined, 20)).toEqual([]);
    expect(await waitForFiles([late, path.join(dir, 'ltpa.keys')], 100, undefined, 20)).toEqual([path.join(dir, 'ltpa.keys')]);
  });

  it('does not take a file that exists but is still empty or still growing for a written one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'half-files-'));
    const keys = path.join(dir, 'ltpa.keys');
    fs.writeFileSync(keys, '');
    vi.useFakeTimers();
    try {
      let result: string[] | undefined;
      void waitForFiles([keys], 5000, undefined, 100).then((missing) => (result = missing));
      await vi.advanceTimersByTimeAsync(100);
      expect(result).toBeUndefined();
      fs.appendFileSync(keys, '#Thu Nov 26\n');
      await vi.advanceTimersByTimeAsync(100);
      expect(result).toBeUndefined();
      fs.appendFileSync(keys, 'com.ibm.websphere.ltpa.3DESKey=abc\n');
      await vi.advanceTimersByTimeAsync(100);
      expect(result).toBeUndefined();
      await vi.advanceTimersByTimeAsync(100);
      expect(result).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
    const empty = path.join(dir, 'empty.p12');
    fs.writeFileSync(empty, '');
    expect(await waitForFiles([empty], 100, undefined, 20)).toEqual([empty]);
  });
});

describe('messages.log: a keystore reloaded while the server runs', () => {
  // The line real Liberty 26.0.0.3 logs after a peer's certificate is imported into a keystore declared updateTrigger="polled".
  const reloaded = (file: string) => line('com.ibm.ws.ssl.internal.KeystoreConfigurationFactory', 'A', `CWPKI0811I: The keystore file ${file} has been modified.  The keystore file will be reloaded so the updates can take effect.`);

  it('counts only a CWPKI0811I after the mark that names the keystore, and gives up at the deadline', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msglog-'));
    const file = path.join(dir, 'messages.log');
    const keystore = path.join(dir, 'resources', 'security', 'key.p12');
    fs.writeFileSync(file, reloaded(keystore));
    const mark = markLog(file);
    fs.appendFileSync(file, reloaded(path.join(dir, 'other', 'key.p12')));
    expect(await waitForKeystoreReload(mark, keystore, 300, undefined, 20)).toBe(false);
    const waiting = waitForKeystoreReload(mark, keystore, 5000, undefined, 20);
    setTimeout(() => fs.appendFileSync(file, reloaded(keystore)), 100);
    expect(await waiting).toBe(true);
  });
});
