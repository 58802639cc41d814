import { describe, expect, it } from 'vitest';
import { antFailure, buildFailureMessage } from '../../source/adapters/ant-failures.js';
import { antSpec, antWarnings, configureDatabaseProgress, describeProgress, type AntContext } from '../../source/adapters/ant.js';
import { StepFailure, withFix } from '../../source/engine/errors.js';
import { antFixes } from '../../source/farm/ant-fixes.js';

const run = { buildFile: '/state/ant/pmf1/configure-liberty-mysql.xml', target: 'databases', antPath: '/opt/IBM/PMF/tools/apache-ant-1.9.4/bin/ant' };
const ctx: AntContext = {
  dbType: 'mysql',
  dbName: 'MFPDATA',
  host: 'db.example.com',
  port: 3306,
  user: 'mfpuser',
  driverDir: '/usr/share/java',
  serverName: 'pmf1',
  libertyInstallDir: '/opt/IBM/WebSphere/Liberty',
  pmfInstallDir: '/opt/IBM/PMF',
};

/** What the user reads: the adapter's kind and sentence, with the fix the steps give that kind. */
function explainAntFailure(output: string, antRun: typeof run, on: AntContext) {
  const error = antFailure(output, antRun, on);
  const fixed = withFix(error, antFixes(antRun, on));
  if (!(fixed instanceof StepFailure)) throw new Error(`no fix for ${error.kind}`);
  return { kind: error.kind, message: fixed.message, fix: fixed.fix, adapterFix: error.fix };
}

const frame = (middle: string) => `Buildfile: ${run.buildFile}\n\nadmdatabases:\n${middle}\n\nBUILD FAILED\n${run.buildFile}:120: ${middle.split('\n').pop()?.replace(/^\s*\[\w+\]\s*/, '')}\n\nTotal time: 1 second\n`;

