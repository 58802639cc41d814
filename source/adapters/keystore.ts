/**
 * Liberty's default keystore (resources/security/key.jks, JKS, or key.p12, PKCS12): where it is,
 * its password (from server.xml), and the keytool operations the farm needs. Passwords never go
 * on argv: keytool reads them from the environment (-storepass:env NAME).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StepFailure } from '../engine/errors.js';
import { readEnvFile } from './env-file.js';
import { compareReleases } from './liberty.js';
import { loadForge } from './forge.js';
import { displayCommand, tailOf, type CommandResult, type CommandRunner, type CommandSpec } from './process.js';

export type StoreType = 'JKS' | 'PKCS12';

export interface KeystoreRef {
  /** Absolute path of the keystore file (it may not exist yet: Liberty creates it at first start). */
  file: string;
  type: StoreType;
  /** The decoded password. */
  password: string;
  /** As written in server.xml ({xor}... or plain). */
  rawPassword: string;
}

export interface StoreEntry {
  alias: string;
  kind: 'key' | 'trusted';
  /** The entry's (first) certificate, PEM. */
  pem: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex (as keytool prints it). */
  sha256: string;
  subject: string;
}

// ------------------------------------------------------------------ server.xml reading

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeXml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? '';
  });
}

export function escapeXmlAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** XML without comments, so that commented-out elements are not read. */
function withoutComments(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->/g, (comment) => ' '.repeat(comment.length));
}

export interface ElementMatch {
  tag: string;
  index: number;
  attributes: Record<string, string>;
}

