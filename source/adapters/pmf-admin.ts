/**
 * What a farm member says about the farm, over HTTP as a person or a tool would ask:
 * - the administration REST API `GET <adminCtx>/management-apis/2.0/runtimes/<rt>/farm`
 *   (pmf.md section 7) with basic auth: the members and their status (ALIVE, ...);
 * - the console's form login (`<consoleCtx>/j_security_check`), whose LtpaToken2 cookie is then
 *   replayed on another member: accepted only when both share the LTPA keys and keysPassword.
 * The password only travels in a header or a POST body, never on a command line.
 */
import type http from 'node:http';
import { httpRequest, type HttpAnswer } from './http.js';

export interface FarmMember {
  serverId: string;
  host: string;
  port: string;
  status: string;
  error?: string;
}

export type FarmAnswer = { ok: true; members: FarmMember[]; numberOfNodes: number; url: string } | { ok: false; detail: string; status?: number; url: string };

/** `GET <base><adminCtx>/management-apis/2.0/runtimes/<runtime>/farm` as an administrator. */
export async function farmMembers(baseUrl: string, adminContextRoot: string, runtime: string, user: string, password: string, timeoutMs = 30_000): Promise<FarmAnswer> {
  const url = `${baseUrl}${adminContextRoot}/management-apis/2.0/runtimes/${encodeURIComponent(runtime)}/farm`;
  let reply: HttpAnswer;
  try {
    reply = await httpRequest(url, { auth: { user, password }, timeoutMs });
  } catch (error) {
    return { ok: false, url, detail: `GET ${url} failed: ${(error as Error).message}` };
  }
  if (reply.status === 401) return { ok: false, url, status: 401, detail: `GET ${url} answered 401: user ${user} or its password is not accepted` };
  if (reply.status === 403) return { ok: false, url, status: 403, detail: `GET ${url} answered 403: user ${user} is not in an administration role` };
  let json: { nodes?: Array<Record<string, unknown>>; numberOfNodes?: number; errors?: Array<{ message?: string }> };
  try {
    json = JSON.parse(reply.body);
  } catch {
    return { ok: false, url, status: reply.status, detail: `GET ${url} answered ${reply.status} without JSON` };
  }
  if (reply.status !== 200) {
    return { ok: false, url, status: reply.status, detail: `GET ${url} answered ${reply.status}${json.errors?.[0]?.message ? `: ${json.errors[0].message}` : ''}` };
  }
  const members = (json.nodes ?? []).map((node) => {
    const pk = (node.pk ?? {}) as Record<string, unknown>;
    return {
      serverId: String(pk.serverId ?? ''),
      host: String(node.host ?? ''),
      port: String(node.port ?? ''),
      status: String(node.status ?? ''),
      error: typeof node.error === 'string' ? node.error : undefined,
    };
  });
  return { ok: true, url, members, numberOfNodes: typeof json.numberOfNodes === 'number' ? json.numberOfNodes : members.length };
}

function cookieFrom(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  for (const line of headers['set-cookie'] ?? []) {
    const match = new RegExp(`^${name}=([^;]*)`).exec(line);
    if (match && match[1]) return match[1];
  }
  return undefined;
}

export type LoginAnswer = { ok: true; token: string } | { ok: false; detail: string };

/** Form login on the console (as a browser does); the LtpaToken2 cookie it sets. */
export async function consoleLogin(baseUrl: string, consoleContextRoot: string, user: string, password: string): Promise<LoginAnswer> {
  const url = `${baseUrl}${consoleContextRoot}/j_security_check`;
  let reply: HttpAnswer;
  try {
    reply = await httpRequest(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ j_username: user, j_password: password }).toString(),
    });
  } catch (error) {
    return { ok: false, detail: `POST ${url} failed: ${(error as Error).message}` };
  }
  const token = cookieFrom(reply.headers, 'LtpaToken2');
  if (token) return { ok: true, token };
  const location = reply.headers.location ?? '';
  return {
    ok: false,
    detail: /error=true/.test(location)
      ? `login as ${user} on ${baseUrl}${consoleContextRoot} was refused (wrong password, or the server has no usable LTPA keys: look for CWWKS4106E in its messages.log)`
      : `login as ${user} on ${baseUrl}${consoleContextRoot} set no LtpaToken2 cookie (answer ${reply.status})`,
  };
}

/** Whether a member accepts a session (LtpaToken2) made elsewhere: its console shows the welcome page, not the login page. */
export async function sessionAccepted(baseUrl: string, consoleContextRoot: string, token: string): Promise<{ ok: boolean; detail: string }> {
  const url = `${baseUrl}${consoleContextRoot}/index.html`;
  try {
    const reply = await httpRequest(url, { headers: { Cookie: `LtpaToken2=${token}`, Accept: 'text/html' } });
    if (reply.status === 200 && !/j_security_check/.test(reply.body)) return { ok: true, detail: `${url} accepted the session` };
    return { ok: false, detail: `${url} did not accept the session (answer ${reply.status}${reply.headers.location ? ` → ${reply.headers.location}` : ''}): a login is asked again` };
  } catch (error) {
    return { ok: false, detail: `GET ${url} failed: ${(error as Error).message}` };
  }
}
