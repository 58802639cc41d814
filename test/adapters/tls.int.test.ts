import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeystoreRef } from '../../source/adapters/keystore/default-keystore.js';
import { createDefaultCertificate, exportCertificate, importTrustedCertificates, listEntries } from '../../source/adapters/keystore/keytool.js';
import { CommandRunner } from '../../source/adapters/process.js';
import { tlsHandshake } from '../../source/adapters/tls.js';
import { RunLog } from '../../source/engine/log.js';
import { Redactor } from '../../source/engine/redact.js';
import { listen } from '../support/listen.js';

const runner = new CommandRunner({ log: new RunLog(new Redactor()), redactor: new Redactor() });
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-adapters-test-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('TLS handshake with a truststore', () => {
  it('fails until the peer certificate is imported, and checks the host name', async () => {
    const password = 'Tls-Store-Pw1';
    const a: KeystoreRef = { file: path.join(dir, 'a.p12'), type: 'PKCS12', password, rawPassword: password };
    const b: KeystoreRef = { file: path.join(dir, 'b.p12'), type: 'PKCS12', password, rawPassword: password };
    await createDefaultCertificate(runner, a, 'CN=localhost,OU=a,O=ibm,C=us');
    await createDefaultCertificate(runner, b, 'CN=localhost,OU=b,O=ibm,C=us');
    const server = https.createServer({ pfx: fs.readFileSync(b.file), passphrase: password }, (_req, res) => res.end('ok'));
    const port = await listen(server, '127.0.0.1');
    try {
      const trustA = async () => (await listEntries(runner, a)).map((e) => e.pem);
      const before = await tlsHandshake({ host: 'localhost', connectTo: '127.0.0.1', port, ca: await trustA() });
      expect(before.ok).toBe(false);
      expect(before.detail).toMatch(/not in the truststore/);
      await importTrustedCertificates(runner, a, [{ alias: 'farm-b', pem: await exportCertificate(runner, b) }]);
      const after = await tlsHandshake({ host: 'localhost', connectTo: '127.0.0.1', port, ca: await trustA() });
      expect(after).toMatchObject({ ok: true, peerSubject: 'localhost' });
      const wrongName = await tlsHandshake({ host: 'not-this-host.example', connectTo: '127.0.0.1', port, ca: await trustA() });
      expect(wrongName.ok).toBe(false);
      expect(wrongName.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    } finally {
      server.close();
    }
    const refused = await tlsHandshake({ host: 'localhost', connectTo: '127.0.0.1', port, ca: [] });
    expect(refused).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
  });
});
