/**
 * Checking that a PMF node serves: the Operations Console answers its login page at
 * `/mfpconsole` (tutorial, "Testing the installation"), and the administration REST API
 * (`<adminCtx>/management-apis/2.0`, pmf.md section 7) accepts the console user with HTTP
 * basic auth. The password only travels in the Authorization header.
 */
import { httpRequest, type HttpOptions } from './http.js';

/** Options of a check: how long to wait, the run's signal, the certificates to trust. */
export type CheckOptions = Pick<HttpOptions, 'timeoutMs' | 'signal' | 'ca'>;

function get(url: string, options: CheckOptions, auth?: HttpOptions['auth']) {
  // The console redirects /mfpconsole to /mfpconsole/ (and the login page), as a browser follows.
  return httpRequest(url, { ...options, timeoutMs: options.timeoutMs ?? 10_000, auth, maxRedirects: 5, headers: { Accept: 'text/html,application/json;q=0.9,*/*;q=0.8' } });
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

/**
 * Whether a node serves its console, the one rule for it: GET <base><consoleCtx>,
 * redirects followed, answers 200 with the console's login page.
 */
export async function checkConsole(baseUrl: string, contextRoot = '/mfpconsole', options: CheckOptions = {}): Promise<ConsoleCheck> {
  const url = `${baseUrl}${contextRoot}`;
  try {
    const answer = await get(url, options);
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
export async function checkAdminApi(baseUrl: string, adminContextRoot: string, user: string, password: string, options: CheckOptions = {}): Promise<AdminApiCheck> {
  const url = `${baseUrl}${adminContextRoot}/management-apis/2.0/runtimes`;
  try {
    const answer = await get(url, options, { user, password });
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

/**
 * Retries a check until it passes or the deadline comes (applications finish starting after CWWKF0011I).
 * A refusal is final at once, or only once it has lasted `refusalGraceMs`: real Liberty answered
 * 401 to the right user and password once in the first seconds after a restart (its security
 * services come up on other threads), and a server just started deserves that grace.
 */
export async function until<T extends { ok: boolean; refused?: boolean }>(check: () => Promise<T>, timeoutMs: number, signal?: AbortSignal, refusalGraceMs = 0): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const refusalFinalAt = Math.min(deadline, Date.now() + refusalGraceMs);
  for (;;) {
    const result = await check();
    const refusedForGood = result.refused && Date.now() >= refusalFinalAt;
    if (result.ok || refusedForGood || Date.now() >= deadline || signal?.aborted) return result;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
