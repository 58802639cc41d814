import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { propertyFileLine, setProperties } from '../../source/adapters/ant-file.js';
import { withPropertyFile } from '../../source/adapters/ant.js';

describe('ant-file: reading and setting <property name value>', () => {
  it('a property file line is read by real Ant as the same value, and wins over the build file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'antprop-'));
    const value = 'p$a ss:=#!\\w${x}é';
    const build = path.join(dir, 'b.xml');
    fs.writeFileSync(build, setProperties('<project default="show">\n  <property name="secret" value="************"/>\n  <target name="show"><echo message="[${secret}]"/></target>\n</project>\n', {}).xml);
    const out = await withPropertyFile(dir, { secret: value }, async (file) => {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(propertyFileLine('secret', value)).not.toContain('\n');
      const result = await execa('ant', ['-f', build, '-propertyfile', file, 'show'], { reject: false });
      return result.stdout;
    });
    expect(out).toContain(`[${value}]`);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('secrets-'))).toEqual([]);
  });
});
