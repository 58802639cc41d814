// Tests of the PMF stand-in (fixtures/pmf): the configure-liberty-*.xml samples run by real Apache
// Ant with the stand-in task library, against real embedded Derby and a real MariaDB, installing
// into Liberty server directories; and, end to end, the stand-in applications served by the
// Liberty stand-in runtime (fixtures/liberty-repo). Behaviour pinned: pmf.md sections 1-8 and the
// tutorial's "Deploying PMF to Liberty with Ant tasks" / farm sections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { freePort, startMariaDb, type RunningMariaDb } from '../support/mariadb.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PMF = path.join(ROOT, 'fixtures/pmf');
const ANT = path.join(PMF, 'tools/apache-ant-1.9.4/bin/ant');
const SAMPLES = path.join(PMF, 'MobileFoundationServer/configuration-samples');
const LIBERTY_REPO = path.join(ROOT, 'fixtures/liberty-repo');

const TEMPLATE = `<?xml version="1.0" encoding="UTF-8"?>
<server description="new server">

    <!-- Enable features -->
    <featureManager>
        <feature>jsp-2.3</feature>
    </featureManager>

    <!-- To access this server from a remote client add a host attribute to the following element, e.g. host="*" -->
    <httpEndpoint id="defaultHttpEndpoint"
                  httpPort="9080"
                  httpsPort="9443" />

    <!-- Automatically expand WAR files and EAR files -->
    <applicationManager autoExpand="true"/>
</server>
`;

const TUTORIAL_LINES = [
  "[configuredatabase] Checking connectivity to MobileFirstAdmin database MFPDATA with schema 'MFPDATA' and user 'mfpuser'...",
  '[configuredatabase] Database MFPDATA exists.',
  "[configuredatabase] Connection to MobileFirstAdmin database MFPDATA with schema 'MFPDATA' and user 'mfpuser' succeeded.",
  '[configuredatabase] Getting the version of MobileFirstAdmin database MFPDATA...',
  '[configuredatabase] Table MFPADMIN_VERSION exists, checking its value...',
  '[configuredatabase] GetSQLQueryResult => MFPADMIN_VERSION = 9.0.0',
  '[configuredatabase] Configuring MobileFirstAdmin database MFPDATA...',
  '[configuredatabase] The database is in latest version (9.0.0), no upgrade required.',
  '[configuredatabase] Configuration of MobileFirstAdmin database MFPDATA succeeded.',
];

let tmp: string;

type AntResult = { code: number; out: string };

/** Runs the bundled Ant on a copy of a sample, with the properties in a -propertyfile (as the wizard does). */
function ant(file: string, target: string | null, props: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<AntResult> {
  const pf = path.join(fs.mkdtempSync(path.join(tmp, 'props-')), 'ant.properties');
  fs.writeFileSync(pf, Object.entries(props).map(([k, v]) => `${k}=${v.replace(/\\/g, '\\\\')}`).join('\n') + '\n', { mode: 0o600 });
  const args = ['-f', file, '-propertyfile', pf];
  if (target) args.push(target);
  return new Promise((resolve) => {
    execFile(ANT, args, { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, out: stdout + stderr });
    });
  });
}

function copySample(db: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const dest = path.join(dir, `configure-liberty-${db}.xml`);
  fs.copyFileSync(path.join(SAMPLES, `configure-liberty-${db}.xml`), dest);
  return dest;
}

/** A minimal Liberty install tree: <dir>/usr/servers/NAME/server.xml from the default template. */
function fakeLiberty(dir: string, name: string, opts: { userDir?: string; http?: number; https?: number } = {}): string {
  const usr = opts.userDir ?? path.join(dir, 'usr');
  if (opts.userDir) {
    fs.mkdirSync(path.join(dir, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'etc/server.env'), `# moved user dir\nWLP_USER_DIR=${opts.userDir}\n`);
  }
  const serverDir = path.join(usr, 'servers', name);
  fs.mkdirSync(serverDir, { recursive: true });
  let xml = TEMPLATE;
  if (opts.http) xml = xml.replace('"9080"', `"${opts.http}"`);
  if (opts.https) xml = xml.replace('"9443"', `"${opts.https}"`);
  fs.writeFileSync(path.join(serverDir, 'server.xml'), xml);
  return serverDir;
}

const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

function derbyProps(libertyDir: string, dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'mfp.server.install.dir': PMF,
    'database.derby.datadir': dataDir,
    'appserver.was.installdir': libertyDir,
    'appserver.was85liberty.serverInstance': 'pmf1',
    'mfp.config.admin.user': 'configUser',
    'mfp.config.admin.password': 'cfg-Secret1',
    'mfp.admin.client.secret': 'adminSecret',
    'mfp.push.client.secret': 'pushSecret',
    ...extra,
  };
}

