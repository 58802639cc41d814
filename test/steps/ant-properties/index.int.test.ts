import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { propertyMap, setProperties } from '../../../source/adapters/ant-file.js';
import { resolveAnswers } from '../../../source/engine/answers.js';
import type { StepOutputs } from '../../../source/engine/step.js';
import { antSecrets, antSetup, propertyRows, SECRET_PLACEHOLDER } from '../../../source/farm/ant.js';
import { answersOf } from '../../../source/farm/answers.js';
import { antPropertiesStep } from '../../../steps/ant-properties/index.js';
import { createDatabaseStep } from '../../../steps/create-database/index.js';
import { installLibertyStep } from '../../../steps/install-liberty/index.js';
import { root } from '../../support/cli.js';
import { libertyArchive } from '../../support/liberty.js';
import { makeStepContext } from '../../support/step-context.js';

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
  it('writes one copy per node with every tutorial property, no secret in it; isDone then holds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step3-'));
    const nodes = [
      { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
      { name: 'pmf2', httpPort: 9081, httpsPort: 9444 },
    ];
    const resolution = answersFor('mysql', dir, nodes);
    const t = makeStepContext(resolution.answers, { secrets: resolution.secrets });
    expect((await antPropertiesStep.isDone(t.ctx)).done).toBe(false);
    const outputs = (await antPropertiesStep.run(t.ctx)) as StepOutputs & { files: string[] };
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

  it('the "why" of each property in plain words, no answers-file key (a person at the terminal reads it)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step3-'));
    const nodes = [
      { name: 'pmf1', httpPort: 9080, httpsPort: 9443 },
      { name: 'pmf2', httpPort: 9081, httpsPort: 9444 },
    ];
    for (const resolution of [answersFor('derby', dir), answersFor('mysql', dir, nodes)]) {
      const answers = answersOf(resolution);
      for (const node of answers.nodes) {
        for (const row of propertyRows(resolution, node)) expect(row.why, row.property).not.toMatch(/\b(database|pmf|liberty|nodes)(\.[a-z]|\[)/);
      }
    }
  });
});
