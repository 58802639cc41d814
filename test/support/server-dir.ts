import fs from 'node:fs';
import path from 'node:path';

/** A Liberty server directory under parent whose server.xml declares keyStore (and a commented-out decoy). */
export function serverWithKeyStore(parent: string, name: string, keyStore: string): string {
  const serverDir = path.join(parent, name);
  fs.mkdirSync(serverDir, { recursive: true });
  fs.writeFileSync(path.join(serverDir, 'server.xml'), `<server>\n  <!-- <keyStore id="defaultKeyStore" password="commented"/> -->\n  ${keyStore}\n</server>\n`);
  return serverDir;
}
