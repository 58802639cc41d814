/**
 * A bare HTTP(S) client for the tests of the stand-in web applications on Liberty: Basic
 * authentication, a cookie, a form body; self-signed certificates accepted; no redirect followed.
 */
import http from 'node:http';
import https from 'node:https';
import { expect } from 'vitest';

export type Resp = { status: number; body: string; headers: Record<string, string | string[] | undefined> };

export function request(url: string, opts: { auth?: string; cookie?: string; method?: string; body?: string } = {}): Promise<Resp> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const headers: Record<string, string> = {};
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    if (opts.cookie) headers.Cookie = opts.cookie;
    if (opts.body) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(u, { method: opts.method ?? 'GET', headers, rejectUnauthorized: false, timeout: 60_000, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

/** `LtpaToken2=...` of a login answer's Set-Cookie headers. */
export function ltpaCookie(r: Resp): string {
  const line = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('LtpaToken2=') && !c.startsWith('LtpaToken2=;'));
  expect(line, JSON.stringify(r.headers)).toBeDefined();
  return line!.split(';')[0];
}
