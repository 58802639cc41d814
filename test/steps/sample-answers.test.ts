import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../source/engine/answers.js';
import { steps } from '../../steps/index.js';
import { root } from '../support/cli.js';

const dir = path.join(root, 'fixtures', 'answers');
const samples = fs.readdirSync(dir).filter((file) => file.endsWith('.json'));
// The samples name a real machine's paths and secret files: only those may be absent here.
const MACHINE_ONLY = /^(no such (file|directory)|cannot read secret file)/;

describe('the sample answers files', () => {
  it('exist', () => {
    expect(samples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(samples)('%s has only known keys and well-formed values', (file) => {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    expect(raw.$schema).toBe('../../answers.schema.json');
    const env = { PMF_ADMIN_PASSWORD: 'Sample-Passw0rd', PMF_DB_PASSWORD: 'sample-db-pw', PMF_DB_ADMIN_PASSWORD: 'sample-admin-pw' };
    const resolution = resolveAnswers(raw, steps, { baseDir: dir, env });
    expect(resolution.problems.filter((p) => !MACHINE_ONLY.test(p.message))).toEqual([]);
    expect(resolution.missing.map((q) => q.path)).toEqual([]);
  });
});
