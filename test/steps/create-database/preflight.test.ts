/**
 * Step 2's preflight log-in: which question a refusal points at, in what words, and when it is
 * not asked at all (step 2 done). No DBMS: the refusals are the adapter's, from mysql2's codes.
 */
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectFailure } from '../../../source/adapters/database/mysql-session.js';
import { dbError } from '../../../source/adapters/database/failure.js';
import type { DbTarget } from '../../../source/adapters/database/sql.js';
import type { DatabaseSetup } from '../../../source/farm/database.js';
import { setupFor } from '../../../steps/create-database/backend.js';
import { createDatabaseStep } from '../../../steps/create-database/index.js';
import { connectionProblems, loginProblem, questionOf } from '../../../steps/create-database/preflight.js';
import { twoNodes } from '../../support/create-database.js';
import { listen } from '../../support/listen.js';
import { makeStepContext } from '../../support/step-context.js';

const ADMIN_PROMPT = 'Password of the DBMS admin user';
const target: DbTarget = { type: 'mysql', host: 'db.example', port: 3306, name: 'MFPDATA', schema: '', user: 'mfpuser', password: 'User-pw-1', accountHosts: ['%', 'localhost'], tablespace: '' };
const admin = { user: 'root', password: 'Root-pw-1' };
const createMode: DatabaseSetup = { target, mode: 'create', admin, driverDir: '/usr/share/java', db2Instance: '' };
const dbaMode: DatabaseSetup = { target, mode: 'dba', driverDir: '/usr/share/java', db2Instance: '' };

/** mysql2's error for a failed connect, as it throws it. */
const mysqlError = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('a refused log-in, as the question to change', () => {
  it('nothing listening: the port question, with host:port and what to do', () => {
    const problem = loginProblem(connectFailure(mysqlError('ECONNREFUSED'), target, admin, 'admin'), createMode);
    expect(problem).toEqual({
      path: 'database.port',
      message: 'Cannot connect to MySQL at db.example:3306: connection refused (no server listening there)',
      fix: 'Start the MySQL/MariaDB server (e.g. systemctl start mariadb), or correct database.host and database.port, then run again.',
    });
  });

  it('a name that does not resolve, a timeout, no route: the host question', () => {
    expect(loginProblem(connectFailure(mysqlError('ENOTFOUND'), target, admin, 'admin'), createMode)).toEqual({
      path: 'database.host',
      message: 'The MySQL host db.example could not be resolved (no such name in DNS or /etc/hosts)',
      fix: 'Correct database.host, then run again.',
    });
    const timeout = loginProblem(connectFailure(mysqlError('ETIMEDOUT', 'connect ETIMEDOUT'), target, admin, 'admin'), createMode);
    expect(timeout).toMatchObject({ path: 'database.host', message: 'Cannot reach MySQL at db.example:3306: nothing answered within 10 s (ETIMEDOUT)' });
    expect(timeout?.fix).toBe('Check database.host and database.port, and that no firewall blocks the port, then run again.');
    expect(loginProblem(connectFailure(mysqlError('EHOSTUNREACH'), target, admin, 'admin'), createMode)?.message).toBe(
      'Cannot reach MySQL at db.example:3306: no route to db.example (EHOSTUNREACH)',
    );
  });

  it("the admin refused: the admin's password question, as asked, with the fix", () => {
    const error = connectFailure(mysqlError('ER_ACCESS_DENIED_ERROR', "Access denied for user 'root'@'localhost' (using password: YES)"), target, admin, 'admin');
    const problem = loginProblem(error, createMode);
    expect(problem?.path).toBe('database.admin.password');
    expect(problem?.message).toBe(`MySQL at db.example:3306 refused the admin user root: access denied (wrong password, or the user may not log in from this host)`);
    expect(problem?.fix).toMatch(/^Correct database\.admin\.password \(and database\.admin\.user\)/);
    // A host the server does not let in is the same refusal.
    expect(loginProblem(connectFailure(mysqlError('ER_HOST_NOT_PRIVILEGED'), target, admin, 'admin'), createMode)?.path).toBe('database.admin.password');
  });

  it('mode dba: the PMF user refused or its database missing is no problem yet (the DBA has not run the script); the server unreachable is', () => {
    const who = { user: target.user, password: target.password };
    expect(loginProblem(connectFailure(mysqlError('ER_ACCESS_DENIED_ERROR'), target, who, 'user'), dbaMode)).toBeUndefined();
    expect(questionOf('unknown-database', dbaMode)).toBeUndefined();
    expect(loginProblem(connectFailure(mysqlError('ECONNREFUSED'), target, who, 'user'), dbaMode)?.path).toBe('database.port');
    // Oracle's service must exist in every mode: the wizard never creates it.
    expect(questionOf('unknown-service', dbaMode)).toBe('database.name');
  });

  it('the other DBMS: the instance, the client, a locked user each point at their question', () => {
    const db2: DatabaseSetup = { ...createMode, target: { ...target, type: 'db2' }, db2Instance: 'db2inst1' };
    expect(questionOf('no-instance', db2)).toBe('database.db2Instance');
    expect(questionOf('no-client', db2)).toBe('database.db2Path');
    expect(questionOf('not-runnable', { ...createMode, target: { ...target, type: 'oracle' } })).toBe('database.sqlplusPath');
    expect(questionOf('user-locked', dbaMode)).toBe('database.user');
    expect(loginProblem(dbError('unknown-service', 'The Oracle listener at db.example:1521 does not know the service ORCL'), dbaMode)?.message).toBe(
      'The Oracle listener at db.example:1521 does not know the service ORCL',
    );
  });

  it('anything but an adapter failure is a bug, thrown as it is', () => {
    expect(() => loginProblem(new TypeError('boom'), createMode)).toThrow('boom');
  });
});

