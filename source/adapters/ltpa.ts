/**
 * LTPA keys (resources/security/ltpa.keys) and `<ltpa keysPassword>` (liberty.md section 6).
 * The secrets in ltpa.keys are encrypted with the keysPassword (WebSphere scheme: 3DES/ECB/PKCS5,
 * key = SHA-1(password) padded with zeros to 24 bytes), so servers share tokens only when both
 * the keys and the password match.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../engine/atomic-write.js';
import { decodeLibertyPassword, encodeXor } from './keystore/liberty-password.js';
import { securityDir } from './keystore/default-keystore.js';
import { addElement, findElements, readServerXml, resolveVariables, setElementAttribute } from './server-xml.js';

/** Liberty's default keysPassword: {xor} of "WebAS". */
export const DEFAULT_LTPA_PASSWORD = 'WebAS';

export interface LtpaConfig {
  file: string;
  /** The decoded keysPassword. */
  password: string;
  /** Whether server.xml sets keysPassword (else Liberty's default WebAS applies). */
  explicit: boolean;
}

/** Where a server's ltpa.keys is and which password protects it, from server.xml. */
export function ltpaConfigOf(serverDir: string, env: NodeJS.ProcessEnv = process.env): LtpaConfig {
  const xml = readServerXml(serverDir) ?? '';
  const element = findElements(xml, 'ltpa')[0];
  const fileName = element?.attributes.keysFileName ? resolveVariables(element.attributes.keysFileName, serverDir, env) : undefined;
  const file = fileName ? (path.isAbsolute(fileName) ? fileName : path.join(serverDir, fileName)) : path.join(securityDir(serverDir), 'ltpa.keys');
  const raw = element?.attributes.keysPassword;
  return { file, password: raw ? decodeLibertyPassword(resolveVariables(raw, serverDir, env), serverDir) : DEFAULT_LTPA_PASSWORD, explicit: Boolean(raw) };
}

/** server.xml with `<ltpa keysPassword="{xor}...">` (or the given encoding) set (the element is added when absent). */
export function withLtpaKeysPassword(xml: string, password: string, encoded = encodeXor(password)): string {
  const element = findElements(xml, 'ltpa')[0];
  if (element) return setElementAttribute(xml, element, 'keysPassword', encoded);
  return addElement(xml, `<ltpa keysPassword="${encoded}"/>`);
}

// ------------------------------------------------------------------ ltpa.keys

export interface LtpaKeys {
  /** The properties, unescaped. */
  properties: Record<string, string>;
  /** The file text as read. */
  text: string;
}

const SECRET_PROPERTIES = ['com.ibm.websphere.ltpa.3DESKey', 'com.ibm.websphere.ltpa.PrivateKey'];
const KEY_PROPERTIES = [...SECRET_PROPERTIES, 'com.ibm.websphere.ltpa.PublicKey'];

function unescapeProperty(value: string): string {
  return value.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
    if (c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[c] ?? c;
  });
}

/** As java.util.Properties.store writes a value: = : # ! escaped. */
function escapeProperty(value: string): string {
  return value.replace(/([=:#!\\])/g, '\\$1');
}

export function parseLtpaKeys(text: string): LtpaKeys {
  const properties: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*[#!]/.test(line) || !line.trim()) continue;
    const match = /^\s*((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (match) properties[unescapeProperty(match[1])] = unescapeProperty(match[2]);
  }
  return { properties, text };
}

export function readLtpaKeys(file: string): LtpaKeys | undefined {
  try {
    return parseLtpaKeys(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Identifies a set of keys: the same keys copied anywhere give the same value; dates do not count. */
export function ltpaFingerprint(keys: LtpaKeys): string {
  const hash = crypto.createHash('sha256');
  for (const name of KEY_PROPERTIES) hash.update(`${name}=${(keys.properties[name] ?? '').trim()}\n`);
  return hash.digest('hex').slice(0, 16);
}

function cipherKey(password: string): Buffer {
  const key = Buffer.alloc(24);
  crypto.createHash('sha1').update(password, 'utf8').digest().copy(key);
  return key;
}

function decrypt(value: string, password: string): Buffer {
  const decipher = crypto.createDecipheriv('des-ede3', cipherKey(password), null);
  return Buffer.concat([decipher.update(Buffer.from(value.trim(), 'base64')), decipher.final()]);
}

function encrypt(plain: Buffer, password: string): string {
  const cipher = crypto.createCipheriv('des-ede3', cipherKey(password), null);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** Whether `password` opens these keys (what Liberty checks at start-up; CWWKS4106E otherwise). */
export function ltpaPasswordOpens(keys: LtpaKeys, password: string): boolean {
  const des = keys.properties['com.ibm.websphere.ltpa.3DESKey'];
  if (!des) return false;
  try {
    if (decrypt(des, password).length !== 24) return false;
    const privateKey = keys.properties['com.ibm.websphere.ltpa.PrivateKey'];
    if (privateKey) decrypt(privateKey, password);
    return true;
  } catch {
    return false;
  }
}

/**
 * The same keys protected by another password: the secrets are decrypted with `from` and
 * encrypted with `to`; every other line of the file stays as it was.
 */
export function reencryptLtpaKeys(keys: LtpaKeys, from: string, to: string): LtpaKeys {
  if (!ltpaPasswordOpens(keys, from)) throw new Error('the current keysPassword does not open these LTPA keys');
  const replaced = new Map<string, string>();
  for (const name of SECRET_PROPERTIES) {
    const value = keys.properties[name];
    if (value) replaced.set(name, encrypt(decrypt(value, from), to));
  }
  const lines = keys.text.split('\n').map((line) => {
    const match = /^\s*((?:\\.|[^=:\s\\])+)\s*[=:\s]/.exec(line);
    if (!match || /^\s*[#!]/.test(line)) return line;
    const name = unescapeProperty(match[1]);
    const value = replaced.get(name);
    return value === undefined ? line : `${match[1]}=${escapeProperty(value)}${line.endsWith('\r') ? '\r' : ''}`;
  });
  return parseLtpaKeys(lines.join('\n'));
}

/** Writes ltpa.keys atomically, mode 0600. */
export function writeLtpaKeys(file: string, keys: LtpaKeys): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, keys.text, { mode: 0o600 });
}