beforeAll(() => {
  const b = spawnSync('bash', [path.join(PMF, 'build.sh')], { encoding: 'utf8', timeout: 300_000 });
  expect(b.status, b.stdout + b.stderr).toBe(0);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-ant-test-'));
}, 300_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('PMF installation directory', () => {
  it('has the samples, the SQL scripts, the Ant launcher, the task library and the WARs', () => {
    for (const db of ['db2', 'mysql', 'oracle', 'derby']) {
      expect(fs.existsSync(path.join(SAMPLES, `configure-liberty-${db}.xml`))).toBe(true);
      for (const c of ['mfp-admin', 'configservice', 'runtime'])
        expect(fs.existsSync(path.join(PMF, `MobileFoundationServer/databases/create-${c}-${db}.sql`))).toBe(true);
      expect(fs.existsSync(path.join(PMF, `PushService/databases/create-push-${db}.sql`))).toBe(true);
    }
    for (const w of ['mfp-ant-deployer.jar', 'mfp-admin-service.war', 'mfp-live-update.war', 'mfp-admin-ui.war', 'mfp-server.war', 'mfp-dev-artifacts.war'])
      expect(fs.existsSync(path.join(PMF, 'MobileFoundationServer', w)), w).toBe(true);
    expect(fs.existsSync(path.join(PMF, 'PushService/mfp-push-service.war'))).toBe(true);
    const mf = execFileSync('unzip', ['-p', path.join(PMF, 'MobileFoundationServer/mfp-admin-ui.war'), 'META-INF/MANIFEST.MF'], { encoding: 'utf8' });
    expect(mf).toMatch(/Standin-App-Class: com\.ibm\.mfp\.standin\.ConsoleApp/);
    const again = spawnSync('bash', [path.join(PMF, 'build.sh')], { encoding: 'utf8' });
    expect(again.stdout).toContain('up to date');
  });

  it('each sample has the documented property block, the taskdef and the targets; no target lists them', async () => {
    const names: Record<string, string[]> = {
      db2: ['database.db2.host', 'database.db2.port', 'database.db2.driver.dir', 'database.db2.mfp.dbname', 'database.db2.mfp.schema', 'database.db2.mfp.username', 'database.db2.mfp.password'],
      mysql: ['database.mysql.host', 'database.mysql.port', 'database.mysql.driver.dir', 'database.mysql.mfp.dbname', 'database.mysql.mfp.username', 'database.mysql.mfp.password'],
      oracle: ['database.oracle.host', 'database.oracle.port', 'database.oracle.driver.dir', 'database.oracle.mfp.dbname', 'database.oracle.mfp.username', 'database.oracle.mfp.password'],
      derby: ['database.derby.datadir', 'database.derby.mfp.dbname'],
    };
    const common = ['mfp.admin.contextroot', 'mfp.runtime.contextroot', 'appserver.was.installdir', 'appserver.was85liberty.serverInstance',
      'appserver.was.profile', 'mfp.farm.configure', 'mfp.farm.server.id', 'mfp.analytics.configure', 'mfp.analytics.receiver.configure',
      'mfp.admin.client.id', 'mfp.admin.client.secret', 'mfp.push.client.id', 'mfp.push.client.secret', 'mfp.config.admin.user',
      'mfp.config.admin.password', 'mfp.admin.console.install', 'mfp.admin.default.user', 'mfp.admin.default.user.initialpassword',
      'mfp.server.install.dir', 'mfp.process.admin', 'mfp.process.runtime'];
    for (const db of Object.keys(names)) {
      const text = fs.readFileSync(path.join(SAMPLES, `configure-liberty-${db}.xml`), 'utf8');
      const block = text.slice(text.indexOf('<!-- Start of Property Parameters -->'), text.indexOf('<!-- End of Property Parameters -->'));
      for (const n of [...names[db], ...common]) expect(block, `${db}: ${n}`).toContain(`<property name="${n}" value=`);
      expect(block).toContain('<property name="appserver.was.profile" value="Liberty"/>');
      expect(block).toContain('<property name="mfp.admin.default.user.initialpassword" value="admin"/>');
      if (db !== 'derby') expect(block).toContain(`<property name="database.${db}.mfp.password" value="************"/>`);
      expect(text).toContain('<taskdef resource="com/ibm/mfp/ant/deployers/antlib.xml">');
      expect(text).toContain('${mfp.server.install.dir}/MobileFoundationServer/mfp-ant-deployer.jar');
      expect(text).toMatch(/default="help"/);
      for (const t of ['help', 'databases', 'admdatabases', 'rtmdatabases', 'pushdatabases', 'install', 'adminstall', 'rtminstall', 'pushinstall', 'uninstall', 'update'])
        expect(text, `${db}: target ${t}`).toContain(`<target name="${t}"`);
    }
    const r = await ant(path.join(SAMPLES, 'configure-liberty-db2.xml'), null, {});
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^help:$/m);
    expect(r.out).toContain('databases');
    expect(r.out).toMatch(/BUILD SUCCESSFUL/);
    const bad = await ant(path.join(SAMPLES, 'configure-liberty-db2.xml'), 'nosuch', {});
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/Target "nosuch" does not exist in the project "configure-liberty-db2"/);
  });
});

