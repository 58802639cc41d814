/**
 * The farm, unattended, on a real MariaDB: from nothing to N verified nodes (steps 1-7), with
 * the real keytool, Ant and Liberty, and the PMF stand-in. Then drift (a peer missing
 * from a truststore, a regenerated certificate, replaced ltpa.keys, a changed keysPassword, a
 * stopped node): `verify` exits 3 naming the node or pair, `--resume` repairs, `verify` exits 0.
 * The refusals before anything changes are in farm-refusals.test.ts.
 *
 * The wizard runs as `node dist/cli.js`, the real CLI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeXor } from '../../source/adapters/keystore/liberty-password.js';
import { httpRequest } from '../../source/adapters/http.js';
import { consoleLogin } from '../../source/adapters/pmf-admin.js';
import { isPortFree } from '../../source/adapters/ports.js';
import {
  ADMIN_PASSWORD, ArgvWatch, build, checkpointOutputs, driftAndRepair, expectGreen, expectNoSecretLeft, farmLifecycle, figures, keytool, nodesWithFreePorts, prepare, resume, retire,
  security, server, serverDir, unexplainedLogProblems, verify,
} from '../support/farm-e2e.js';

farmLifecycle();

describe('a farm from nothing on MariaDB', () => {
  it('N=2 with the tutorial ports: exit 0, all green, no restart; drift is found by verify and repaired by --resume', async () => {
    const tutorial = [
      { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
      { name: 'pmf2', httpPort: 9081, httpsPort: 9444 },
    ];
    const free = (await Promise.all(tutorial.flatMap((n) => [isPortFree(n.httpPort), isPortFree(n.httpsPort)]))).every(Boolean);
    const farm = prepare(free ? tutorial : await nodesWithFreePorts(2));
    if (!free) figures.push('N=2: the tutorial ports 9080/9443 and 9081/9444 are taken on this machine, free ports used instead');

    const first = await build(farm);
    expectGreen(first, farm);
    expect(unexplainedLogProblems(farm)).toEqual([]);
    const outputs = checkpointOutputs(farm, 'trust-and-ltpa');
    // pmf1 was made a farm member before its first start; it reloads its keystore for pmf2's certificate.
    expect(outputs).toMatchObject({ restarts: 0, reloadedNodes: ['pmf1'], keystoresCreated: ['pmf2'] });
    expect(outputs.certificatesExported).toEqual(['pmf1', 'pmf2']);
    expect(first.all).toMatch(/0 restarts \(none\); pmf1 reloaded its keystore in place; the tutorial's procedure restarts every server twice \(4 for 2 nodes\)/);
    figures.push(`N=2${free ? ' (tutorial ports)' : ''}: from nothing in ${first.ms} ms, ${outputs.restarts} restarts (tutorial: 4)`);
    // Every node trusts the other under a stable alias; the same LTPA keys everywhere.
    for (const [a, b] of [['pmf1', 'pmf2'], ['pmf2', 'pmf1']]) {
      const list = await keytool(['-list', '-alias', `farm-${b}`, '-keystore', security(farm, a, 'key.p12')]);
      expect(list.exitCode, list.stdout).toBe(0);
      expect(list.stdout).toContain('trustedCertEntry');
    }
    expect(fs.readFileSync(security(farm, 'pmf1', 'ltpa.keys'), 'utf8').split('\n').filter((l) => l.includes('ltpa.'))).toEqual(
      fs.readFileSync(security(farm, 'pmf2', 'ltpa.keys'), 'utf8').split('\n').filter((l) => l.includes('ltpa.')),
    );

    const ok = await verify(farm);
    expect(ok.exitCode, ok.all).toBe(0);
    const second = await build(farm);
    expect(second.exitCode, second.all).toBe(0);
    expect(second.all).toMatch(/\[6\/7\] Exchange certificates and share the LTPA keys: already done/);
    // Quiet by default: a run with nothing to do, its verification and its ending fit on one screen.
    const lines = second.stdout.trimEnd().split('\n');
    console.log(`a no-op run of 2 nodes printed ${lines.length} lines`);
    expect(lines.length, second.stdout).toBeLessThanOrEqual(30);
    expectNoSecretLeft(farm, [first, ok, second]);

    // A FORM login on pmf1 (Liberty's own j_security_check) gives an LtpaToken2 that pmf2's administration API accepts.
    const [n1, n2] = farm.nodes;
    const login = await consoleLogin(`http://127.0.0.1:${n1.httpPort}`, '/mfpconsole', 'admin', ADMIN_PASSWORD);
    expect(login.ok, JSON.stringify(login)).toBe(true);
    const crossNode = await httpRequest(`http://127.0.0.1:${n2.httpPort}/mfpadmin/management-apis/2.0/runtimes`, { headers: { Cookie: `LtpaToken2=${login.ok ? login.token : ''}` } });
    expect(crossNode.status, crossNode.body).toBe(200);
    expect(JSON.parse(crossNode.body)).toHaveProperty('productVersion');

    // 1. A peer missing from a truststore (pmf1 restarted, so that Liberty's SSL context no longer trusts pmf2): it is imported, and pmf1 reloads it without a restart.
    await server(farm, 'stop', 'pmf1');
    expect((await keytool(['-delete', '-alias', 'farm-pmf2', '-keystore', security(farm, 'pmf1', 'key.p12')])).exitCode).toBe(0);
    expect((await server(farm, 'start', 'pmf1')).exitCode).toBe(0);
    await driftAndRepair(
      farm,
      'peer certificate deleted from pmf1',
      [
        /trust pmf1 → pmf2: pmf1's keystore lacks pmf2's current certificate/,
        /pmf1\s+ok\s+ok\s+FAIL→pmf2/,
        /farm pmf2: pmf1's Server Farm Nodes lists pmf2 as UNREACHABLE: .*(PKIX|CWPKI\d+E|SSL)/,
        /repair: pmf-wizard --resume imports pmf2's certificate into pmf1's keystore and pmf1 reloads it \(no restart\)/,
      ],
      { restarted: [], reloaded: ['pmf1'] },
    );

    // 2. A node's certificate regenerated (Liberty makes a new one when key.p12 is gone).
    await server(farm, 'stop', 'pmf2');
    fs.rmSync(security(farm, 'pmf2', 'key.p12'));
    expect((await server(farm, 'start', 'pmf2')).exitCode).toBe(0);
    await driftAndRepair(farm, 'pmf2 certificate regenerated', [/trust pmf1 → pmf2/, /farm pmf2: pmf1's Server Farm Nodes lists pmf2 as UNREACHABLE/], { restarted: ['pmf2'], reloaded: ['pmf1'] });

    // 3. ltpa.keys replaced (new keys generated at start).
    await server(farm, 'stop', 'pmf2');
    fs.rmSync(security(farm, 'pmf2', 'ltpa.keys'));
    expect((await server(farm, 'start', 'pmf2')).exitCode).toBe(0);
    await driftAndRepair(farm, 'pmf2 ltpa.keys replaced', [/ltpa pmf2: pmf2's ltpa\.keys \([0-9a-f]+\) differs from pmf1's/, /session pmf1 → pmf2: a session made on pmf1 is refused by pmf2/], { restarted: ['pmf2'], reloaded: [] });

    // 4. A changed keysPassword (Liberty cannot open the keys: CWWKS4106E).
    await server(farm, 'stop', 'pmf2');
    const xmlFile = path.join(serverDir(farm, 'pmf2'), 'server.xml');
    fs.writeFileSync(xmlFile, fs.readFileSync(xmlFile, 'utf8').replace(/keysPassword="[^"]*"/, `keysPassword="${encodeXor('another-password')}"`));
    expect((await server(farm, 'start', 'pmf2')).exitCode).toBe(0);
    await driftAndRepair(farm, 'pmf2 keysPassword changed', [/ltpa pmf2: pmf2's keysPassword does not open its ltpa\.keys/, /keysPassword> differs from pmf1's/], { restarted: ['pmf2'], reloaded: [] });
    retire(farm);
  }, 900_000);

  it('N=3 with other free ports: exit 0, all green, no restart, no secret on any command line; a stopped node is started by --resume', async () => {
    const farm = prepare(await nodesWithFreePorts(3));
    const watch = new ArgvWatch(farm).start();
    const run = await build(farm);
    watch.stop();
    expectGreen(run, farm);
    expect(watch.hits).toEqual([]);
    expect(watch.polls).toBeGreaterThan(100);
    const outputs = checkpointOutputs(farm, 'trust-and-ltpa');
    expect(outputs).toMatchObject({ restarts: 0, reloadedNodes: ['pmf1'] });
    figures.push(`N=3: from nothing in ${run.ms} ms, ${outputs.restarts} restarts (tutorial: 6)`);

    await server(farm, 'stop', 'pmf3');
    const broken = await verify(farm);
    expect(broken.exitCode, broken.all).toBe(3);
    expect(broken.all).toMatch(/✗ running pmf3: pmf3 is not running/);
    expect(broken.all).toContain('repair: pmf-wizard --resume starts pmf3');
    const repaired = await resume(farm);
    expectGreen(repaired, farm);
    expect(checkpointOutputs(farm, 'trust-and-ltpa')).toMatchObject({ restarts: 0, started: ['pmf3'] });
    expectNoSecretLeft(farm, [run, broken, repaired]);
    retire(farm);
  }, 600_000);

  it('N=4 with other free ports: exit 0, all green, no restart', async () => {
    const farm = prepare(await nodesWithFreePorts(4));
    const run = await build(farm);
    expectGreen(run, farm);
    expect(unexplainedLogProblems(farm)).toEqual([]);
    const outputs = checkpointOutputs(farm, 'trust-and-ltpa');
    expect(outputs).toMatchObject({ restarts: 0, reloadedNodes: ['pmf1'] });
    expect((outputs.keystoresUpdated as string[]).length).toBe(4);
    figures.push(`N=4: from nothing in ${run.ms} ms, ${outputs.restarts} restarts (tutorial: 8)`);

    // Every ltpa.keys gone while the farm is stopped: the first node makes new keys, the others get them.
    for (const node of farm.nodes) await server(farm, 'stop', node.name);
    for (const node of farm.nodes) fs.rmSync(security(farm, node.name, 'ltpa.keys'));
    const stopped = await verify(farm);
    expect(stopped.exitCode).toBe(3);
    expect(stopped.all).toMatch(/✗ running pmf4: pmf4 is not running/);
    const repaired = await resume(farm);
    expectGreen(repaired, farm);
    expect(checkpointOutputs(farm, 'trust-and-ltpa')).toMatchObject({ restarts: 0, ltpaFrom: 'pmf1', ltpaCopiedTo: ['pmf2', 'pmf3', 'pmf4'] });
    figures.push(`N=4 with every ltpa.keys deleted: --resume ${repaired.ms} ms, new keys from pmf1 on all nodes, 0 restarts`);
    retire(farm);
  }, 600_000);
});
