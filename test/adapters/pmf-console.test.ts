import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAdminApi, checkConsole } from '../../source/adapters/pmf-console.js';

describe('the console and the admin API', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/mfpconsole') return void res.writeHead(302, { Location: '/mfpconsole/' }).end();
      if (req.url === '/mfpconsole/') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<form action="j_security_check"><input type="password" name="j_password"></form>');
      if (req.url === '/other') return void res.writeHead(200).end('<h1>hello</h1>');
      if (req.url === '/mfpadmin/management-apis/2.0/runtimes') {
        const ok = req.headers.authorization === `Basic ${Buffer.from('admin:pw').toString('base64')}`;
        return void res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' }).end(ok ? '{"productVersion":"9.0.0","projects":[]}' : '{}');
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('follows the redirect to the login page', async () => {
    expect(await checkConsole(base)).toMatchObject({ ok: true, status: 200 });
    expect(await checkConsole(base, '/other')).toMatchObject({ ok: false, status: 200 });
    expect(await checkConsole(base, '/missing')).toMatchObject({ ok: false, status: 404 });
    expect((await checkConsole('http://127.0.0.1:1')).ok).toBe(false);
  });

  it('the admin API accepts the right user and refuses a wrong password', async () => {
    expect(await checkAdminApi(base, '/mfpadmin', 'admin', 'pw')).toMatchObject({ ok: true, detail: 'the administration API accepts admin (product version 9.0.0)' });
    expect(await checkAdminApi(base, '/mfpadmin', 'admin', 'nope')).toMatchObject({ ok: false, refused: true, status: 401 });
  });
});
