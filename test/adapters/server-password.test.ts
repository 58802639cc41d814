/** server.xml's passwords: the file modes, and {aes} values read back with the key the server declares. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeLibertyPassword } from '../../source/adapters/keystore/liberty-password.js';
import { AES_KEY_FILE, declaredAesKey, decryptAes, withAesKeyInclude, writeAesKeyFile } from '../../source/adapters/liberty-aes.js';
import { ltpaConfigOf } from '../../source/adapters/ltpa.js';
import { writeLtpaKeysPassword } from '../../source/adapters/server-password.js';
import { protectServerXml, writeServerXml } from '../../source/adapters/server-xml.js';

// Made by Open Liberty 26.0.0.3's `securityUtility encode --encoding=aes|aes-128` with
// wlp.password.encryption.key=k3yMaterial-abc (version 1: AES-256-GCM; version 0: AES-128-CBC).
const KEY = 'k3yMaterial-abc';
const AES_V1 = '{aes}ARA/mtu8sRLK5e1SUFL7SJUpc54ezVb7rvOtDmbF3UmvB9+Nxh1pRqUW3WfblD0wm4Z2ihnG8o2HXYpzynBHUzbfJDgs+HEIhz0TWbB2N50sb+NJWO1Lx+IHVWDDtc6rvKsY+4XMQWyD7A==';
const AES_V0 = '{aes}AI8D+MVP/vEFpjZzZ9qiGANYVuqFVtITClFg/rxCnkN08jLp6Ar+duo35aNk1hLktiVMlDs+qJUN+WmW7WvNYCMYy/N7Xm/T6sAkrBPxVbiH';

function serverDir(xml = '<server>\n</server>\n'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'server-password-'));
  fs.writeFileSync(path.join(dir, 'server.xml'), xml, { mode: 0o644 });
  fs.chmodSync(path.join(dir, 'server.xml'), 0o644);
  return dir;
}

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('server.xml file modes', () => {
  it('writeServerXml writes mode 0600, also over a 0644 file', () => {
    const dir = serverDir();
    writeServerXml(dir, '<server>\n    <ltpa keysPassword="{xor}CDo9Hgw="/>\n</server>\n');
    expect(modeOf(path.join(dir, 'server.xml'))).toBe(0o600);
  });

  it("protectServerXml makes server.xml and Ant's backups 0600, and nothing else", () => {
    const dir = serverDir();
    for (const name of ['server.xml.bak', 'server.xml.bak1', 'server.env', 'jvm.options']) {
      fs.writeFileSync(path.join(dir, name), 'x');
      fs.chmodSync(path.join(dir, name), 0o644);
    }
    expect(protectServerXml(dir).sort()).toEqual(['server.xml', 'server.xml.bak', 'server.xml.bak1']);
    for (const name of ['server.xml', 'server.xml.bak', 'server.xml.bak1']) expect(modeOf(path.join(dir, name)), name).toBe(0o600);
    expect(modeOf(path.join(dir, 'jvm.options'))).toBe(0o644);
    expect(protectServerXml(dir)).toEqual([]);
  });
});

describe('{aes} passwords', () => {
  it("decrypts Liberty's version 1 and version 0 values with the key, and nothing with another key", () => {
    expect(decryptAes(AES_V1, KEY)).toBe('farmPw1');
    expect(decryptAes(AES_V0, KEY)).toBe('farmPw1');
    expect(decryptAes(AES_V1, 'another key')).toBeUndefined();
    expect(decryptAes('{aes}AAAA', KEY)).toBeUndefined();
  });

  it("the key file is 0600 and included once; a server's keysPassword is read back through it", () => {
    const dir = serverDir(`<server>\n    <ltpa keysPassword="${AES_V1}"/>\n</server>\n`);
    expect(() => ltpaConfigOf(dir)).toThrow(expect.objectContaining({ kind: 'aes-password', message: expect.stringContaining('declares no wlp.password.encryption.key') }));
    writeAesKeyFile(dir, KEY);
    expect(modeOf(path.join(dir, AES_KEY_FILE))).toBe(0o600);
    const xml = withAesKeyInclude(fs.readFileSync(path.join(dir, 'server.xml'), 'utf8'));
    expect(withAesKeyInclude(xml)).toBe(xml);
    expect(xml).toContain(`<include location="\${server.config.dir}/${AES_KEY_FILE}"/>`);
    writeServerXml(dir, xml);
    expect(declaredAesKey(dir)).toBe(KEY);
    expect(ltpaConfigOf(dir).password).toBe('farmPw1');
    expect(decodeLibertyPassword(AES_V0, dir)).toBe('farmPw1');
  });

  it('reads the key from a server.xml variable or bootstrap.properties too; a wrong key is refused', () => {
    const inXml = serverDir(`<server>\n    <variable name="wlp.password.encryption.key" value="${KEY}"/>\n</server>\n`);
    expect(decodeLibertyPassword(AES_V1, inXml)).toBe('farmPw1');
    const inBootstrap = serverDir();
    fs.writeFileSync(path.join(inBootstrap, 'bootstrap.properties'), `# keys\nwlp.password.encryption.key=${KEY}\n`);
    expect(decodeLibertyPassword(AES_V1, inBootstrap)).toBe('farmPw1');
    const wrong = serverDir('<server>\n    <variable name="wlp.password.encryption.key" value="not-it"/>\n</server>\n');
    expect(() => decodeLibertyPassword(AES_V1, wrong)).toThrow(expect.objectContaining({ kind: 'aes-password', message: expect.stringContaining('another key') }));
  });
});

describe('writeLtpaKeysPassword without {aes}', () => {
  it('falls back to {xor} in a 0600 server.xml and says why, when the Liberty has no securityUtility', async () => {
    const dir = serverDir();
    const noLiberty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-liberty-'));
    const runner = {
      run: async () => {
        throw new Error('nothing is run without securityUtility');
      },
    };
    const written = await writeLtpaKeysPassword(runner, { libertyInstallDir: noLiberty, serverDir: dir, password: 'WebAS', aesKey: KEY });
    expect(written).toEqual({ encoding: 'xor', sentence: `keysPassword {xor}-encoded (an obfuscation only, server.xml is mode 0600): no {aes} because ${path.join(noLiberty, 'bin', 'securityUtility')} does not exist in this Liberty` });
    const xml = fs.readFileSync(path.join(dir, 'server.xml'), 'utf8');
    expect(xml).toContain('<ltpa keysPassword="{xor}CDo9Hgw="/>');
    expect(xml).not.toContain('<include');
    expect(modeOf(path.join(dir, 'server.xml'))).toBe(0o600);
  });
});
