import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFailureMessage, explainAntFailure } from '../source/adapters/ant-failures.js';
import { antSpec, antWarnings, configureDatabaseProgress, describeProgress, removeStalePropertyFiles, type AntContext } from '../source/adapters/ant.js';
import { linesSince, markLog, readStart, waitForFiles, waitForStart } from '../source/adapters/liberty-log.js';
import { checkAdminApi, checkConsole } from '../source/adapters/pmf-console.js';
import { serverXmlState } from '../source/farm/deployment.js';

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
  });

  it('derby-not-writable', () => {
    const explained = explainAntFailure(frame("java.sql.SQLException: Failed to create database '/srv/derby/MFPDATA', see the next exception for details. Caused by: ERROR XBM0H: Directory /srv/derby/MFPDATA cannot be created."), run, { ...ctx, dbType: 'derby', dataDir: '/srv/derby' });
    expect(explained.kind).toBe('derby-not-writable');
    expect(explained.message).toBe('Derby cannot create the database /srv/derby/MFPDATA: the directory cannot be written');
    expect(explained.fix).toMatch(/Make \/srv\/derby writable/);
  });

  it('the Ant command line carries a file name, never a secret', () => {
    const spec = antSpec({ ...run, propertyFile: '/state/ant/pmf1/secrets-1.properties' });
    expect([spec.command, ...spec.args]).toEqual([run.antPath, '-f', run.buildFile, '-propertyfile', '/state/ant/pmf1/secrets-1.properties', 'databases']);
  });

  it('stale secrets files of a killed run are removed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stale-'));
    fs.writeFileSync(path.join(dir, 'secrets-1-ab.properties'), 'x=y', { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'configure-liberty-derby.xml'), '<project/>');
    expect(removeStalePropertyFiles(dir)).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['configure-liberty-derby.xml']);
  });
});

const line = (cls: string, type: string, text: string) => `[11/23/26 10:00:00:000 UTC] 00000001 ${cls.padEnd(60)} ${type} ${text}\n`;
const APPS = ['mfpadmin', 'mfpconsole'];

describe('messages.log: ready, applications, taken ports', () => {
  it('a start after the mark; a rolled log is read from its beginning', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msglog-'));
    const file = path.join(dir, 'messages.log');
    fs.writeFileSync(file, line('k', 'A', 'CWWKF0011I: The server pmf1 is ready to run a smarter planet.'));
    const mark = markLog(file);
    expect(linesSince(mark)).toEqual([]);
    fs.renameSync(file, path.join(dir, 'messages_old.log'));
    fs.writeFileSync(file, line('a', 'A', 'CWWKZ0001I: Application mfpadmin started in 0.5 seconds.'));
    expect(readStart(linesSince(mark), [9080]).started).toEqual(['mfpadmin']);
  });

  it('tells "started but a port is taken" apart from success', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msglog-'));
    const file = path.join(dir, 'messages.log');
    const mark = markLog(file);
    const taken =
      line('com.ibm.ws.tcpchannel.internal.TCPPort', 'E', 'CWWKO0221E: TCP Channel defaultHttpEndpoint initialization did not succeed.  The socket bind did not succeed for host * and port 9080.  The port might already be in use.  Exception Message: Address already in use') +
      line('a', 'A', 'CWWKZ0001I: Application mfpadmin started in 0.5 seconds.') +
      line('a', 'A', 'CWWKZ0001I: Application mfpconsole started in 0.5 seconds.') +
      line('k', 'A', 'CWWKF0011I: The server pmf1 is ready to run a smarter planet.');
    fs.writeFileSync(file, taken);
    const outcome = await waitForStart({ mark, apps: APPS, ports: [9080, 9443], timeoutMs: 2000, pollMs: 20 });
    expect(outcome.status).toBe('port-taken');
    expect(outcome.state.portsTaken.map((p) => p.port)).toEqual([9080]);
    fs.writeFileSync(file, taken.split('\n').slice(1).join('\n'));
    expect((await waitForStart({ mark: markLog(path.join(dir, 'none')), apps: APPS, ports: [9080], timeoutMs: 100, pollMs: 20 })).status).toBe('timeout');
    expect((await waitForStart({ mark: { file, offset: 0 }, apps: APPS, ports: [9080, 9443], timeoutMs: 2000, pollMs: 20 })).status).toBe('started');
  });

  it('an application that fails (CWWKZ0002E) and a deadline without CWWKF0011I', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msglog-'));
    const file = path.join(dir, 'messages.log');
    fs.writeFileSync(
      file,
      line('a', 'E', 'CWWKZ0002E: An exception occurred while starting the application mfpadmin. The exception message was: java.sql.SQLException: no database') +
        line('a', 'A', 'CWWKZ0001I: Application mfpconsole started in 0.5 seconds.') +
        line('k', 'A', 'CWWKF0011I: The server pmf1 is ready to run a smarter planet.'),
    );
    const failed = await waitForStart({ mark: { file, offset: 0 }, apps: APPS, ports: [9080], timeoutMs: 1000, pollMs: 20 });
    expect(failed.status).toBe('app-failed');
    expect(failed.state.failedApps.map((p) => p.app)).toEqual(['mfpadmin']);
    fs.writeFileSync(file, line('a', 'A', 'CWWKZ0001I: Application mfpconsole started in 0.5 seconds.'));
    const late = await waitForStart({ mark: { file, offset: 0 }, apps: APPS, ports: [9080], timeoutMs: 100, pollMs: 20 });
    expect(late).toMatchObject({ status: 'timeout', missing: ['CWWKF0011I (server ready)', 'mfpadmin'] });
  });
});

