import { effectiveUserDir, type ServerCommandFailure } from '../adapters/liberty.js';
import type { FixTable } from '../engine/errors.js';

/** `server create` failures in the answers' words: steps 1 and 5 both create servers. */
export function createServerFixes(installDir: string): FixTable<ServerCommandFailure> {
  return {
    'bad-server-name': () => 'Choose a server name made of letters, digits, _ - + and . that does not start with - or . (nodes[].name).',
    'not-writable': () => `Make ${effectiveUserDir(installDir)} writable for this user, or set liberty.userDir to a directory you can write to.`,
  };
}
