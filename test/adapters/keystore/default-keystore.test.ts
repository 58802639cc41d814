import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultKeystoreOf, setKeystoreReload } from '../../../source/adapters/keystore/default-keystore.js';
import { decodeLibertyPassword, encodeXor } from '../../../source/adapters/keystore/liberty-password.js';
import { serverWithKeyStore } from '../../support/server-dir.js';

const PASSWORD = 'Farm-Keystore-Pw1';
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-ks-test-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const serverWith = (name: string, keyStore: string): string => serverWithKeyStore(dir, name, keyStore);

describe('Liberty passwords', () => {
  it('decodes and encodes {xor}', () => {
    expect(decodeLibertyPassword('{xor}CDo9Hgw=')).toBe('WebAS');
    expect(encodeXor('WebAS')).toBe('{xor}CDo9Hgw=');
    expect(decodeLibertyPassword(encodeXor('mobilefirst'))).toBe('mobilefirst');
    expect(decodeLibertyPassword('plain')).toBe('plain');
    expect(() => decodeLibertyPassword('{aes}AAAA')).toThrow(/aes/);
  });
});

describe('an {aes} password', () => {
  it('is refused as an external failure whose fix names the file, not a stack', () => {
    expect(() => decodeLibertyPassword('{aes}AAAA')).toThrow(expect.objectContaining({ kind: 'aes-password', fix: expect.stringContaining('server.xml') }));
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

describe('a keystore the running server reloads', () => {
  it('is read from updateTrigger="polled" and set on the declared element only, once', () => {
    const server = serverWith('reload', `<keyStore id="defaultKeyStore" password="${encodeXor(PASSWORD)}" />`);
    expect(defaultKeystoreOf(server, '26.0.0.3')?.reloads).toBe(false);
    expect(setKeystoreReload(server)).toBe(true);
    const xml = fs.readFileSync(path.join(server, 'server.xml'), 'utf8');
    expect(xml).toContain(`<keyStore id="defaultKeyStore" password="${encodeXor(PASSWORD)}" updateTrigger="polled"/>`);
    expect(defaultKeystoreOf(server, '26.0.0.3')).toMatchObject({ reloads: true, password: PASSWORD });
    expect(setKeystoreReload(server)).toBe(true);
    expect(fs.readFileSync(path.join(server, 'server.xml'), 'utf8')).toBe(xml);
    expect((fs.statSync(path.join(server, 'server.xml')).mode & 0o777).toString(8)).toBe('600');
  });

  it('is not declared when server.xml has no defaultKeyStore element (the keystore of server.env stays as Liberty has it)', () => {
    const server = serverWith('no-element', '<keyStore id="otherStore" password="secret1" />');
    const xml = fs.readFileSync(path.join(server, 'server.xml'), 'utf8');
    expect(setKeystoreReload(server)).toBe(false);
    expect(fs.readFileSync(path.join(server, 'server.xml'), 'utf8')).toBe(xml);
  });
});
