import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverXmlState } from '../../source/farm/deployment.js';

describe('server.xml: the PMF applications and the backup', () => {
  it('is ready only with every application at its context root and server.xml.bak', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srvxml-'));
    const file = path.join(dir, 'server.xml');
    const apps = [
      { name: 'mfpadmin', contextRoot: '/mfpadmin' },
      { name: 'mfp', contextRoot: '/mfp' },
    ];
    fs.writeFileSync(file, '<server><application id="mfpadmin" name="mfpadmin" location="a.war" context-root="/mfpadmin"/><application id="mfp" name="mfp" location="b.war" context-root="/other"/></server>');
    expect(serverXmlState(file, apps)).toMatchObject({ ready: false, detail: 'server.xml lacks mfp (/mfp); no server.xml.bak (PMF install never ran)' });
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('/other', '/mfp'));
    fs.writeFileSync(`${file}.bak`, '<server/>');
    expect(serverXmlState(file, apps).ready).toBe(true);
  });
});
