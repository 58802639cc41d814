import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invocationOf } from '../../source/adapters/invocation.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'invocation-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A package's bundled CLI under `dir`, and a bin directory whose pmf-wizard links to it. */
function installed(dir: string): { cli: string; bin: string; link: string } {
  const cli = path.join(root, dir, 'dist', 'cli.js');
  fs.mkdirSync(path.dirname(cli), { recursive: true });
  fs.writeFileSync(cli, '#!/usr/bin/env node\n', { mode: 0o755 });
  const bin = path.join(root, dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const link = path.join(bin, 'pmf-wizard');
  fs.symlinkSync(cli, link);
  return { cli, bin, link };
}

describe('how pmf-wizard was started, as the commands it prints say it', () => {
  it('node /abs/dist/cli.js: that, with nothing named pmf-wizard on the PATH', () => {
    const { cli } = installed('checkout');
    expect(invocationOf({ script: cli, env: { PATH: '/usr/bin:/bin' } })).toBe(`node ${cli}`);
  });

  it('a relative script is made absolute; a path a shell would split is quoted', () => {
    const { cli } = installed('with space');
    expect(invocationOf({ script: path.relative(process.cwd(), cli), env: {} })).toBe(`node '${cli}'`);
  });

  it('pmf-wizard on the PATH that is this file (a global install, its bin a link): pmf-wizard', () => {
    const { bin, link } = installed('global');
    expect(invocationOf({ script: link, env: { PATH: `/nowhere:${bin}` } })).toBe('pmf-wizard');
  });

  it('a pmf-wizard on the PATH that is another copy does not count', () => {
    const mine = installed('mine');
    const other = installed('other');
    expect(invocationOf({ script: mine.cli, env: { PATH: other.bin } })).toBe(`node ${mine.cli}`);
  });

  it('npx (npm exec) of the package: npx pmf-wizard, though npx put its bin on the PATH', () => {
    const { cli, link } = installed(path.join('npx-cache', 'node_modules', 'pmf-wizard'));
    const env = { npm_command: 'exec', npm_lifecycle_event: 'npx', PATH: path.dirname(link) };
    expect(invocationOf({ script: link, env })).toBe('npx pmf-wizard');
    expect(invocationOf({ script: cli, env: { npm_lifecycle_event: 'npx' } })).toBe('npx pmf-wizard');
  });

  it('npm exec of a script outside any package is not npx: the script is named', () => {
    const { cli } = installed('plain-exec');
    expect(invocationOf({ script: cli, env: { npm_command: 'exec' } })).toBe(`node ${cli}`);
  });

  it('found on the PATH only in a node_modules/.bin (an npm script put it there): npx pmf-wizard', () => {
    const { link } = installed(path.join('project', 'node_modules', '.bin-pkg'));
    const bin = path.join(root, 'project', 'node_modules', '.bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.symlinkSync(link, path.join(bin, 'pmf-wizard'));
    expect(invocationOf({ script: path.join(bin, 'pmf-wizard'), env: { npm_command: 'run-script', PATH: bin } })).toBe('npx pmf-wizard');
  });

  it('no script known: the bare name', () => {
    expect(invocationOf({ script: undefined, env: {} })).toBe('pmf-wizard');
  });
});

describe('npx of another package', () => {
  it('a script under node_modules that is not pmf-wizard is named as it is', () => {
    const { cli } = installed(path.join('cache2', 'node_modules', 'vitest'));
    expect(invocationOf({ script: cli, env: { npm_command: 'exec' } })).toBe(`node ${cli}`);
  });
});
