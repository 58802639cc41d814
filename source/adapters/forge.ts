import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type Forge from 'node-forge';

type Pbkdf2 = (password: string, salt: string, iterations: number, keyLength: number, md?: unknown, callback?: unknown) => string;

let forge: typeof Forge | undefined;

/**
 * forge derives PKCS12 keys (PBES2) with its own JavaScript PBKDF2 whenever it is handed a digest
 * object, which made keystore reading the wizard's largest CPU cost; Node's native one gives the
 * same bytes.
 */
function nativePbkdf2(pure: Pbkdf2): Pbkdf2 {
  const hashes = new Set(crypto.getHashes());
  return (password, salt, iterations, keyLength, md, callback) => {
    const algorithm = md !== null && typeof md === 'object' ? (md as { algorithm?: unknown }).algorithm : (md ?? 'sha1');
    if (callback !== undefined || typeof algorithm !== 'string' || !hashes.has(algorithm)) return pure(password, salt, iterations, keyLength, md, callback);
    return crypto.pbkdf2Sync(Buffer.from(password, 'binary'), Buffer.from(salt, 'binary'), iterations, keyLength, algorithm).toString('binary');
  };
}

/** node-forge, required on first use: it is large, and only reading a keystore needs it. */
export function loadForge(): typeof Forge {
  if (!forge) {
    forge = createRequire(import.meta.url)('node-forge') as typeof Forge;
    const pure: Pbkdf2 = Reflect.get(forge.pkcs5, 'pbkdf2');
    Reflect.set(forge.pkcs5, 'pbkdf2', nativePbkdf2(pure.bind(forge.pkcs5)));
  }
  return forge;
}
