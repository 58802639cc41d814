import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';

describe('pmf-wizard verify without a farm', () => {
  it('exits 2 and says there is nothing to verify', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmf-verify-'));
    try {
      const result = await cli(['verify', '--state', path.join(dir, 'state')]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('Nothing to verify');
      const json = await cli(['verify', '--state', path.join(dir, 'state'), '--json']);
      expect(json.exitCode).toBe(2);
      expect(JSON.parse(json.stdout.trim())).toMatchObject({ type: 'error', exitCode: 2 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
