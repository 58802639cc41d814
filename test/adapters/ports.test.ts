import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { isPortFree, nextFreePair, takenPorts } from '../../source/adapters/ports.js';
import { listen } from '../support/listen.js';

describe('ports', () => {
  it('sees a port taken on the loopback and suggests the next free pair', async () => {
    const holder = net.createServer();
    const port = await listen(holder, '127.0.0.1');
    try {
      expect(await isPortFree(port)).toBe(false);
      expect(await takenPorts([port])).toEqual([port]);
      const pair = await nextFreePair({ httpPort: port - 1, httpsPort: port }, new Set([port + 1]));
      expect(pair).toBeDefined();
      expect(pair!.httpsPort).toBeGreaterThan(port);
      expect(pair!.httpPort).not.toBe(port + 1);
      expect(pair!.httpsPort - pair!.httpPort).toBe(1);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    expect(await isPortFree(port)).toBe(true);
  });
});