describe('Derby (embedded) with a Liberty server directory', () => {
  let dir: string, liberty: string, serverDir: string, data: string, file: string;

  beforeAll(() => {
    dir = path.join(tmp, 'derby');
    liberty = path.join(dir, 'wlp');
    serverDir = fakeLiberty(liberty, 'pmf1');
    data = path.join(dir, 'derby-data');
    file = copySample('derby', path.join(dir, 'work'));
  });

  it('databases creates the tables, then reports the latest version without changing anything', async () => {
    const first = await ant(file, 'databases', derbyProps(liberty, data));
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain('[configuredatabase] Database MFPDATA does not exist, creating it');
    for (const t of ['ADMIN_NODE', 'FARM_CONFIG', 'MFPADMIN_VERSION', 'CS_VERSION', 'SERVER_VERSION', 'MFP_PERSISTENT_DATA', 'PUSH_VERSION', 'PUSH_MESSAGE_SEQUENCE_TABLE'])
      expect(first.out).toContain(`[configuredatabase] Table ${t} created.`);
    expect(first.out.match(/Table \S+ created\./g)?.length).toBe(28);
    expect(first.out).toMatch(/BUILD SUCCESSFUL/);
    expect(fs.existsSync(path.join(data, 'MFPDATA/service.properties'))).toBe(true);

    const second = await ant(file, 'databases', derbyProps(liberty, data));
    expect(second.code, second.out).toBe(0);
    expect(second.out).not.toMatch(/created\./);
    const lines = second.out.split('\n').map((l) => l.trim());
    for (const [kind, table, schema] of [['MobileFirstAdmin', 'MFPADMIN_VERSION', 'MFPADMINISTRATOR'], ['MobileFirstConfig', 'CS_VERSION', 'MFPCFG'],
      ['MobileFirstRuntime', 'SERVER_VERSION', 'MFPDATA'], ['push', 'PUSH_VERSION', 'MFPPUSH']]) {
      const expected = TUTORIAL_LINES.map((l) => l.replaceAll('MobileFirstAdmin', kind).replaceAll('MFPADMIN_VERSION', table)
        .replace(/schema 'MFPDATA' and user 'mfpuser'/, `schema '${schema}' and user '${schema}'`));
      const start = lines.indexOf(expected[0]);
      expect(start, `${kind} block in\n${second.out}`).toBeGreaterThanOrEqual(0);
      expect(lines.slice(start, start + expected.length)).toEqual(expected);
    }
  });

  it('install modifies server.xml as the tutorial lists, with backups, and puts the applications in place', async () => {
    const original = fs.readFileSync(path.join(serverDir, 'server.xml'), 'utf8');
    const r = await ant(file, 'install', derbyProps(liberty, data));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/^adminstall:$/m);
    expect(r.out).toMatch(/^rtminstall:$/m);
    expect(r.out).toMatch(/^pushinstall:$/m);
    // one backup before each modification; the oldest is the original
    expect(fs.readFileSync(path.join(serverDir, 'server.xml.bak'), 'utf8')).toBe(original);
    expect(fs.existsSync(path.join(serverDir, 'server.xml.bak1'))).toBe(true);
    expect(fs.existsSync(path.join(serverDir, 'server.xml.bak2'))).toBe(true);
    expect(fs.existsSync(path.join(serverDir, 'server.xml.bak3'))).toBe(false);
    const x = fs.readFileSync(path.join(serverDir, 'server.xml'), 'utf8');
    for (const f of ['jsp-2.3', 'jdbc-4.1', 'appSecurity-2.0', 'restConnector-1.0', 'usr:MFPDecoderFeature-1.0', 'servlet-3.1', 'ssl-1.0'])
      expect(x).toContain(`<feature>${f}</feature>`);
    expect(x).toMatch(/<httpEndpoint [^>]*host="\*"/);
    expect(x).toContain('<tcpOptions soReuseAddr="true"/>');
    expect(x).toContain('<keyStore id="defaultKeyStore" password="mobilefirst"/>');
    expect(x).toContain('<webContainer deferServletLoad="false"/>');
    expect(x).not.toContain('<executor');
    expect(x).toMatch(/<user name="MfpRESTUser" password="\{xor\}[^"]+"\/>/);
    expect(x).toContain('<user name="admin" password="{xor}PjsyNjE="/>'); // admin/admin
    expect(x).toMatch(/<user name="configUser" password="\{xor\}[^"]+"\/>/);
    expect(x).toMatch(/<administrator-role>\s*<user>MfpRESTUser<\/user>\s*<\/administrator-role>/);
    for (const [name, war, ctx] of [['mfpadmin', 'mfp-admin-service.war', '/mfpadmin'], ['mfpadminconfig', 'mfp-live-update.war', '/mfpadminconfig'],
      ['mfpconsole', 'mfp-admin-ui.war', '/mfpconsole'], ['mfp', 'mfp-server.war', '/mfp'], ['imfpush', 'mfp-push-service.war', '/imfpush'],
      ['mfp-dev-artifacts', 'mfp-dev-artifacts.war', '/mfp-dev-artifacts']]) {
      const m = new RegExp(`<application context-root="${ctx}" id="${name}" location="${war}" name="${name}" type="war">([\\s\\S]*?)</application>`).exec(x);
      expect(m, name).not.toBeNull();
      expect(m![1]).toContain('<classloader delegation="parentLast"/>');
      expect(fs.existsSync(path.join(serverDir, 'apps', war)), war).toBe(true);
    }
    expect(x).toMatch(/<security-role name="mfpadmin">\s*<user name="admin"\/>/);
    expect(x).toMatch(/<security-role name="configadmin">\s*<user name="configUser"\/>/);
    for (const jndi of ['mfpadmin/jdbc/mfpAdminDS', 'mfpadminconfig/jdbc/ConfigDS', 'mfp/jdbc/mfpDS', 'imfpush/jdbc/imfPushDS'])
      expect(x).toMatch(new RegExp(`<dataSource jndiName="${jndi}" statementCacheSize="10" transactional="false">\\s*<jdbcDriver libraryRef="MFPDriverLib_derby"/>\\s*<properties.derby.embedded databaseName="${path.join(data, 'MFPDATA')}"`));
    expect(x).toContain('<fileset dir="/usr/share/java" includes="derby.jar"/>');
    for (const [n, v] of [['mfp.topology.platform', 'Liberty'], ['mfp.topology.clustermode', 'Standalone'], ['mfp.admin.jmx.port', '9443'],
      ['mfp.admin.jmx.user', 'MfpRESTUser'], ['mfpadmin/mfp.config.service.user', 'configUser'], ['mfpconsole/mfp.admin.endpoint', '*://*:*/mfpadmin'],
      ['mfp/mfp.authorization.server', 'embedded'], ['imfpush/mfp.push.db.type', 'DB'], ['imfpush/mfp.push.authorization.client.id', 'push-client-id']])
      expect(x).toContain(`<jndiEntry jndiName="${n}" value="${v}"/>`);
    expect(x).not.toContain('mfp.admin.serverid');
    expect(x).not.toMatch(/cfg-Secret1|adminSecret|pushSecret/); // secrets are {xor} encoded
    expect(fs.readFileSync(path.join(serverDir, 'jvm.options'), 'utf8')).toContain('-Dcom.ibm.ws.jmx.connector.client.rest.readTimeout=180000');
    expect(fs.existsSync(path.join(liberty, 'usr/extension/lib/features/MFPDecoderFeature-1.0.mf'))).toBe(true);
  });

  it('a second install finds everything in place and changes nothing', async () => {
    const before = sha(path.join(serverDir, 'server.xml'));
    const baks = fs.readdirSync(serverDir).filter((f) => f.includes('.bak')).length;
    const r = await ant(file, 'install', derbyProps(liberty, data));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('already contains this configuration: it was not modified.');
    expect(sha(path.join(serverDir, 'server.xml'))).toBe(before);
    expect(fs.readdirSync(serverDir).filter((f) => f.includes('.bak')).length).toBe(baks);
  });

  it('refuses to install while the Liberty server runs (live pid file), and changes nothing', async () => {
    const before = sha(path.join(serverDir, 'server.xml'));
    const pidDir = path.join(liberty, 'usr/servers/.pid');
    fs.mkdirSync(pidDir, { recursive: true });
    fs.writeFileSync(path.join(pidDir, 'pmf1.pid'), `${process.pid}\n`);
    try {
      const r = await ant(file, 'install', derbyProps(liberty, data, { 'mfp.farm.configure': 'true' }));
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/BUILD FAILED/);
      expect(r.out).toContain(`The Liberty server pmf1 is running (process ID ${process.pid}). The server must be stopped`);
      expect(sha(path.join(serverDir, 'server.xml'))).toBe(before);
      // a stale pid file (dead process) does not block
      fs.writeFileSync(path.join(pidDir, 'pmf1.pid'), '999999\n');
      const ok = await ant(file, 'install', derbyProps(liberty, data));
      expect(ok.code, ok.out).toBe(0);
    } finally {
      fs.rmSync(pidDir, { recursive: true, force: true });
    }
  });

  it('fails clearly when the Derby driver jar is missing, and when the server does not exist', async () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'nodriver-'));
    const r = await ant(file, 'databases', derbyProps(liberty, path.join(dir, 'other-data'), { 'database.derby.driver.dir': empty }));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/BUILD FAILED\n.*configure-liberty-derby\.xml:\d+: The JDBC driver for Derby was not found: no jar file in the driver class path/);
    const nosrv = await ant(file, 'install', derbyProps(liberty, data, { 'appserver.was85liberty.serverInstance': 'pmf9' }));
    expect(nosrv.code).toBe(1);
    expect(nosrv.out).toContain('The Liberty server pmf9 does not exist');
  });

  it('finds the server through WLP_USER_DIR in etc/server.env and writes the farm JNDI entries', async () => {
    const lib2 = path.join(dir, 'wlp2');
    const usr = path.join(dir, 'servers-elsewhere');
    const sdir = fakeLiberty(lib2, 'pmf1', { userDir: usr, http: 9081, https: 9444 });
    const noId = await ant(file, 'install', derbyProps(lib2, data, { 'mfp.farm.configure': 'true', 'mfp.farm.server.id': '' }));
    expect(noId.code).toBe(1);
    expect(noId.out).toContain('configureFarm is true but farmServerId is not set');
    const r = await ant(file, 'adminstall', derbyProps(lib2, data, { 'mfp.farm.configure': 'true', 'mfp.farm.server.id': 'node_2', 'mfp.admin.jmx.host': '127.0.0.1',
      'mfp.config.service.user': 'liveUser', 'mfp.config.service.password': 'live-pw' }));
    expect(r.code, r.out).toBe(0);
    const x = fs.readFileSync(path.join(sdir, 'server.xml'), 'utf8');
    for (const [n, v] of [['mfp.topology.clustermode', 'Farm'], ['mfp.admin.serverid', 'node_2'], ['mfp.admin.jmx.host', '127.0.0.1'], ['mfp.admin.jmx.port', '9444'],
      ['mfpadmin/mfp.config.service.user', 'liveUser']]) // the farm doc's property names are accepted too
      expect(x).toContain(`<jndiEntry jndiName="${n}" value="${v}"/>`);
    expect(fs.existsSync(path.join(sdir, 'apps/mfp-admin-service.war'))).toBe(true);
    // without mfp.admin.jmx.host the host name of the machine is written
    const r2 = await ant(file, 'adminstall', derbyProps(lib2, data, { 'mfp.farm.configure': 'true', 'mfp.farm.server.id': 'node_2' }));
    expect(r2.code, r2.out).toBe(0);
    expect(fs.readFileSync(path.join(sdir, 'server.xml'), 'utf8')).toContain(`<jndiEntry jndiName="mfp.admin.jmx.host" value="${os.hostname()}"/>`);
  });

  it('on Liberty 8.5.5.5 or earlier (JEE 6 features) it adds the executor and the JEE 6 features', async () => {
    const lib4 = path.join(dir, 'wlp4');
    const sdir = fakeLiberty(lib4, 'pmf1');
    fs.mkdirSync(path.join(lib4, 'lib/versions'), { recursive: true });
    fs.writeFileSync(path.join(lib4, 'lib/versions/WebSphereApplicationServer.properties'), 'com.ibm.websphere.productVersion=8.5.5.4\n');
    const sx = path.join(sdir, 'server.xml');
    fs.writeFileSync(sx, fs.readFileSync(sx, 'utf8').replace('jsp-2.3', 'jsp-2.2'));
    const r = await ant(file, 'install', derbyProps(lib4, data));
    expect(r.code, r.out).toBe(0);
    const x = fs.readFileSync(sx, 'utf8');
    expect(x).toContain('<executor coreThreads="200" id="default" keepAlive="60s" maxThreads="400" name="LargeThreadPool" rejectedWorkPolicy="CALLER_RUNS" stealPolicy="STRICT"/>');
    expect(x).toContain('<feature>jdbc-4.0</feature>');
    expect(x).toContain('<feature>servlet-3.0</feature>');
    expect(x).not.toContain('jdbc-4.1');
  });

  it('update replaces the WAR files only', async () => {
    const war = path.join(serverDir, 'apps/mfp-server.war');
    fs.writeFileSync(war, 'old');
    const before = sha(path.join(serverDir, 'server.xml'));
    const r = await ant(file, 'update', derbyProps(liberty, data));
    expect(r.code, r.out).toBe(0);
    expect(sha(war)).toBe(sha(path.join(PMF, 'MobileFoundationServer/mfp-server.war')));
    expect(sha(path.join(serverDir, 'server.xml'))).toBe(before);
  });

  it('uninstall removes the applications and their configuration', async () => {
    const lib3 = path.join(dir, 'wlp3');
    const sdir = fakeLiberty(lib3, 'pmf1');
    expect((await ant(file, 'install', derbyProps(lib3, data))).code).toBe(0);
    const r = await ant(file, 'uninstall', derbyProps(lib3, data));
    expect(r.code, r.out).toBe(0);
    const x = fs.readFileSync(path.join(sdir, 'server.xml'), 'utf8');
    expect(x).not.toMatch(/<application |<dataSource |<library |mfp\.admin\.jmx|MfpRESTUser/);
    expect(fs.readdirSync(path.join(sdir, 'apps'))).toEqual([]);
  });
});

