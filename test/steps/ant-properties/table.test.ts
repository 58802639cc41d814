import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { antPropertiesStep } from '../../../steps/ant-properties/index.js';
import { twoNodeMysqlAnswers as farmAnswers } from '../../support/farm-answers.js';
import { makeStepContext } from '../../support/step-context.js';

describe('the property table of step 3', () => {
  it('shows only the properties whose value is not the PMF sample’s, secrets masked, as one table', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step3-table-'));
    const t = makeStepContext(farmAnswers(dir), { secrets: ['S3cret-pw-42', 'S3cret-db', 'S3cret-root'] });
    const tables: string[][][] = [];
    const reportTable = t.ctx.reportTable;
    t.ctx.reportTable = (table, layout) => {
      tables.push(table.rows);
      reportTable(table, layout);
    };
    await antPropertiesStep.run(t.ctx);
    expect(tables).toHaveLength(2);
    const [pmf1] = tables;
    const shown = pmf1.map((row) => row[0]);
    // As in configure-liberty-mysql.xml: not shown.
    for (const same of ['mfp.admin.contextroot', 'mfp.runtime.contextroot', 'database.mysql.host', 'database.mysql.port', 'database.mysql.mfp.dbname', 'appserver.was.installdir', 'mfp.admin.console.install', 'database.mysql.mfp.password']) expect(shown).not.toContain(same);
    // Set by the answers: shown.
    for (const differs of ['appserver.was85liberty.serverInstance', 'mfp.farm.configure', 'mfp.farm.server.id', 'mfp.server.install.dir', 'mfp.admin.default.user.initialpassword']) expect(shown).toContain(differs);
    expect(pmf1.length).toBeLessThan(12);
    expect(pmf1.find((row) => row[0] === 'mfp.admin.default.user.initialpassword')?.[1]).toBe('(secret)');
    expect(t.reports.join('\n')).not.toMatch(/S3cret/);
    expect(t.reports.join('\n')).toMatch(/the other \d+ are as in the PMF sample configure-liberty-mysql\.xml/);
    t.close();
  });
});
