/**
 * Step 2's preflight log-in on a real MariaDB: the admin's refusal is a problem only while step 2
 * still has work to do; in mode dba the PMF user the DBA has not created yet is no problem.
 */
import { describe, expect, it } from 'vitest';
import { createDatabaseStep } from '../../../steps/create-database/index.js';
import { twoNodes } from '../../support/create-database.js';
import { mariaDbForTests } from '../../support/mariadb.js';
import { makeStepContext } from '../../support/step-context.js';

const db = mariaDbForTests();
const USER_PW = 'Pre-user-pw-4';
const WRONG = 'Not-root-pw-4';

function context(database: Record<string, unknown>) {
  const answers = { database: { type: 'mysql', host: db.server.host, port: db.server.port, user: 'preuser', password: USER_PW, driverDir: '/usr/share/java', ...database }, nodes: twoNodes() };
  return makeStepContext(answers, { secrets: [USER_PW, WRONG, db.server.rootPassword] });
}

describe('the preflight log-in on MariaDB', () => {
  it('the right admin: no problem and nothing created; a wrong one: the admin password question', async () => {
    expect(await createDatabaseStep.preflight!(context({ name: 'PREDB1', admin: { user: 'root', password: db.server.rootPassword } }).ctx)).toEqual([]);
    const [schemas] = await db.root.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'PREDB1'");
    expect(schemas).toEqual([]);
    const t = context({ name: 'PREDB1', admin: { user: 'root', password: WRONG } });
    const problems = await createDatabaseStep.preflight!(t.ctx);
    expect(problems.map((p) => p.path)).toEqual(['database.admin.password']);
    expect(problems[0].message).toMatch(/^MySQL at .* refused the admin user root: access denied/);
    expect(t.logText()).not.toContain(WRONG);
  });

  it('step 2 already done (set up by an earlier run): a wrong admin password is no problem, the step will be skipped', async () => {
    const done = context({ name: 'PREDB2', admin: { user: 'root', password: db.server.rootPassword } });
    await createDatabaseStep.run(done.ctx);
    expect(await createDatabaseStep.preflight!(context({ name: 'PREDB2', admin: { user: 'root', password: WRONG } }).ctx)).toEqual([]);
  });

  it('mode dba: the PMF user does not exist yet, which is no problem before the DBA ran the script', async () => {
    expect(await createDatabaseStep.preflight!(context({ name: 'PREDB3', user: 'predba', mode: 'dba' }).ctx)).toEqual([]);
  });
});
