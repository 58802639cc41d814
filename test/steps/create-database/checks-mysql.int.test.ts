/** The admin password question's check on a real MariaDB: a refused password is said at the question, with its fix; nothing is created. */
import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../source/engine/answers.js';
import { steps } from '../../../steps/index.js';
import { databaseQuestions } from '../../../steps/create-database/questions.js';
import { mariaDbForTests } from '../../support/mariadb.js';

const db = mariaDbForTests();
const WRONG = 'Not-root-pw-9';
const adminPassword = databaseQuestions.find((q) => q.path === 'database.admin.password')!;

function seen(password: string) {
  const raw = { database: { type: 'mysql', mode: 'create', host: db.server.host, port: db.server.port, name: 'CHECKDB', user: 'checkuser', password: 'Check-user-pw', driverDir: '/usr/share/java', admin: { password } } };
  return resolveAnswers(raw, steps, { baseDir: '/', env: {}, typedSecrets: new Set(['database.password', 'database.admin.password']) }).answers;
}

describe('the admin password, checked where it is given (MariaDB)', () => {
  it('a wrong password: the refusal and what to change, named as asked; the right one: no problem; nothing created', async () => {
    const problem = await adminPassword.check!(seen(WRONG));
    expect(problem).toBe(
      `MySQL at ${db.server.host}:${db.server.port} refused the admin user root: access denied (wrong password, or the user may not log in from this host). ` +
        'Correct “Password of the DBMS admin user” (and “DBMS admin user”) to an account with CREATE, CREATE USER and GRANT OPTION privileges. Nothing was changed.',
    );
    expect(problem).not.toContain(WRONG);
    expect(await adminPassword.check!(seen(db.server.rootPassword))).toBeUndefined();
    const [schemas] = await db.root.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'CHECKDB'");
    expect(schemas).toEqual([]);
  });
});
