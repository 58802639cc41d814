import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../source/engine/errors.js';
import type { StepContext } from '../source/engine/step.js';
import { inParallel } from '../source/engine/parallel.js';
import { farmSettingsOf, jndiEntries } from '../source/farm/nodes.js';
import { portProblems } from '../steps/install-liberty/index.js';
import { peerAlias } from '../steps/trust-and-ltpa/index.js';
import { formatFarmReport, verifyFailure, type FarmReport } from '../steps/verify-farm/index.js';
import { freePort } from './support/mariadb.js';

const FARM_XML = `<server>
  <!-- <jndiEntry jndiName="mfp.topology.clustermode" value="Standalone"/> -->
  <jndiEntry jndiName="mfp.topology.clustermode" value='"Farm"'/>
  <jndiEntry jndiName="mfp.admin.serverid" value="pmf2"/>
  <jndiEntry jndiName="mfp.admin.jmx.host" value="vm"/>
  <jndiEntry jndiName="mfp.admin.jmx.port" value="9444"/>
</server>`;

describe('farm settings in server.xml', () => {
  it('reads the JNDI entries, quotes removed, comments ignored', () => {
    expect(jndiEntries(FARM_XML)).toEqual({ 'mfp.topology.clustermode': 'Farm', 'mfp.admin.serverid': 'pmf2', 'mfp.admin.jmx.host': 'vm', 'mfp.admin.jmx.port': '9444' });
    expect(farmSettingsOf(FARM_XML, { name: 'pmf2', httpPort: 9081, httpsPort: 9444 })).toMatchObject({ ok: true, serverId: 'pmf2', jmxHost: 'vm' });
  });

  it('says what is missing: stand-alone mode, a JMX port that is not the HTTPS port', () => {
    const standalone = FARM_XML.replace(`'"Farm"'`, '"Standalone"').replace('value="9444"', 'value="9443"');
    const settings = farmSettingsOf(standalone, { name: 'pmf2', httpPort: 9081, httpsPort: 9444 });
    expect(settings.ok).toBe(false);
    expect(settings.detail).toContain('mfp.topology.clustermode is Standalone, not Farm');
    expect(settings.detail).toContain('mfp.admin.jmx.port is 9443, not its HTTPS port 9444');
    expect(farmSettingsOf(undefined, { name: 'pmf3', httpPort: 1, httpsPort: 2 }).ok).toBe(false);
  });

  it('uses stable, lower-case aliases for peers', () => {
    expect(peerAlias('PMF2')).toBe('farm-pmf2');
  });
});

describe('ports before anything changes', () => {
  it('names the node and port held by another process and suggests the next free pair', async () => {
    const a = await freePort();
    const b = await freePort();
    const held = await freePort();
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(held, '127.0.0.1', resolve));
    try {
      const ctx = {
        answers: { liberty: { installDir: '/nonexistent/liberty' }, nodes: [{ name: 'pmf1', httpPort: a, httpsPort: b }, { name: 'pmf2', httpPort: held - 1, httpsPort: held }] },
      } as unknown as StepContext;
      const problems = await portProblems(ctx);
      expect(problems).toHaveLength(1);
      expect(problems[0].path).toBe('nodes[1].httpsPort');
      expect(problems[0].message).toBe(`pmf2's httpsPort ${held} is already in use by another process on this machine`);
      const pair = /"httpPort": (\d+), "httpsPort": (\d+)/.exec(problems[0].fix)!;
      expect(Number(pair[2]) - Number(pair[1])).toBe(1);
      expect(Number(pair[2])).toBeGreaterThan(held);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});

describe('parallel work', () => {
  it('keeps to the limit and the order, and reports the first failure', async () => {
    let running = 0;
    let peak = 0;
    const results = await inParallel([5, 1, 3, 2], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n * 5));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 30, 20]);
    expect(peak).toBe(2);
    await expect(inParallel([1, 2], 2, async (n) => { if (n === 2) throw new Error('two'); return n; })).rejects.toThrow('two');
  });
});

describe('the verification table', () => {
  const cell = (ok: boolean, text = ok ? 'ok' : 'FAIL') => ({ ok, cell: text, detail: '' });
  const report: FarmReport = {
    healthy: false,
    nodes: ['pmf1', 'pmf2'],
    checks: ['running', 'console', 'trust', 'ltpa', 'session', 'farm'],
    table: {
      pmf1: { running: cell(true), console: cell(true), trust: cell(false, 'FAIL→pmf2'), ltpa: cell(true), session: cell(true), farm: cell(false, '1/2 ALIVE') },
      pmf2: { running: cell(true), console: cell(true), trust: cell(true), ltpa: cell(true), session: cell(true), farm: cell(true, '2/2 ALIVE') },
    },
    failures: [{ check: 'trust', node: 'pmf1', peer: 'pmf2', detail: "pmf1's keystore lacks pmf2's current certificate", repair: "pmf-wizard --resume imports pmf2's certificate into pmf1's keystore and restarts pmf1" }],
    checkedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1234,
    attempts: 1,
  };

  it('prints node × check, then each failure with its repair', () => {
    const lines = formatFarmReport(report);
    expect(lines[0]).toBe('Farm verification: 2 nodes, 1 failed check (1.2 s)');
    expect(lines[1]).toMatch(/^ {2}node\s+running\s+console\s+trust\s+ltpa\s+session\s+farm$/);
    expect(lines[2]).toMatch(/^ {2}pmf1\s+ok\s+ok\s+FAIL→pmf2\s+ok\s+ok\s+1\/2 ALIVE$/);
    expect(lines).toContain("  ✗ trust pmf1 → pmf2: pmf1's keystore lacks pmf2's current certificate");
    expect(lines).toContain("      repair: pmf-wizard --resume imports pmf2's certificate into pmf1's keystore and restarts pmf1");
  });

  it('fails the run with exit 3, naming the pair and the repair', () => {
    const error = verifyFailure(report);
    expect(error.exitCode).toBe(ExitCode.verifyFailed);
    expect(error.message).toContain('trust pmf1→pmf2');
    expect(error.fix).toContain("imports pmf2's certificate into pmf1's keystore");
  });
});

describe('pmf-wizard verify without a farm', () => {
  it('exits 2 and says there is nothing to verify', async () => {
    const { cli } = await import('./support/cli.js');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-verify-'));
    try {
      const result = await cli(['verify', '--state', path.join(dir, 'state')]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('Nothing to verify');
      const json = await cli(['verify', '--state', path.join(dir, 'state'), '--json']);
      expect(json.exitCode).toBe(2);
      expect(JSON.parse(json.stdout.trim())).toMatchObject({ type: 'error', exitCode: 2 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
