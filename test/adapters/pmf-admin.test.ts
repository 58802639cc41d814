import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { consoleLogin, farmMembers, sessionAccepted } from '../../source/adapters/pmf-admin.js';
import { checkConsole } from '../../source/adapters/pmf-console.js';
import { listen } from '../support/listen.js';

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
