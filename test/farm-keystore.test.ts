import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultKeystoreOf, type KeystoreRef } from '../source/adapters/keystore/default-keystore.js';
import { createDefaultCertificate, deleteEntry, exportCertificate, importTrustedCertificates, listEntries } from '../source/adapters/keystore/keytool.js';
import { decodeLibertyPassword, encodeXor } from '../source/adapters/keystore/liberty-password.js';
import { readPkcs12 } from '../source/adapters/keystore/pkcs12.js';
import { CommandRunner } from '../source/adapters/process.js';
import { RunLog } from '../source/engine/log.js';
import { Redactor } from '../source/engine/redact.js';

const PASSWORD = 'Farm-Keystore-Pw1';
let dir: string;
let argvLog: string;
let savedJavaHome: string | undefined;
const runner = new CommandRunner({ log: new RunLog(new Redactor()), redactor: new Redactor() });

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-ks-test-'));
  // A keytool wrapper that records its argv, so the test can prove no password is on it.
  const fakeHome = path.join(dir, 'jdk');
  fs.mkdirSync(path.join(fakeHome, 'bin'), { recursive: true });
  argvLog = path.join(dir, 'argv.log');
  const real = fs.realpathSync('/usr/bin/keytool');
  fs.writeFileSync(path.join(fakeHome, 'bin', 'keytool'), `#!/bin/sh\necho "$@" >> '${argvLog}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
  savedJavaHome = process.env.JAVA_HOME;
  process.env.JAVA_HOME = fakeHome;
});

afterAll(() => {
  if (savedJavaHome === undefined) delete process.env.JAVA_HOME;
  else process.env.JAVA_HOME = savedJavaHome;
  fs.rmSync(dir, { recursive: true, force: true });
});

function serverWith(name: string, keyStore: string): string {
  const serverDir = path.join(dir, name);
  fs.mkdirSync(serverDir, { recursive: true });
  fs.writeFileSync(path.join(serverDir, 'server.xml'), `<server>\n  <!-- <keyStore id="defaultKeyStore" password="commented"/> -->\n  ${keyStore}\n</server>\n`);
  return serverDir;
}

describe('Liberty passwords', () => {
  it('decodes and encodes {xor}', () => {
    expect(decodeLibertyPassword('{xor}CDo9Hgw=')).toBe('WebAS');
    expect(encodeXor('WebAS')).toBe('{xor}CDo9Hgw=');
    expect(decodeLibertyPassword(encodeXor('mobilefirst'))).toBe('mobilefirst');
    expect(decodeLibertyPassword('plain')).toBe('plain');
    expect(() => decodeLibertyPassword('{aes}AAAA')).toThrow(/aes/);
  });
});

describe('which file is the default keystore', () => {
  it('follows the Liberty release for a keyStore declared without type: key.jks before 19.0.0.3, key.p12 from then on', () => {
    const declared = serverWith('rule', `<keyStore id="defaultKeyStore" password="${encodeXor(PASSWORD)}" />`);
    expect(path.basename(defaultKeystoreOf(declared, '8.5.5.9')!.file)).toBe('key.jks');
    expect(path.basename(defaultKeystoreOf(declared, '19.0.0.2')!.file)).toBe('key.jks');
    expect(defaultKeystoreOf(declared, '19.0.0.3')!.type).toBe('PKCS12');
    expect(path.basename(defaultKeystoreOf(declared, '19.0.0.10')!.file)).toBe('key.p12');
    expect(path.basename(defaultKeystoreOf(declared, '26.0.0.3')!.file)).toBe('key.p12');
  });

  it('uses server.env\'s keystore_password when server.xml declares no defaultKeyStore, as newer Liberty does', () => {
    const serverDir = serverWith('env-password', '<featureManager><feature>ssl-1.0</feature></featureManager>');
    expect(defaultKeystoreOf(serverDir, '26.0.0.3')).toBeUndefined();
    fs.writeFileSync(path.join(serverDir, 'server.env'), 'keystore_password=Generated23Characters00');
    const ks = defaultKeystoreOf(serverDir, '26.0.0.3')!;
    expect(ks).toMatchObject({ type: 'PKCS12', password: 'Generated23Characters00' });
    expect(path.basename(ks.file)).toBe('key.p12');
  });

  it('keeps the file that exists, whatever the release', () => {
    const serverDir = serverWith('existing', `<keyStore id="defaultKeyStore" password="${PASSWORD}" />`);
    fs.mkdirSync(path.join(serverDir, 'resources', 'security'), { recursive: true });
    fs.writeFileSync(path.join(serverDir, 'resources', 'security', 'key.jks'), '');
    expect(defaultKeystoreOf(serverDir, '26.0.0.3')!.type).toBe('JKS');
  });
});

describe.each(['JKS', 'PKCS12'] as const)('keystore with the real keytool (%s)', (type) => {
  let a: KeystoreRef;
  let b: KeystoreRef;
  let aPem: string;
  let bPem: string;

  it('reads the keystore declared in server.xml', () => {
    const attrs = type === 'JKS' ? `password="${encodeXor(PASSWORD)}"` : `password="${PASSWORD}" location="key.p12" type="PKCS12"`;
    // Liberty 8.5.5.9 makes key.jks for a keyStore declared without type; 19.0.0.3 and later key.p12.
    a = defaultKeystoreOf(serverWith(`${type}-a`, `<keyStore id="defaultKeyStore" ${attrs} />`), '8.5.5.9')!;
    b = defaultKeystoreOf(serverWith(`${type}-b`, `<keyStore id="defaultKeyStore" ${attrs} />`), '8.5.5.9')!;
    expect(a.type).toBe(type);
    expect(a.password).toBe(PASSWORD);
    expect(path.basename(a.file)).toBe(type === 'JKS' ? 'key.jks' : 'key.p12');
  });

  it('creates the default certificate offline and exports it', async () => {
    await createDefaultCertificate(runner, a, 'CN=localhost,OU=a,O=ibm,C=us');
    await createDefaultCertificate(runner, b, 'CN=localhost,OU=b,O=ibm,C=us');
    aPem = await exportCertificate(runner, a);
    bPem = await exportCertificate(runner, b);
    expect(new crypto.X509Certificate(aPem).subject).toContain('OU=a');
    const entries = await listEntries(runner, a);
    expect(entries.map((e) => [e.alias, e.kind])).toEqual([['default', 'key']]);
  });

  it('imports peers under stable aliases in one call, replacing a stale one', async () => {
    await importTrustedCertificates(runner, a, [{ alias: 'farm-b', pem: bPem }]);
    await importTrustedCertificates(runner, b, [{ alias: 'farm-a', pem: aPem }]);
    let entries = await listEntries(runner, a);
    expect(entries.find((e) => e.alias === 'farm-b')).toMatchObject({ kind: 'trusted', sha256: new crypto.X509Certificate(bPem).fingerprint256 });
    // b's certificate is regenerated: the import replaces the stale entry under the same alias.
    fs.rmSync(b.file);
    await createDefaultCertificate(runner, b, 'CN=localhost,OU=b2,O=ibm,C=us');
    const newPem = await exportCertificate(runner, b);
    await importTrustedCertificates(runner, a, [{ alias: 'farm-b', pem: newPem }]);
    entries = await listEntries(runner, a);
    expect(entries.filter((e) => e.alias === 'farm-b')).toHaveLength(1);
    expect(entries.find((e) => e.alias === 'farm-b')!.sha256).toBe(new crypto.X509Certificate(newPem).fingerprint256);
    await deleteEntry(runner, a, 'farm-b');
    await deleteEntry(runner, a, 'farm-b');
    expect((await listEntries(runner, a)).map((e) => e.alias)).toEqual(['default']);
  });

  it('fails with the fix on a wrong password', async () => {
    await expect(listEntries(runner, { ...a, password: 'wrong-password' })).rejects.toThrow(/Reading keystore/);
  });

  it('never puts a password on keytool argv', () => {
    const argv = fs.readFileSync(argvLog, 'utf8');
    expect(argv).toContain('-storepass:env');
    expect(argv).not.toContain(PASSWORD);
  });
});

describe('node-forge reads PKCS12 like keytool', () => {
  it('lists the same entries', async () => {
    const ks = defaultKeystoreOf(serverWith('forge', `<keyStore id="defaultKeyStore" password="${PASSWORD}" location="key.p12" type="PKCS12" />`))!;
    await createDefaultCertificate(runner, ks, 'CN=localhost,OU=forge,O=ibm,C=us');
    const other = await exportCertificate(runner, ks);
    await importTrustedCertificates(runner, ks, [{ alias: 'farm-x', pem: other }]);
    const viaForge = readPkcs12(ks.file, PASSWORD);
    expect(viaForge?.map((e) => [e.alias, e.kind]).sort()).toEqual([['default', 'key'], ['farm-x', 'trusted']]);
    expect(readPkcs12(ks.file, 'bad')).toBeUndefined();
  });
});
