// Tests of the PMF stand-in (fixtures/pmf): the configure-liberty-*.xml samples run by real Apache
// Ant with the stand-in task library, against real embedded Derby and a real MariaDB, installing
// into servers of the real (Open) Liberty of scripts/liberty-runtime.mjs; and, end to end, the
// stand-in web applications on that Liberty: its form login and LTPA cookies, its security roles,
// its JNDI data sources, its REST connector between farm members. Behaviour pinned: pmf.md
// sections 1-8, liberty.md sections 5-7 and the tutorial's Ant / farm sections.
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
import { libertyArchive } from '../support/liberty.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PMF = path.join(ROOT, 'fixtures/pmf');
const ANT = path.join(PMF, 'tools/apache-ant-1.9.4/bin/ant');
const SAMPLES = path.join(PMF, 'MobileFoundationServer/configuration-samples');

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

/** A Liberty install tree without the runtime (for server.xml edits only): <dir>/usr/servers/NAME/server.xml. */
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

/** The real Liberty, unzipped once for the whole file; each describe creates its own servers in it. */
let wlp: string;
const started: string[] = [];

beforeAll(() => {
  const b = spawnSync('bash', [path.join(PMF, 'build.sh')], { encoding: 'utf8', timeout: 300_000 });
  expect(b.status, b.stdout + b.stderr).toBe(0);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-ant-test-'));
  execFileSync('unzip', ['-q', libertyArchive, '-d', tmp]);
  wlp = path.join(tmp, 'wlp');
}, 300_000);

afterAll(() => {
  for (const name of started) server('stop', name);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}, 120_000);

function server(...args: string[]) {
  const r = spawnSync(path.join(wlp, 'bin/server'), args, { encoding: 'utf8', timeout: 120_000 });
  if (args[0] === 'start' && !started.includes(args[1])) started.push(args[1]);
  return r;
}

/** `server start` of several servers at once (each start takes seconds). */
async function startAll(names: string[]) {
  for (const n of names) if (!started.includes(n)) started.push(n);
  const results = await Promise.all(names.map((n) => new Promise<string | null>((resolve) => {
    execFile(path.join(wlp, 'bin/server'), ['start', n], { encoding: 'utf8', timeout: 180_000 }, (err, stdout, stderr) => resolve(err ? `${n}: ${stdout}${stderr}` : null));
  })));
  expect(results.filter(Boolean)).toEqual([]);
}

/** A server of the real Liberty (`server create`, its default template) on free ports. */
async function createServer(name: string): Promise<{ dir: string; http: number; https: number }> {
  const c = server('create', name);
  expect(c.status, c.stdout + c.stderr).toBe(0);
  const dir = path.join(wlp, 'usr/servers', name);
  const ports = { http: await freePort(), https: await freePort() };
  const f = path.join(dir, 'server.xml');
  fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/httpPort="\d+"/, `httpPort="${ports.http}"`).replace(/httpsPort="\d+"/, `httpsPort="${ports.https}"`));
  return { dir, ...ports };
}

/** The error and warning lines of a server's messages.log. */
function problems(name: string): string[] {
  return fs.readFileSync(path.join(wlp, 'usr/servers', name, 'logs/messages.log'), 'utf8').split('\n').filter((l) => /^\[[^\]]+\] [0-9a-f]{8} \S+\s+[EW] /.test(l));
}

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
    // real web applications: a deployment descriptor Liberty reads without scanning for annotations
    for (const w of ['MobileFoundationServer/mfp-admin-ui.war', 'MobileFoundationServer/mfp-admin-service.war', 'PushService/mfp-push-service.war']) {
      const webXml = execFileSync('unzip', ['-p', path.join(PMF, w), 'WEB-INF/web.xml'], { encoding: 'utf8' });
      expect(webXml, w).toMatch(/<web-app [^>]*metadata-complete="true"/);
    }
    const jar = execFileSync('unzip', ['-l', path.join(PMF, 'MobileFoundationServer/mfp-ant-deployer.jar')], { encoding: 'utf8' });
    expect(jar).toContain('com/ibm/mfp/ant/deployers/liberty/lib/features/MFPDecoderFeature-1.0.mf');
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

