/**
 * Checking that a PMF node serves: the Operations Console answers its login page at
 * `/mfpconsole` (tutorial, "Testing the installation"), and the administration REST API
 * (`<adminCtx>/management-apis/2.0`, pmf.md section 7) accepts the console user with HTTP
 * basic auth. Plain node:http, no shell; the password only travels in the Authorization header.
 */
import type http from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The URL that answered, after redirects. */
  url: string;
}

export interface GetOptions {
  auth?: { user: string; password: string };
  timeoutMs?: number;
  maxRedirects?: number;
  signal?: AbortSignal;
  /** For HTTPS: the certificates to trust (PEM), e.g. those of the node's truststore. */
  ca?: string[];
}

/** GET with redirects followed on the same host (the console redirects /mfpconsole to /mfpconsole/). */
export async function httpGet(url: string, options: GetOptions = {}): Promise<HttpAnswer> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    const answer = await once(current, options);
    const location = answer.headers.location;
    if (answer.status >= 300 && answer.status < 400 && location && hop < (options.maxRedirects ?? 5)) {
      const next = new URL(location, current);
      if (next.hostname === current.hostname) {
        current = next;
        continue;
      }
    }
    return answer;
  }
}

async function once(url: URL, options: GetOptions): Promise<HttpAnswer> {
  // Imported on use: validate and schema load this module but never connect.
  const client = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Accept: 'text/html,application/json;q=0.9,*/*;q=0.8' };
    if (options.auth) headers.Authorization = `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`;
    const request = client.get(url, { headers, timeout: options.timeoutMs ?? 10_000, ca: options.ca, signal: options.signal }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), url: url.toString() }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)));
    request.on('error', reject);
  });
}

export interface ConsoleCheck {
  ok: boolean;
  url: string;
  status?: number;
  /** What was seen, in a sentence. */
  detail: string;
}

/** Whether a page is the console's login page. */
export function isLoginPage(body: string): boolean {
  return /j_security_check|type\s*=\s*["']?password|\blog ?in\b|sign ?in/i.test(body);
}

/** GET <base><consoleCtx>: 200 with the login page. */
export async function checkConsole(baseUrl: string, contextRoot = '/mfpconsole', options: GetOptions = {}): Promise<ConsoleCheck> {
  const url = `${baseUrl}${contextRoot}`;
  try {
    const answer = await httpGet(url, options);
    if (answer.status !== 200) return { ok: false, url, status: answer.status, detail: `GET ${url} answered ${answer.status}` };
    if (!isLoginPage(answer.body)) return { ok: false, url, status: 200, detail: `GET ${url} answered 200, but not with the console's login page` };
    return { ok: true, url, status: 200, detail: `GET ${url} answered 200 with the console's login page` };
  } catch (error) {
    return { ok: false, url, detail: `GET ${url} failed: ${(error as Error).message}` };
  }
}

export interface AdminApiCheck extends ConsoleCheck {
  /** 401/403: the server answers but does not accept the user. */
  refused?: boolean;
}

/** GET <base><adminCtx>/management-apis/2.0/runtimes as the console user: 200 with JSON. */
export async function checkAdminApi(baseUrl: string, adminContextRoot: string, user: string, password: string, options: GetOptions = {}): Promise<AdminApiCheck> {
  const url = `${baseUrl}${adminContextRoot}/management-apis/2.0/runtimes`;
  try {
    const answer = await httpGet(url, { ...options, auth: { user, password } });
    if (answer.status === 401 || answer.status === 403) {
      return { ok: false, url, status: answer.status, refused: true, detail: `GET ${url} as ${user} answered ${answer.status}: the user is ${answer.status === 401 ? 'not accepted (wrong user name or password)' : 'not in an administration role'}` };
    }
    if (answer.status !== 200) return { ok: false, url, status: answer.status, detail: `GET ${url} as ${user} answered ${answer.status}` };
    let json: unknown;
    try {
      json = JSON.parse(answer.body);
    } catch {
      return { ok: false, url, status: 200, detail: `GET ${url} answered 200 but not with JSON` };
    }
    const version = (json as { productVersion?: unknown }).productVersion;
    return { ok: true, url, status: 200, detail: `the administration API accepts ${user}${typeof version === 'string' ? ` (product version ${version})` : ''}` };
  } catch (error) {
    return { ok: false, url, detail: `GET ${url} failed: ${(error as Error).message}` };
  }
}

/** Retries a check until it passes or the deadline comes (applications finish starting after CWWKF0011I). */
export async function until<T extends { ok: boolean; refused?: boolean }>(check: () => Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result.ok || result.refused || Date.now() >= deadline || signal?.aborted) return result;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
