import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../source/engine/answers.js';
import type { PartialAnswers } from '../../../source/engine/questions.js';
import { steps } from '../../../steps/index.js';
import { databaseQuestions } from '../../../steps/create-database/questions.js';
import { listen } from '../../support/listen.js';
import { freePorts } from '../../support/ports.js';

/** The answers a check sees at the terminal: defaults applied, the secret typed. */
function seen(database: PartialAnswers): PartialAnswers {
  const raw = { database: { host: '127.0.0.1', driverDir: '/usr/share/java', ...database } };
  return resolveAnswers(raw, steps, { baseDir: '/', env: {}, typedSecrets: new Set(['database.password', 'database.admin.password']) }).answers;
}

const check = (path: string, answers: PartialAnswers) => databaseQuestions.find((q) => q.path === path)!.check!(answers);

describe('the database connection, checked right after its questions', () => {
  it('mode dba: the PMF user’s password question reaches host:port, and says what to do when nothing listens there', async () => {
    const [closed] = await freePorts(1);
    const answers = seen({ type: 'mysql', mode: 'dba', port: closed, password: 'pmf-user-pw' });
    expect(await check('database.password', answers)).toBe(
      `Cannot connect to MySQL at 127.0.0.1:${closed}: connection refused (no server listening there). Start the MySQL server, or correct “Database server host” and “Database server port”.`,
    );
    const holder = net.createServer();
    const open = await listen(holder, '127.0.0.1');
    try {
      expect(await check('database.password', seen({ type: 'mysql', mode: 'dba', port: open, password: 'pmf-user-pw' }))).toBeUndefined();
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('mode create: the admin password question checks (DB2: reaching host:port only), the PMF user’s does not', async () => {
    const [closed] = await freePorts(1);
    const answers = seen({ type: 'db2', mode: 'create', port: closed, password: 'pmfuserpw', admin: { password: 'adminpw' } });
    expect(await check('database.password', answers)).toBeUndefined();
    expect(await check('database.admin.password', answers)).toMatch(new RegExp(`^Cannot connect to DB2 at 127\\.0\\.0\\.1:${closed}: connection refused .*Start the DB2 server, or correct “Database server host” and “Database server port”\\.$`));
    const holder = net.createServer();
    const open = await listen(holder, '127.0.0.1');
    try {
      expect(await check('database.admin.password', seen({ type: 'db2', mode: 'create', port: open, password: 'pmfuserpw', admin: { password: 'adminpw' } }))).toBeUndefined();
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('a host that does not resolve names the host question', async () => {
    const answers = seen({ type: 'oracle', mode: 'dba', host: 'no-such-host.invalid', port: 1521, password: 'pmf-user-pw' });
    expect(await check('database.password', answers)).toBe('The Oracle host no-such-host.invalid could not be resolved (no such name in DNS or /etc/hosts). Correct “Database server host”.');
  });
});
