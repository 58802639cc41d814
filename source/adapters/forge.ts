import { createRequire } from 'node:module';
import type Forge from 'node-forge';

let forge: typeof Forge | undefined;

/** node-forge, required on first use: it is large, and only reading a keystore needs it. */
export function loadForge(): typeof Forge {
  forge ??= createRequire(import.meta.url)('node-forge') as typeof Forge;
  return forge;
}
