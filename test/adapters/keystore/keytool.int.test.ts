import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultKeystoreOf, type KeystoreRef } from '../../../source/adapters/keystore/default-keystore.js';
import { createDefaultCertificate, deleteEntry, exportCertificate, importTrustedCertificates, listEntries } from '../../../source/adapters/keystore/keytool.js';
import { encodeXor } from '../../../source/adapters/keystore/liberty-password.js';
import { readPkcs12 } from '../../../source/adapters/keystore/pkcs12.js';
import { CommandRunner } from '../../../source/adapters/process.js';
import { RunLog } from '../../../source/engine/log.js';
import { Redactor } from '../../../source/engine/redact.js';
import { serverWithKeyStore } from '../../support/server-dir.js';

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

const serverWith = (name: string, keyStore: string): string => serverWithKeyStore(dir, name, keyStore);

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

  it('replaces the keystore whole (a new file renamed over it, its mode kept), so a server reloading it never reads half a file', async () => {
    fs.chmodSync(a.file, 0o640);
    const before = fs.statSync(a.file);
    await importTrustedCertificates(runner, a, [{ alias: 'farm-b', pem: bPem }]);
    const after = fs.statSync(a.file);
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(path.dirname(a.file)).filter((name) => name.startsWith('pmf-wizard-trust-'))).toEqual([]);
    // A failing import (wrong password) leaves the keystore as it was, and no copy beside it.
    const bytes = fs.readFileSync(a.file);
    await expect(importTrustedCertificates(runner, { ...a, password: 'wrong-password' }, [{ alias: 'farm-c', pem: bPem }])).rejects.toMatchObject({ kind: 'wrong-password' });
    expect(fs.readFileSync(a.file).equals(bytes)).toBe(true);
    expect(fs.readdirSync(path.dirname(a.file)).filter((name) => name.startsWith('pmf-wizard-trust-'))).toEqual([]);
    await deleteEntry(runner, a, 'farm-b');
  });

  it('fails with the fix on a wrong password', async () => {
    await expect(listEntries(runner, { ...a, password: 'wrong-password' })).rejects.toThrow(/Reading keystore/);
  });

  it('names the kind of failure: a wrong password, a missing alias', async () => {
    await expect(listEntries(runner, { ...a, password: 'wrong-password' })).rejects.toMatchObject({ kind: 'wrong-password' });
    await expect(exportCertificate(runner, a, 'no-such-alias')).rejects.toMatchObject({ kind: 'alias-missing' });
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
    // Without a key pair the password is proven by the MAC: still refused.
    const trustOnly = defaultKeystoreOf(serverWith('forge-trust', `<keyStore id="defaultKeyStore" password="${PASSWORD}" location="key.p12" type="PKCS12" />`))!;
    fs.mkdirSync(path.dirname(trustOnly.file), { recursive: true });
    await importTrustedCertificates(runner, trustOnly, [{ alias: 'farm-x', pem: other }]);
    expect(readPkcs12(trustOnly.file, PASSWORD)?.map((e) => [e.alias, e.kind])).toEqual([['farm-x', 'trusted']]);
    expect(readPkcs12(trustOnly.file, 'bad')).toBeUndefined();
  });
});
