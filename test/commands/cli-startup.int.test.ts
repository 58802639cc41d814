// Which modules each command loads: --help, --version, validate and schema must not pay for the
// UI, the database driver, the keystore reader, the process runner or the steps' work. dist/ holds
// esbuild bundles (scripts/build.mjs: dist/cli.js, the run's chunks, validate's and schema's);
// esbuild heads the code of each module in a bundle with a comment naming its source file, so the
// loaded files tell which source modules were loaded. Modules, not timings: the time is measured by scripts/bench.mjs.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliPath, root } from '../support/cli.js';

const tracer = pathToFileURL(path.join(root, 'test', 'support', 'module-trace.mjs')).href;
const HEAVY = ['ink', 'react', 'mysql2', 'node-forge', 'execa', 'fast-xml-parser'];
const cliUrl = pathToFileURL(cliPath).href;

/** The source files (source/..., steps/..., node_modules/...) whose code the loaded files of dist/ hold. */
function bundledOf(result: Traced): string[] {
  // ES modules are traced by URL, CommonJS ones (dist/cli.js, validate's and schema's) by path.
  const urls = new Set(result.modules.map((module) => (path.isAbsolute(module) ? pathToFileURL(module).href : module)));
  const files = [...urls].filter((module) => module.startsWith(pathToFileURL(path.join(root, 'dist')).href));
  return files.flatMap((file) => [...fs.readFileSync(new URL(file), 'utf8').matchAll(/^\/\/ ((?:source|steps|node_modules)\/\S+)$/gm)].map((m) => m[1]));
}

/** The steps' work (each steps/<step>/index.ts and what only it uses), the run and the terminal UI. */
const RUN_CODE = /^(steps\/[^/]+\/index\.ts|source\/ui\/(?!plain\.ts)|source\/commands\/(run|interactive)|source\/adapters\/liberty\.ts)/;

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

  it.each([['--help'], ['--version']])('%s loads no third-party package and no command', async (flag) => {
    const result = await traced([cliPath, flag]);
    expect(result.exitCode).toBe(0);
    expect(result.modules).toContain(cliUrl);
    expect([...result.packages]).toEqual([]);
    expect(bundledOf(result)).toContain('source/cli.tsx');
    expect(bundledOf(result).filter((file) => /^(steps|node_modules)\/|^source\/commands\/(?!output)/.test(file))).toEqual([]);
  });

  // zod/mini is in the bundle: no package is loaded from node_modules at all.
  it("validate FILE loads the steps' questions, but no package, no step's work, no UI", async () => {
    const result = await traced([cliPath, 'validate', validAnswers()], { env: { PMF_ADMIN_PASSWORD: 'Sample-Passw0rd' } });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(bundledOf(result)).toEqual(expect.arrayContaining(['source/commands/validate.ts', 'steps/declarations.ts', 'steps/install-liberty/questions.ts']));
    expect(bundledOf(result).filter((file) => RUN_CODE.test(file))).toEqual([]);
    expect([...result.packages]).toEqual([]);
  });

  it("schema loads the steps' questions, but no package, no step's work, no UI", async () => {
    const result = await traced([cliPath, 'schema']);
    expect(result.exitCode).toBe(0);
    expect(bundledOf(result)).toEqual(expect.arrayContaining(['source/engine/schema.ts', 'steps/declarations.ts', 'steps/install-liberty/questions.ts']));
    expect(bundledOf(result).filter((file) => RUN_CODE.test(file))).toEqual([]);
    expect([...result.packages]).toEqual([]);
  });

  // Each step's work is its own chunk, loaded when that step is first asked (preflight, isDone,
  // plan, run): the preflight asks every step that applies (here it then stops, as no PMF or Ant
  // is there), and a single-node run never asks the farm steps, so their work stays unloaded.
  it("a run loads the work of the steps that apply to its answers, and only theirs", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-startup-run-'));
    const result = await traced([cliPath, '--answers', validAnswers(), '--dry-run', '--state', path.join(dir, 'state')], { env: { PMF_ADMIN_PASSWORD: 'Sample-Passw0rd' } });
    const work = bundledOf(result).filter((file) => /^steps\/[^/]+\/index\.ts$/.test(file));
    expect(new Set(work)).toEqual(new Set(['install-liberty', 'create-database', 'ant-properties', 'deploy-pmf'].map((step) => `steps/${step}/index.ts`)));
    expect(bundledOf(result)).toContain('source/commands/run.ts');
    // The plain lines (plain.ts, next-steps-lines.ts) and no Ink view.
    expect(bundledOf(result).filter((file) => file.startsWith('source/ui/') && !['source/ui/plain.ts', 'source/ui/next-steps-lines.ts'].includes(file))).toEqual([]);
  });

  // npm links the bin: node_modules/.bin/pmf-wizard -> ../pmf-wizard/dist/cli.js, run from anywhere.
  it('runs through a symbolic link from any directory: its chunks and package.json are found', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-startup-bin-'));
    const link = path.join(dir, 'pmf-wizard');
    fs.symlinkSync(cliPath, link);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const version = await execa(link, ['--version'], { cwd: dir, reject: false });
    expect(version.stdout).toBe(pkg.version);
    const validate = await execa(link, ['validate', validAnswers()], { cwd: dir, env: { PMF_ADMIN_PASSWORD: 'Sample-Passw0rd' }, reject: false });
    expect(validate.stderr).toBe('');
    expect(validate.exitCode).toBe(0);
  });
});
