// Tests of the PMF stand-in on embedded Derby: the configure-liberty-derby.xml sample run by real
// Apache Ant with the stand-in task library, installing into a server of the real (Open) Liberty of
// scripts/liberty-runtime.mjs; then, on that Liberty, the stand-in web applications: their form
// login and LTPA cookies, their security roles, their JNDI data sources. Behaviour pinned: pmf.md
// sections 1-8, liberty.md sections 5-7 and the tutorial's Ant section.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ltpaCookie, request } from '../support/http-request.js';
import { PMF, TUTORIAL_LINES, ant, antSandbox, copySample, createServer, fakeLiberty, problems, server, serverProps } from '../support/pmf-ant.js';
import { sha } from '../support/tree.js';

/** The real Liberty, unzipped once for the whole file; the describe creates its server in it. */
const sandbox = antSandbox({ liberty: true });

function derbyProps(libertyDir: string, dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...serverProps(libertyDir, 'pmf1'),
    'database.derby.datadir': dataDir,
    ...extra,
  };
}


describe('Derby (embedded) with a server of the real Liberty', () => {
  let dir: string, liberty: string, serverDir: string, data: string, file: string, http: number, httpsPort: number;

  beforeAll(async () => {
    dir = path.join(sandbox.tmp, 'derby');
    liberty = sandbox.wlp;
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
    const empty = fs.mkdtempSync(path.join(sandbox.tmp, 'nodriver-'));
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
