/**
 * A failed Ant run in the words of the answers: the Ant adapter says what failed in terms of
 * commands and files; here each kind becomes which answer to change and how to continue.
 * Steps 4 and 5 both run Ant (runNodeAnt), so both read these.
 */
import { DB_LABEL, DRIVER_PACKAGE, type AntFailureKind } from '../adapters/ant-failures.js';
import type { AntContext, AntInvocation } from '../adapters/ant.js';
import type { FixTable } from '../engine/errors.js';

const RESUME = 'pmf-wizard --resume';

/** The adapter's fix, then how to continue. */
const thenResume = (fix: string) => `${fix.replace(/\.$/, '')}, then run ${RESUME}.`;

/** The fix for each kind, given the same run and facts the adapter was given. */
export function antFixes(run: Pick<AntInvocation, 'buildFile' | 'antPath'>, on: AntContext): FixTable<AntFailureKind> {
  return {
    'target-missing': () =>
      `Check that pmf.installDir points at the PMF installation (its MobileFoundationServer/configuration-samples/configure-liberty-${on.dbType}.xml has the targets databases and install; \`${run.antPath} -f ${run.buildFile}\` lists them), delete ${run.buildFile}, then run ${RESUME}.`,
    'build-file-missing': () => `Run the wizard again with ${RESUME}: the ant-properties step writes it.`,
    'server-running': (error) => thenResume(error.fix),
    'derby-locked': (error) => thenResume(error.fix),
    'derby-not-writable': () => `Make ${on.dataDir ?? 'database.dataDir'} writable by this user (or set database.dataDir to a directory that is), then run ${RESUME}.`,
    'driver-missing': () => `Put ${DRIVER_PACKAGE[on.dbType]} in ${on.driverDir ?? 'database.driverDir'}, or set database.driverDir to the directory that holds it, then run ${RESUME}.`,
    'wrong-password': () => `Check database.user and database.password (the environment variable or file it names) against the database, then run ${RESUME}.`,
    'database-missing': () => `Create it (the create-database step does, with database.admin; or your DBA), or correct database.name, then run ${RESUME}.`,
    'no-privilege': () =>
      `Grant the user the rights of the create-database step (MySQL: GRANT ALL PRIVILEGES ON ${on.dbName}.* TO '${on.user ?? 'mfpuser'}'@'%'), then run ${RESUME}.`,
    'database-unreachable': () =>
      `Start the ${DB_LABEL[on.dbType]} server, or correct database.host and database.port (and check that no firewall blocks the port), then run ${RESUME}.`,
    // The adapter's fix holds the `server create` command for the server Ant named.
    'liberty-server-missing': (error) => `${error.fix.replace(/\.$/, '')} (the install-liberty step does), or check liberty.installDir and liberty.userDir, then run ${RESUME}.`,
    'liberty-missing': () => `Check liberty.installDir (the install-liberty step installs it there), then run ${RESUME}.`,
    'java-missing': () => `Install Java 8 or later, or set pmf.javaHome to its directory (the one holding bin/java), then run ${RESUME}.`,
    'tasks-missing': () => `Check pmf.installDir: it must be the PMF installation (MobileFoundationServer/mfp-ant-deployer.jar), then run ${RESUME}.`,
    'database-newer': () => `Use the PMF installation that matches that database (pmf.installDir), or another database (database.name), then run ${RESUME}.`,
    unknown: (error) => thenResume(error.fix),
  };
}