describe('MySQL on a real MariaDB', () => {
  let db: RunningMariaDb;
  let dir: string, liberty: string, serverDir: string, file: string;
  const pw = 'Mfp-User-pw1';

  const props = (extra: Record<string, string> = {}) => ({
    'mfp.server.install.dir': PMF,
    'database.mysql.host': db.host,
    'database.mysql.port': String(db.port),
    'database.mysql.driver.dir': '/usr/share/java',
    'database.mysql.mfp.dbname': 'MFPDATA',
    'database.mysql.mfp.username': 'mfpuser',
    'database.mysql.mfp.password': pw,
    'appserver.was.installdir': liberty,
    'appserver.was85liberty.serverInstance': 'pmf1',
    'mfp.config.admin.user': 'configUser',
    'mfp.config.admin.password': 'cfg-Secret1',
    'mfp.admin.client.secret': 'adminSecret',
    'mfp.push.client.secret': 'pushSecret',
    ...extra,
  });

  beforeAll(async () => {
    db = await startMariaDb();
    const c = await mysql.createConnection({ host: db.host, port: db.port, user: 'root', password: db.rootPassword });
    await c.query('CREATE DATABASE MFPDATA CHARACTER SET utf8 COLLATE utf8_general_ci');
    for (const h of ['localhost', '127.0.0.1']) {
      await c.query(`CREATE USER 'mfpuser'@'${h}' IDENTIFIED BY ?`, [pw]);
      await c.query(`GRANT ALL PRIVILEGES ON MFPDATA.* TO 'mfpuser'@'${h}'`);
    }
    await c.end();
    dir = path.join(tmp, 'mysql');
    liberty = path.join(dir, 'wlp');
    serverDir = fakeLiberty(liberty, 'pmf1');
    file = copySample('mysql', path.join(dir, 'work'));
  }, 120_000);

  afterAll(async () => {
    await db?.stop();
  });

  it('databases creates the 28 tables with version 9.0.0; a second run prints the tutorial lines verbatim', async () => {
    const first = await ant(file, 'databases', props());
    expect(first.code, first.out).toBe(0);
    expect(first.out.match(/Table \S+ created\./g)?.length).toBe(28);
    const c = await mysql.createConnection({ host: db.host, port: db.port, user: 'root', password: db.rootPassword, database: 'MFPDATA' });
    const [tables] = await c.query("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'MFPDATA'");
    expect((tables as Array<{ n: number }>)[0].n).toBe(28);
    const [v] = await c.query('SELECT MFPADMIN_VERSION FROM MFPADMIN_VERSION');
    expect(v).toEqual([{ MFPADMIN_VERSION: '9.0.0' }]);
    await c.end();

    const second = await ant(file, 'databases', props());
    expect(second.code, second.out).toBe(0);
    const lines = second.out.split('\n').map((l) => l.trim());
    const start = lines.indexOf(TUTORIAL_LINES[0]);
    expect(start, second.out).toBeGreaterThanOrEqual(0);
    expect(lines.slice(start, start + TUTORIAL_LINES.length)).toEqual(TUTORIAL_LINES);
    expect(second.out).toContain('[configuredatabase] GetSQLQueryResult => PUSH_VERSION = 9.0.0');
    // the documented MySQL recommendations (the test server has the small defaults): warned once, after the block
    expect(second.out).toContain('[configuredatabase] Warning: the MySQL server variable max_allowed_packet is 16777216 bytes, below the recommended minimum of 256M.');
    expect(second.out).not.toMatch(/created\./);
  });

  it('install declares the MySQL data sources with the driver library', async () => {
    const r = await ant(file, 'install', props());
    expect(r.code, r.out).toBe(0);
    const x = fs.readFileSync(path.join(serverDir, 'server.xml'), 'utf8');
    expect(x).toMatch(new RegExp(`<properties databaseName="MFPDATA" password="\\{xor\\}[^"]+" portNumber="${db.port}" serverName="${db.host}" user="mfpuser"/>`));
    expect(x).toMatch(/<library id="MFPDriverLib_mysql">\s*<fileset dir="\/usr\/share\/java" includes="[^"]*mariadb-java-client[^"]*"\/>/);
    expect(x).not.toContain(pw);
  });

  it('a wrong password fails with the driver message and exit 1', async () => {
    const r = await ant(file, 'databases', props({ 'database.mysql.mfp.password': 'wrong' }));
    expect(r.code).toBe(1);
    expect(r.out).toContain("[configuredatabase] Connection to MobileFirstAdmin database MFPDATA with schema 'MFPDATA' and user 'mfpuser' failed.");
    expect(r.out).toMatch(/BUILD FAILED\n.*: java\.sql\.\w+: .*Access denied for user 'mfpuser'@'(localhost|127\.0\.0\.1)' \(using password: YES\)/);
  });

  it('an unreachable server fails with connection refused', async () => {
    const r = await ant(file, 'databases', props({ 'database.mysql.port': String(await freePort()) }));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/BUILD FAILED/);
    expect(r.out).toMatch(/Connection refused/);
  });
});

