/**
 * The one HTTP client: every request the wizard makes to a server goes through `httpRequest`.
 * One keep-alive agent per protocol (the verification asks each node several times), a timeout
 * on every request, the run's abort signal, and for HTTPS only the certificates given to trust.
 */
import type http from 'node:http';
import type https from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The URL that answered, after redirects. */
  url: string;
}

export interface HttpOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Basic authentication; the password only travels in the Authorization header. */
  auth?: { user: string; password: string };
  timeoutMs?: number;
  /** Redirects followed on the same host (GET only); none by default. */
  maxRedirects?: number;
  signal?: AbortSignal;
  /** For HTTPS: the certificates to trust (PEM), e.g. those of the node's truststore. */
  ca?: string[];
}

const DEFAULT_TIMEOUT_MS = 15_000;

interface Client {
  module: typeof http | typeof https;
  agent: http.Agent;
}

const clients = new Map<string, Client>();

/** The module and its keep-alive agent, loaded on first use: validate and schema never connect. */
async function clientFor(protocol: string): Promise<Client> {
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`only http: and https: URLs are used here, not ${protocol}`);
  let client = clients.get(protocol);
  if (!client) {
    const module = protocol === 'https:' ? await import('node:https') : await import('node:http');
    // Idle sockets close before a server's own keep-alive timeout would reset them.
    client = { module, agent: new module.Agent({ keepAlive: true, timeout: 4_000 }) };
    clients.set(protocol, client);
  }
  return client;
}

function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** One request, redirects followed on the same host when `maxRedirects` allows. */
export async function httpRequest(url: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    const answer = await once(current, options);
    const location = answer.headers.location;
    if (answer.status >= 300 && answer.status < 400 && location && hop < (options.maxRedirects ?? 0) && (options.method ?? 'GET') === 'GET') {
      const next = new URL(location, current);
      if (next.hostname === current.hostname) {
        current = next;
        continue;
      }
    }
    return answer;
  }
}

async function once(url: URL, options: HttpOptions): Promise<HttpAnswer> {
  const { module, agent } = await clientFor(url.protocol);
  const headers: Record<string, string> = { Accept: 'application/json, text/html;q=0.9, */*;q=0.5', ...options.headers };
  if (options.auth) headers.Authorization = basicAuth(options.auth.user, options.auth.password);
  if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const send = (): Promise<HttpAnswer> =>
    new Promise((resolve, reject) => {
      const request = module.request(url, { method: options.method ?? 'GET', headers, agent, timeout: timeoutMs, ca: options.ca, signal: options.signal }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), url: url.toString() }));
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on('error', (error: NodeJS.ErrnoException) => reject(Object.assign(error, { reusedSocket: request.reusedSocket })));
      if (options.body !== undefined) request.write(options.body);
      request.end();
    });
  try {
    return await send();
  } catch (error) {
    // A kept-alive socket the server closed meanwhile: the request never reached it; once more.
    const { code, reusedSocket } = error as NodeJS.ErrnoException & { reusedSocket?: boolean };
    if (reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE')) return send();
    throw error;
  }
}
