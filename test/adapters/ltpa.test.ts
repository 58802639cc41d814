import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLibertyPassword } from '../../source/adapters/keystore/liberty-password.js';
import { ltpaConfigOf, withLtpaKeysPassword } from '../../source/adapters/ltpa.js';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-ltpa-test-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('<ltpa> in server.xml', () => {
  it('reads the default and sets keysPassword in place', () => {
    const serverDir = path.join(dir, 'srv');
    fs.mkdirSync(serverDir);
    const xml = '<server>\n    <featureManager><feature>appSecurity-2.0</feature></featureManager>\n</server>\n';
    fs.writeFileSync(path.join(serverDir, 'server.xml'), xml);
    expect(ltpaConfigOf(serverDir)).toEqual({ file: path.join(serverDir, 'resources', 'security', 'ltpa.keys'), password: 'WebAS', explicit: false });
    const once = withLtpaKeysPassword(xml, 'Farm$Pw&1');
    expect(once).toContain('<ltpa keysPassword="{xor}');
    fs.writeFileSync(path.join(serverDir, 'server.xml'), once);
    expect(ltpaConfigOf(serverDir).password).toBe('Farm$Pw&1');
    const twice = withLtpaKeysPassword(once.replace('<ltpa ', '<ltpa expiration="120m" '), 'Other');
    expect(twice.match(/<ltpa /g)).toHaveLength(1);
    expect(twice).toContain('expiration="120m"');
    fs.writeFileSync(path.join(serverDir, 'server.xml'), twice);
    expect(ltpaConfigOf(serverDir).password).toBe('Other');
    expect(decodeLibertyPassword(/keysPassword="([^"]+)"/.exec(twice)![1])).toBe('Other');
  });
});