describe('DB2 and Oracle: no JDBC driver on this machine', () => {
  it('fails with the message of a missing driver', async () => {
    const dir = path.join(tmp, 'db2');
    const liberty = path.join(dir, 'wlp');
    fakeLiberty(liberty, 'pmf1');
    const nodrv = fs.mkdtempSync(path.join(tmp, 'db2java-'));
    fs.writeFileSync(path.join(nodrv, 'db2jcc4.jar'), ''); // an empty file named like the driver: not a driver
    const file = copySample('db2', dir);
    const r = await ant(file, 'databases', { 'mfp.server.install.dir': PMF, 'database.db2.driver.dir': nodrv, 'database.db2.mfp.password': 'x' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Cannot load the JDBC driver class com\.ibm\.db2\.jcc\.DB2Driver .*java\.lang\.ClassNotFoundException: com\.ibm\.db2\.jcc\.DB2Driver/);
    const missingDir = await ant(file, 'databases', { 'mfp.server.install.dir': PMF, 'database.db2.driver.dir': path.join(dir, 'nope'), 'database.db2.mfp.password': 'x' });
    expect(missingDir.code).toBe(1);
    expect(missingDir.out).toMatch(/BUILD FAILED[\s\S]*nope does not exist/);
    const ora = await ant(copySample('oracle', dir), 'databases', { 'mfp.server.install.dir': PMF, 'database.oracle.driver.dir': fs.mkdtempSync(path.join(tmp, 'ora-')), 'database.oracle.mfp.password': 'x' });
    expect(ora.code).toBe(1);
    expect(ora.out).toContain('The JDBC driver for Oracle was not found');
  });
});

// ----- end to end with the Liberty stand-in runtime -----

type Resp = { status: number; body: string; headers: Record<string, string | string[] | undefined> };

function request(url: string, opts: { auth?: string; cookie?: string; method?: string; body?: string } = {}): Promise<Resp> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const headers: Record<string, string> = {};
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    if (opts.cookie) headers.Cookie = opts.cookie;
    if (opts.body) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(u, { method: opts.method ?? 'GET', headers, rejectUnauthorized: false, timeout: 30_000, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}


function installLiberty(dir: string): string {
  const b = spawnSync('bash', [path.join(LIBERTY_REPO, 'build.sh')], { encoding: 'utf8', timeout: 300_000 });
  expect(b.status, b.stderr).toBe(0);
  const zip = fs.readdirSync(path.join(LIBERTY_REPO, 'build')).find((f) => f.endsWith('.zip'));
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('unzip', ['-q', path.join(LIBERTY_REPO, 'build', zip!), '-d', dir]);
  return path.join(dir, 'wlp');
}

function server(wlp: string, ...args: string[]) {
  return spawnSync(path.join(wlp, 'bin/server'), args, { encoding: 'utf8', timeout: 120_000 });
}

function setPorts(serverDir: string, http: number, httpsPort: number) {
  const f = path.join(serverDir, 'server.xml');
  fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/httpPort="\d+"/, `httpPort="${http}"`).replace(/httpsPort="\d+"/, `httpsPort="${httpsPort}"`));
}

