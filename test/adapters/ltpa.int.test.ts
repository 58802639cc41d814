import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ltpaFingerprint, ltpaPasswordOpens, readLtpaKeys, reencryptLtpaKeys, writeLtpaKeys } from '../../source/adapters/ltpa.js';

/** Writes / checks ltpa.keys with the JDK's own DESede (the WebSphere scheme), independently of the adapter. */
const LTPA_TOOL = `import java.io.*;
import java.nio.charset.StandardCharsets;
import java.security.*;
import java.util.*;
import javax.crypto.*;
import javax.crypto.spec.SecretKeySpec;

/** Test helper: writes / checks ltpa.keys with the JDK's own DESede, as WebSphere does (password from LTPA_PASSWORD). */
public class LtpaTool {
    static Cipher cipher(int mode, String password) throws Exception {
        byte[] key = Arrays.copyOf(MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8)), 24);
        Cipher c = Cipher.getInstance("DESede/ECB/PKCS5Padding");
        c.init(mode, new SecretKeySpec(key, "DESede"));
        return c;
    }
    public static void main(String[] args) throws Exception {
        String password = System.getenv("LTPA_PASSWORD");
        File file = new File(args[1]);
        if (args[0].equals("gen")) {
            KeyGenerator kg = KeyGenerator.getInstance("DESede");
            byte[] secret = kg.generateKey().getEncoded();
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
            kpg.initialize(1024);
            KeyPair kp = kpg.generateKeyPair();
            Properties p = new Properties();
            p.setProperty("com.ibm.websphere.CreationDate", new Date().toString());
            p.setProperty("com.ibm.websphere.ltpa.version", "1.0");
            p.setProperty("com.ibm.websphere.ltpa.Realm", "defaultRealm");
            p.setProperty("com.ibm.websphere.ltpa.3DESKey", Base64.getEncoder().encodeToString(cipher(Cipher.ENCRYPT_MODE, password).doFinal(secret)));
            p.setProperty("com.ibm.websphere.ltpa.PrivateKey", Base64.getEncoder().encodeToString(cipher(Cipher.ENCRYPT_MODE, password).doFinal(kp.getPrivate().getEncoded())));
            p.setProperty("com.ibm.websphere.ltpa.PublicKey", Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()));
            try (OutputStream out = new FileOutputStream(file)) { p.store(out, "IBM WebSphere Application Server key file"); }
        } else {
            Properties p = new Properties();
            try (InputStream in = new FileInputStream(file)) { p.load(in); }
            byte[] s = cipher(Cipher.DECRYPT_MODE, password).doFinal(Base64.getDecoder().decode(p.getProperty("com.ibm.websphere.ltpa.3DESKey")));
            cipher(Cipher.DECRYPT_MODE, password).doFinal(Base64.getDecoder().decode(p.getProperty("com.ibm.websphere.ltpa.PrivateKey")));
            System.out.println("opens " + Base64.getEncoder().encodeToString(s));
        }
    }
}
`;
let dir: string;
let tool: string;

async function java(action: 'gen' | 'check', file: string, password: string) {
  return execa('java', [tool, action, file], { env: { LTPA_PASSWORD: password }, reject: false });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-ltpa-test-'));
  tool = path.join(dir, 'LtpaTool.java');
  fs.writeFileSync(tool, LTPA_TOOL);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('ltpa.keys', () => {
  it('opens keys written by the JDK with the right password only, and re-encrypts them so the JDK opens them', async () => {
    const file = path.join(dir, 'ltpa.keys');
    expect((await java('gen', file, 'WebAS')).exitCode).toBe(0);
    const keys = readLtpaKeys(file)!;
    expect(ltpaPasswordOpens(keys, 'WebAS')).toBe(true);
    expect(ltpaPasswordOpens(keys, 'other')).toBe(false);
    const moved = reencryptLtpaKeys(keys, 'WebAS', 'New-Secret_1');
    expect(ltpaPasswordOpens(moved, 'New-Secret_1')).toBe(true);
    expect(ltpaPasswordOpens(moved, 'WebAS')).toBe(false);
    const copy = path.join(dir, 'copy', 'ltpa.keys');
    writeLtpaKeys(copy, moved);
    const before = await java('check', file, 'WebAS');
    const after = await java('check', copy, 'New-Secret_1');
    expect(after.stdout).toMatch(/^opens /);
    // Same secret inside, another password outside.
    expect(after.stdout).toBe(before.stdout);
    expect((await java('check', copy, 'WebAS')).exitCode).not.toBe(0);
    // The public key and the other lines are untouched.
    expect(moved.properties['com.ibm.websphere.ltpa.PublicKey']).toBe(keys.properties['com.ibm.websphere.ltpa.PublicKey']);
    expect(moved.properties['com.ibm.websphere.ltpa.Realm']).toBe('defaultRealm');
  });

  it('fingerprints the keys, not the file dates', async () => {
    const a = path.join(dir, 'a.keys');
    const b = path.join(dir, 'b.keys');
    await java('gen', a, 'WebAS');
    await java('gen', b, 'WebAS');
    const ka = readLtpaKeys(a)!;
    const kb = readLtpaKeys(b)!;
    expect(ltpaFingerprint(ka)).not.toBe(ltpaFingerprint(kb));
    const dated = { ...ka, properties: { ...ka.properties, 'com.ibm.websphere.CreationDate': 'another day' } };
    expect(ltpaFingerprint(dated)).toBe(ltpaFingerprint(ka));
    expect(readLtpaKeys(path.join(dir, 'missing'))).toBeUndefined();
  });
});
