import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLibertyArchive } from '../../scripts/liberty-runtime.mjs';
import { assertSupportedJava, missingFeatures } from '../../source/adapters/liberty-install.js';
import { installedProduct } from '../../source/adapters/liberty.js';
import { makeStepContext } from '../support/step-context.js';

describe('on the real Liberty', () => {
  let dir: string;
  let install: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liberty-real-'));
    execFileSync('unzip', ['-q', ensureLibertyArchive(), 'wlp/bin/*', 'wlp/lib/versions/*', 'wlp/lib/features/*', '-d', dir]);
    install = path.join(dir, 'wlp');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('Open Liberty 26.0.0.3 webProfile8 has every feature PMF needs and supports this machine\'s Java', async () => {
    const product = installedProduct(install)!;
    expect(product).toMatchObject({ name: 'Open Liberty', version: '26.0.0.3' });
    expect(missingFeatures(install)).toEqual([]);
    const { ctx, close } = makeStepContext({});
    try {
      const java = await assertSupportedJava(ctx.runner, install, undefined, product.version);
      expect(java.supported).toBe(true);
      expect([8, 11, 17, 21, 25]).toContain(java.major);
    } finally {
      close();
    }
  });
});