function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of tag.matchAll(/([\w.:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    attributes[match[1]] = unescapeXml(match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/** Every start tag of an element (outside comments), with its attributes. */
export function findElements(xml: string, name: string): ElementMatch[] {
  const clean = withoutComments(xml);
  const pattern = new RegExp(`<${name}\\b(?:[^>"']|"[^"]*"|'[^']*')*>`, 'g');
  return [...clean.matchAll(pattern)].map((match) => ({ tag: xml.slice(match.index!, match.index! + match[0].length), index: match.index!, attributes: attributesOf(match[0]) }));
}

/** The server.xml with one attribute of one start tag set (added when absent); layout kept. */
export function setElementAttribute(xml: string, element: ElementMatch, name: string, value: string): string {
  const escaped = escapeXmlAttribute(value);
  const pattern = new RegExp(`(\\s${name}\\s*=\\s*)("[^"]*"|'[^']*')`);
  let tag: string;
  if (pattern.test(element.tag)) tag = element.tag.replace(pattern, (_, head: string) => `${head}"${escaped.replace(/\$/g, '$$$$')}"`);
  else tag = element.tag.replace(/\s*(\/?>)$/, (_, end: string) => ` ${name}="${escaped.replace(/\$/g, '$$$$')}"${end}`);
  return xml.slice(0, element.index) + tag + xml.slice(element.index + element.tag.length);
}

/** Adds an element just before </server>. */
export function addElement(xml: string, element: string): string {
  const end = xml.lastIndexOf('</server>');
  if (end < 0) throw new Error('server.xml has no </server> end tag');
  return `${xml.slice(0, end)}    ${element}\n${xml.slice(end)}`;
}

/** Liberty's ${name} variables in a value: server.env of the server, then the environment. */
export function resolveVariables(value: string, serverDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const serverEnv = readEnvFile(path.join(serverDir, 'server.env'));
  return value.replace(/\$\{(env\.)?([\w.]+)\}/g, (whole, _prefix: string | undefined, name: string) => serverEnv[name] ?? env[name] ?? whole);
}

/** Liberty password encodings: plain, or {xor} (base64, each byte XOR 0x5F). {aes} needs Liberty's key: refused. */
export function decodeLibertyPassword(value: string): string {
  const trimmed = value.trim();
  if (/^\{xor\}/i.test(trimmed)) {
    const bytes = Buffer.from(trimmed.slice(5), 'base64');
    for (let i = 0; i < bytes.length; i++) bytes[i] ^= 0x5f;
    return bytes.toString('utf8');
  }
  if (/^\{aes\}/i.test(trimmed)) {
    throw new Error('the password is {aes} encoded; pmf-wizard can only read plain or {xor} passwords');
  }
  return value;
}

export function encodeXor(plain: string): string {
  const bytes = Buffer.from(plain, 'utf8');
  for (let i = 0; i < bytes.length; i++) bytes[i] ^= 0x5f;
  return `{xor}${bytes.toString('base64')}`;
}

export function serverXmlPath(serverDir: string): string {
  return path.join(serverDir, 'server.xml');
}

export function readServerXml(serverDir: string): string | undefined {
  try {
    return fs.readFileSync(serverXmlPath(serverDir), 'utf8');
  } catch {
    return undefined;
  }
}

/** Atomic write of server.xml. */
export function writeServerXml(serverDir: string, xml: string): void {
  const file = serverXmlPath(serverDir);
  const temp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temp, xml);
  fs.renameSync(temp, file);
}

export function securityDir(serverDir: string): string {
  return path.join(serverDir, 'resources', 'security');
}

export function storeTypeOf(file: string, declared?: string): StoreType {
  if (declared) return /^pkcs12$/i.test(declared) ? 'PKCS12' : 'JKS';
  return /\.(p12|pfx)$/i.test(file) ? 'PKCS12' : 'JKS';
}

/**
 * Liberty's own rule for the file of a defaultKeyStore declared without location or type:
 * key.p12 (PKCS12) from 19.0.0.3 on, key.jks (JKS) before. An existing file always wins.
 */
export function pkcs12ByDefault(libertyVersion: string | undefined): boolean {
  return !libertyVersion || compareReleases(libertyVersion, '19.0.0.3') >= 0;
}

/**
 * The default keystore of a server: `<keyStore id="defaultKeyStore" password location type>`,
 * or, without that element, the keystore newer Liberty makes with server.env's
 * keystore_password (CWPKI0820A). Undefined when neither is there (Liberty then has no HTTPS).
 */
export function defaultKeystoreOf(serverDir: string, libertyVersion?: string, env: NodeJS.ProcessEnv = process.env): KeystoreRef | undefined {
  const xml = readServerXml(serverDir);
  if (!xml) return undefined;
  const element = findElements(xml, 'keyStore').find((e) => e.attributes.id === 'defaultKeyStore');
  const attributes = element?.attributes ?? {};
  const rawPassword = element ? resolveVariables(attributes.password ?? '', serverDir, env) : readEnvFile(path.join(serverDir, 'server.env')).keystore_password;
  if (!rawPassword) return undefined;
  const declaredLocation = attributes.location ? resolveVariables(attributes.location, serverDir, env) : undefined;
  const p12 = path.join(securityDir(serverDir), 'key.p12');
  const jks = path.join(securityDir(serverDir), 'key.jks');
  let file: string;
  if (declaredLocation) file = path.isAbsolute(declaredLocation) ? declaredLocation : path.join(securityDir(serverDir), declaredLocation);
  else if (attributes.type) file = /pkcs12/i.test(attributes.type) ? p12 : jks;
  else if (fs.existsSync(p12) || fs.existsSync(jks)) file = fs.existsSync(p12) ? p12 : jks;
  else file = pkcs12ByDefault(libertyVersion) ? p12 : jks;
  return { file, type: storeTypeOf(file, attributes.type), password: decodeLibertyPassword(rawPassword), rawPassword };
}

// ------------------------------------------------------------------ keytool

const STOREPASS_VAR = 'PMF_WIZARD_STOREPASS';
const SRCPASS_VAR = 'PMF_WIZARD_SRCPASS';

export function keytoolPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JAVA_HOME) {
    const candidate = path.join(env.JAVA_HOME, 'bin', 'keytool');
    if (fs.existsSync(candidate)) return candidate;
  }
  return 'keytool';
}

function keytoolSpec(args: string[], env: Record<string, string>, input?: string): CommandSpec {
  // English output whatever the locale, so that it can be read back.
  return { command: keytoolPath(), args: ['-J-Duser.language=en', '-J-Duser.country=US', ...args], env: { ...env, LC_ALL: 'C' }, input, timeoutMs: 60_000 };
}

function storeArgs(ks: KeystoreRef): string[] {
  return ['-keystore', ks.file, '-storetype', ks.type, '-storepass:env', STOREPASS_VAR];
}

function keytoolFailure(spec: CommandSpec, what: string, result: CommandResult, fix: string): StepFailure {
  return new StepFailure(`${what} failed (exit ${result.exitCode})`, fix, { command: displayCommand(spec), outputTail: tailOf(result.output) });
}

function passwordFix(ks: KeystoreRef): string {
  return `Check the password of <keyStore id="defaultKeyStore"> in server.xml: it must open ${ks.file} (keytool -list -keystore ${ks.file} -storetype ${ks.type}).`;
}

export function fingerprintOf(pem: string): string {
  return new crypto.X509Certificate(pem).fingerprint256;
}

export function subjectOf(pem: string): string {
  return new crypto.X509Certificate(pem).subject.replace(/\n/g, ', ');
}

/** Every entry of a keystore (`keytool -list -rfc`): alias, kind, certificate. */
export async function listEntries(runner: CommandRunner, ks: KeystoreRef): Promise<StoreEntry[]> {
  if (ks.type === 'PKCS12') {
    const viaForge = readPkcs12(ks.file, ks.password);
    if (viaForge) return viaForge;
  }
  const spec = keytoolSpec(['-list', '-rfc', ...storeArgs(ks)], { [STOREPASS_VAR]: ks.password });
  const result = await runner.run(spec);
  if (result.exitCode !== 0) throw keytoolFailure(spec, `Reading keystore ${ks.file}`, result, passwordFix(ks));
  return parseListRfc(result.stdout);
}

/** Parses `keytool -list -rfc` output. */
export function parseListRfc(text: string): StoreEntry[] {
  const entries: StoreEntry[] = [];
  const blocks = text.split(/^Alias name: /m).slice(1);
  for (const block of blocks) {
    const alias = block.split('\n')[0].trim();
    const type = /Entry type: (\w+)/.exec(block)?.[1] ?? '';
    const pem = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(block)?.[0];
    if (!pem) continue;
    entries.push({ alias, kind: /PrivateKeyEntry/i.test(type) ? 'key' : 'trusted', pem: `${pem}\n`, sha256: fingerprintOf(pem), subject: subjectOf(pem) });
  }
  return entries;
}

/**
 * Reads a PKCS12 keystore with node-forge (no JVM start); undefined when forge cannot
 * (an algorithm it lacks): the caller then asks keytool.
 */
export function readPkcs12(file: string, password: string): StoreEntry[] | undefined {
  const forge = loadForge();
  try {
    const der = fs.readFileSync(file).toString('binary');
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), false, password);
    const keyIds = new Set<string>();
    for (const bag of p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []) {
      const id = bag.attributes.localKeyId?.[0];
      if (id) keyIds.add(id);
    }
    const entries: StoreEntry[] = [];
    for (const bag of p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []) {
      if (!bag.cert) continue;
      const alias = bag.attributes.friendlyName?.[0];
      if (!alias) continue;
      const localId = bag.attributes.localKeyId?.[0];
      const pem = forge.pki.certificateToPem(bag.cert).replace(/\r\n/g, '\n');
      entries.push({ alias, kind: localId && keyIds.has(localId) ? 'key' : 'trusted', pem, sha256: fingerprintOf(pem), subject: subjectOf(pem) });
    }
    return entries;
  } catch {
    return undefined;
  }
}

