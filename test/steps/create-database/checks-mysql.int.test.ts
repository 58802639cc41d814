/**
 * The check at the database admin password question on a real MariaDB: a wrong admin password
 * is said there, unless the database and its user are already complete (the run would not need
 * the admin, as its preflight says).
 */
import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../source/engine/answers.js';
import type { PartialAnswers } from '../../../source/engine/questions.js';
import { steps } from '../../../steps/index.js';
import { connectionCheck } from '../../../steps/create-database/checks.js';
import { createDatabaseStep } from '../../../steps/create-database/index.js';
import { twoNodes } from '../../support/create-database.js';
import { mariaDbForTests } from '../../support/mariadb.js';
import { makeStepContext } from '../../support/step-context.js';

const db = mariaDbForTests();
const USER_PW = 'Chk-user-pw-5';
const WRONG = 'Not-root-pw-5';

function raw(name: string, adminPassword: string) {
  return { database: { type: 'mysql', mode: 'create', host: db.server.host, port: db.server.port, name, user: 'chkuser', password: USER_PW, driverDir: '/usr/share/java', admin: { user: 'root', password: adminPassword } }, nodes: twoNodes() };
}

/** As the form gives them to the check: defaults applied, secrets resolved. */
const resolved = (given: PartialAnswers) => resolveAnswers(given, steps, { baseDir: '/', env: {} }).answers;
const answers = (name: string, adminPassword: string) => resolved(raw(name, adminPassword));

describe('the admin password, checked at its question', () => {
  it('the right one passes; a wrong one is said, with the fix, while the database is still to be made', async () => {
    expect(await connectionCheck(answers('CHKDB1', db.server.rootPassword), 'database.admin.password')).toBeUndefined();
    const problem = await connectionCheck(answers('CHKDB1', WRONG), 'database.admin.password');
    expect(problem).toMatch(/refused the admin user root: access denied/);
    expect(problem).not.toContain(WRONG);
  });

  it('a wrong one is no problem when the database and its user are already complete', async () => {
    await createDatabaseStep.run(makeStepContext(raw('CHKDB2', db.server.rootPassword), { secrets: [USER_PW, db.server.rootPassword] }).ctx);
    expect(await connectionCheck(answers('CHKDB2', WRONG), 'database.admin.password')).toBeUndefined();
    // The PMF user's password wrong too: nothing proves the database ready, the admin's refusal stands.
    const both = raw('CHKDB2', WRONG);
    both.database.password = 'Not-user-pw-5';
    expect(await connectionCheck(resolved(both), 'database.admin.password')).toMatch(/refused the admin user root/);
  });
});
