import { describe, expect, it } from 'vitest';
import { loadForge } from '../../source/adapters/forge.js';

describe('node-forge as the wizard loads it', () => {
  it('derives PBKDF2 keys for a digest object (as PKCS12 PBES2 asks) to the RFC 7914 test vector', () => {
    const forge = loadForge();
    const key = forge.pkcs5.pbkdf2('passwd', 'salt', 1, 64, forge.md.sha256.create());
    expect(forge.util.bytesToHex(key)).toBe(
      '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783',
    );
  });

  it('keeps the SHA-1 default and string digests', () => {
    const forge = loadForge();
    expect(forge.util.bytesToHex(forge.pkcs5.pbkdf2('password', 'salt', 2, 20))).toBe('ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957');
    expect(forge.util.bytesToHex(forge.pkcs5.pbkdf2('password', 'salt', 2, 20, 'sha1'))).toBe('ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957');
  });
});
