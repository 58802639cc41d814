// Tests of the WebSphere Liberty 8.5.5.9 stand-in (fixtures/liberty-repo): bin/server and the runtime in
// bin/tools/ws-server.jar. They pin the behaviour described in /work/shared/reference/liberty.md sections 0-6.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REPO = path.join(ROOT, 'fixtures/liberty-repo');
const IMCL = path.join(ROOT, 'fixtures/im/imcl');
const KS_PASSWORD = 'Liberty-test-1';
const KS_XOR = xorEncode(KS_PASSWORD);

let tmp: string;
let wlp: string; // installation directory
let server: string; // bin/server
const started: { bin: string; name: string; env?: NodeJS.ProcessEnv }[] = [];

type Result = { code: number; stdout: string; stderr: string };

function xorEncode(s: string): string {
  return `{xor}${Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5f)).toString('base64')}`;
}

function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(WLP_|LOG_DIR|LOG_FILE|PID_DIR|PID_FILE|JVM_ARGS)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}, timeout = 60_000): Promise<Result> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env: cleanEnv(env), encoding: 'utf8', timeout }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const srv = (args: string[], env: NodeJS.ProcessEnv = {}) => run(server, args, env);

async function start(name: string, env: NodeJS.ProcessEnv = {}, bin = server): Promise<Result> {
  started.push({ bin, name, env });
  return run(bin, ['start', name], env);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function request(url: string, options: https.RequestOptions = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const mod = url.startsWith('https:') ? https : http;
    const req = mod.get(url, { ...options, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

function serverDir(name: string, userDir = path.join(wlp, 'usr')) {
  return path.join(userDir, 'servers', name);
}

function writeServerXml(name: string, body: string) {
  fs.writeFileSync(path.join(serverDir(name), 'server.xml'), `<server description="test server">\n${body}\n</server>\n`);
}

function read(p: string): string {
  return fs.readFileSync(p, 'utf8');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Compiles a stand-in application jar (see the contract in Server.java). */
function buildAppJar(dir: string, className: string, source: string, jarName: string): string {
  const src = path.join(dir, `${className}.java`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(src, source);
  const classes = path.join(dir, `${className}-classes`);
  const c = spawnSync('javac', ['--release', '11', '-d', classes, src], { encoding: 'utf8' });
  expect(c.status, c.stderr).toBe(0);
  const mf = path.join(dir, `${className}.mf`);
  fs.writeFileSync(mf, `Standin-App-Class: ${className}\n`);
  const jar = path.join(dir, jarName);
  const j = spawnSync('jar', ['--create', '--file', jar, '--manifest', mf, '-C', classes, '.'], { encoding: 'utf8' });
  expect(j.status, j.stderr).toBe(0);
  return jar;
}

const HELLO_APP = `
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiConsumer;
public class HelloApp implements HttpHandler {
  private String info;
  @SuppressWarnings("unchecked")
  public void init(Map<String, Object> server) throws Exception {
    info = "server=" + server.get("serverName") + " ctx=" + server.get("contextRoot") + " app=" + server.get("applicationName")
      + " http=" + server.get("httpPort") + " https=" + server.get("httpsPort") + " ssl=" + (server.get("sslContext") != null)
      + " ltpaPassword=" + server.get("ltpaKeysPassword")
      + " root=" + ((org.w3c.dom.Document) server.get("serverXml")).getDocumentElement().getTagName();
    log = (BiConsumer<String, String>) server.get("log");
    log.accept("HELLO0001I: hello app initialised", "A");
  }
  private BiConsumer<String, String> log;
  public void destroy() { log.accept("HELLO0002I: hello app destroyed", "I"); }
  public void handle(HttpExchange ex) throws java.io.IOException {
    byte[] b = (info + " path=" + ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }
}
`;

const GREETING_LIB = `
public class Greeting {
  public static String text() { return "greetings from a Standin-Class-Path jar"; }
}
`;

const LIB_APP = `
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.util.Map;
public class LibApp implements HttpHandler {
  public void init(Map<String, Object> server) { }
  public void handle(HttpExchange ex) throws java.io.IOException {
    byte[] b = Greeting.text().getBytes();
    ex.sendResponseHeaders(200, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }
}
`;

const BROKEN_APP = `
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.util.Map;
public class BrokenApp implements HttpHandler {
  public void init(Map<String, Object> server) throws Exception { throw new IllegalStateException("database unreachable"); }
  public void handle(HttpExchange ex) { }
}
`;

beforeAll(async () => {
  const b = spawnSync('bash', [path.join(REPO, 'build.sh')], { encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'liberty-test-')));
  wlp = path.join(tmp, 'wlp');
  // install the way the product does: through Installation Manager
  const r = await run(IMCL, ['install', 'com.ibm.websphere.liberty.v85', '-repositories', REPO, '-installationDirectory', wlp, '-acceptLicense'],
    { IM_DATA_DIR: path.join(tmp, 'im') });
  expect(r.code, r.stderr).toBe(0);
  server = path.join(wlp, 'bin/server');
});

afterAll(async () => {
  for (const s of started) await run(s.bin, ['stop', s.name], s.env ?? {});
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('build.sh', () => {
  it('produced the jar and the wlp/ archive and is quick when up to date', () => {
    expect(fs.existsSync(path.join(REPO, 'payload/bin/tools/ws-server.jar'))).toBe(true);
    const zip = path.join(REPO, 'build/wlp-webProfile-8.5.5.9.zip');
    const l = spawnSync('unzip', ['-l', zip], { encoding: 'utf8' });
    expect(l.status).toBe(0);
    for (const f of ['wlp/bin/server', 'wlp/bin/tools/ws-server.jar', 'wlp/lib/versions/WebSphereApplicationServer.properties',
      'wlp/templates/servers/defaultServer/server.xml']) {
      expect(l.stdout).toContain(f);
    }
    expect(spawnSync('unzip', ['-q', zip, '-d', path.join(tmp, 'unzipped')]).status).toBe(0);
    expect(fs.statSync(path.join(tmp, 'unzipped/wlp/bin/server')).mode & 0o111).not.toBe(0);
    const t0 = Date.now();
    const b = spawnSync('bash', [path.join(REPO, 'build.sh')], { encoding: 'utf8' });
    expect(b.status).toBe(0);
    expect(b.stderr).toBe('');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('the self-extracting jar extracts wlp/ only with --acceptLicense', () => {
    const sfx = path.join(REPO, 'build/wlp-webProfile-8.5.5.9.jar');
    const declined = spawnSync('java', ['-jar', sfx, path.join(tmp, 'sfx-declined')], { encoding: 'utf8', input: '2\n' });
    expect(declined.status).toBe(1);
    expect(declined.stdout).toContain('not accepted');
    expect(fs.existsSync(path.join(tmp, 'sfx-declined'))).toBe(false);
    const ok = spawnSync('java', ['-jar', sfx, '--acceptLicense', path.join(tmp, 'sfx')], { encoding: 'utf8' });
    expect(ok.status, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('Successfully extracted all product files.');
    expect(fs.statSync(path.join(tmp, 'sfx/wlp/bin/server')).mode & 0o111).not.toBe(0);
    expect(fs.existsSync(path.join(tmp, 'sfx/wlp/bin/tools/ws-server.jar'))).toBe(true);
    expect(read(path.join(tmp, 'sfx/wlp/lib/versions/WebSphereApplicationServer.properties'))).toContain('productInstallType=Archive');
  });
});

describe('server create', () => {
  it('creates the server from the defaultServer template', async () => {
    const r = await srv(['create', 'pmf1']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('Server pmf1 created.');
    const dir = serverDir('pmf1');
    const xml = read(path.join(dir, 'server.xml'));
    expect(xml).toBe(read(path.join(wlp, 'templates/servers/defaultServer/server.xml')));
    expect(xml).toContain('<feature>jsp-2.2</feature>');
    expect(xml).toMatch(/<httpEndpoint id="defaultHttpEndpoint"\s+httpPort="9080"\s+httpsPort="9443"/);
    expect(fs.statSync(path.join(dir, 'apps')).isDirectory()).toBe(true);
    expect(fs.statSync(path.join(dir, 'dropins')).isDirectory()).toBe(true);
    expect(fs.existsSync(path.join(dir, 'workarea/.sLock'))).toBe(true);
    // 8.5.5.9 writes no keystore_password and never makes a keystore at create
    expect(fs.existsSync(path.join(dir, 'server.env'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'resources'))).toBe(false);
  });

  it('refuses to create an existing server (CWWKE0045E, exit 1)', async () => {
    const r = await srv(['create', 'pmf1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`CWWKE0045E: It was not possible to create the server called pmf1 because the server directory ${serverDir('pmf1')} already exists.`);
  });

  it('rejects bad names, unknown templates and unknown options', async () => {
    const bad = await srv(['create', 'bad name']);
    expect(bad.code).toBe(20);
    expect(bad.stdout).toContain('CWWKE0012E');
    expect(bad.stdout).toContain('(name=bad name)');
    const dot = await srv(['create', '.hidden']);
    expect(dot.code).toBe(20);
    expect(fs.existsSync(serverDir('bad name'))).toBe(false);

    const tpl = await srv(['create', 'tplsrv', '--template=nosuch']);
    expect(tpl.code).toBe(24);
    expect(tpl.stdout).toContain(`CWWKE0054E: Unable to open file ${path.join(wlp, 'templates/servers/nosuch/server.xml')}.`);
    expect(fs.existsSync(serverDir('tplsrv'))).toBe(false);

    const opt = await srv(['create', 'optsrv', '--frobnicate']);
    expect(opt.code).toBe(20);
    expect(opt.stdout).toContain('CWWKE0013E: Unknown option: --frobnicate');
  });

  it('honours WLP_USER_DIR from etc/server.env over the environment, and reports CWWKE0066E', async () => {
    const install2 = path.join(tmp, 'wlp2');
    fs.cpSync(wlp, install2, { recursive: true });
    fs.rmSync(path.join(install2, 'usr'), { recursive: true, force: true });
    const users = path.join(tmp, 'LibertyServers', 'usr');
    fs.mkdirSync(path.join(install2, 'etc'));
    fs.writeFileSync(path.join(install2, 'etc/server.env'), `# moved servers\nWLP_USER_DIR=${users}\n`);
    const bin2 = path.join(install2, 'bin/server');
    const r = await run(bin2, ['create', 'moved'], { WLP_USER_DIR: path.join(tmp, 'from-env') });
    expect(r.code, r.stdout).toBe(0);
    expect(fs.existsSync(path.join(users, 'servers/moved/server.xml'))).toBe(true);
    expect(fs.existsSync(path.join(tmp, 'from-env'))).toBe(false);
    expect(fs.existsSync(path.join(install2, 'usr'))).toBe(false);
    const list = await run(bin2, ['list']);
    expect(list.stdout).toContain(users);
    expect(list.stdout).toMatch(/^moved$/m);
    const status = await run(bin2, ['status', 'moved']);
    expect(status.code).toBe(1);
    expect(status.stdout.trim()).toBe('Server moved is not running.');

    // a user directory that cannot be created
    fs.writeFileSync(path.join(tmp, 'afile'), 'x');
    fs.writeFileSync(path.join(install2, 'etc/server.env'), `WLP_USER_DIR=${path.join(tmp, 'afile', 'usr')}\n`);
    const bad = await run(bin2, ['create', 'nowhere']);
    expect(bad.code).toBe(23);
    expect(bad.stdout).toContain('CWWKE0066E: A directory cannot be created for the nowhere server at the following location:');
  });

  it('resolves its installation directory through a symlink', async () => {
    const linkDir = path.join(tmp, 'links');
    fs.mkdirSync(linkDir);
    fs.symlinkSync(server, path.join(linkDir, 'server'));
    const r = await run(path.join(linkDir, 'server'), ['create', 'vialink']);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(serverDir('vialink'), 'server.xml'))).toBe(true);
  });
});

describe('server status / stop / start on servers that are not running', () => {
  it('exits 2 for a server that does not exist', async () => {
    for (const action of ['start', 'stop', 'status', 'run']) {
      const r = await srv([action, 'ghost']);
      expect(r.code, action).toBe(2);
      expect(r.stdout.trim(), action).toBe('Server ghost does not exist.');
    }
  });

  it('status and stop exit 1 when not running, also with a stale pid file', async () => {
    const st = await srv(['status', 'pmf1']);
    expect(st.code).toBe(1);
    expect(st.stdout.trim()).toBe('Server pmf1 is not running.');
    const sp = await srv(['stop', 'pmf1']);
    expect(sp.code).toBe(1);
    expect(sp.stdout.trim().split('\n')).toEqual(['Stopping server pmf1.', 'Server pmf1 is not running.']);

    const dead = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
    fs.mkdirSync(path.join(wlp, 'usr/servers/.pid'), { recursive: true });
    fs.writeFileSync(path.join(wlp, 'usr/servers/.pid/pmf1.pid'), `${dead}\n`);
    const stale = await srv(['status', 'pmf1']);
    expect(stale.code).toBe(1);
    expect(stale.stdout.trim()).toBe('Server pmf1 is not running.');
  });

  it('version and help', async () => {
    const v = await srv(['version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^WebSphere Application Server 8\.5\.5\.9 \(1\.0\.12\.cl50920160227-1523\) on .*, version /);
    const enc = await run(path.join(wlp, 'bin/securityUtility'), ['encode', 'WebAS']);
    expect(enc.code).toBe(0);
    expect(enc.stdout.trim()).toBe('{xor}CDo9Hgw=');
    const pi = await run(path.join(wlp, 'bin/productInfo'), ['version']);
    expect(pi.stdout).toContain('Product version: 8.5.5.9');
    const h = await srv(['help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Usage: server');
  });
});

describe('a running server with SSL, LTPA and applications', () => {
  const name = 'secure1';
  let httpPort: number;
  let httpsPort: number;
  let pid: number;
  let dir: string;

  beforeAll(async () => {
    httpPort = await freePort();
    httpsPort = await freePort();
    expect((await srv(['create', name])).code).toBe(0);
    dir = serverDir(name);
    buildAppJar(path.join(tmp, 'apps-src'), 'HelloApp', HELLO_APP, 'hello.jar');
    fs.copyFileSync(path.join(tmp, 'apps-src/hello.jar'), path.join(dir, 'apps/hello.jar'));
    buildAppJar(path.join(tmp, 'apps-src'), 'BrokenApp', BROKEN_APP, 'broken.jar');
    // an application whose helper class comes from a jar named by Standin-Class-Path (relative to the app file)
    const libSrc = path.join(tmp, 'lib-src');
    fs.mkdirSync(path.join(libSrc, 'classes'), { recursive: true });
    fs.writeFileSync(path.join(libSrc, 'Greeting.java'), GREETING_LIB);
    fs.writeFileSync(path.join(libSrc, 'LibApp.java'), LIB_APP);
    expect(spawnSync('javac', ['--release', '11', '-d', path.join(libSrc, 'classes'), path.join(libSrc, 'Greeting.java'), path.join(libSrc, 'LibApp.java')]).status).toBe(0);
    fs.mkdirSync(path.join(dir, 'apps/lib'), { recursive: true });
    expect(spawnSync('jar', ['--create', '--file', path.join(dir, 'apps/lib/greeting.jar'), '-C', path.join(libSrc, 'classes'), 'Greeting.class']).status).toBe(0);
    fs.writeFileSync(path.join(libSrc, 'app.mf'), 'Standin-App-Class: LibApp\nStandin-Class-Path: lib/greeting.jar\n');
    expect(spawnSync('jar', ['--create', '--file', path.join(dir, 'apps/libapp.war'), '--manifest', path.join(libSrc, 'app.mf'), '-C', path.join(libSrc, 'classes'), 'LibApp.class']).status).toBe(0);
    fs.writeFileSync(path.join(dir, 'bootstrap.properties'), `test.https.port=${httpsPort}\n`);
    fs.writeFileSync(path.join(dir, 'apps.xml'), '<server>\n    <application id="hello" name="hello" location="hello.jar" context-root="/hello" type="war"/>\n</server>\n');
    // a war without Standin-App-Class in dropins/ is served as static content
    const staticDir = path.join(tmp, 'static-war');
    fs.mkdirSync(staticDir, { recursive: true });
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<h1>static page</h1>');
    expect(spawnSync('jar', ['--create', '--file', path.join(dir, 'dropins/static.war'), '-C', staticDir, '.']).status).toBe(0);
    writeServerXml(name, `
    <featureManager>
        <feature>jsp-2.2</feature>
        <feature>ssl-1.0</feature>
        <feature>appSecurity-2.0</feature>
    </featureManager>
    <variable name="test.http.port" value="${httpPort}"/>
    <keyStore id="defaultKeyStore" password="${KS_XOR}" />
    <httpEndpoint id="defaultHttpEndpoint" host="localhost" httpPort="\${test.http.port}" httpsPort="\${test.https.port}" />
    <include location="apps.xml"/>
    <application location="libapp.war"/>
    <webApplication name="broken" location="${path.join(tmp, 'apps-src/broken.jar')}" contextRoot="broken"/>`);
  });

  it('starts: messages, pid file, exit 0, and does not keep the caller waiting', async () => {
    const t0 = Date.now();
    const r = await start(name);
    expect(r.code, r.stdout).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`Starting server ${name}.`);
    const m = /^Server secure1 started with process ID (\d+)\.$/.exec(lines[1]);
    expect(m, lines[1]).not.toBeNull();
    pid = Number(m![1]);
    expect(lines.length).toBe(2);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(read(path.join(wlp, `usr/servers/.pid/${name}.pid`)).trim()).toBe(String(pid));
    expect(isAlive(pid)).toBe(true);
  });

  it('writes messages.log and console.log in the Liberty formats', () => {
    const messages = read(path.join(dir, 'logs/messages.log'));
    expect(messages).toMatch(/^\*{80}\nproduct = WebSphere Application Server 8\.5\.5\.9 \(wlp-1\.0\.12\.cl50920160227-1523\)\nwlp\.install\.dir = /);
    expect(messages).toMatch(/^\[\d{1,2}\/\d{1,2}\/\d\d \d{1,2}:\d\d:\d\d:\d{3} \w+\] [0-9a-f]{8} com\.ibm\.ws\.kernel\.launch\.internal\.FrameworkManager +A CWWKE0001I: The server secure1 has been launched\.$/m);
    expect(messages).toContain(`CWPKI0803A: SSL certificate created in`);
    expect(messages).toContain(`SSL key file: ${path.join(dir, 'resources/security/key.jks')}`);
    expect(messages).toContain(`CWWKS4104A: LTPA keys created in`);
    expect(messages).toContain(`LTPA key file: ${path.join(dir, 'resources/security/ltpa.keys')}`);
    expect(messages).toContain(`CWWKO0219I: TCP Channel defaultHttpEndpoint has been started and is now listening for requests on host localhost  (IPv4: 127.0.0.1) port ${httpPort}.`);
    expect(messages).toContain(`CWWKO0219I: TCP Channel defaultHttpEndpoint-ssl has been started and is now listening for requests on host localhost  (IPv4: 127.0.0.1) port ${httpsPort}.`);
    expect(messages).toMatch(/CWWKF0012I: The server installed the following features: \[.*appSecurity-2\.0.*jsp-2\.2.*ssl-1\.0.*\]\./);
    expect(messages).toContain('CWWKF0011I: The server secure1 is ready to run a smarter planet.');
    const console = read(path.join(dir, 'logs/console.log'));
    expect(console.split('\n')[0]).toMatch(/^Launching secure1 \(WebSphere Application Server 8\.5\.5\.9\/wlp-1\.0\.12\.cl50920160227-1523\) on .+, version .+/);
    expect(console).toContain('[AUDIT   ] CWWKF0011I: The server secure1 is ready to run a smarter planet.');
    expect(console).not.toContain('CWWKO0219I'); // info lines stay out of the console
  });

  it('reports running, refuses a second start and a foreground run', async () => {
    const st = await srv(['status', name]);
    expect(st.code).toBe(0);
    expect(st.stdout.trim()).toBe(`Server ${name} is running with process ID ${pid}.`);
    const again = await srv(['start', name]);
    expect(again.code).toBe(1);
    expect(again.stdout.trim()).toBe(`Server ${name} is already running with process ID ${pid}.`);
    const fg = await srv(['run', name]);
    expect(fg.code).toBe(1);
    expect(fg.stdout).toContain(`CWWKE0029E: An instance of server ${name} is already running.`);
  });

  it('serves the welcome page over HTTP and HTTPS with the generated certificate', async () => {
    const home = await request(`http://localhost:${httpPort}/`);
    expect(home.status).toBe(200);
    expect(home.body).toContain('Welcome to Liberty');
    expect((await request(`http://localhost:${httpPort}/no/such/thing`)).status).toBe(404);

    const ks = path.join(dir, 'resources/security/key.jks');
    const pemFile = path.join(tmp, 'secure1.crt');
    const exp = spawnSync('keytool', ['-exportcert', '-rfc', '-alias', 'default', '-file', pemFile, '-keystore', ks, '-storetype', 'JKS', '-storepass', KS_PASSWORD], { encoding: 'utf8' });
    expect(exp.status, exp.stderr + exp.stdout).toBe(0);
    const pem = read(pemFile);
    const secure = await request(`https://localhost:${httpsPort}/`, { ca: pem, checkServerIdentity: () => undefined });
    expect(secure.status).toBe(200);
    expect(secure.body).toContain('Welcome to Liberty');
    // an untrusted client fails the handshake
    await expect(request(`https://localhost:${httpsPort}/`)).rejects.toThrow();
  });

  it('generated key.jks: JKS, alias default, RSA 2048, SHA256withRSA, 365 days, Liberty DN', () => {
    const ks = path.join(dir, 'resources/security/key.jks');
    const list = spawnSync('keytool', ['-list', '-v', '-keystore', ks, '-storetype', 'JKS', '-storepass', KS_PASSWORD], { encoding: 'utf8' });
    expect(list.status, list.stderr + list.stdout).toBe(0);
    expect(list.stdout).toMatch(/Keystore type: (JKS|jks)/);
    expect(list.stdout).toContain('Your keystore contains 1 entry');
    expect(list.stdout).toContain('Alias name: default');
    expect(list.stdout).toContain('Entry type: PrivateKeyEntry');
    expect(list.stdout).toMatch(/Signature algorithm name: SHA256withRSA/);
    expect(list.stdout).toMatch(/2048-bit RSA key/);
    expect(list.stdout).toMatch(/Owner: CN=[^,]+, OU=secure1, O=ibm, C=us/);
    const cert = new crypto.X509Certificate(read(path.join(tmp, 'secure1.crt')));
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(Math.round(days)).toBe(365);
    // the wrong password does not open it
    const wrong = spawnSync('keytool', ['-list', '-keystore', ks, '-storetype', 'JKS', '-storepass', 'not-the-password'], { encoding: 'utf8' });
    expect(wrong.status).not.toBe(0);
  });

  it('generated ltpa.keys as a Java properties file encrypted with the default WebAS password', () => {
    const keys = read(path.join(dir, 'resources/security/ltpa.keys'));
    expect(keys).toMatch(/^#IBM WebSphere Application Server key file$/m);
    for (const p of ['com.ibm.websphere.CreationDate', 'com.ibm.websphere.ltpa.version=1.0', 'com.ibm.websphere.CreationHost',
      'com.ibm.websphere.ltpa.Realm', 'com.ibm.websphere.ltpa.3DESKey', 'com.ibm.websphere.ltpa.PrivateKey', 'com.ibm.websphere.ltpa.PublicKey']) {
      expect(keys).toContain(p);
    }
    // 3DES key = DESede/ECB/PKCS5 with SHA-1(password) padded to 24 bytes
    const enc = /com\.ibm\.websphere\.ltpa\.3DESKey=(.*)/.exec(keys)![1].replace(/\\/g, '');
    const key = Buffer.concat([crypto.createHash('sha1').update('WebAS').digest(), Buffer.alloc(4)]);
    const d = crypto.createDecipheriv('des-ede3', key, null);
    const secret = Buffer.concat([d.update(Buffer.from(enc, 'base64')), d.final()]);
    expect(secret.length).toBe(24);
  });

  it('runs applications at their context roots on HTTP and HTTPS; a failing app does not stop the server', async () => {
    const r = await request(`http://localhost:${httpPort}/hello/greet`);
    expect(r.status).toBe(200);
    expect(r.body).toBe(`server=secure1 ctx=/hello app=hello http=${httpPort} https=${httpsPort} ssl=true ltpaPassword=WebAS root=server path=/hello/greet`);
    const rs = await request(`https://localhost:${httpsPort}/hello`, { ca: read(path.join(tmp, 'secure1.crt')), checkServerIdentity: () => undefined });
    expect(rs.status).toBe(200);
    expect(rs.body).toContain('path=/hello');
    expect((await request(`http://localhost:${httpPort}/hellox`)).status).toBe(404);
    expect((await request(`http://localhost:${httpPort}/broken/`)).status).toBe(404);
    const lib = await request(`http://localhost:${httpPort}/libapp/`);
    expect(lib.status).toBe(200);
    expect(lib.body).toBe('greetings from a Standin-Class-Path jar');
    const st = await request(`http://localhost:${httpPort}/static/`);
    expect(st.status).toBe(200);
    expect(st.body).toBe('<h1>static page</h1>');
    expect((await request(`http://localhost:${httpPort}/static/missing.html`)).status).toBe(404);

    const messages = read(path.join(dir, 'logs/messages.log'));
    expect(messages).toContain(`CWWKT0016I: Web application available (default_host): http://localhost:${httpPort}/hello/`);
    expect(messages).toMatch(/CWWKZ0001I: Application hello started in \d+\.\d+ seconds\./);
    expect(messages).toMatch(/HelloApp +A HELLO0001I: hello app initialised/);
    expect(messages).toContain('CWWKZ0002E: An exception occurred while starting the application broken. The exception message was: java.lang.IllegalStateException: database unreachable');
    expect(read(path.join(dir, 'logs/console.log'))).toContain('[ERROR   ] CWWKZ0002E');
    expect(messages).toContain('CWWKF0011I');
  });

  it('stops: messages, exit 0, process gone, pid file removed, listeners closed', async () => {
    const r = await srv(['stop', name]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([`Stopping server ${name}.`, `Server ${name} stopped.`]);
    expect(isAlive(pid)).toBe(false);
    expect(fs.existsSync(path.join(wlp, `usr/servers/.pid/${name}.pid`))).toBe(false);
    const messages = read(path.join(dir, 'logs/messages.log'));
    expect(messages).toMatch(/CWWKE0055I: Server shutdown requested on .* The server secure1 is shutting down\./);
    expect(messages).toContain('CWWKZ0009I: The application hello has stopped successfully.');
    expect(messages).toMatch(/HelloApp +I HELLO0002I: hello app destroyed/);
    expect(messages).toMatch(/CWWKE0036I: The server secure1 stopped after \d+\.\d+ seconds\./);
    await expect(request(`http://localhost:${httpPort}/`)).rejects.toThrow();
    const st = await srv(['status', name]);
    expect(st.code).toBe(1);
    const sp = await srv(['stop', name]);
    expect(sp.code).toBe(1);
  });

  it('keeps existing keys on restart and reports wrong keystore / LTPA passwords', async () => {
    const ksFile = path.join(dir, 'resources/security/key.jks');
    const ltpaFile = path.join(dir, 'resources/security/ltpa.keys');
    const ks = fs.readFileSync(ksFile);
    const ltpa = read(ltpaFile);
    // same passwords: nothing regenerated
    let r = await start(name);
    expect(r.code, r.stdout).toBe(0);
    let messages = read(path.join(dir, 'logs/messages.log'));
    expect(messages).not.toContain('CWPKI0803A');
    expect(messages).not.toContain('CWWKS4104A');
    expect(messages).not.toContain('CWPKI0033E');
    expect((await srv(['stop', name])).code).toBe(0);

    // wrong passwords
    const xml = read(path.join(dir, 'server.xml'))
      .replace(KS_XOR, 'wrongpassword')
      .replace('<keyStore', '<ltpa keysPassword="notWebAS"/>\n    <keyStore');
    fs.writeFileSync(path.join(dir, 'server.xml'), xml);
    r = await start(name);
    expect(r.code, r.stdout).toBe(0);
    messages = read(path.join(dir, 'logs/messages.log'));
    expect(messages).toContain(`CWPKI0033E: The keystore located at ${ksFile} did not load`);
    expect(messages).toContain(`CWWKS4106E: LTPA configuration error. Unable to create or read LTPA key file: ${ltpaFile}`);
    expect(messages).not.toContain('defaultHttpEndpoint-ssl has been started');
    expect(messages).toContain('CWWKF0011I');
    expect(fs.readFileSync(ksFile).equals(ks)).toBe(true);
    expect(read(ltpaFile)).toBe(ltpa);
    expect((await request(`http://localhost:${httpPort}/`)).status).toBe(200);
    await expect(request(`https://localhost:${httpsPort}/`, { rejectUnauthorized: false })).rejects.toThrow();
    expect((await srv(['stop', name])).code).toBe(0);
  });
});

describe('start problems', () => {
  it('a port held by another listener: start exits 0, CWWKO0221E names the port', async () => {
    const name = 'portclash';
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      expect((await srv(['create', name])).code).toBe(0);
      // also: a keystore password shorter than 6 characters cannot make the default certificate
      writeServerXml(name, `<featureManager><feature>jsp-2.2</feature><feature>ssl-1.0</feature></featureManager>
    <keyStore id="defaultKeyStore" password="short"/>
    <httpEndpoint id="defaultHttpEndpoint" httpPort="${taken}" httpsPort="${await freePort()}" />`);
      // the server's own server.env is read for an existing server: LOG_DIR moves the logs
      const logDir = path.join(tmp, 'portclash-logs');
      fs.writeFileSync(path.join(serverDir(name), 'server.env'), `LOG_DIR=${logDir}\n`);
      const r = await start(name);
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).toMatch(/Server portclash started with process ID \d+\./);
      expect(fs.existsSync(path.join(serverDir(name), 'logs/messages.log'))).toBe(false);
      const messages = read(path.join(logDir, 'messages.log'));
      expect(messages).toMatch(new RegExp(`com\\.ibm\\.ws\\.tcpchannel\\.internal\\.TCPPort +E CWWKO0221E: TCP Channel defaultHttpEndpoint initialization did not succeed\\. +The socket bind did not succeed for host localhost and port ${taken}\\. +The port might already be in use\\.`));
      expect(messages).toContain('CWWKF0011I: The server portclash is ready to run a smarter planet.');
      expect(messages).toMatch(/ E CWPKI0033E: .*key\.jks.*at least 6 characters/);
      expect(messages).not.toContain('CWPKI0803A');
      expect(fs.existsSync(path.join(serverDir(name), 'resources/security/key.jks'))).toBe(false);
      expect(read(path.join(logDir, 'console.log'))).toMatch(new RegExp(`\\[ERROR   \\] CWWKO0221E: .*port ${taken}\\.`));
      expect((await srv(['stop', name])).code).toBe(0);
    } finally {
      blocker.close();
    }
  });

  it('a server.xml that is not well-formed: start failed, exit 22, CWWKG0014E', async () => {
    const name = 'badxml';
    expect((await srv(['create', name])).code).toBe(0);
    fs.writeFileSync(path.join(serverDir(name), 'server.xml'), '<server>\n  <featureManager>\n    <feature>jsp-2.2</feature>\n</server>\n');
    const r = await start(name);
    expect(r.code).toBe(22);
    expect(r.stdout.trim().split('\n')).toEqual([`Starting server ${name}.`, `Server ${name} start failed. Check server logs for details.`]);
    expect(read(path.join(serverDir(name), 'logs/messages.log'))).toContain('CWWKG0014E');
    expect(read(path.join(serverDir(name), 'logs/console.log'))).toContain('[ERROR   ] CWWKG0014E');
    expect(fs.existsSync(path.join(wlp, `usr/servers/.pid/${name}.pid`))).toBe(false);
    expect((await srv(['status', name])).code).toBe(1);
  });
});

describe('features', () => {
  it('without a servlet feature there is no HTTP endpoint and applications do not start; unknown features are reported', async () => {
    const name = 'noweb';
    expect((await srv(['create', name])).code).toBe(0);
    const port = await freePort();
    writeServerXml(name, `<featureManager><feature>jdbc-4.1</feature><feature>noSuchFeature-9.9</feature></featureManager>
    <httpEndpoint id="defaultHttpEndpoint" httpPort="${port}" httpsPort="-1" />
    <application name="hello" location="${path.join(tmp, 'apps-src/hello.jar')}" context-root="/hello"/>`);
    const r = await start(name);
    expect(r.code, r.stdout).toBe(0);
    const messages = read(path.join(serverDir(name), 'logs/messages.log'));
    expect(messages).toContain('CWWKF0001E: A feature definition could not be found for noSuchFeature-9.9');
    expect(messages).toContain('CWWKZ0005E: The application hello cannot start because the server is not configured to handle applications of type war.');
    expect(messages).toContain('CWWKF0012I: The server installed the following features: [jdbc-4.1].');
    expect(messages).not.toContain('CWWKO0219I');
    await expect(request(`http://localhost:${port}/`)).rejects.toThrow();
    expect((await srv(['stop', name])).code).toBe(0);
  });
});

describe('defaultServer', () => {
  it('start without a name creates and starts defaultServer', async () => {
    const install3 = path.join(tmp, 'wlp3');
    fs.cpSync(wlp, install3, { recursive: true });
    fs.rmSync(path.join(install3, 'usr'), { recursive: true, force: true });
    const tpl = path.join(install3, 'templates/servers/defaultServer/server.xml');
    const port = await freePort();
    fs.writeFileSync(tpl, read(tpl).replace('httpPort="9080"', `httpPort="${port}"`).replace('httpsPort="9443"', 'httpsPort="-1"'));
    const bin3 = path.join(install3, 'bin/server');
    started.push({ bin: bin3, name: 'defaultServer' });
    const r = await run(bin3, ['start']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^Starting server defaultServer\.\nServer defaultServer started with process ID \d+\.\n$/);
    expect(fs.existsSync(path.join(install3, 'usr/servers/defaultServer/server.xml'))).toBe(true);
    expect((await request(`http://localhost:${port}/`)).status).toBe(200);
    const stop = await run(bin3, ['stop']);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toBe('Stopping server defaultServer.\nServer defaultServer stopped.\n');
  });
});

describe('server run', () => {
  it('runs in the foreground and exits 0 on SIGTERM', async () => {
    const name = 'fg1';
    expect((await srv(['create', name])).code).toBe(0);
    const port = await freePort();
    writeServerXml(name, `<featureManager><feature>jsp-2.2</feature></featureManager>
    <httpEndpoint id="defaultHttpEndpoint" httpPort="${port}" httpsPort="-1" />`);
    const child = spawn(server, ['run', name], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    started.push({ bin: server, name });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!out.includes('CWWKF0011I') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(out.split('\n')[0]).toMatch(/^Launching fg1 \(WebSphere Application Server 8\.5\.5\.9\/wlp-1\.0\.12\.cl50920160227-1523\) on /);
    expect(out).toContain('[AUDIT   ] CWWKF0011I: The server fg1 is ready to run a smarter planet.');
    expect((await request(`http://localhost:${port}/`)).status).toBe(200);
    const st = await srv(['status', name]);
    expect(st.code).toBe(0);
    expect(st.stdout.trim()).toBe(`Server ${name} is running with process ID ${child.pid}.`);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('CWWKE0036I: The server fg1 stopped after');
  });
});