describe('the log-in check in the preflight', () => {
  const servers: net.Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  /** A TCP server that counts who connects (and closes them): proves whether anyone tried. */
  async function countingServer(): Promise<{ port: number; connections: () => number }> {
    let count = 0;
    const server = net.createServer((socket) => {
      count += 1;
      socket.destroy();
    });
    servers.push(server);
    return { port: await listen(server, '127.0.0.1'), connections: () => count };
  }

  function context(port: number, outputs?: Record<string, Record<string, string>>) {
    const answers = {
      database: { type: 'mysql', host: '127.0.0.1', port, name: 'MFPDATA', user: 'mfpuser', password: 'User-pw-1', driverDir: '/usr/share/java', admin: { user: 'root', password: 'Root-pw-1' } },
      nodes: twoNodes(),
    };
    return makeStepContext(answers, { secrets: ['User-pw-1', 'Root-pw-1'], outputs });
  }

  it('a port where nothing listens: the port question from preflight, before anything changes', async () => {
    const closed = await countingServer();
    servers.pop()?.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const t = context(closed.port);
    const problems = await createDatabaseStep.preflight!(t.ctx);
    expect(problems).toEqual([
      expect.objectContaining({ path: 'database.port', message: `Cannot connect to MySQL at 127.0.0.1:${closed.port}: connection refused (no server listening there)` }),
    ]);
    expect(t.logText()).not.toContain('Root-pw-1');
  });

  it('step 2 recorded as done and still done: nobody logs in', async () => {
    const server = await countingServer();
    const t = context(server.port, { 'create-database': { name: 'MFPDATA' } });
    const isDone = vi.fn(async () => ({ done: true, detail: 'mfpuser can log in and create a table' }));
    expect(await connectionProblems(t.ctx, setupFor(t.ctx), isDone)).toEqual([]);
    expect(isDone).toHaveBeenCalledOnce();
    expect(server.connections()).toBe(0);
  });

  it('step 2 recorded but no longer done: the log-in is checked', async () => {
    const server = await countingServer();
    const t = context(server.port, { 'create-database': { name: 'MFPDATA' } });
    const isDone = vi.fn(async () => ({ done: false, detail: 'no database' }));
    const problems = await connectionProblems(t.ctx, setupFor(t.ctx), isDone);
    expect(server.connections()).toBe(1);
    expect(problems.map((p) => p.path)).toEqual(['database.host']);
  });
});
