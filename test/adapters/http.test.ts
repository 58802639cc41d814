/** The one HTTP client: keep-alive, redirects only when asked and only on the same host, timeouts, abort. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../../source/adapters/http.js';

let server: http.Server;
let base: string;
const sockets = new Set<unknown>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    sockets.add(req.socket);
    if (req.url === '/here') return void res.writeHead(302, { Location: '/there' }).end();
    if (req.url === '/away') return void res.writeHead(302, { Location: 'http://example.invalid/' }).end();
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2_000);
    if (req.url === '/echo') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      return void req.on('end', () => res.end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization ?? null })));
    }
    res.end(`at ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('httpRequest', () => {
  it('reuses one connection for requests in a row', async () => {
    sockets.clear();
    for (let i = 0; i < 3; i++) expect((await httpRequest(`${base}/x${i}`)).body).toBe(`at /x${i}`);
    expect(sockets.size).toBe(1);
  });

  it('follows a redirect only when asked, and only on the same host', async () => {
    expect((await httpRequest(`${base}/here`)).status).toBe(302);
    expect(await httpRequest(`${base}/here`, { maxRedirects: 1 })).toMatchObject({ status: 200, body: 'at /there', url: `${base}/there` });
    expect((await httpRequest(`${base}/away`, { maxRedirects: 1 })).status).toBe(302);
  });

  it('posts a body with basic authentication', async () => {
    const answer = await httpRequest(`${base}/echo`, { method: 'POST', body: 'a=1', auth: { user: 'u', password: 'p' } });
    expect(JSON.parse(answer.body)).toEqual({ method: 'POST', body: 'a=1', auth: `Basic ${Buffer.from('u:p').toString('base64')}` });
  });

  it('gives up after the timeout, and when the run is aborted', async () => {
    await expect(httpRequest(`${base}/slow`, { timeoutMs: 100 })).rejects.toThrow(/no answer within 100 ms/);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(httpRequest(`${base}/slow`, { signal: controller.signal })).rejects.toThrow(/abort/i);
  });

  it('refuses other protocols', async () => {
    await expect(httpRequest('ftp://127.0.0.1/')).rejects.toThrow(/only http: and https:/);
  });
});