describe('messages.log: a configuration error real Liberty starts through', () => {
  it('"ready" after CWWKG0014E, with no features, is a configuration error at once, not a wait for the applications', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msglog-'));
    const file = path.join(dir, 'messages.log');
    // The lines Open Liberty 26.0.0.3 wrote for a server.xml with an unclosed element.
    fs.writeFileSync(
      file,
      line('com.ibm.ws.config.xml.internal.XMLConfigParser', 'E', 'CWWKG0014E: The configuration parser detected an XML syntax error while parsing the root of the configuration and the referenced configuration documents. Error: The element type "server" must be terminated by the matching end-tag "</server>".') +
        line('com.ibm.ws.kernel.feature.internal.FeatureManager', 'A', 'CWWKF0012I: The server installed the following features: [].') +
        line('com.ibm.ws.kernel.feature.internal.FeatureManager', 'A', 'CWWKF0011I: The pmf1 server is ready to run a smarter planet. The pmf1 server started in 3.285 seconds.'),
    );
    const started = Date.now();
    const outcome = await waitForStart({ mark: { file, offset: 0 }, apps: APPS, ports: [9080], timeoutMs: 30_000, pollMs: 20 });
    expect(outcome.status).toBe('config-error');
    expect(outcome.state.configErrors[0]).toMatch(/CWWKG0014E/);
    expect(Date.now() - started).toBeLessThan(25_000);
  });

  it('a feature Liberty cannot find (CWWKF0001E) is a configuration error too', () => {
    const state = readStart([line('p', 'E', 'CWWKF0001E: A feature definition could not be found for usr:MFPDecoderFeature-1.0'), line('k', 'A', 'CWWKF0011I: ready')], [9080]);
    expect(state.configErrors).toHaveLength(1);
    expect(state.errors).toEqual([]);
  });

  it('waits for the files Liberty writes after it says it is ready, and names those that never come', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'late-files-'));
    const late = path.join(dir, 'key.p12');
    setTimeout(() => fs.writeFileSync(late, 'x'), 150);
    expect(await waitForFiles([late], 5000, undefined, 20)).toEqual([]);
    expect(await waitForFiles([late, path.join(dir, 'ltpa.keys')], 100, undefined, 20)).toEqual([path.join(dir, 'ltpa.keys')]);
  });
});

describe('the console and the admin API', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/mfpconsole') return void res.writeHead(302, { Location: '/mfpconsole/' }).end();
      if (req.url === '/mfpconsole/') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<form action="j_security_check"><input type="password" name="j_password"></form>');
      if (req.url === '/other') return void res.writeHead(200).end('<h1>hello</h1>');
      if (req.url === '/mfpadmin/management-apis/2.0/runtimes') {
        const ok = req.headers.authorization === `Basic ${Buffer.from('admin:pw').toString('base64')}`;
        return void res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' }).end(ok ? '{"productVersion":"9.0.0","projects":[]}' : '{}');
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('follows the redirect to the login page', async () => {
    expect(await checkConsole(base)).toMatchObject({ ok: true, status: 200 });
    expect(await checkConsole(base, '/other')).toMatchObject({ ok: false, status: 200 });
    expect(await checkConsole(base, '/missing')).toMatchObject({ ok: false, status: 404 });
    expect((await checkConsole('http://127.0.0.1:1')).ok).toBe(false);
  });

  it('the admin API accepts the right user and refuses a wrong password', async () => {
    expect(await checkAdminApi(base, '/mfpadmin', 'admin', 'pw')).toMatchObject({ ok: true, detail: 'the administration API accepts admin (product version 9.0.0)' });
    expect(await checkAdminApi(base, '/mfpadmin', 'admin', 'nope')).toMatchObject({ ok: false, refused: true, status: 401 });
  });
});

describe('server.xml: the PMF applications and the backup', () => {
  it('is ready only with every application at its context root and server.xml.bak', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srvxml-'));
    const file = path.join(dir, 'server.xml');
    const apps = [
      { name: 'mfpadmin', contextRoot: '/mfpadmin' },
      { name: 'mfp', contextRoot: '/mfp' },
    ];
    fs.writeFileSync(file, '<server><application id="mfpadmin" name="mfpadmin" location="a.war" context-root="/mfpadmin"/><application id="mfp" name="mfp" location="b.war" context-root="/other"/></server>');
    expect(serverXmlState(file, apps)).toMatchObject({ ready: false, detail: 'server.xml lacks mfp (/mfp); no server.xml.bak (PMF install never ran)' });
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('/other', '/mfp'));
    fs.writeFileSync(`${file}.bak`, '<server/>');
    expect(serverXmlState(file, apps).ready).toBe(true);
  });
});