describe('end to end: the applications on the Liberty stand-in runtime (Derby)', () => {
  let wlp: string, http: number, httpsPort: number;
  beforeAll(async () => {
    wlp = installLiberty(path.join(tmp, 'e2e'));
    expect(server(wlp, 'create', 'pmf1').status).toBe(0);
    http = await freePort();
    httpsPort = await freePort();
    setPorts(path.join(wlp, 'usr/servers/pmf1'), http, httpsPort);
    const file = copySample('derby', path.join(tmp, 'e2e/work'));
    const props = derbyProps(wlp, path.join(tmp, 'e2e/derby'), { 'mfp.admin.jmx.host': '127.0.0.1' });
    const d = await ant(file, 'databases', props);
    expect(d.code, d.out).toBe(0);
    const i = await ant(file, 'install', props);
    expect(i.code, i.out).toBe(0);
    const s = server(wlp, 'start', 'pmf1');
    expect(s.status, s.stdout + s.stderr).toBe(0);
  }, 300_000);
  afterAll(() => {
    if (wlp) server(wlp, 'stop', 'pmf1');
  });

  it('serves the console login page, the admin API behind admin/admin, the runtime and push', async () => {
    const base = `http://127.0.0.1:${http}`;
    const console = await request(`${base}/mfpconsole`);
    expect(console.status).toBe(200);
    expect(console.body).toMatch(/<title>[^<]*MobileFirst Operations Console[^<]*<\/title>/);
    expect(console.body).toContain('j_security_check');
    const api = `${base}/mfpadmin/management-apis/2.0`;
    expect((await request(`${api}/runtimes?mode=running`)).status).toBe(401);
    expect((await request(`${api}/runtimes?mode=running`, { auth: 'admin:wrong' })).status).toBe(401);
    expect((await request(`${api}/runtimes?mode=running`, { auth: 'configUser:cfg-Secret1' })).status).toBe(403);
    const rts = await request(`${api}/runtimes?mode=running`, { auth: 'admin:admin' });
    expect(rts.status).toBe(200);
    expect(JSON.parse(rts.body).projects).toEqual([expect.objectContaining({ name: 'mfp', running: true })]);
    const farm = await request(`${api}/runtimes/mfp/farm`, { auth: 'admin:admin' });
    expect(farm.status).toBe(200);
    expect(JSON.parse(farm.body)).toEqual({ nodes: [], numberOfNodes: 0, productVersion: '9.0.0' });
    const diag = JSON.parse((await request(`${api}/diagnostic`, { auth: 'admin:admin' })).body);
    expect(diag.adminDB.status).toBe('available');
    expect(diag.configService.status).toBe('available');
    expect((await request(`${base}/mfp/api/reach`)).status).toBe(200);
    expect((await request(`${base}/imfpush/v1/apps`)).status).toBe(401);
    // HTTPS too
    expect((await request(`https://127.0.0.1:${httpsPort}/mfpconsole`)).status).toBe(200);
  });

  it('form login issues an LtpaToken2 cookie that opens the console and the admin API', async () => {
    const base = `http://127.0.0.1:${http}`;
    const bad = await request(`${base}/mfpconsole/j_security_check`, { method: 'POST', body: 'j_username=admin&j_password=nope' });
    expect(bad.status).toBe(302);
    expect(bad.headers['set-cookie']).toBeUndefined();
    const ok = await request(`${base}/mfpconsole/j_security_check`, { method: 'POST', body: 'j_username=admin&j_password=admin' });
    expect(ok.status).toBe(302);
    const cookie = String(ok.headers['set-cookie']).split(';')[0];
    expect(cookie).toMatch(/^LtpaToken2=.+/);
    const page = await request(`${base}/mfpconsole/index.html`, { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Hello, admin');
    expect((await request(`${base}/mfpconsole/index.html`)).status).toBe(302);
    expect((await request(`${base}/mfpadmin/management-apis/2.0/runtimes`, { cookie })).status).toBe(200);
    expect((await request(`${base}/mfpconsole/index.html`, { cookie: 'LtpaToken2=AAAA' + cookie.slice(15) })).status).toBe(302);
  });

  it('embedded Derby is held by the running server: Ant cannot open it meanwhile', async () => {
    const file = path.join(tmp, 'e2e/work/configure-liberty-derby.xml');
    const r = await ant(file, 'databases', derbyProps(wlp, path.join(tmp, 'e2e/derby')));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/BUILD FAILED[\s\S]*Another instance of Derby may have already booted the database/);
  });
});

describe('end to end: a farm of two nodes on MariaDB', () => {
  let db: RunningMariaDb;
  let wlp: string;
  const nodes: Array<{ name: string; http: number; https: number }> = [];
  const pw = 'Farm-pw1';

  beforeAll(async () => {
    db = await startMariaDb();
    const c = await mysql.createConnection({ host: db.host, port: db.port, user: 'root', password: db.rootPassword });
    await c.query('CREATE DATABASE MFPDATA CHARACTER SET utf8 COLLATE utf8_general_ci');
    await c.query(`CREATE USER 'mfpuser'@'127.0.0.1' IDENTIFIED BY ?`, [pw]);
    await c.query(`GRANT ALL PRIVILEGES ON MFPDATA.* TO 'mfpuser'@'127.0.0.1'`);
    await c.end();
    wlp = installLiberty(path.join(tmp, 'farm'));
    for (const name of ['pmf1', 'pmf2']) {
      expect(server(wlp, 'create', name).status).toBe(0);
      const n = { name, http: await freePort(), https: await freePort() };
      setPorts(path.join(wlp, 'usr/servers', name), n.http, n.https);
      nodes.push(n);
      const file = copySample('mysql', path.join(tmp, 'farm/work', name));
      const props = {
        'mfp.server.install.dir': PMF, 'database.mysql.host': db.host, 'database.mysql.port': String(db.port),
        'database.mysql.driver.dir': '/usr/share/java', 'database.mysql.mfp.username': 'mfpuser', 'database.mysql.mfp.password': pw,
        'appserver.was.installdir': wlp, 'appserver.was85liberty.serverInstance': name, 'mfp.farm.configure': 'true',
        'mfp.farm.server.id': `farm_${name}`, 'mfp.admin.jmx.host': '127.0.0.1', 'mfp.config.admin.user': 'configUser',
        'mfp.config.admin.password': 'cfg-Secret1', 'mfp.admin.client.secret': 'adminSecret', 'mfp.push.client.secret': 'pushSecret',
      };
      const d = await ant(file, 'databases', props);
      expect(d.code, d.out).toBe(0);
      const i = await ant(file, 'install', props);
      expect(i.code, i.out).toBe(0);
      // fast heartbeats for the test; on pmf2 host name verification is off (the certificates name the host, not 127.0.0.1)
      addJndi(name, 'mfp.admin.farm.heartbeat', '2s');
      if (name === 'pmf2') addJndi(name, 'com.ibm.ws.jmx.connector.client.disableURLHostnameVerification', 'true');
    }
  }, 300_000);

  afterAll(async () => {
    for (const n of nodes) server(wlp, 'stop', n.name);
    await db?.stop();
  });

  function addJndi(name: string, key: string, value: string) {
    const sx = path.join(wlp, 'usr/servers', name, 'server.xml');
    fs.writeFileSync(sx, fs.readFileSync(sx, 'utf8').replace('</server>', `    <jndiEntry jndiName="${key}" value="${value}"/>\n</server>`));
  }

  async function farmOf(n: { http: number }) {
    const r = await request(`http://127.0.0.1:${n.http}/mfpadmin/management-apis/2.0/runtimes/mfp/farm`, { auth: 'admin:admin' });
    expect(r.status, r.body).toBe(200);
    return JSON.parse(r.body) as { nodes: Array<{ status: string; pk: { serverId: string }; port: string; error?: string }>; numberOfNodes: number };
  }

  it('registers both nodes; untrusted peers are not reachable until the certificates are exchanged; LTPA needs the same keys', async () => {
    for (const n of nodes) expect(server(wlp, 'start', n.name).status).toBe(0);
    const f1 = await farmOf(nodes[0]);
    expect(f1.numberOfNodes).toBe(2);
    const peer = f1.nodes.find((x) => x.pk.serverId === 'farm_pmf2')!;
    expect(peer.status).toBe('UNREACHABLE');
    expect(peer.error).toMatch(/CWPKI0022E: SSL HANDSHAKE FAILURE[\s\S]*PKIX path building failed/);
    // pmf1 trusts its own certificate, but checks the host name: the certificate does not name 127.0.0.1
    const self1 = f1.nodes.find((x) => x.pk.serverId === 'farm_pmf1')!;
    expect(self1.status).toBe('UNREACHABLE');
    expect(self1.error).toMatch(/CWPKI0824E: SSL HANDSHAKE FAILURE: Host name verification error[\s\S]*127\.0\.0\.1/);
    const f2 = await farmOf(nodes[1]);
    expect(f2.nodes.find((x) => x.pk.serverId === 'farm_pmf2')!.status).toBe('ALIVE');
    expect(f2.nodes.find((x) => x.pk.serverId === 'farm_pmf1')!.error).toMatch(/PKIX path building failed/);

    // LTPA: a cookie of pmf1 is not accepted by pmf2 (different keys)
    const login = await request(`http://127.0.0.1:${nodes[0].http}/mfpconsole/j_security_check`, { method: 'POST', body: 'j_username=admin&j_password=admin' });
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    expect((await request(`http://127.0.0.1:${nodes[0].http}/mfpconsole/index.html`, { cookie })).status).toBe(200);
    expect((await request(`http://127.0.0.1:${nodes[1].http}/mfpconsole/index.html`, { cookie })).status).toBe(302);

    // stop, exchange certificates (both directions), copy ltpa.keys, start
    for (const n of nodes) expect(server(wlp, 'stop', n.name).status).toBe(0);
    const sec = (name: string) => path.join(wlp, 'usr/servers', name, 'resources/security');
    for (const [a, b] of [['pmf1', 'pmf2'], ['pmf2', 'pmf1']]) {
      const cert = path.join(tmp, `farm/${a}.cert`);
      execFileSync('keytool', ['-exportcert', '-keystore', path.join(sec(a), 'key.jks'), '-storepass', 'mobilefirst', '-alias', 'default', '-file', cert, '-noprompt']);
      execFileSync('keytool', ['-importcert', '-keystore', path.join(sec(b), 'key.jks'), '-storepass', 'mobilefirst', '-alias', a, '-file', cert, '-noprompt']);
    }
    fs.copyFileSync(path.join(sec('pmf1'), 'ltpa.keys'), path.join(sec('pmf2'), 'ltpa.keys'));
    addJndi('pmf1', 'com.ibm.ws.jmx.connector.client.disableURLHostnameVerification', 'true');
    for (const n of nodes) expect(server(wlp, 'start', n.name).status).toBe(0);

    for (const n of nodes) {
      const f = await farmOf(n);
      expect(f.numberOfNodes).toBe(2);
      expect(f.nodes.map((x) => [x.pk.serverId, x.status])).toEqual([['farm_pmf1', 'ALIVE'], ['farm_pmf2', 'ALIVE']]);
      expect(f.nodes.map((x) => x.port)).toEqual([String(nodes[0].https), String(nodes[1].https)]);
    }
    const login2 = await request(`http://127.0.0.1:${nodes[0].http}/mfpconsole/j_security_check`, { method: 'POST', body: 'j_username=admin&j_password=admin' });
    const cookie2 = String(login2.headers['set-cookie']).split(';')[0];
    expect((await request(`http://127.0.0.1:${nodes[1].http}/mfpconsole/index.html`, { cookie: cookie2 })).status).toBe(200);

    // a member killed without a clean stop misses its heartbeats: DOWN, then it can be removed
    const pid2 = Number(fs.readFileSync(path.join(wlp, 'usr/servers/.pid/pmf2.pid'), 'utf8').trim());
    process.kill(pid2, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 8000)); // 2 missed heartbeats of 2 s (+ 2 s of grace)
    const down2 = (await farmOf(nodes[0])).nodes.find((x) => x.pk.serverId === 'farm_pmf2')!;
    expect(down2.status).toBe('DOWN');
    expect(down2.error).toMatch(/FWLSE3204W/);
    const del = await request(`http://127.0.0.1:${nodes[0].http}/mfpadmin/management-apis/2.0/runtimes/mfp/farm/farm_pmf2`, { auth: 'admin:admin', method: 'DELETE' });
    expect(JSON.parse(del.body)).toEqual({ ok: true, productVersion: '9.0.0' });
    expect((await farmOf(nodes[0])).nodes.map((x) => x.pk.serverId)).toEqual(['farm_pmf1']);

    // started again it registers again; a stopped member unregisters
    expect(server(wlp, 'start', 'pmf2').status).toBe(0);
    expect((await farmOf(nodes[0])).nodes.map((x) => [x.pk.serverId, x.status])).toEqual([['farm_pmf1', 'ALIVE'], ['farm_pmf2', 'ALIVE']]);
    expect(server(wlp, 'stop', 'pmf2').status).toBe(0);
    const after = await farmOf(nodes[0]);
    expect(after.nodes.map((x) => x.pk.serverId)).toEqual(['farm_pmf1']);

    // the same server id on a second member: FWLSE3200W, the first member keeps the id
    const sx2 = path.join(wlp, 'usr/servers/pmf2/server.xml');
    fs.writeFileSync(sx2, fs.readFileSync(sx2, 'utf8').replace('<jndiEntry jndiName="mfp.admin.serverid" value="farm_pmf2"/>', '<jndiEntry jndiName="mfp.admin.serverid" value="farm_pmf1"/>'));
    expect(server(wlp, 'start', 'pmf2').status).toBe(0);
    expect(fs.readFileSync(path.join(wlp, 'usr/servers/pmf2/logs/messages.log'), 'utf8')).toMatch(/ W FWLSE3200W: The server farm_pmf1 cannot be added to the server farm/);
    expect((await farmOf(nodes[0])).nodes.map((x) => [x.pk.serverId, x.port])).toEqual([['farm_pmf1', String(nodes[0].https)]]);
    expect(server(wlp, 'stop', 'pmf2').status).toBe(0);
    expect((await farmOf(nodes[0])).nodes.map((x) => x.pk.serverId)).toEqual(['farm_pmf1']);

    // the database goes away: the administration API answers 500 with the FWLSE errors and logs them
    await db.stop();
    const down = await request(`http://127.0.0.1:${nodes[0].http}/mfpadmin/management-apis/2.0/runtimes/mfp/farm`, { auth: 'admin:admin' });
    expect(down.status).toBe(500);
    expect(down.body).toContain('FWLSE3000E: A server error was detected.');
    expect(down.body).toMatch(/FWLSE3001E: The administration database cannot be accessed through the data source mfpadmin\/jdbc\/mfpAdminDS/);
    const log = fs.readFileSync(path.join(wlp, 'usr/servers/pmf1/logs/messages.log'), 'utf8');
    expect(log).toMatch(/ E FWLSE3001E: The administration database cannot be accessed/);
  });
});
