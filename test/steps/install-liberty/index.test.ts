import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { portProblems } from '../../../steps/install-liberty/index.js';
import { freePort } from '../../support/mariadb.js';
import { makeStepContext } from '../../support/step-context.js';

describe('ports before anything changes', () => {
  it('names the node and port held by another process and suggests the next free pair', async () => {
    const a = await freePort();
    const b = await freePort();
    const held = await freePort();
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(held, '127.0.0.1', resolve));
    try {
      const { ctx, close } = makeStepContext({ liberty: { installDir: '/nonexistent/liberty' }, nodes: [{ name: 'pmf1', httpPort: a, httpsPort: b }, { name: 'pmf2', httpPort: held - 1, httpsPort: held }] });
      const problems = await portProblems(ctx);
      close();
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
