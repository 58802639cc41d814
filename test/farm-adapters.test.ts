import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeystoreRef } from '../source/adapters/keystore/default-keystore.js';
import { createDefaultCertificate, exportCertificate, importTrustedCertificates, listEntries } from '../source/adapters/keystore/keytool.js';
import { consoleLogin, farmMembers, sessionAccepted } from '../source/adapters/pmf-admin.js';
import { checkConsole } from '../source/adapters/pmf-console.js';
import { isPortFree, nextFreePair, takenPorts } from '../source/adapters/ports.js';
import { CommandRunner } from '../source/adapters/process.js';
import { tlsHandshake } from '../source/adapters/tls.js';
import { RunLog } from '../source/engine/log.js';
import { Redactor } from '../source/engine/redact.js';

const runner = new CommandRunner({ log: new RunLog(new Redactor()), redactor: new Redactor() });
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-adapters-test-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function listen(server: net.Server, host?: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as net.AddressInfo).port)));
}

describe('ports', () => {
  it('sees a port taken on the loopback and suggests the next free pair', async () => {
    const holder = net.createServer();
    const port = await listen(holder, '127.0.0.1');
    try {
      expect(await isPortFree(port)).toBe(false);
      expect(await takenPorts([port])).toEqual([port]);
      const pair = await nextFreePair({ httpPort: port - 1, httpsPort: port }, new Set([port + 1]));
      expect(pair).toBeDefined();
      expect(pair!.httpsPort).toBeGreaterThan(port);
      expect(pair!.httpPort).not.toBe(port + 1);
      expect(pair!.httpsPort - pair!.httpPort).toBe(1);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    expect(await isPortFree(port)).toBe(true);
  });
});

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

describe('PMF administration API and console session', () => {
  it('reads the farm members and replays a session cookie', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/mfpadmin/management-apis/2.0/runtimes/mfp/farm') {
        if (req.headers.authorization !== `Basic ${Buffer.from('admin:pw').toString('base64')}`) {
          res.writeHead(401).end();
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(
          JSON.stringify({ nodes: [{ pk: { projectName: 'mfp', serverId: 'pmf1' }, host: 'vm', port: '9443', status: 'ALIVE' }, { pk: { serverId: 'pmf2' }, host: 'vm', port: '9444', status: 'UNREACHABLE', error: 'FWLSE3207E: x' }], numberOfNodes: 2 }),
        );
      } else if (req.url === '/mfpconsole/j_security_check') {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          const ok = new URLSearchParams(body).get('j_password') === 'pw';
          res.writeHead(302, ok ? { 'Set-Cookie': 'LtpaToken2=tok123; Path=/; HttpOnly', Location: '/mfpconsole/index.html' } : { Location: '/mfpconsole/login.html?error=true' }).end();
        });
      } else if (req.url === '/mfpconsole/index.html') {
        if (req.headers.cookie === 'LtpaToken2=tok123') res.writeHead(200).end('Hello, admin');
        else res.writeHead(302, { Location: '/mfpconsole/login.html' }).end();
      } else if (req.url === '/mfpconsole/') {
        res.writeHead(200).end('<form action="j_security_check">');
      } else if (req.url === '/mfpconsole') {
        // As Liberty answers a context root without its slash.
        res.writeHead(302, { Location: '/mfpconsole/' }).end();
      } else res.writeHead(404).end();
    });
    const port = await listen(server, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    try {
      const farm = await farmMembers(base, '/mfpadmin', 'mfp', 'admin', 'pw');
      expect(farm.ok && farm.members.map((m) => [m.serverId, m.status])).toEqual([
        ['pmf1', 'ALIVE'],
        ['pmf2', 'UNREACHABLE'],
      ]);
      expect(await farmMembers(base, '/mfpadmin', 'mfp', 'admin', 'bad')).toMatchObject({ ok: false, status: 401 });
      const login = await consoleLogin(base, '/mfpconsole', 'admin', 'pw');
      expect(login).toEqual({ ok: true, token: 'tok123' });
      expect(await consoleLogin(base, '/mfpconsole', 'admin', 'bad')).toMatchObject({ ok: false });
      expect((await sessionAccepted(base, '/mfpconsole', 'tok123')).ok).toBe(true);
      expect((await sessionAccepted(base, '/mfpconsole', 'other')).ok).toBe(false);
      expect((await checkConsole(base, '/mfpconsole')).ok).toBe(true);
    } finally {
      server.close();
    }
  });
});