describe('Derby (embedded) with a server of the real Liberty', () => {
  let dir: string, liberty: string, serverDir: string, data: string, file: string, http: number, httpsPort: number;

  beforeAll(async () => {
    dir = path.join(tmp, 'derby');
    liberty = wlp;
    ({ dir: serverDir, http, https: httpsPort } = await createServer('pmf1'));
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
    // the features of the server's Java EE level (webProfile-8.0) that this Liberty has: no jdbc-4.1, restConnector-1.0 or servlet-3.1 in it
    expect([...x.matchAll(/<feature>([^<]+)<\/feature>/g)].map((m) => m[1])).toEqual(
      ['webProfile-8.0', 'jdbc-4.2', 'appSecurity-2.0', 'restConnector-2.0', 'usr:MFPDecoderFeature-1.0', 'servlet-4.0', 'ssl-1.0']);
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
    for (const [n, v] of [['mfp.topology.platform', 'Liberty'], ['mfp.topology.clustermode', 'Standalone'], ['mfp.admin.jmx.port', String(httpsPort)],
      ['mfp.admin.jmx.user', 'MfpRESTUser'], ['mfpadmin/mfp.config.service.user', 'configUser'], ['mfpconsole/mfp.admin.endpoint', '*://*:*/mfpadmin'],
      ['mfp/mfp.authorization.server', 'embedded'], ['imfpush/mfp.push.db.type', 'DB'], ['imfpush/mfp.push.authorization.client.id', 'push-client-id']])
      expect(x).toContain(`<jndiEntry jndiName="${n}" value="${v}"/>`);
    expect(x).not.toContain('mfp.admin.serverid');
    expect(x).not.toMatch(/cfg-Secret1|adminSecret|pushSecret/); // secrets are {xor} encoded
    expect(fs.readFileSync(path.join(serverDir, 'jvm.options'), 'utf8')).toContain('-Dcom.ibm.ws.jmx.connector.client.rest.readTimeout=180000');
    expect(fs.readFileSync(path.join(liberty, 'usr/extension/lib/features/MFPDecoderFeature-1.0.mf'), 'utf8')).toMatch(/^Subsystem-SymbolicName: MFPDecoderFeature-1\.0;visibility:=public$/m);
    const bundle = execFileSync('unzip', ['-p', path.join(liberty, 'usr/extension/lib/com.ibm.websphere.crypto_1.0.0.jar'), 'META-INF/MANIFEST.MF'], { encoding: 'utf8' });
    expect(bundle).toMatch(/Bundle-SymbolicName: com\.ibm\.websphere\.crypto\r?\n/);
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
    // Liberty would bind an unquoted 075 as the octal Integer 61: such a value is written in quotes
    const r3 = await ant(file, 'adminstall', derbyProps(lib2, data, { 'mfp.farm.configure': 'true', 'mfp.farm.server.id': '075' }));
    expect(r3.code, r3.out).toBe(0);
    expect(fs.readFileSync(path.join(sdir, 'server.xml'), 'utf8')).toContain('<jndiEntry jndiName="mfp.admin.serverid" value="&quot;075&quot;"/>');
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

  it('on Liberty: a mistyped data source JNDI name fails as JNDI does; the rest starts without an error or warning', { timeout: 240_000 }, async () => {
    const i = await ant(file, 'install', derbyProps(liberty, data, { 'mfp.admin.jmx.host': '127.0.0.1' }));
    expect(i.code, i.out).toBe(0);
    // a hand edit breaks the push service's data source name: the service looks it up in JNDI and fails
    const sx = path.join(serverDir, 'server.xml');
    fs.writeFileSync(sx, fs.readFileSync(sx, 'utf8').replace('jndiName="imfpush/jdbc/imfPushDS"', 'jndiName="imfpush/jdbc/imfPushDataSource"'));
    const s = server('start', 'pmf1');
    expect(s.status, s.stdout + s.stderr).toBe(0);
    const base = `http://127.0.0.1:${http}`;
    expect((await request(`${base}/mfp/api/reach`)).body).toBe('OK'); // the server is up, its applications started
    const push = await request(`${base}/imfpush/v1/apps`);
    expect(push.status).toBe(500);
    expect(JSON.parse(push.body).message).toMatch(/^FPWSE0001E: The push service cannot access its database\. Reason: ".*imfpush\/jdbc\/imfPushDS/);
    const log = fs.readFileSync(path.join(serverDir, 'logs/messages.log'), 'utf8');
    expect(log).toMatch(/CWWKF0012I: The server installed the following features: \[[^\]]*usr:MFPDecoderFeature-1\.0/);
    expect(problems('pmf1').length).toBeGreaterThan(0);
    expect(problems('pmf1').filter((l) => !/ E FPWSE0001E: /.test(l))).toEqual([]);
  });

  it('on Liberty: the console login page, the admin API behind the roles, the runtime, live update, push and dev artifacts', async () => {
    const base = `http://127.0.0.1:${http}`;
    const root = await request(`${base}/mfpconsole`);
    expect(root.status).toBe(302);
    expect(root.headers.location).toMatch(/\/mfpconsole\/$/);
    for (const url of [`${base}/mfpconsole/`, `https://127.0.0.1:${httpsPort}/mfpconsole/`]) {
      const page = await request(url);
      expect(page.status, url).toBe(200);
      expect(page.body).toContain('<title>MobileFirst Operations Console - Persistent Mobile Foundation</title>');
      expect(page.body).toMatch(/<form method="post" action="j_security_check"[\s\S]*name="j_username"[\s\S]*name="j_password"/);
    }
    const api = `${base}/mfpadmin/management-apis/2.0`;
    expect((await request(`${api}/runtimes?mode=running`)).status).toBe(401);
    expect((await request(`${api}/runtimes?mode=running`, { auth: 'admin:wrong' })).status).toBe(401);
    expect((await request(`${api}/runtimes?mode=running`, { auth: 'configUser:cfg-Secret1' })).status).toBe(403);
    const rts = await request(`${api}/runtimes?mode=running`, { auth: 'admin:admin' });
    expect(rts.status).toBe(200);
    expect(JSON.parse(rts.body)).toMatchObject({ productVersion: '9.0.0', projects: [{ name: 'mfp', running: true }] });
    expect(JSON.parse((await request(`${api}/runtimes?mode=db`, { auth: 'admin:admin' })).body).projects.map((p: { name: string }) => p.name)).toEqual(['mfp']);
    expect(JSON.parse((await request(`${api}/runtimes/mfp/farm`, { auth: 'admin:admin' })).body)).toEqual({ nodes: [], numberOfNodes: 0, productVersion: '9.0.0' });
    expect((await request(`${api}/runtimes/nosuch/farm`, { auth: 'admin:admin' })).status).toBe(404);
    const diag = JSON.parse((await request(`${api}/diagnostic`, { auth: 'admin:admin' })).body);
    expect(diag.adminDB.status).toBe('available');
    expect(diag.configService.status).toBe('available');
    expect(diag.pushDiagnostic.status).toMatch(/^unavailable: HTTP 500/); // the broken data source of the test above
    expect((await request(`${base}/mfpadminconfig/`)).status).toBe(401);
    expect((await request(`${base}/mfpadminconfig/`, { auth: 'admin:admin' })).status).toBe(403);
    expect((await request(`${base}/mfpadminconfig/`, { auth: 'configUser:cfg-Secret1' })).status).toBe(200);
    expect((await request(`${base}/mfp-dev-artifacts/`)).status).toBe(200);
  });

  it('on Liberty: form login (a direct POST to j_security_check) gives an LtpaToken2 cookie that opens the console and the admin API', async () => {
    const base = `http://127.0.0.1:${http}`;
    const bad = await request(`${base}/mfpconsole/j_security_check`, { method: 'POST', body: 'j_username=admin&j_password=nope' });
    expect(bad.status).toBe(302);
    expect(bad.headers.location).toContain('error=true');
    expect(String(bad.headers['set-cookie'] ?? '')).not.toContain('LtpaToken2=');
    const ok = await request(`${base}/mfpconsole/j_security_check`, { method: 'POST', body: 'j_username=admin&j_password=admin' });
    expect(ok.status).toBe(302);
    const cookie = ltpaCookie(ok);
    const page = await request(`${base}/mfpconsole/index.html`, { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Hello, admin');
    expect(page.body).not.toContain('j_security_check');
    expect(page.body).not.toContain('Server Farm Nodes');
    const anonymous = await request(`${base}/mfpconsole/index.html`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toMatch(/\/mfpconsole\/login\.html$/);
    expect((await request(`${base}/mfpadmin/management-apis/2.0/runtimes`, { cookie })).status).toBe(200);
    expect((await request(`${base}/mfpconsole/index.html`, { cookie: 'LtpaToken2=AAAA' + cookie.slice(15) })).status).toBe(302);
  });

  it('on Liberty: embedded Derby is held by the running server, Ant cannot open it meanwhile; the server stops cleanly', async () => {
    const r = await ant(file, 'databases', derbyProps(liberty, data));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/BUILD FAILED[\s\S]*Another instance of Derby may have already booted the database/);
    expect(server('stop', 'pmf1').status).toBe(0);
    expect(problems('pmf1').filter((l) => !/ E FPWSE0001E: /.test(l))).toEqual([]);
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


// ----- HTTP -----

type Resp = { status: number; body: string; headers: Record<string, string | string[] | undefined> };

function request(url: string, opts: { auth?: string; cookie?: string; method?: string; body?: string } = {}): Promise<Resp> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const headers: Record<string, string> = {};
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    if (opts.cookie) headers.Cookie = opts.cookie;
    if (opts.body) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(u, { method: opts.method ?? 'GET', headers, rejectUnauthorized: false, timeout: 60_000, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

/** `LtpaToken2=...` of a login answer's Set-Cookie headers. */
function ltpaCookie(r: Resp): string {
  const line = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('LtpaToken2=') && !c.startsWith('LtpaToken2=;'));
  expect(line, JSON.stringify(r.headers)).toBeDefined();
  return line!.split(';')[0];
}

describe('on Liberty: a farm of two servers on MariaDB', () => {
  let db: RunningMariaDb;
  const nodes: Array<{ name: string; http: number; https: number; dir: string }> = [];
  const pw = 'Farm-pw1';

  beforeAll(async () => {
    db = await startMariaDb();
    const c = await mysql.createConnection({ host: db.host, port: db.port, user: 'root', password: db.rootPassword });
    await c.query('CREATE DATABASE MFPDATA CHARACTER SET utf8 COLLATE utf8_general_ci');
    await c.query(`CREATE USER 'mfpuser'@'127.0.0.1' IDENTIFIED BY ?`, [pw]);
    await c.query(`GRANT ALL PRIVILEGES ON MFPDATA.* TO 'mfpuser'@'127.0.0.1'`);
    await c.end();
    for (const name of ['farm1', 'farm2']) {
      nodes.push({ name, ...(await createServer(name)) });
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
      addJndi(name, 'mfp.admin.farm.heartbeat', '2s'); // fast heartbeats for the test
    }
  }, 300_000);

  afterAll(async () => {
    for (const n of nodes) server('stop', n.name);
    await db?.stop();
  }, 120_000);

  function addJndi(name: string, key: string, value: string) {
    const sx = path.join(wlp, 'usr/servers', name, 'server.xml');
    fs.writeFileSync(sx, fs.readFileSync(sx, 'utf8').replace('</server>', `    <jndiEntry jndiName="${key}" value="${value}"/>\n</server>`));
  }

  async function farmOf(n: { http: number }) {
    const r = await request(`http://127.0.0.1:${n.http}/mfpadmin/management-apis/2.0/runtimes/mfp/farm`, { auth: 'admin:admin' });
    expect(r.status, r.body).toBe(200);
    return JSON.parse(r.body) as { nodes: Array<{ status: string; pk: { serverId: string }; port: string; error?: string }>; numberOfNodes: number };
  }

  async function login(n: { http: number }) {
    return ltpaCookie(await request(`http://127.0.0.1:${n.http}/mfpconsole/j_security_check`, { method: 'POST', body: 'j_username=admin&j_password=admin' }));
  }

  const sec = (name: string) => path.join(wlp, 'usr/servers', name, 'resources/security');

  it('members check each other over JMX: an untrusted peer is UNREACHABLE with the SSL error; LTPA cookies need the same keys', { timeout: 240_000 }, async () => {
    await startAll(nodes.map((n) => n.name));
    for (const [self, peer] of [[nodes[0], nodes[1]], [nodes[1], nodes[0]]]) {
      const f = await farmOf(self);
      expect(f.numberOfNodes).toBe(2);
      // a server trusts its own certificate (it is in its keystore), which names 127.0.0.1
      expect(f.nodes.find((x) => x.pk.serverId === `farm_${self.name}`)).toMatchObject({ status: 'ALIVE', port: String(self.https) });
      const other = f.nodes.find((x) => x.pk.serverId === `farm_${peer.name}`)!;
      expect(other.status).toBe('UNREACHABLE');
      expect(other.error).toMatch(/^FWLSE3207E: The farm member 127\.0\.0\.1:\d+ is not reachable\./);
      expect(other.error).toMatch(/PKIX path building failed|CWPKI0\d{3}E/);
    }
    const cookie = await login(nodes[0]);
    expect((await request(`http://127.0.0.1:${nodes[0].http}/mfpconsole/index.html`, { cookie })).body).toContain('Server Farm Nodes');
    const elsewhere = await request(`http://127.0.0.1:${nodes[1].http}/mfpconsole/index.html`, { cookie });
    expect(elsewhere.status).toBe(302); // other LTPA keys: a login is asked again
  });

  it('with the certificates exchanged and the LTPA keys copied, both members are ALIVE and share the session; no error or warning', { timeout: 240_000 }, async () => {
    for (const n of nodes) expect(server('stop', n.name).status).toBe(0);
    for (const [a, b] of [['farm1', 'farm2'], ['farm2', 'farm1']]) {
      const cert = path.join(tmp, `farm/${a}.crt`);
      execFileSync('keytool', ['-exportcert', '-rfc', '-alias', 'default', '-file', cert, '-keystore', path.join(sec(a), 'key.p12'), '-storetype', 'PKCS12', '-storepass', 'mobilefirst']);
      execFileSync('keytool', ['-importcert', '-noprompt', '-alias', a, '-file', cert, '-keystore', path.join(sec(b), 'key.p12'), '-storetype', 'PKCS12', '-storepass', 'mobilefirst']);
    }
    fs.copyFileSync(path.join(sec('farm1'), 'ltpa.keys'), path.join(sec('farm2'), 'ltpa.keys'));
    for (const n of nodes) fs.rmSync(path.join(n.dir, 'logs/messages.log'));
    await startAll(nodes.map((n) => n.name));
    for (const n of nodes) {
      const f = await farmOf(n);
      expect(f.nodes.map((x) => [x.pk.serverId, x.status, x.port, x.error])).toEqual([
        ['farm_farm1', 'ALIVE', String(nodes[0].https), undefined], ['farm_farm2', 'ALIVE', String(nodes[1].https), undefined]]);
    }
    const cookie = await login(nodes[0]);
    const page = await request(`http://127.0.0.1:${nodes[1].http}/mfpconsole/index.html`, { cookie });
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('j_security_check');
    for (const n of nodes) {
      const log = fs.readFileSync(path.join(n.dir, 'logs/messages.log'), 'utf8');
      expect(log).toMatch(/FWLSE3208I: The server farm_\w+ \(127\.0\.0\.1:\d+\) is registered as a member of the server farm/);
      expect(problems(n.name)).toEqual([]);
    }
  });

  it('a killed member goes DOWN and can be removed; a duplicate id is refused; a stopped member unregisters; a lost database gives FWLSE3001E', { timeout: 240_000 }, async () => {
    const pid2 = Number(fs.readFileSync(path.join(wlp, 'usr/servers/.pid/farm2.pid'), 'utf8').trim());
    process.kill(pid2, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 8000)); // 2 missed heartbeats of 2 s (+ 2 s of grace)
    const down = (await farmOf(nodes[0])).nodes.find((x) => x.pk.serverId === 'farm_farm2')!;
    expect(down.status).toBe('DOWN');
    expect(down.error).toMatch(/FWLSE3204W/);
    const api = `http://127.0.0.1:${nodes[0].http}/mfpadmin/management-apis/2.0`;
    expect((await request(`${api}/runtimes/mfp/farm/farm_farm1`, { auth: 'admin:admin', method: 'DELETE' })).status).toBe(500); // alive
    const del = await request(`${api}/runtimes/mfp/farm/farm_farm2`, { auth: 'admin:admin', method: 'DELETE' });
    expect(JSON.parse(del.body)).toEqual({ ok: true, productVersion: '9.0.0' });
    expect((await farmOf(nodes[0])).nodes.map((x) => x.pk.serverId)).toEqual(['farm_farm1']);

    // the same server id on the second member: FWLSE3200W, the first member keeps the id
    const sx2 = path.join(nodes[1].dir, 'server.xml');
    fs.writeFileSync(sx2, fs.readFileSync(sx2, 'utf8').replace('<jndiEntry jndiName="mfp.admin.serverid" value="farm_farm2"/>', '<jndiEntry jndiName="mfp.admin.serverid" value="farm_farm1"/>'));
    expect(server('start', 'farm2').status).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(fs.readFileSync(path.join(nodes[1].dir, 'logs/messages.log'), 'utf8')).toMatch(/ W FWLSE3200W: The server farm_farm1 cannot be added to the server farm/);
    expect((await farmOf(nodes[0])).nodes.map((x) => [x.pk.serverId, x.port])).toEqual([['farm_farm1', String(nodes[0].https)]]);

    // a member stopped cleanly unregisters
    expect(server('stop', 'farm1').status).toBe(0);
    expect(fs.readFileSync(path.join(nodes[0].dir, 'logs/messages.log'), 'utf8')).toMatch(/FWLSE3211I: The server farm_farm1 is unregistered from the server farm\./);
    const c = await mysql.createConnection({ host: db.host, port: db.port, user: 'root', password: db.rootPassword, database: 'MFPDATA' });
    const [rows] = await c.query('SELECT SERVER_ID FROM ADMIN_NODE WHERE HTTPS_PORT = ?', [nodes[0].https]);
    await c.end();
    expect(rows).toEqual([]);

    // the database goes away: the data source fails, the administration API answers 500 and logs why
    await db.stop();
    const lost = await request(`http://127.0.0.1:${nodes[1].http}/mfpadmin/management-apis/2.0/runtimes/mfp/farm`, { auth: 'admin:admin' });
    expect(lost.status).toBe(500);
    expect(lost.body).toContain('FWLSE3000E: A server error was detected.');
    expect(lost.body).toMatch(/FWLSE3001E: The administration database cannot be accessed through the data source mfpadmin\/jdbc\/mfpAdminDS/);
    expect(fs.readFileSync(path.join(nodes[1].dir, 'logs/messages.log'), 'utf8')).toMatch(/ E FWLSE3001E: The administration database cannot be accessed/);
  });
});
