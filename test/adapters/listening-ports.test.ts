import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { firstFreeNode, listeningPortsIn, listeningTcpPorts } from '../../source/adapters/discover.js';

const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
   1: 00000000:24E3 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0
   2: 0100007F:A51D 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0
`;

describe('the ports something listens on, for the nodes proposal', () => {
  const servers: net.Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  it('reads the listening sockets of a /proc/net/tcp table, not the connected ones', () => {
    expect(listeningPortsIn(TABLE)).toEqual([8080, 9443]);
  });

  it('sees a port this process listens on', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as net.AddressInfo;
    expect(listeningTcpPorts().has(port)).toBe(true);
  });

  it('proposes pmf1 on the first pair from 9080/9443 on that nothing listens on', () => {
    expect(firstFreeNode(new Set())).toEqual({ name: 'pmf1', httpPort: 9080, httpsPort: 9443 });
    expect(firstFreeNode(new Set([9080, 9444]))).toEqual({ name: 'pmf1', httpPort: 9082, httpsPort: 9445 });
  });
});
