/**
 * The log-in-only checks of the DB2 and Oracle adapters, on answers the stand-ins cannot give:
 * a remote server that does not answer (the CLP's SQL30081N, a client the runner had to stop).
 * The outputs are the real commands' (echoed statement, then the message).
 */
import { describe, expect, it } from 'vitest';
import * as db2 from '../../../source/adapters/database/db2.js';
import * as oracle from '../../../source/adapters/database/oracle.js';
import type { DbTarget } from '../../../source/adapters/database/sql.js';
import { ExternalError } from '../../../source/engine/errors.js';
import type { CommandSpec, Runner } from '../../../source/engine/runner.js';

const io = { log: () => {} };
const admin = { user: 'db2inst1', password: 'Admin-pw-1' };

function target(type: 'db2' | 'oracle'): DbTarget {
  return { type, host: 'db.example', port: type === 'db2' ? 50000 : 1521, name: type === 'db2' ? 'MFPDATA' : 'ORCL', schema: '', user: 'mfpuser', password: 'User-pw-1', accountHosts: [], tablespace: 'USERS' };
}

/** A runner that answers every command with this output and exit code, or throws; it keeps what it ran. */
function runner(answer: { output: string; exitCode: number } | Error): Runner & { specs: CommandSpec[] } {
  const specs: CommandSpec[] = [];
  return {
    specs,
    async run(spec) {
      specs.push(spec);
      if (answer instanceof Error) throw answer;
      return { ...answer, stdout: answer.output, stderr: '' };
    },
  };
}

