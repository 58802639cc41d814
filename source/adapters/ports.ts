/**
 * Is a TCP port free on this machine? Answered the only reliable way: by trying to bind it
 * where Liberty would (PMF's install sets host="*": every interface, IPv6 and IPv4), and on
 * the loopback, then letting it go at once.
 */

async function tryListen(port: number, host: string | undefined): Promise<'free' | 'taken' | 'unsupported'> {
  // Imported on use: validate and schema load this module but never bind a port.
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve('taken');
      else resolve('unsupported'); // e.g. no IPv6 on this machine
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

/** Whether nothing listens on `port` (wildcard, IPv4 wildcard and loopback are all tried). */
export async function isPortFree(port: number): Promise<boolean> {
  for (const host of [undefined, '0.0.0.0', '127.0.0.1']) {
    if ((await tryListen(port, host)) === 'taken') return false;
  }
  return true;
}

/** The ports of the list that are taken, in order. */
export async function takenPorts(ports: number[]): Promise<number[]> {
  const taken: number[] = [];
  for (const port of ports) if (!(await isPortFree(port))) taken.push(port);
  return taken;
}

export interface PortPair {
  httpPort: number;
  httpsPort: number;
}

/**
 * The next pair after `from` (both ports moved by the same step, as the tutorial moves
 * 9080/9443 to 9081/9444) whose ports are both free and not in `reserved`.
 */
export async function nextFreePair(from: PortPair, reserved: Set<number>, maxSteps = 200): Promise<PortPair | undefined> {
  for (let step = 1; step <= maxSteps; step++) {
    const candidate = { httpPort: from.httpPort + step, httpsPort: from.httpsPort + step };
    if (candidate.httpPort > 65535 || candidate.httpsPort > 65535) return undefined;
    if (reserved.has(candidate.httpPort) || reserved.has(candidate.httpsPort)) continue;
    if ((await isPortFree(candidate.httpPort)) && (await isPortFree(candidate.httpsPort))) return candidate;
  }
  return undefined;
}

/** How a TCP connection to host:port went: 'open', or the system's code for the failure (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, ...). */
export async function tryConnect(host: string, port: number, timeoutMs: number): Promise<string> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (outcome: string) => {
      socket.destroy();
      resolve(outcome);
    };
    // Nothing is sent: a server that accepts the connection is listening, which is all this asks.
    socket.setTimeout(timeoutMs, () => done('ETIMEDOUT'));
    socket.once('connect', () => done('open'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'connect-failed'));
  });
}
