import type net from 'node:net';

/** Starts a test server on a free port (of host, or every interface) and gives the port. */
export function listen(server: net.Server, host?: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as net.AddressInfo).port)));
}
