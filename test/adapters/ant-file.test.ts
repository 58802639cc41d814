import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { differingProperties, encodeAttributeValue, propertyMap, readProperties, setProperties, targetsOf } from '../../source/adapters/ant-file.js';
import { withPropertyFile } from '../../source/adapters/ant.js';
import { root } from '../support/cli.js';

const samples = path.join(root, 'fixtures', 'pmf', 'MobileFoundationServer', 'configuration-samples');
const sample = (db: string) => fs.readFileSync(path.join(samples, `configure-liberty-${db}.xml`), 'utf8');

const SMALL = `<?xml version="1.0" encoding="UTF-8"?>
<!-- header comment -->
<project name="x" default="help">
    <!-- Start of Property Parameters -->
    <property name="a" value="1"/>
    <!-- <property name="a" value="commented out"/> -->
    <property   name='b'   value='two' />
    <property name="ref" value="\${basedir}/x"/>
    <!-- End of Property Parameters -->
    <target name="help">
        <task><property name="a" value="nested: a JNDI entry"/></task>
        <![CDATA[ <property name="a" value="cdata"/> ]]>
    </target>
</project>
`;

describe('ant-file: reading and setting <property name value>', () => {
  it('reads only the top-level properties, decoded, with references marked', () => {
    expect(readProperties(SMALL).map((p) => p.name)).toEqual(['a', 'b', 'ref']);
    const map = propertyMap(SMALL);
    expect(map.get('a')).toBe('1');
    expect(map.get('b')).toBe('two');
    expect(map.get('ref')).toBeUndefined();
    expect(targetsOf(SMALL)).toEqual(['help']);
  });

  it('changes only the value attributes it sets: comments, order, layout and other properties survive', () => {
    const { xml, changed, added } = setProperties(SMALL, { a: 'one', ref: '/abs' });
    expect(changed).toEqual(['a', 'ref']);
    expect(added).toEqual([]);
    expect(xml).toBe(SMALL.replace('name="a" value="1"', 'name="a" value="one"').replace('value="${basedir}/x"', 'value="/abs"'));
    expect(xml).toContain('<!-- <property name="a" value="commented out"/> -->');
    expect(xml).toContain('nested: a JNDI entry');
    expect(xml).toContain("<property   name='b'   value='two' />");
  });

  it('round-trips the real sample: unchanged when every value is already right, and only value attributes differ otherwise', () => {
    for (const db of ['derby', 'mysql', 'db2', 'oracle']) {
      const xml = sample(db);
      const same = setProperties(xml, Object.fromEntries([...propertyMap(xml)].filter(([, v]) => v !== undefined)) as Record<string, string>);
      expect(same.xml).toBe(xml);
      const edited = setProperties(xml, { 'appserver.was85liberty.serverInstance': 'pmf1', 'mfp.farm.configure': 'true' }).xml;
      const diff = xml.split('\n').map((line, i) => [line, edited.split('\n')[i]]).filter(([a, b]) => a !== b);
      expect(diff).toHaveLength(2);
      expect(edited.split('\n')).toHaveLength(xml.split('\n').length);
      expect(edited.match(/<!--/g)?.length).toBe(xml.match(/<!--/g)?.length);
      expect(readProperties(edited).map((p) => p.name)).toEqual(readProperties(xml).map((p) => p.name));
    }
  });

  it('escapes values the Ant way ($ → $$, & " < as entities) and reads them back', () => {
    const value = 'p$a&s"s<w${x}';
    expect(encodeAttributeValue(value)).toBe('p$$a&amp;s&quot;s&lt;w$${x}');
    const { xml } = setProperties(SMALL, { b: value });
    expect(propertyMap(xml).get('b')).toBe(value);
    expect(differingProperties(xml, { b: value })).toEqual([]);
  });

  it('adds a property the file does not declare after the last one, indented alike', () => {
    const { xml, added } = setProperties(SMALL, { 'new.one': 'v' });
    expect(added).toEqual(['new.one']);
    expect(xml).toContain('<property name="ref" value="${basedir}/x"/>\n    <property name="new.one" value="v"/>');
  });

  it('removes the property file even when the run fails', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'antprop-'));
    await expect(withPropertyFile(dir, { a: 'b' }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
