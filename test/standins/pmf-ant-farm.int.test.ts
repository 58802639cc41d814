// Tests of the PMF stand-in's farm, end to end: two servers of the real (Open) Liberty of
// scripts/liberty-runtime.mjs, installed by real Apache Ant on a real MariaDB, whose members check
// each other over the REST connector, and share LTPA cookies once their keys are the same.
// Behaviour pinned: pmf.md sections 1-8, liberty.md sections 5-7 and the tutorial's farm sections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { ltpaCookie, request } from '../support/http-request.js';
import { startMariaDb, type RunningMariaDb } from '../support/mariadb.js';
import { ant, antSandbox, copySample, createServer, problems, server, serverProps, startAll } from '../support/pmf-ant.js';

/** The real Liberty, unzipped once for the whole file; the describe creates its servers in it. */
const sandbox = antSandbox({ liberty: true });

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
      const file = copySample('mysql', path.join(sandbox.tmp, 'farm/work', name));
      const props = {
        ...serverProps(sandbox.wlp, name),
        'database.mysql.host': db.host, 'database.mysql.port': String(db.port),
        'database.mysql.driver.dir': '/usr/share/java', 'database.mysql.mfp.username': 'mfpuser', 'database.mysql.mfp.password': pw,
        'mfp.farm.configure': 'true', 'mfp.farm.server.id': `farm_${name}`, 'mfp.admin.jmx.host': '127.0.0.1',
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
    const sx = path.join(sandbox.wlp, 'usr/servers', name, 'server.xml');
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

  const sec = (name: string) => path.join(sandbox.wlp, 'usr/servers', name, 'resources/security');

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
      const cert = path.join(sandbox.tmp, `farm/${a}.crt`);
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
    const pid2 = Number(fs.readFileSync(path.join(sandbox.wlp, 'usr/servers/.pid/farm2.pid'), 'utf8').trim());
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
