/**
 * The farm wizard refuses before anything changes: a port taken by another process (exit 2, the
 * next free pair) and Derby with two nodes (exit 2, the tutorial's reason).
 *
 * The wizard runs as `node dist/cli.js`, the real CLI.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, farmLifecycle, nodesWithFreePorts, prepare } from '../support/farm-e2e.js';

farmLifecycle();

describe('refused before anything changes', () => {
  it('a port taken by another process: exit 2 with the next free pair, nothing created', async () => {
    const nodes = await nodesWithFreePorts(2);
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(nodes[1].httpsPort, '127.0.0.1', resolve));
    try {
      const farm = prepare(nodes);
      const run = await build(farm);
      expect(run.exitCode, run.all).toBe(2);
      expect(run.all).toContain(`Farm nodes (Liberty servers) (nodes[1].httpsPort): `);
      expect(run.all).toContain(`pmf2's httpsPort ${nodes[1].httpsPort} is already in use by another process`);
      expect(run.all).toMatch(/Use the next free pair for pmf2: "httpPort": \d+, "httpsPort": \d+/);
      expect(fs.existsSync(farm.liberty)).toBe(false);
      expect(fs.existsSync(path.join(farm.state, 'checkpoint.json'))).toBe(false);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('Derby with two nodes: exit 2 with the tutorial reason', async () => {
    const farm = prepare(await nodesWithFreePorts(2), { type: 'derby', dataDir: path.join(os.tmpdir(), 'unused-derby') });
    const run = await build(farm);
    expect(run.exitCode, run.all).toBe(2);
    expect(run.all).toContain('the Derby database cannot be accessed by multiple Liberty servers');
    expect(fs.existsSync(farm.liberty)).toBe(false);
  });
});