async function kindOf(work: Promise<void>): Promise<{ kind: string; message: string }> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ExternalError) return { kind: error.kind, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

const timedOut = (shown: string) => new ExternalError('timed-out', `${shown}: did not finish within 20 s and was stopped`, { command: shown });

describe('DB2 log-in check', () => {
  it('ATTACH to a catalogued node whose server does not answer (SQL30081N): unreachable, in at most 20 s', async () => {
    const r = runner({
      output:
        'ATTACH TO db2inst1 USER db2inst1 USING\nSQL30081N  A communication error has been detected. Communication protocol being used: "TCP/IP".  Communication API being used: "SOCKETS".  Location where the error was detected: "10.0.0.5".  Communication function detecting the error: "connect".  Protocol specific error code(s): "111", "*", "*".  SQLSTATE=08001\n\n',
      exitCode: 4,
    });
    const failure = await kindOf(db2.checkLogin(target('db2'), admin, 'admin', { runner: r, clp: '/opt/db2/bin/db2', instance: 'db2inst1', io }));
    expect(failure.kind).toBe('unreachable');
    expect(failure.message).toMatch(/^Cannot reach the DB2 instance db2inst1: SQL30081N {2}A communication error/);
    expect(r.specs[0].args[0]).toBe('-stvf');
    expect(r.specs[0].timeoutMs).toBe(20_000);
    expect(r.specs[0].args.join(' ')).not.toContain(admin.password);
  });

  it('a CLP stopped after 20 s: unreachable, not a busy machine', async () => {
    const r = runner(timedOut('/opt/db2/bin/db2 -stvf /tmp/x/script.sql'));
    const failure = await kindOf(db2.checkLogin(target('db2'), admin, 'admin', { runner: r, clp: '/opt/db2/bin/db2', instance: 'db2inst1', io }));
    expect(failure).toEqual({ kind: 'unreachable', message: 'ATTACH TO db2inst1: no answer within 20 s' });
  });

  it('the PMF user through ibm_db: opened and closed, a communication error is unreachable', async () => {
    const closed: string[] = [];
    const ok: db2.IbmDb = { open: async () => ({ query: async () => [], close: async () => closed.push('closed') }) };
    await db2.checkLogin(target('db2'), { user: 'mfpuser', password: 'User-pw-1' }, 'user', { runner: runner(new Error('no CLP')), instance: '', io, ibmDb: ok });
    expect(closed).toEqual(['closed']);
    const down: db2.IbmDb = { open: async () => Promise.reject(new Error('[IBM][CLI Driver] SQL30081N  A communication error has been detected.  SQLSTATE=08001')) };
    expect((await kindOf(db2.checkLogin(target('db2'), { user: 'mfpuser', password: 'User-pw-1' }, 'user', { runner: runner(new Error('no CLP')), instance: '', io, ibmDb: down }))).kind).toBe('unreachable');
  });
});

describe('Oracle log-in check', () => {
  const options = (r: Runner) => ({ runner: r, sqlplus: '/opt/oracle/sqlplus', io });

  it('logs on through stdin and exits; an unknown host (ORA-12545) is an unknown host', async () => {
    const r = runner({ output: 'ERROR:\nORA-12545: Connect failed because target host or object does not exist\n\n', exitCode: 1 });
    const failure = await kindOf(oracle.checkLogin(target('oracle'), { user: 'SYSTEM', password: 'Admin-pw-1' }, 'admin', options(r)));
    expect(failure).toEqual({ kind: 'unknown-host', message: 'Oracle could not connect to db.example: no such host (ORA-12545: Connect failed because target host or object does not exist)' });
    expect(r.specs[0].args).toEqual(['-S', '-L', '/nolog']);
    expect(r.specs[0].input).toContain('CONNECT SYSTEM/"Admin-pw-1"@//db.example:1521/ORCL');
    expect(r.specs[0].input).toMatch(/PROMPT @@end\nEXIT\n$/);
  });

  it('a connect timeout (ORA-12170) or sqlplus stopped after 20 s: unreachable', async () => {
    const slow = runner({ output: 'ERROR:\nORA-12170: TNS:Connect timeout occurred\n\n', exitCode: 1 });
    expect((await kindOf(oracle.checkLogin(target('oracle'), { user: 'SYSTEM', password: 'Admin-pw-1' }, 'admin', options(slow)))).kind).toBe('unreachable');
    const stopped = runner(timedOut('/opt/oracle/sqlplus -S -L /nolog'));
    expect(await kindOf(oracle.checkLogin(target('oracle'), { user: 'SYSTEM', password: 'Admin-pw-1' }, 'admin', options(stopped)))).toEqual({
      kind: 'unreachable',
      message: 'sqlplus to //db.example:1521/ORCL: no answer within 20 s',
    });
  });

  it('the PMF user refused (ORA-01017) is the user’s refusal, not the admin’s', async () => {
    const r = runner({ output: 'ERROR:\nORA-01017: invalid username/password; logon denied\n\n', exitCode: 1 });
    expect((await kindOf(oracle.checkLogin(target('oracle'), { user: 'MFPUSER', password: 'User-pw-1' }, 'user', options(r)))).kind).toBe('user-denied');
  });

  it('a locked account or one without CREATE SESSION: the admin cannot do the work; the PMF user still needs the DBA', async () => {
    const locked = runner({ output: 'ERROR:\nORA-28000: The account is locked.\n\n', exitCode: 1 });
    expect((await kindOf(oracle.checkLogin(target('oracle'), { user: 'SYSTEM', password: 'Admin-pw-1' }, 'admin', options(locked)))).kind).toBe('admin-lacks-authority');
    expect((await kindOf(oracle.checkLogin(target('oracle'), { user: 'MFPUSER', password: 'User-pw-1' }, 'user', options(locked)))).kind).toBe('user-locked');
    const noSession = runner({ output: 'ERROR:\nORA-01045: user MFPUSER lacks CREATE SESSION privilege; logon denied\n\n', exitCode: 1 });
    expect((await kindOf(oracle.checkLogin(target('oracle'), { user: 'MFPUSER', password: 'User-pw-1' }, 'user', options(noSession)))).kind).toBe('user-denied');
  });
});