/** The certificate of one entry, PEM (`keytool -exportcert -rfc`, to stdout). */
export async function exportCertificate(runner: CommandRunner, ks: KeystoreRef, alias = 'default'): Promise<string> {
  const spec = keytoolSpec(['-exportcert', '-rfc', '-alias', alias, ...storeArgs(ks)], { [STOREPASS_VAR]: ks.password });
  const result = await runner.run(spec);
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(result.stdout)?.[0];
  if (result.exitCode !== 0 || !pem) {
    const fix = /does not exist/i.test(result.output)
      ? `The keystore ${ks.file} has no "${alias}" entry; move it away so that Liberty generates a new one at the next start.`
      : passwordFix(ks);
    throw keytoolFailure(spec, `Exporting certificate "${alias}" from ${ks.file}`, result, fix);
  }
  return `${pem}\n`;
}

/**
 * Creates the default certificate offline, as Liberty does at first start (and as
 * `securityUtility createSSLCertificate` does): alias default, RSA 2048, SHA256withRSA.
 */
export async function createDefaultCertificate(runner: CommandRunner, ks: KeystoreRef, dn: string, validityDays = 365): Promise<void> {
  fs.mkdirSync(path.dirname(ks.file), { recursive: true });
  const spec = keytoolSpec(
    ['-genkeypair', '-noprompt', '-alias', 'default', '-keyalg', 'RSA', '-keysize', '2048', '-sigalg', 'SHA256withRSA', '-validity', String(validityDays), '-dname', dn, ...storeArgs(ks), '-keypass:env', STOREPASS_VAR],
    { [STOREPASS_VAR]: ks.password },
  );
  const result = await runner.run(spec);
  if (result.exitCode !== 0) throw keytoolFailure(spec, `Creating the default certificate in ${ks.file}`, result, `Check that ${path.dirname(ks.file)} is writable and that the password has at least 6 characters.`);
}

