// Which modules each command loads: --help, --version, validate and schema must not pay for the
// UI, the database driver, the keystore reader or the process runner. Modules, not timings:
// the time is measured by scripts/bench.mjs.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliPath, root } from '../support/cli.js';

const tracer = pathToFileURL(path.join(root, 'test', 'support', 'module-trace.mjs')).href;
const HEAVY = ['ink', 'react', 'mysql2', 'node-forge', 'execa', 'fast-xml-parser'];

interface Traced {
  exitCode: number;
  stderr: string;
  modules: string[];
  packages: Set<string>;
}

/** The npm package a module URL or path belongs to (the innermost node_modules entry). */
function packageOf(module: string): string | undefined {
  const names = [...module.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  return names.at(-1)?.[1];
}

async function traced(nodeArgs: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Traced> {
  const traceFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-startup-')), 'modules');
  const result = await execa('node', ['--import', tracer, ...nodeArgs], {
    cwd: options.cwd ?? root,
    env: { ...options.env, CI: 'true', MODULE_TRACE_FILE: traceFile },
    reject: false,
    stdin: 'ignore',
  });
  const modules = fs.existsSync(traceFile) ? fs.readFileSync(traceFile, 'utf8').split('\n').filter(Boolean) : [];
  const packages = new Set(modules.map(packageOf).filter((name): name is string => name !== undefined));
  return { exitCode: result.exitCode ?? -1, stderr: String(result.stderr), modules, packages };
}

/** A complete, valid answers file for `validate`, in a fresh directory. */
function validAnswers(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-startup-answers-'));
  fs.mkdirSync(path.join(dir, 'pmf', 'MobileFoundationServer', 'configuration-samples'), { recursive: true });
  const file = path.join(dir, 'answers.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      liberty: { installMethod: 'maven', installDir: path.join(dir, 'wlp'), acceptLicense: true },
      database: { type: 'derby', dataDir: path.join(dir, 'derby') },
      pmf: { installDir: path.join(dir, 'pmf'), adminUser: 'admin', adminPassword: { env: 'PMF_ADMIN_PASSWORD' } },
      nodes: [{ name: 'pmf1', httpPort: 9080, httpsPort: 9443 }],
    }),
  );
  return file;
}

describe('what the command line loads at start-up', () => {
  it('the tracer sees every heavy package, whether imported or required', async () => {
    const script = [
      "import { createRequire } from 'node:module';",
      "await Promise.all(['ink', 'react', 'mysql2/promise', 'execa'].map((name) => import(name)));",
      "const require = createRequire(process.cwd() + '/');",
      "require('node-forge'); require('fast-xml-parser');",
    ].join('\n');
    const result = await traced(['--input-type=module', '-e', script]);
    expect(result.stderr).toBe('');
    for (const name of HEAVY) expect(result.packages).toContain(name);
  });

  it.each([['--help'], ['--version']])('%s loads no third-party package at all', async (flag) => {
    const result = await traced([cliPath, flag]);
    expect(result.exitCode).toBe(0);
    expect(result.modules).toContain(pathToFileURL(path.join(root, 'dist', 'source', 'cli.js')).href);
    expect([...result.packages]).toEqual([]);
  });

  it('validate FILE loads zod and the steps, but no UI, database driver, forge, execa or XML parser', async () => {
    const result = await traced([cliPath, 'validate', validAnswers()], { env: { PMF_ADMIN_PASSWORD: 'Sample-Passw0rd' } });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.modules).toContain(pathToFileURL(path.join(root, 'dist', 'steps', 'index.js')).href);
    expect(result.packages).toContain('zod');
    for (const name of HEAVY) expect(result.packages).not.toContain(name);
  });

  it('schema loads zod and the steps, but no UI, database driver, forge, execa or XML parser', async () => {
    const result = await traced([cliPath, 'schema']);
    expect(result.exitCode).toBe(0);
    expect(result.modules).toContain(pathToFileURL(path.join(root, 'dist', 'steps', 'index.js')).href);
    expect(result.packages).toContain('zod');
    for (const name of HEAVY) expect(result.packages).not.toContain(name);
  });
});
