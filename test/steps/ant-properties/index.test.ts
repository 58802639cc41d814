import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../source/engine/answers.js';
import { antPropertiesStep } from '../../../steps/ant-properties/index.js';
import { createDatabaseStep } from '../../../steps/create-database/index.js';
import { root } from '../../support/cli.js';

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
});
