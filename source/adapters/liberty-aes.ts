/**
 * Liberty's {aes} passwords. Liberty decrypts them with the key of its variable
 * wlp.password.encryption.key; the wizard gives each server that key in an include file of its
 * own, mode 0600, so that server.xml and its backups hold only the encrypted value.
 *
 * Reading one back (the wizard compares a server's keysPassword with the farm's) follows
 * Liberty's own format (com.ibm.ws.crypto.util.AesCipher and AESKeyManager): base64 of a version
 * byte, then for version 1 (AES-256-GCM, 25.0.0.2 on) the IV length, the IV and the ciphertext
 * with its 16-byte tag; for version 0 (AES-128-CBC, older) the ciphertext, the IV being the
 * key. The key is PBKDF2 of the key string with Liberty's fixed salt. The plaintext starts with a
 * random seed: its length byte, then the seed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../engine/atomic-write.js';
import { addElement, escapeXmlAttribute, findElements, readServerXml } from './server-xml.js';

export const AES_KEY_VARIABLE = 'wlp.password.encryption.key';
export const AES_KEY_FILE = 'pmf-wizard-aes-key.xml';
const INCLUDE_LOCATION = `\${server.config.dir}/${AES_KEY_FILE}`;

export function aesKeyFileOf(serverDir: string): string {
  return path.join(serverDir, AES_KEY_FILE);
}

/** The include file that gives Liberty the key (mode 0600); unchanged when it already holds it. */
export function writeAesKeyFile(serverDir: string, key: string): void {
  const file = aesKeyFileOf(serverDir);
  const text = `<server>\n    <!-- Written by pmf-wizard: decrypts the {aes} passwords of server.xml. Keep it mode 0600. -->\n    <variable name="${AES_KEY_VARIABLE}" value="${escapeXmlAttribute(key)}"/>\n</server>\n`;
  let current: string | undefined;
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch {
    // not written yet
  }
  if (current === text) fs.chmodSync(file, 0o600);
  else writeFileAtomic(file, text, { mode: 0o600 });
}

/** server.xml with `<include>` of the key file (added once). */
export function withAesKeyInclude(xml: string): string {
  if (findElements(xml, 'include').some((element) => element.attributes.location?.endsWith(`/${AES_KEY_FILE}`))) return xml;
  return addElement(xml, `<include location="${INCLUDE_LOCATION}"/>`);
}

function variableIn(xml: string | undefined): string | undefined {
  if (!xml) return undefined;
  return findElements(xml, 'variable').find((element) => element.attributes.name === AES_KEY_VARIABLE)?.attributes.value;
}

/** The key a server decrypts {aes} with: the wizard's include file, server.xml's variable, or bootstrap.properties. */
export function declaredAesKey(serverDir: string): string | undefined {
  let included: string | undefined;
  try {
    included = fs.readFileSync(aesKeyFileOf(serverDir), 'utf8');
  } catch {
    // no include file of the wizard
  }
  return variableIn(included) ?? variableIn(readServerXml(serverDir)) ?? bootstrapProperty(serverDir);
}

function bootstrapProperty(serverDir: string): string | undefined {
  let text = '';
  try {
    text = fs.readFileSync(path.join(serverDir, 'bootstrap.properties'), 'utf8');
  } catch {
    return undefined;
  }
  const line = text.split(/\r?\n/).find((l) => l.trim().startsWith(`${AES_KEY_VARIABLE}=`));
  return line?.trim().slice(AES_KEY_VARIABLE.length + 1).trim();
}

const V0 = { salt: Buffer.from('p6KDOUxas08yFQqeLxcROMMufYA=', 'base64'), iterations: 84756, bytes: 16, digest: 'sha1' };
const V1 = {
  salt: Buffer.from(
    'p8EWD4cLZkulRKKnYFPru9MdGmruRTz6bElveintsrHkZjn2QjA2byNcO4ckDw7B1Ws/7lcrx0oAa4n++fnSodQk9laJsI4KVRgYh+I/OzE0tIZsrBAE2TpLCed+f6B6wqJH+JvfOdSjVkyNcYRo2If3VnnQx7PGSQcMBBivwGs=',
    'base64',
  ),
  iterations: 210000,
  bytes: 32,
  digest: 'sha512',
};

// PBKDF2 with 210000 rounds takes a few hundred milliseconds: once per key and version.
const derived = new Map<string, Buffer>();
function deriveKey(key: string, version: typeof V0): Buffer {
  const id = `${version.digest}:${key}`;
  let bytes = derived.get(id);
  if (!bytes) {
    bytes = crypto.pbkdf2Sync(Buffer.from(key, 'utf8'), version.salt, version.iterations, version.bytes, version.digest);
    derived.set(id, bytes);
  }
  return bytes;
}

/** The plain text of an {aes} value, or undefined when this key does not open it. */
export function decryptAes(value: string, key: string): string | undefined {
  const data = Buffer.from(value.trim().replace(/^\{aes\}/i, ''), 'base64');
  try {
    let seeded: Buffer;
    if (data[0] === 0) {
      const aesKey = deriveKey(key, V0);
      const decipher = crypto.createDecipheriv('aes-128-cbc', aesKey, aesKey);
      seeded = Buffer.concat([decipher.update(data.subarray(1)), decipher.final()]);
    } else if (data[0] === 1) {
      const ivLength = data[1];
      const iv = data.subarray(2, 2 + ivLength);
      const body = data.subarray(2 + ivLength);
      const decipher = crypto.createDecipheriv('aes-256-gcm', deriveKey(key, V1), iv);
      decipher.setAuthTag(body.subarray(body.length - 16));
      seeded = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
    } else {
      return undefined;
    }
    return seeded.subarray(1 + seeded[0]).toString('utf8');
  } catch {
    return undefined;
  }
}
