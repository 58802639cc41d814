/**
 * The database is checked before anything changes: the built CLI, unattended, on a real MariaDB.
 * A wrong admin password or a port where nothing listens is found by the preflight (exit 2, the
 * question named as asked), before step 1 installs Liberty: no Liberty, no user dir, no state.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, mariaDbForTests } from '../support/mariadb.js';
import { prepare, wizard, type Farm } from '../support/single-node.js';

const ADMIN_PASSWORD_PROMPT = 'Password of the DBMS admin user';

/** Nothing of the run is on disk: no Liberty, no user dir, no state directory. */
function expectNothingChanged(farm: Farm): void {
  expect(fs.existsSync(farm.liberty)).toBe(false);
  expect(fs.existsSync(path.join(farm.dir, 'wlp-usr'))).toBe(false);
  expect(fs.existsSync(farm.state)).toBe(false);
}

describe('the database checked in the preflight, before Liberty is installed (real MariaDB, built CLI)', () => {
  const db = mariaDbForTests();

  it('a wrong admin password: exit 2 naming the admin password question, nothing installed', async () => {
    const maria = db.server;
    const farm = await prepare('mysql', { maria });
    const wrong = 'Not-the-root-pw-9';
    fs.writeFileSync(path.join(farm.dir, 'root-pw'), `${wrong}\n`, { mode: 0o600 });
    const run = await wizard(farm);
    expect(run.exitCode, run.all).toBe(2);
    expect(run.all).toContain('The machine is not ready for these answers: 1 problem');
    expect(run.all).toContain(
      `${ADMIN_PASSWORD_PROMPT} (database.admin.password): MySQL at ${maria.host}:${maria.port} refused the admin user root: access denied (wrong password, or the user may not log in from this host). Correct database.admin.password`,
    );
    expectNothingChanged(farm);
    expect(run.all).not.toContain(wrong);
    expect(run.all).not.toContain(maria.rootPassword);
  });

  it('a port where nothing listens: exit 2 naming the port question and the host:port tried', async () => {
    const port = await freePort();
    const maria = db.server;
    const farm = await prepare('mysql', { maria, dbPort: port });
    const run = await wizard(farm);
    expect(run.exitCode, run.all).toBe(2);
    expect(run.all).toContain('The machine is not ready for these answers: 1 problem');
    expect(run.all).toContain(
      `Database server port (database.port): Cannot connect to MySQL at ${maria.host}:${port}: connection refused (no server listening there). Start the MySQL/MariaDB server (e.g. systemctl start mariadb), or correct database.host and database.port, then run again.`,
    );
    expectNothingChanged(farm);
  });
});
