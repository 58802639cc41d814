import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { differingProperties, encodeAttributeValue, propertyFileLine, propertyMap, readProperties, setProperties, targetsOf } from '../source/adapters/ant-file.js';
import { withPropertyFile } from '../source/adapters/ant.js';
import { resolveAnswers } from '../source/engine/answers.js';
import { antSecrets, antSetup, propertyRows, SECRET_PLACEHOLDER } from '../source/farm/ant.js';
import { answersOf } from '../source/farm/answers.js';
import { antPropertiesStep } from '../steps/ant-properties/index.js';
import { createDatabaseStep } from '../steps/create-database/index.js';
import { installLibertyStep } from '../steps/install-liberty/index.js';
import { root } from './support/cli.js';
import { libertyArchive } from './support/liberty.js';
import { makeStepContext } from './support/step-context.js';

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

  it('removes the property file even when the run fails', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'antprop-'));
    await expect(withPropertyFile(dir, { a: 'b' }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

function answersFor(db: 'derby' | 'mysql', dir: string, nodes = [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }]) {
  const raw = {
    liberty: { installMethod: 'archive', archive: libertyArchive, installDir: path.join(dir, 'liberty'), acceptLicense: true },
    pmf: { installDir: path.join(root, 'fixtures', 'pmf'), adminPassword: 'S3cret-pw-42' },
    database:
      db === 'derby'
        ? { type: 'derby', dataDir: path.join(dir, 'derby') }
        : { type: 'mysql', host: '127.0.0.1', port: 3306, name: 'MFPDATA', user: 'mfpuser', password: 'S3cret-db', driverDir: '/usr/share/java', admin: { user: 'root', password: 'S3cret-root' } },
    nodes,
  };
  const resolution = resolveAnswers(raw, [installLibertyStep, createDatabaseStep, antPropertiesStep], { baseDir: dir, env: {} });
  expect(resolution.problems).toEqual([]);
  expect(resolution.missing.map((q) => q.path)).toEqual([]);
  return resolution;
}

describe('step 3, ant-properties', () => {
  it('declares its questions with defaults; the admin password is required', () => {
    const byPath = Object.fromEntries(antPropertiesStep.questions.map((q) => [q.path, q]));
    expect(byPath['pmf.adminPassword'].secret).toBe(true);
    expect(byPath['pmf.adminPassword'].default).toBeUndefined();
    expect(byPath['pmf.adminUser'].default).toBe('admin');
    expect(byPath['pmf.adminContextRoot'].default).toBe('/mfpadmin');
    expect(byPath['pmf.runtimeContextRoot'].default).toBe('/mfp');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step3-'));
    const resolution = resolveAnswers(
      { pmf: { installDir: dir }, database: { type: 'derby' }, nodes: [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }] },
      [createDatabaseStep, antPropertiesStep],
      { baseDir: dir, env: {} },
    );
    expect(resolution.missing.map((q) => q.path)).toContain('pmf.adminPassword');
    expect(resolution.problems.map((p) => p.path)).toContain('pmf.installDir');
  });

  it('refuses the tutorial’s admin/admin: a real password is asked', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step3-'));
    const resolution = resolveAnswers(
      { pmf: { installDir: path.join(root, 'fixtures', 'pmf'), adminUser: 'admin', adminPassword: 'admin' }, database: { type: 'derby', dataDir: dir }, nodes: [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }] },
      [createDatabaseStep, antPropertiesStep],
      { baseDir: dir, env: {} },
    );
    expect(resolution.problems.find((p) => p.path === 'pmf.adminPassword')?.message).toMatch(/at least 8 characters/);
    expect(antPropertiesStep.validate!({ pmf: { adminUser: 'admin', adminPassword: 'myadmin123' } }).map((p) => p.path)).toEqual(['pmf.adminPassword']);
  });

  it('rejects context roots that collide', () => {
    const problems = antPropertiesStep.validate!({ pmf: { adminContextRoot: '/mfpadmin', runtimeContextRoot: '/mfpadminconfig' } });
    expect(problems.map((p) => p.path)).toEqual(['pmf.runtimeContextRoot']);
    expect(antPropertiesStep.validate!({ pmf: { adminContextRoot: '/mfpconsole' } }).map((p) => p.path)).toEqual(['pmf.adminContextRoot']);
  });

  it('writes one copy per node with every tutorial property, no secret in it; isDone then holds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step3-'));
    const nodes = [
      { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
      { name: 'pmf2', httpPort: 9081, httpsPort: 9444 },
    ];
    const resolution = answersFor('mysql', dir, nodes);
    const t = makeStepContext(resolution.answers as unknown as Record<string, unknown>, { secrets: resolution.secrets });
    expect((await antPropertiesStep.isDone(t.ctx)).done).toBe(false);
    const outputs = (await antPropertiesStep.run(t.ctx)) as { files: string[]; table: { node: string; rows: { property: string; value: string }[] }[] };
    expect(outputs.files).toHaveLength(2);
    const secrets = Object.values(antSecrets(t.ctx));
    for (const [index, file] of outputs.files.entries()) {
      expect(file).toBe(path.join(t.stateDir, 'ant', nodes[index].name, 'configure-liberty-mysql.xml'));
      const xml = fs.readFileSync(file, 'utf8');
      const map = propertyMap(xml);
      expect(map.get('appserver.was85liberty.serverInstance')).toBe(nodes[index].name);
      expect(map.get('mfp.farm.configure')).toBe('true');
      expect(map.get('mfp.farm.server.id')).toBe(nodes[index].name);
      expect(map.get('database.mysql.host')).toBe('127.0.0.1');
      expect(map.get('database.mysql.mfp.username')).toBe('mfpuser');
      expect(map.get('database.mysql.mfp.password')).toBe(SECRET_PLACEHOLDER);
      expect(map.get('mfp.admin.default.user.initialpassword')).toBe(SECRET_PLACEHOLDER);
      for (const secret of secrets) expect(xml).not.toContain(secret);
    }
    expect(JSON.stringify(outputs)).not.toMatch(/S3cret/);
    for (const secret of secrets) expect(JSON.stringify(outputs)).not.toContain(secret);
    expect(t.reports.join('\n')).toContain('appserver.was85liberty.serverInstance');
    expect((await antPropertiesStep.isDone(t.ctx)).done).toBe(true);
    // A changed value is seen, and a second run sets only that.
    const xml = fs.readFileSync(outputs.files[0], 'utf8');
    fs.writeFileSync(outputs.files[0], setProperties(xml, { 'database.mysql.port': '3307' }).xml);
    const check = await antPropertiesStep.isDone(t.ctx);
    expect(check.done).toBe(false);
    expect(check.detail).toContain('database.mysql.port');
    await antPropertiesStep.run(t.ctx);
    expect((await antPropertiesStep.isDone(t.ctx)).done).toBe(true);
    t.close();
  });

  it('Derby: the datadir and dbname, stand-alone, one copy', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step3-'));
    const resolution = answersFor('derby', dir);
    const rows = propertyRows(resolution, answersOf(resolution).nodes[0]);
    const map = Object.fromEntries(rows.map((row) => [row.property, row.value]));
    expect(map['database.derby.datadir']).toBe(path.join(dir, 'derby'));
    expect(map['database.derby.mfp.dbname']).toBe('MFPDATA');
    expect(map['mfp.farm.configure']).toBe('false');
    expect(map['mfp.farm.server.id']).toBeUndefined();
    expect(Object.keys(map).some((name) => name.startsWith('database.mysql'))).toBe(false);
    const setup = antSetup({ answers: resolution.answers, stateDir: dir });
    expect(setup.antPath).toBe(path.join(root, 'fixtures', 'pmf', 'tools', 'apache-ant-1.9.4', 'bin', 'ant'));
    expect(setup.nodes).toHaveLength(1);
  });
});
