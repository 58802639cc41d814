import { freePort } from '../../scripts/local-services.mjs';

/** `count` distinct TCP ports free on loopback right now. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