describe('ant output → progress and sentences', () => {
  it('reads the [configuredatabase] lines of the tutorial extract and of a first run', () => {
    const second = `[configuredatabase] Checking connectivity to MobileFirstAdmin database MFPDATA with schema 'MFPDATA' and user 'mfpuser'...
[configuredatabase] Database MFPDATA exists.
[configuredatabase] Connection to MobileFirstAdmin database MFPDATA with schema 'MFPDATA' and user 'mfpuser' succeeded.
[configuredatabase] Getting the version of MobileFirstAdmin database MFPDATA...
[configuredatabase] Table MFPADMIN_VERSION exists, checking its value...
[configuredatabase] GetSQLQueryResult => MFPADMIN_VERSION = 9.0.0
[configuredatabase] Configuring MobileFirstAdmin database MFPDATA...
[configuredatabase] The database is in latest version (9.0.0), no upgrade required.
[configuredatabase] Configuration of MobileFirstAdmin database MFPDATA succeeded.`.replace(/^/gm, '    ');
    expect(describeProgress(configureDatabaseProgress(second))).toEqual(['MobileFirstAdmin tables in MFPDATA already there and up to date (version 9.0.0): nothing created']);
    const first = `[configuredatabase] Checking connectivity to push database MFPDATA with schema 'MFPDATA' and user 'mfpuser'...
[configuredatabase] Creating the tables of push database MFPDATA in version 9.0.0...
[configuredatabase] Table PUSH_APPS created.
[configuredatabase] Table PUSH_ENV created.
[configuredatabase] The database is in version 9.0.0.
[configuredatabase] Configuration of push database MFPDATA succeeded.`;
    expect(configureDatabaseProgress(first)).toEqual([{ component: 'push', database: 'MFPDATA', state: 'created', tablesCreated: 2, version: '9.0.0' }]);
  });

  it('task warnings are picked out', () => {
    expect(antWarnings('[configuredatabase] Warning: the MySQL server variable max_allowed_packet is 16777216 bytes, below the recommended minimum of 256M.\n[echo] x')).toEqual([
      'the MySQL server variable max_allowed_packet is 16777216 bytes, below the recommended minimum of 256M.',
    ]);
  });

  it('BUILD FAILED: the message after it, nested frames skipped', () => {
    const output = `BUILD FAILED\n/x/b.xml:10: The following error occurred while executing this line:\n/x/b.xml:20: Something broke here\n\nTotal time: 0 seconds`;
    expect(buildFailureMessage(output)).toBe('Something broke here');
  });

  const cases: [string, string, RegExp, RegExp][] = [
    [
      'database-unreachable',
      '[configuredatabase] Connection to MobileFirstAdmin database MFPDATA failed.\njava.sql.SQLNonTransientConnectionException: Socket fail to connect to host:address=(host=db.example.com)(port=3306)(type=primary). Connection refused',
      /MySQL server at db\.example\.com:3306 cannot be reached/,
      /Start the MySQL server, or correct database\.host and database\.port/,
    ],
    [
      'wrong-password',
      "[configuredatabase] Connection to MobileFirstAdmin database MFPDATA failed.\njava.sql.SQLInvalidAuthorizationSpecException: (conn=12) Access denied for user 'mfpuser'@'localhost' (using password: YES)",
      /refused the user mfpuser with the password given/,
      /Check database\.user and database\.password/,
    ],
    [
      'driver-missing',
      "[configuredatabase] The JDBC driver for MySQL was not found: no jar file in the driver class path (empty). The MySQL Connector/J driver (or MariaDB Connector/J) is needed.",
      /MySQL JDBC driver was not found in \/usr\/share\/java/,
      /libmariadb-java/,
    ],
    [
      'server-running',
      '[installmobilefirstadmin] The Liberty server pmf1 is running (process ID 4242). The server must be stopped before installmobilefirstadmin modifies its configuration.',
      /Liberty server pmf1 is running \(process ID 4242\): PMF can only be installed on a stopped server/,
      /server stop pmf1/,
    ],
    ['target-missing', 'Target "databasez" does not exist in the project "configure-liberty-mysql".', /has no target "databasez"/, /configure-liberty-mysql\.xml/],
    [
      'database-missing',
      "java.sql.SQLSyntaxErrorException: (conn=5) Unknown database 'MFPDATA'",
      /database MFPDATA does not exist on the MySQL server/,
      /create-database step/,
    ],
    [
      'no-privilege',
      "java.sql.SQLSyntaxErrorException: (conn=5) Access denied for user 'mfpuser'@'%' to database 'MFPDATA'",
      /may not create the PMF tables/,
      /GRANT ALL PRIVILEGES ON MFPDATA/,
    ],
    ['derby-locked', 'ERROR XSDB6: Another instance of Derby may have already booted the database /srv/derby/MFPDATA.', /open in another process/, /Stop the Liberty server pmf1/],
    ['liberty-server-missing', "The Liberty server pmf1 does not exist: /srv/wlp-usr/servers/pmf1/server.xml was not found. Create it with 'server create pmf1'.", /Liberty server pmf1 does not exist/, /server create pmf1/],
    ['tasks-missing', 'Problem: failed to create task or type configuredatabase\nCause: The name is undefined.', /cannot load PMF's task library/, /pmf\.installDir/],
    ['java-missing', 'Error: JAVA_HOME is not defined correctly.\n  We cannot execute /nope/bin/java', /cannot find a Java runtime/, /pmf\.javaHome/],
    ['database-newer', '[configuredatabase] The MobileFirstAdmin database MFPDATA is in version 9.1.0, which is more recent than the version of this product (9.0.0). No change was made.', /newer PMF/, /pmf\.installDir/],
    ['unknown', 'weird', /ant databases failed: weird/, /Read the Ant output/],
  ];
  it.each(cases)('%s', (kind, middle, message, fix) => {
    const explained = explainAntFailure(frame(middle), run, ctx);
    expect(explained.kind).toBe(kind);
    expect(explained.message).toMatch(message);
    expect(explained.fix).toMatch(fix);
    expect(explained.fix).toMatch(/pmf-wizard --resume/);
    // The adapter itself names no answer, no step and no way to resume.
    expect(`${explained.message} ${explained.adapterFix}`).not.toMatch(/\b(pmf|database|liberty)\.[a-z]|nodes\[|--resume|pmf-wizard| step\b/);
  });

  it('derby-not-writable', () => {
    const explained = explainAntFailure(frame("java.sql.SQLException: Failed to create database '/srv/derby/MFPDATA', see the next exception for details. Caused by: ERROR XBM0H: Directory /srv/derby/MFPDATA cannot be created."), run, { ...ctx, dbType: 'derby', dataDir: '/srv/derby' });
    expect(explained.kind).toBe('derby-not-writable');
    expect(explained.message).toBe('Derby cannot create the database /srv/derby/MFPDATA: the directory cannot be written');
    expect(explained.fix).toMatch(/Make \/srv\/derby writable/);
  });

  it('BUILD FAILED: a Java stack after the message is not the message', () => {
    const output = `BUILD FAILED\n/x/b.xml:412: java.lang.IllegalStateException: no server id\n\tat com.ibm.mfp.ant.deployers.InstallBase.execute(InstallBase.java:133)\n\t... 12 more\n\nTotal time: 3 seconds`;
    expect(buildFailureMessage(output)).toBe('java.lang.IllegalStateException: no server id');
  });

  it("a full disk, a read-only directory or a permission is the headline, whatever PMF's task said after it", () => {
    const install = { ...run, target: 'install' };
    const full = `[installmobilefirstadmin] Installing the administration services on the Liberty server pmf1 (/srv/wlp-usr/servers/pmf1).

BUILD FAILED
${run.buildFile}:412: java.io.IOException: No space left on device
\tat java.base/java.io.FileOutputStream.writeBytes(Native Method)
\tat com.ibm.mfp.ant.deployers.InstallBase.execute(InstallBase.java:133)

Total time: 3 seconds`;
    const error = antFailure(full, install, ctx, { command: 'ant install' });
    expect([error.kind, error.message, error.systemCause]).toEqual(['no-space', 'ant install failed: no space left on device', 'no-space']);
    expect(error.fix).toMatch(/^Free space on the file system being written to \(df -h/);
    expect(withFix(error, antFixes(install, ctx))).toBe(error);
    const readOnly = antFailure('BUILD FAILED\n/x/b.xml:1: Failed to copy /x/mfp.war to /srv/wlp-usr/servers/pmf1/apps/mfp.war due to java.nio.file.FileSystemException /srv/wlp-usr/servers/pmf1/apps/mfp.war: Read-only file system', install, ctx);
    expect(readOnly.message).toBe('ant install failed: /srv/wlp-usr/servers/pmf1/apps/mfp.war is on a read-only file system');
    // Before the known failures: a Derby directory it cannot write says why.
    const derby = antFailure(frame("ERROR XBM0H: Directory /srv/derby/MFPDATA cannot be created.\njava.io.FileNotFoundException: /srv/derby/MFPDATA/service.properties (Permission denied)"), run, { ...ctx, dbType: 'derby', dataDir: '/srv/derby' });
    expect([derby.kind, derby.message]).toEqual(['permission-denied', 'ant databases failed: permission denied on /srv/derby/MFPDATA/service.properties']);
  });

  it('the Ant command line carries a file name, never a secret', () => {
    const spec = antSpec({ ...run, propertyFile: '/state/ant/pmf1/secrets-1.properties' });
    expect([spec.command, ...spec.args]).toEqual([run.antPath, '-f', run.buildFile, '-propertyfile', '/state/ant/pmf1/secrets-1.properties', 'databases']);
  });

  // Stale secrets files of a killed run: test/engine/temporary-files.test.ts (every run sweeps them).
});
