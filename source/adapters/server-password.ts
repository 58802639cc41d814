/**
 * A password the wizard writes into a server's server.xml: {aes}-encoded by the Liberty's own
 * securityUtility with the wizard's key (given to the server in a 0600 include file), else
 * {xor}; server.xml itself is written mode 0600 either way.
 */
import crypto from 'node:crypto';
import { encodeXor } from './keystore/liberty-password.js';
import { aesKeyFileOf, AES_KEY_FILE, withAesKeyInclude, writeAesKeyFile } from './liberty-aes.js';
import { withLtpaKeysPassword } from './ltpa.js';
import { encodeAes, type AesEncoding } from './security-utility.js';
import { readServerXml, writeServerXml } from './server-xml.js';
import type { Runner } from '../engine/runner.js';

export interface ServerPassword {
  libertyInstallDir: string;
  serverDir: string;
  password: string;
  /** The key of the {aes} encoding (a secret of the state directory). */
  aesKey: string;
}

export interface WrittenPassword {
  encoding: 'aes' | 'xor';
  /** What was done, for the run's output (no secret in it). */
  sentence: string;
}

// One encoding serves every member (same Liberty, key and password): securityUtility starts a JVM.
const encodings = new Map<string, Promise<AesEncoding>>();

function aesOnce(runner: Runner, target: ServerPassword): Promise<AesEncoding> {
  const id = crypto.createHash('sha256').update([target.libertyInstallDir, target.aesKey, target.password].join('\0')).digest('hex');
  let encoding = encodings.get(id);
  if (!encoding) {
    encoding = encodeAes(runner, target.libertyInstallDir, aesKeyFileOf(target.serverDir), target.password);
    encodings.set(id, encoding);
  }
  return encoding;
}

async function encodedPassword(runner: Runner, target: ServerPassword, xml: string): Promise<{ xml: string; encoded: string; written: WrittenPassword }> {
  writeAesKeyFile(target.serverDir, target.aesKey);
  const aes = await aesOnce(runner, target);
  if ('value' in aes) {
    return {
      xml: withAesKeyInclude(xml),
      encoded: aes.value,
      written: { encoding: 'aes', sentence: `{aes}-encoded by this Liberty's securityUtility, its key in ${AES_KEY_FILE} (mode 0600, included by server.xml)` },
    };
  }
  return { xml, encoded: encodeXor(target.password), written: { encoding: 'xor', sentence: `{xor}-encoded (an obfuscation only, server.xml is mode 0600): no {aes} because ${aes.reason}` } };
}

/** Sets `<ltpa keysPassword>`; undefined when the server has no server.xml. */
export async function writeLtpaKeysPassword(runner: Runner, target: ServerPassword): Promise<WrittenPassword | undefined> {
  const xml = readServerXml(target.serverDir);
  if (xml === undefined) return undefined;
  const { xml: base, encoded, written } = await encodedPassword(runner, target, xml);
  writeServerXml(target.serverDir, withLtpaKeysPassword(base, target.password, encoded));
  return { ...written, sentence: `keysPassword ${written.sentence}` };
}