/** Deletes one entry; a missing alias is not an error. */
export async function deleteEntry(runner: CommandRunner, ks: KeystoreRef, alias: string): Promise<void> {
  const spec = keytoolSpec(['-delete', '-alias', alias, ...storeArgs(ks)], { [STOREPASS_VAR]: ks.password });
  const result = await runner.run(spec);
  if (result.exitCode !== 0 && !/does not exist/i.test(result.output)) throw keytoolFailure(spec, `Deleting "${alias}" from ${ks.file}`, result, passwordFix(ks));
}

export interface TrustedCertificate {
  alias: string;
  pem: string;
}

/**
 * Imports several certificates as trusted entries in ONE keytool call: they are written to a
 * temporary JKS bundle (a random password, through the environment) and merged with
 * `keytool -importkeystore`; an entry with the same alias is replaced.
 */
export async function importTrustedCertificates(runner: CommandRunner, ks: KeystoreRef, certificates: TrustedCertificate[]): Promise<void> {
  if (!certificates.length) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-wizard-trust-'));
  try {
    const bundlePassword = crypto.randomBytes(18).toString('base64url');
    const bundle = path.join(dir, 'peers.jks');
    fs.writeFileSync(bundle, writeJksTrustStore(certificates, bundlePassword), { mode: 0o600 });
    const spec = keytoolSpec(
      [
        '-importkeystore',
        '-noprompt',
        '-srckeystore',
        bundle,
        '-srcstoretype',
        'JKS',
        '-srcstorepass:env',
        SRCPASS_VAR,
        '-destkeystore',
        ks.file,
        '-deststoretype',
        ks.type,
        '-deststorepass:env',
        STOREPASS_VAR,
      ],
      { [STOREPASS_VAR]: ks.password, [SRCPASS_VAR]: bundlePassword },
    );
    const result = await runner.run(spec);
    if (result.exitCode !== 0 || /Import command completed:\s*\d+ entries successfully imported, [1-9]/.test(result.output)) {
      throw keytoolFailure(spec, `Importing ${certificates.map((c) => c.alias).join(', ')} into ${ks.file}`, result, passwordFix(ks));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A JKS keystore holding only trusted certificates (Sun's format: magic FEEDFEED, version 2,
 * entries, then SHA-1 over password (UTF-16BE) + "Mighty Aphrodite" + content).
 */
export function writeJksTrustStore(certificates: TrustedCertificate[], password: string): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const utf = (s: string) => {
    const body = Buffer.from(s, 'utf8');
    const len = Buffer.alloc(2);
    len.writeUInt16BE(body.length);
    return Buffer.concat([len, body]);
  };
  parts.push(u32(0xfeedfeed), u32(2), u32(certificates.length));
  const now = BigInt(Date.now());
  for (const { alias, pem } of certificates) {
    const der = new crypto.X509Certificate(pem).raw;
    const time = Buffer.alloc(8);
    time.writeBigUInt64BE(now);
    parts.push(u32(2), utf(alias.toLowerCase()), time, utf('X.509'), u32(der.length), der);
  }
  const body = Buffer.concat(parts);
  const passwordBytes = Buffer.alloc(password.length * 2);
  for (let i = 0; i < password.length; i++) passwordBytes.writeUInt16BE(password.charCodeAt(i), i * 2);
  const digest = crypto.createHash('sha1').update(passwordBytes).update(Buffer.from('Mighty Aphrodite', 'utf8')).update(body).digest();
  return Buffer.concat([body, digest]);
}
