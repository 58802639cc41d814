/**
 * Ctrl+C (or SIGTERM) while a server starts, on real Liberty: `bin/server start` launches the
 * JVM in the background and writes its pid file only once it has seen the server start, so a
 * start stopped half-way left a JVM running that nothing knew of. Now no JVM of that server
 * remains, whether the interrupt comes during `server start` or while its applications start.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, serverDir, serverPidFile, startServer } from '../../source/adapters/liberty.js';
import { CommandRunner } from '../../source/adapters/process.js';
import { commandLineOf, processStartTime } from '../../source/adapters/process-table.js';
import { freePort } from '../../scripts/local-services.mjs';
import { resolveAnswers } from '../../source/engine/answers.js';
import { InterruptedError } from '../../source/engine/errors.js';
import { RunLog } from '../../source/engine/log.js';
import { Redactor } from '../../source/engine/redact.js';
import { farmNodes } from '../../source/farm/nodes.js';
import { startNode } from '../../source/farm/server-start.js';
import { steps } from '../../steps/index.js';
import { root } from '../support/cli.js';
import { libertyArchive } from '../support/liberty.js';
import { makeStepContext } from '../support/step-context.js';

let dir: string;
let wlp: string;

/** Every JVM of that server (the server's own and bin/server's client JVMs), by its command line. */
function jvmsOf(name: string): number[] {
  const jar = path.join(wlp, 'bin', 'tools', 'ws-server.jar');
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      const args = commandLineOf(pid) ?? [];
      return args.includes(jar) && args.includes(name) && processStartTime(pid) !== undefined;
    });
}

async function until(what: string, done: () => boolean, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function server(name: string): Promise<{ httpPort: number; httpsPort: number }> {
  const redactor = new Redactor();
  await createServer(new CommandRunner({ log: new RunLog(redactor), redactor }), wlp, name);
  const ports = { httpPort: await freePort(), httpsPort: await freePort() };
  fs.writeFileSync(
    path.join(serverDir(wlp, name), 'server.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<server>\n  <featureManager><feature>servlet-4.0</feature></featureManager>\n  <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="${ports.httpPort}" httpsPort="${ports.httpsPort}"/>\n</server>\n`,
  );
  return ports;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liberty-interrupt-'));
  execFileSync('unzip', ['-q', libertyArchive, '-d', dir]);
  wlp = path.join(dir, 'wlp');
});

afterAll(() => {
  for (const pid of [...jvmsOf('cut1'), ...jvmsOf('cut2')]) process.kill(pid, 'SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a server start interrupted', () => {
  it('during `server start`: the cancelled command takes the JVM it launched with it', async () => {
    await server('cut1');
    const controller = new AbortController();
    const redactor = new Redactor();
    const runner = new CommandRunner({ log: new RunLog(redactor), redactor, signal: controller.signal });
    const start = startServer(runner, wlp, 'cut1');
    const failure = start.catch((error: unknown) => error);
    // The server's JVM runs, and bin/server still waits for it (no pid file yet).
    await until('the JVM of cut1', () => jvmsOf('cut1').length > 0);
    expect(fs.existsSync(serverPidFile(wlp, 'cut1'))).toBe(false);
    controller.abort();
    expect(await failure).toMatchObject({ kind: 'cancelled' });
    expect(jvmsOf('cut1')).toEqual([]);
  }, 240_000);

  it('while its applications start: the server the wizard started is stopped by its pid file', async () => {
    const node = { name: 'cut2', ...(await server('cut2')) };
    const raw = {
      liberty: { installMethod: 'archive', archive: libertyArchive, installDir: wlp, acceptLicense: true },
      pmf: { installDir: path.join(root, 'fixtures', 'pmf'), adminPassword: 'S3cret-pw-42' },
      database: { type: 'derby', dataDir: path.join(dir, 'derby') },
      nodes: [node],
    };
    const resolution = resolveAnswers(raw, steps, { baseDir: dir, env: {} });
    expect(resolution.problems).toEqual([]);
    const controller = new AbortController();
    const t = makeStepContext(resolution.answers, { secrets: resolution.secrets, signal: controller.signal });
    const { setup, nodes } = farmNodes(t.ctx);
    // No PMF application is deployed: after `server start` the wait for them goes on until the interrupt.
    const failure = startNode(t.ctx, setup, nodes[0]).catch((error: unknown) => error);
    await until('`server start cut2` to return', () => /start cut2\n(?:.*\n)*?.* {2}\(exit 0\)/.test(t.logText()));
    expect(jvmsOf('cut2').length).toBeGreaterThan(0);
    controller.abort();
    expect(await failure).toBeInstanceOf(InterruptedError);
    expect(jvmsOf('cut2')).toEqual([]);
    expect(t.reports).toContain('Interrupted while server cut2 was starting: stopping it');
  }, 240_000);
});
